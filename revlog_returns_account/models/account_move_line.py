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

    # cost of goods on revlog's credit notes

    def _eligible_for_cogs(self):
        # a refund without return leaves the unit with the customer: the cost of the goods sold stands; an
        # exchange difference or a replacement invoiced is a price, not goods (the units' cost is settled on the
        # interim account by revlog.interim.settlement)
        if self.revlog_kind in ("exchange", "exchange_charge") or (
            self.revlog_kind == "refund" and not self.revlog_return_line_id._needs_receipt()
        ):
            return False
        return super()._eligible_for_cogs()

    def _stock_account_get_anglo_saxon_price_unit(self):
        # a revlog credit note reverses the cost of goods at the value at which its line's units came back
        # (or are coming back): what the receipt credits the interim account with, whatever write-down the
        # grade posted since. Odoo's own estimate (an average over every return of the order line and the
        # layers linked to them) is not asked: it would not be this line's value.
        line = self.revlog_return_line_id
        if self.revlog_kind == "refund" and self.move_id.move_type == "out_refund" and line:
            unit_value = line._returned_unit_value()
            if unit_value is not None:
                return self.product_id.uom_id._compute_price(unit_value, self.product_uom_id)
        return super()._stock_account_get_anglo_saxon_price_unit()

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
