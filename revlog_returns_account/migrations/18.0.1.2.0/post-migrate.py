from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The expected-returns provision's accounts (refund liability, right to recover returned goods) for the
    companies set up before 18.0.1.2.0: the setup runs at install only and keeps whatever is set."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"]._revlog_setup_all_accounting()
