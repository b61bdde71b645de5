from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.revlog_returns.models.revlog_grade import DISPOSITIONS

from ..models.account_move_line import LINE_KINDS


class RevlogRecoveryReport(models.Model):
    """One row per posted journal item that carries a return line: the recovery ledger as the general ledger
    holds it, so that its totals are the ledger's totals."""

    _name = "revlog.recovery.report"
    _description = "Returns Recovery Analysis"
    _auto = False
    _order = "date desc"

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True)
    account_id = fields.Many2one("account.account", readonly=True)
    return_id = fields.Many2one("revlog.return", string="Return", readonly=True)
    return_line_id = fields.Many2one("revlog.return.line", string="Return Line", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    reason_id = fields.Many2one("revlog.return.reason", string="Reason", readonly=True)
    grade_id = fields.Many2one("revlog.grade", string="Grade", readonly=True)
    disposition = fields.Selection(DISPOSITIONS, readonly=True)
    kind = fields.Selection(LINE_KINDS, string="Figure", readonly=True)
    refund_amount = fields.Monetary(string="Refund", readonly=True)
    fee_amount = fields.Monetary(string="Restocking Fee", readonly=True)
    cost_amount = fields.Monetary(string="Cost Returned", readonly=True)
    writedown_amount = fields.Monetary(string="Write-down", readonly=True)
    disposal_loss = fields.Monetary(string="Disposal Loss", readonly=True)
    repair_cost = fields.Monetary(string="Repair Cost", readonly=True)
    vendor_return_value = fields.Monetary(string="Returned to Vendor", readonly=True)
    vendor_credit = fields.Monetary(string="Vendor Credit", readonly=True)
    shipped_cost = fields.Monetary(string="Shipped to Customer", readonly=True)
    exchange_amount = fields.Monetary(string="Exchange Difference", readonly=True)
    recovered_value = fields.Monetary(string="Recovered Value", readonly=True)
    net_return_cost = fields.Monetary(string="Net Return Cost", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # each figure as the ledger on the return defines it (revlog.return.line._revlog_ledger_figures)
        figures = self.env["revlog.return.line"]._revlog_ledger_figures()
        columns = SQL(",\n").join(
            SQL(
                "CASE %s ELSE 0 END AS %s",
                SQL(" ").join(
                    SQL("WHEN aml.revlog_kind = %s THEN %s * aml.balance", kind, sign) for kind, sign in signs.items()
                ),
                SQL.identifier(figure),
            )
            for figure, signs in figures.items()
        )
        query = SQL(
            """
            CREATE VIEW %s AS (
                SELECT aml.id,
                       aml.date,
                       aml.company_id,
                       aml.company_currency_id AS currency_id,
                       aml.move_id,
                       aml.account_id,
                       rl.return_id,
                       rl.id AS return_line_id,
                       rl.partner_id,
                       rl.product_id,
                       rl.product_categ_id,
                       rl.reason_id,
                       rl.grade_id,
                       rl.disposition,
                       aml.revlog_kind AS kind,
                       %s
                  FROM account_move_line aml
                  JOIN revlog_return_line rl ON rl.id = aml.revlog_return_line_id
                 WHERE aml.parent_state = 'posted' AND aml.revlog_kind IS NOT NULL
            )
            """,
            SQL.identifier(self._table),
            columns,
        )
        self.env.cr.execute(query)
