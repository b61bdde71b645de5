from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _revlog_delivery_data(self):
        """What each line delivered, for returns: ``{line id: {"qty", "date", "returned_elsewhere"}}``.

        ``qty`` is the gross quantity delivered (in the line's unit), ``date`` the last delivery (a UTC
        datetime: the return window counts days in the company's time zone),
        ``returned_elsewhere`` what came back outside revlog (e.g. Odoo's own return wizard), which a
        revlog return can no longer ask for.
        """
        data = {}
        for line in self:
            if line.qty_delivered_method != "stock_move":
                data[line.id] = {
                    "qty": line.qty_delivered,
                    "returned_elsewhere": 0.0,
                    "date": line.order_id.date_order,
                }
                continue
            outgoing, incoming = line._get_outgoing_incoming_moves()
            outgoing = outgoing.filtered(lambda m: m.state == "done")
            incoming = line._revlog_foreign_return_moves(incoming.filtered(lambda m: m.state == "done"))
            to_line_uom = line._revlog_move_qty_in_line_uom
            data[line.id] = {
                "qty": sum(to_line_uom(move) for move in outgoing),
                "returned_elsewhere": sum(to_line_uom(move) for move in incoming),
                "date": max(outgoing.mapped("date")) if outgoing else False,
            }
        return data

    def _revlog_move_qty_in_line_uom(self, move):
        return move.product_uom._compute_quantity(move.quantity, self.product_uom, rounding_method="HALF-UP")

    def _revlog_foreign_return_moves(self, moves):
        """Among done customer-return moves, those not made by a revlog return (all of them, here)."""
        return moves
