from odoo import api, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # One credit channel. A revlog receipt returns the delivery moves with "to refund" (so the delivered
    # quantity goes down as with Odoo's own return), and revlog credits those units itself: at the grade's
    # percent, less its fee, or not at all. Left alone, the order would then show them "to invoice" below
    # zero, and its Create Invoice would credit them a second time at full price (or invoice again units
    # revlog credited before they arrived). The units revlog handles are therefore taken out of what the
    # order has to invoice: those its receipts brought back, and those its credit notes credited.

    @api.depends("move_ids.revlog_return_line_id", "invoice_lines.revlog_kind")
    def _compute_qty_to_invoice(self):
        res = super()._compute_qty_to_invoice()
        for line, (received, credited, __) in self._revlog_credit_channel().items():
            by_delivery = line.product_id.invoice_policy != "order"
            line.qty_to_invoice += (received if by_delivery else 0.0) - credited
        return res

    @api.depends("move_ids.revlog_return_line_id", "invoice_lines.revlog_kind")
    def _compute_untaxed_amount_to_invoice(self):
        res = super()._compute_untaxed_amount_to_invoice()
        for line, (received, __, amount_credited) in self._revlog_credit_channel().items():
            by_delivery = line.product_id.invoice_policy != "order"
            line.untaxed_amount_to_invoice += (received * line.price_reduce_taxexcl if by_delivery else 0.0) - (
                amount_credited
            )
        return res

    def _revlog_credit_channel(self):
        """{order line: (quantity back through revlog receipts less its replacements, quantity on revlog credit
        notes, untaxed amount of the posted ones)} for the confirmed order lines revlog returned or credited, in
        the line's unit and currency."""
        result = {}
        for line in self:
            if line.state != "sale" or line.display_type or line.product_id.type == "combo":
                continue
            credit_items = line.invoice_lines.filtered(
                lambda aml: aml.revlog_kind == "refund" and aml.move_id.move_type == "out_refund"
            )
            received = line._revlog_qty_back_through_returns() if line.qty_delivered_method == "stock_move" else 0.0
            if not received and not credit_items:
                continue
            live = credit_items.filtered(lambda aml: aml.move_id.state != "cancel")
            posted = live.filtered(lambda aml: aml.move_id.state == "posted")
            result[line] = (
                received,
                sum(aml.product_uom_id._compute_quantity(aml.quantity, line.product_uom) for aml in live),
                sum(
                    aml.currency_id._convert(
                        aml.price_subtotal, line.currency_id, line.company_id, aml.move_id.invoice_date or aml.date
                    )
                    for aml in posted
                ),
            )
        return result

    def _revlog_qty_back_through_returns(self):
        """Units back through revlog receipts, less the replacements revlog shipped on this line (an exchange of
        the same product: the customer holds as many units as before), in the line's unit. The moves are revlog's
        own, told apart by their locations as Odoo's _get_outgoing_incoming_moves does, without its lookup of the
        inter-company location on every move."""
        self.ensure_one()
        received = 0.0
        for move in self.move_ids:
            if move.state != "done" or not move.revlog_return_line_id or move.product_id != self.product_id:
                continue
            quantity = move.product_uom._compute_quantity(move.quantity, self.product_uom, rounding_method="HALF-UP")
            if move.location_dest_id.usage == "customer":
                if not move.origin_returned_move_id or move.to_refund:
                    received -= quantity
            elif move.location_id.usage == "customer" and move.to_refund:
                received += quantity
        return received
