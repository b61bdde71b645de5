def migrate(cr, version):
    """Write-down layers are no longer linked to the receipt layer they lower: Odoo counts a linked layer in the
    cost of goods a credit note reverses (the write-down was booked twice)."""
    cr.execute(
        """
        UPDATE stock_valuation_layer svl
           SET stock_valuation_layer_id = NULL
          FROM account_move am
         WHERE am.id = svl.account_move_id
           AND am.revlog_move_kind IN ('writedown', 'disposal')
           AND svl.stock_valuation_layer_id IS NOT NULL
        """
    )
