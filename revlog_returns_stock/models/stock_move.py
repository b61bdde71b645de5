from odoo import fields, models
from odoo.tools import split_every

# Odoo looks for the moves waiting on done moves in one search with one (product, location) term per move:
# past several thousand moves (10,000 receipts or dispositions validated in one call) PostgreSQL refuses
# that query ("memory exhausted" parsing its nested parentheses)
TRIGGER_ASSIGN_CHUNK = 1000


class StockMove(models.Model):
    _inherit = "stock.move"

    # copy=False: Odoo's Return button copies the moves it returns, and the copy must not count as the
    # return line's own receipt or disposition. Splits (backorders) keep the line explicitly below.
    revlog_return_line_id = fields.Many2one(
        "revlog.return.line",
        string="Return Line",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )

    def _prepare_merge_moves_distinct_fields(self):
        # two lines of one return on the same delivery move stay two moves: each is received, graded,
        # routed and credited on its own
        return [*super()._prepare_merge_moves_distinct_fields(), "revlog_return_line_id"]

    def _skip_push(self):
        # revlog routes every unit it moves itself (into Inspection, then to the destination its disposition
        # rule gives): a push rule from those locations would move the units a second time, as Odoo reasons
        # for returned moves. Skipping it also spares the rule lookups of each move (six queries).
        return bool(self.revlog_return_line_id) or super()._skip_push()

    def _trigger_assign(self):
        # up to TRIGGER_ASSIGN_CHUNK moves, one chunk: Odoo's own call on the same moves
        for moves in split_every(TRIGGER_ASSIGN_CHUNK, self.ids, self.browse):
            super(StockMove, moves)._trigger_assign()
        return None  # Odoo's returns nothing either

    def _prepare_move_split_vals(self, qty):
        vals = super()._prepare_move_split_vals(qty)
        if self.revlog_return_line_id:
            vals["revlog_return_line_id"] = self.revlog_return_line_id.id
        return vals

    def _action_cancel(self):
        res = super()._action_cancel()
        if not self.env.context.get("revlog_stopping"):
            # a receipt (or its backorder) cancelled: the return follows what did arrive
            receipts = self.filtered(
                lambda m: m.state == "cancel" and m.revlog_return_line_id and m.picking_id.revlog_role == "receipt"
            )
            receipts.picking_id.revlog_return_id.sudo()._on_receipt_done()
        return res
