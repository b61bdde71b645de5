from collections import defaultdict

from odoo import api, fields, models

LINE_KINDS = [
    ("refund", "Refund"),
    ("fee", "Restocking Fee"),
    ("cost", "Cost Returned"),
    ("writedown", "Write-down"),
    ("disposal", "Disposal Loss"),
    ("repair_cost", "Repair Cost"),
    ("vendor_return", "Returned to Vendor"),
    ("vendor_credit", "Vendor Credit"),
    ("shipped", "Shipped to Customer"),
    ("exchange", "Exchange Difference"),
    ("exchange_charge", "Replacement Invoiced"),
]

# flags Odoo writes alone on the lines of every entry whose dynamic lines it syncs (several per credit note)
UNTRACKED_SYNC_FLAGS = frozenset({"discount_allocation_dirty", "epd_dirty"})


class AccountMoveLine(models.Model):
    _name = "account.move.line"
    _inherit = ["account.move.line", "revlog.workflow.mixin"]

    revlog_return_line_id = fields.Many2one(
        "revlog.return.line", string="Return Line", index="btree_not_null", readonly=True, copy=False
    )
    revlog_kind = fields.Selection(
        LINE_KINDS,
        string="Recovery Figure",
        readonly=True,
        copy=False,
        help="Which figure of the return's recovery ledger this journal item makes.",
    )

    # a journal item tagged with a return line and a recovery figure is what the ledger sums: only revlog tags

    def _revlog_workflow_fields(self):
        return super()._revlog_workflow_fields() | {"revlog_return_line_id", "revlog_kind"}

    @api.model_create_multi
    def create(self, vals_list):
        self._revlog_check_forged(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._revlog_check_forged([vals])
        lines = self
        if vals and vals.keys() <= UNTRACKED_SYNC_FLAGS:
            # none of them is tracked, so Odoo's tracking block asks fields_get([]), which describes every field
            # of the model, and logs nothing: the core's own switch skips it
            lines = self.with_context(tracking_disable=True)
        return super(AccountMoveLine, lines).write(vals)

    @api.model
    def _revlog_ledger_sums(self, return_lines):
        """{return line id: {kind: balance}} over posted journal items, in company currency."""
        if not return_lines.ids:
            return {}
        result = defaultdict(dict)
        for line, kind, balance in self._read_group(
            [
                ("revlog_return_line_id", "in", return_lines.ids),
                ("parent_state", "=", "posted"),
                ("revlog_kind", "!=", False),
            ],
            ["revlog_return_line_id", "revlog_kind"],
            ["balance:sum"],
        ):
            result[line.id][kind] = balance
        return result
