from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The expected-returns provision's accounts (refund liability, right to recover returned goods) for the
    companies set up before 18.0.1.2.0: the setup runs at install only and keeps whatever is set."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    # only these two: an account an administrator cleared on purpose stays cleared
    env["res.company"].search([("chart_template", "!=", False)])._revlog_setup_accounting(
        only={"revlog_refund_liability_account_id", "revlog_return_asset_account_id"}
    )
