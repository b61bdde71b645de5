from . import models, report


def _setup_returns_accounting(env):
    """Returns journal, write-down, disposal and restocking-fee accounts for every company that already has
    a chart of accounts (companies that get one later are set up when it is loaded)."""
    env["res.company"].search([("chart_template", "!=", False)])._revlog_setup_accounting()
