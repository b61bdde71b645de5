from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _revlog_kit_bom(self):
        """{order line: its kit (phantom BoM)} for those of these lines that delivered a kit: the BoM its moves
        were exploded from, as sale_mrp reads it first. A kit line with no such move delivered nothing to return
        (read from the moves: no search per line)."""
        result = {}
        for line in self.filtered(lambda ln: ln.qty_delivered_method == "stock_move" and ln.product_id):
            product = line.product_id
            bom = (
                line.move_ids.filtered(lambda m: m.state != "cancel" and m.bom_line_id)
                .sudo()
                .bom_line_id.bom_id.filtered(
                    lambda b, p=product: (
                        b.type == "phantom"
                        and (b.product_id == p or (b.product_tmpl_id == p.product_tmpl_id and not b.product_id))
                    )
                )[:1]
            )
            if bom:
                result[line] = bom
        return result

    def _revlog_kit_moves(self):
        """(deliveries, returns) of this kit line's components: the done moves sale_mrp counts in and against
        the line's delivered quantity."""
        self.ensure_one()
        moves = self.move_ids.filtered(lambda m: m.state == "done" and not m.scrapped and m.bom_line_id)
        deliveries = moves.filtered(lambda m: m._is_outgoing() and (not m.origin_returned_move_id or m.to_refund))
        returns = moves.filtered(lambda m: m._is_incoming() and m.to_refund)
        return deliveries, returns

    def _revlog_kit_qty(self, bom, moves, against=None):
        """Whole kits, in the line's unit, that ``moves`` hold less ``against``, component by component: Odoo's
        kit arithmetic (a kit missing one component counts for none)."""
        self.ensure_one()
        against = against or self.env["stock.move"]
        filters = {
            "incoming_moves": lambda m: m not in against,
            "outgoing_moves": lambda m: m in against,
        }
        qty = (moves | against)._compute_kit_quantities(self.product_id, bom.product_qty, bom, filters)
        return bom.product_uom_id._compute_quantity(qty, self.product_uom)

    def _revlog_delivery_data(self):
        # a kit is delivered as its components: whole kits delivered, and those back outside revlog
        data = super()._revlog_delivery_data()
        for line, bom in self._revlog_kit_bom().items():
            deliveries, returns = line._revlog_kit_moves()
            foreign = line._revlog_foreign_return_moves(returns)
            delivered = line._revlog_kit_qty(bom, deliveries)
            data[line.id] = {
                "qty": delivered,
                "returned_elsewhere": delivered - line._revlog_kit_qty(bom, deliveries, against=foreign),
                "date": max(deliveries.mapped("date")) if deliveries else False,
            }
        return data

    def _revlog_qty_back_through_returns(self):
        bom = self._revlog_kit_bom().get(self)
        if not bom:
            return super()._revlog_qty_back_through_returns()
        # whole kits back through revlog receipts, less what revlog shipped back to the customer
        moves = self.move_ids.filtered(lambda m: m.state == "done" and m.revlog_return_line_id and m.bom_line_id)
        back = moves.filtered(lambda m: m.location_id.usage == "customer" and m.to_refund)
        shipped = moves.filtered(
            lambda m: m.location_dest_id.usage == "customer" and (not m.origin_returned_move_id or m.to_refund)
        )
        return self._revlog_kit_qty(bom, back, against=shipped)
