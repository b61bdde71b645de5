from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # copy=False: a copy made by Odoo's Return button is not the return's receipt or disposition; backorders
    # keep both through _create_backorder
    revlog_return_id = fields.Many2one(
        "revlog.return", string="Return", index="btree_not_null", readonly=True, check_company=True, copy=False
    )
    revlog_role = fields.Selection(
        [("receipt", "Return Receipt"), ("disposition", "Return Disposition")],
        string="Return Step",
        readonly=True,
        copy=False,
        help="What this transfer does for its return.",
    )

    def _create_backorder(self, backorder_moves=None):
        backorders = super()._create_backorder(backorder_moves=backorder_moves)
        groups = {}
        for backorder in backorders.filtered(lambda b: b.backorder_id.revlog_role):
            origin = backorder.backorder_id
            groups.setdefault((origin.revlog_return_id.id, origin.revlog_role), []).append(backorder.id)
        for (return_id, role), ids in groups.items():
            self.browse(ids).sudo().write({"revlog_return_id": return_id, "revlog_role": role})
        return backorders

    def button_validate(self):
        self._revlog_lock_receipts()
        return super().button_validate()

    def _action_done(self):
        receipts = self.filtered(lambda p: p.revlog_role == "receipt")
        receipts._revlog_lock_receipts()
        receipts._revlog_check_receipt()
        res = super()._action_done()
        # the return follows its transfers: warehouse staff need no right on returns for that
        done = self.filtered(lambda p: p.state == "done").sudo()
        done.filtered(lambda p: p.revlog_role == "receipt").revlog_return_id._on_receipt_done()
        dispositions = done.filtered(lambda p: p.revlog_role == "disposition")
        dispositions.revlog_return_id._on_disposition_done(dispositions.move_ids.filtered(lambda m: m.state == "done"))
        return res

    def _revlog_lock_receipts(self):
        """Two people validating one return receipt at once: the later one waits for the first, is retried
        by Odoo, and is then told the receipt is done rather than receiving the parcel twice."""
        receipts = self.filtered(lambda p: p.revlog_role == "receipt")
        if not receipts:
            return
        self.env["revlog.workflow.mixin"]._revlog_touch(receipts)
        done = receipts.filtered(lambda p: p.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "%(pickings)s: already validated, return %(returns)s is received already.",
                    pickings=", ".join(done.mapped("name")),
                    returns=", ".join(done.sudo().revlog_return_id.mapped("name")),
                )
            )

    def _revlog_check_receipt(self):
        """Before a return receipt is done: what arrives must have been approved on its return, and each
        lot/serial must have been delivered to this customer on this order (or be flagged, per policy)."""
        moves = self.move_ids.filtered(lambda m: m.state != "cancel" and m.quantity)
        foreign = moves.filtered(lambda m: not m.revlog_return_line_id)
        if foreign:
            raise UserError(
                self.env._(
                    "%(picking)s: %(products)s is not on return %(ret)s; receive it with its own return.",
                    picking=foreign[0].picking_id.name,
                    products=foreign[0].product_id.display_name,
                    ret=foreign[0].picking_id.revlog_return_id.name,
                )
            )
        lines = moves.revlog_return_line_id
        received = lines._qty_received_by_line(exclude_pickings=self)
        arriving = defaultdict(float)
        for move in moves:
            arriving[move.revlog_return_line_id] += move.product_uom._compute_quantity(
                move.quantity, move.product_id.uom_id
            )
        for line, qty in arriving.items():
            approved = line.product_uom_id._compute_quantity(line.quantity, line.product_id.uom_id)
            total = received.get(line.id, 0.0) + qty
            if float_compare(total, approved, precision_rounding=line.product_id.uom_id.rounding) > 0:
                raise UserError(
                    self.env._(
                        "%(picking)s: %(total)s %(product)s received for %(ret)s, only %(approved)s approved "
                        "(rule: never receive more than the return approved).",
                        picking=moves.filtered(lambda m, ln=line: m.revlog_return_line_id == ln).picking_id[:1].name,
                        total=f"{total:g}",
                        product=line.product_id.display_name,
                        ret=line.return_id.name,
                        approved=f"{approved:g}",
                    )
                )
        lines._check_received_lots(moves.move_line_ids)

    def action_view_revlog_return(self):
        self.ensure_one()
        return self.revlog_return_id.get_formview_action()
