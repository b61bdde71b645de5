def migrate(cr, version):
    """Up to 18.0.1.0.0 the install set the returns disposal account on every scrap location, so every scrap
    of the company posted to it. Give those locations back their own valuation (none set)."""
    cr.execute(
        """
        UPDATE stock_location loc
           SET valuation_in_account_id = NULL
          FROM res_company company
         WHERE loc.company_id = company.id
           AND loc.scrap_location
           AND loc.valuation_in_account_id = company.revlog_disposal_account_id
        """
    )
