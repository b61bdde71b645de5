from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class RepairOrder(models.Model):
    _inherit = "repair.order"

    # a repair order made for a returned unit: refurbished to be sold again (disposition "repair"), or repaired
    # for its owner and sent back (resolution "repair_return")
    revlog_return_line_id = fields.Many2one(
        "revlog.return.line", string="Return Line", index="btree_not_null", readonly=True, copy=False
    )
    revlog_return_id = fields.Many2one(
        related="revlog_return_line_id.return_id", string="Customer Return", store=True, index="btree_not_null"
    )
    revlog_resolution = fields.Selection(related="revlog_return_line_id.resolution", string="Return Resolution")
    revlog_grade_id = fields.Many2one(
        "revlog.grade",
        string="Grade After Repair",
        copy=False,
        help="The grade the repair restores: the best grade sends the unit to stock, any other to B-Stock.",
    )

    @api.depends("picking_type_id", "revlog_grade_id")
    def _compute_product_location_dest_id(self):  # pylint: disable=missing-return
        super()._compute_product_location_dest_id()
        best = self.env["revlog.grade"]._grades_by_company(self.company_id)
        for repair in self.filtered(lambda r: r.revlog_return_line_id):
            line = repair.revlog_return_line_id
            if line.resolution == "repair_return":
                # the owner's unit waits where it was repaired until it is sent back
                repair.product_location_dest_id = repair.product_location_src_id
                continue
            is_best = repair.revlog_grade_id == best.get(repair.company_id, self.env["revlog.grade"])[:1]
            destination = line.return_id.warehouse_id._revlog_destination("resale", is_best)
            if destination:
                repair.product_location_dest_id = destination

    @api.model
    def _revlog_create_for_moves(self, moves):
        """One repair order per returned unit that reached the repair location through ``moves`` (per lot or
        serial; untracked units of a line together). Units refurbished to be sold again keep their grade until
        the repair says otherwise; units repaired for their owner carry the warranty their policy gives. A retry
        creates nothing twice."""
        moves = moves.filtered(lambda m: m.state == "done" and m.revlog_return_line_id)
        done_lots = defaultdict(set)
        for repair in moves.revlog_return_line_id.repair_order_ids.filtered(lambda r: r.state != "cancel"):
            done_lots[repair.revlog_return_line_id].add(repair.lot_id.id)
        units = defaultdict(float)
        for move in moves:
            for ml in move.move_line_ids:
                units[move, ml.lot_id] += ml.product_uom_id._compute_quantity(ml.quantity, move.product_id.uom_id)
        vals_list = []
        for (move, lot), qty in units.items():
            line = move.revlog_return_line_id
            if lot.id in done_lots[line] or float_compare(qty, 0, precision_rounding=move.product_uom.rounding) <= 0:
                continue
            vals_list.append(line._prepare_repair_vals(move, lot, qty))
        repairs = self.create(vals_list)
        for ret in repairs.revlog_return_id:
            ret.message_post(
                body=self.env._(
                    "Repair orders created: %(repairs)s.",
                    repairs=", ".join(repairs.filtered(lambda r, x=ret: r.revlog_return_id == x).mapped("name")),
                )
            )
        return repairs

    def _revlog_check_unit_present(self):
        """A returned unit can only be repaired while it is where its repair order says: once it left (sold,
        scrapped, moved), repairing it would move stock that is not there."""
        for repair in self.filtered(lambda r: r.revlog_return_line_id and r.state not in ("done", "cancel")):
            owner = repair.revlog_return_line_id._owner()
            available = self.env["stock.quant"]._get_available_quantity(
                repair.product_id,
                repair.product_location_src_id,
                lot_id=repair.lot_id,
                owner_id=owner,
                strict=True,
            )
            if float_compare(available, repair.product_qty, precision_rounding=repair.product_uom.rounding) < 0:
                raise UserError(
                    self.env._(
                        "%(repair)s: the returned unit %(product)s %(lot)s of %(ret)s is no longer in %(location)s "
                        "(it was sold, scrapped or moved). It cannot be repaired: cancel this repair order.",
                        repair=repair.name,
                        product=repair.product_id.display_name,
                        lot=repair.lot_id.name or "",
                        ret=repair.revlog_return_id.name,
                        location=repair.product_location_src_id.display_name,
                    )
                )

    def _action_repair_confirm(self):
        self._revlog_check_unit_present()
        return super()._action_repair_confirm()

    def action_repair_done(self):
        self._revlog_check_unit_present()
        res = super().action_repair_done()
        done = self.filtered(lambda r: r.state == "done" and r.revlog_return_line_id).sudo()
        if done:
            done._revlog_after_repair()
            done.revlog_return_id._on_repair_done(done)
        return res

    def _revlog_after_repair(self):
        """A refurbished unit takes the grade its repair restored (its return says so); parts of a repair for
        its owner out of warranty go on a quotation to the customer, as Odoo's repairs charge them."""
        for repair in self:
            line = repair.revlog_return_line_id
            ret = line.return_id
            if line.resolution == "repair_return":
                parts = repair.move_ids.filtered(lambda m: m.repair_line_type == "add" and m.quantity)
                if parts and not repair.under_warranty and not repair.sale_order_id:
                    repair.action_create_sale_order()
                    ret.message_post(
                        body=self.env._(
                            "%(repair)s: warranty over, its parts are charged on quotation %(order)s.",
                            repair=repair.name,
                            order=repair.sale_order_id.name,
                        )
                    )
                continue
            if repair.revlog_grade_id and repair.revlog_grade_id != (line.repaired_grade_id or line.grade_id):
                before = line.repaired_grade_id or line.grade_id
                line.repaired_grade_id = repair.revlog_grade_id
                ret.message_post(
                    body=self.env._(
                        "%(repair)s repaired %(product)s: grade %(before)s → %(after)s, now in %(location)s.",
                        repair=repair.name,
                        product=repair.product_id.display_name,
                        before=before.display_name,
                        after=repair.revlog_grade_id.display_name,
                        location=repair.product_location_dest_id.display_name,
                    )
                )
