from collections import defaultdict

from odoo import api, models
from odoo.tools import float_compare


class RevlogCreditLimit(models.AbstractModel):
    """What a return line allows its credit notes to credit, against what they credit once posted. A draft
    credit note can be edited by an accountant: posting it (or posting it again) must stay within the return."""

    _name = "revlog.credit.limit"
    _description = "Returns: Credit Note Limits"

    @api.model
    def _figures(self, moves, posted_only=False):
        """{return line: figures} for the return lines credited by ``moves`` (revlog credit notes about to be
        posted, or just posted when ``posted_only``): over the line's posted credit notes and ``moves``, the
        quantity credited and allowed, prices over the limit, the net credited (refund less fee) and allowed;
        for ``moves`` alone, the net credited and allowed."""
        items = moves.sudo().invoice_line_ids.filtered(lambda aml: aml.revlog_kind in ("refund", "fee"))
        lines = items.revlog_return_line_id
        # grouped once: filtering ``items`` per line cost N^2 over a batch of N credit notes
        moves_by_line = items.grouped("revlog_return_line_id")
        result = {}
        for line in lines:
            live = line.account_move_line_ids.filtered(
                lambda aml: (
                    aml.revlog_kind in ("refund", "fee") and (aml.parent_state == "posted" or aml.move_id in moves)
                )
            )
            refunds = live.filtered(lambda aml: aml.revlog_kind == "refund")
            currency = line.sale_line_id.currency_id or line.company_id.currency_id
            percent = line._revlog_credit_percent()
            fee_share = line._revlog_fee_percent() / 100.0
            fig = {
                "currency": currency,
                "percent": percent,
                "qty": 0.0,
                "qty_allowed": line._revlog_credit_qty_allowed(),
                "prices_over": [],
                "net": 0.0,
                "net_allowed": 0.0,
                "this_net": 0.0,
                "this_net_allowed": 0.0,
                "moves": moves_by_line[line].move_id,
                "foreign_currency": False,
            }
            for item in refunds:
                if item.currency_id != currency:
                    fig["foreign_currency"] = item.currency_id.name
                qty = item.product_uom_id._compute_quantity(item.quantity, line.product_uom_id)
                fig["qty"] += qty
                unit_subtotal, unit_total = line._revlog_invoiced_unit_prices(item.move_id.reversed_entry_id)
                allowed_subtotal = unit_subtotal * percent / 100.0 * item.quantity
                allowed_total = unit_total * percent / 100.0 * item.quantity
                if item.quantity < 0 or (
                    currency.compare_amounts(item.price_subtotal, allowed_subtotal) > 0
                    or currency.compare_amounts(item.price_total, allowed_total) > 0
                ):
                    price = item.price_subtotal / item.quantity if item.quantity else item.price_subtotal
                    fig["prices_over"].append((item, price, unit_subtotal * percent / 100.0))
                allowed_net = allowed_subtotal * (1 - fee_share)
                fig["net"] += item.price_subtotal
                fig["net_allowed"] += allowed_net
                if item.move_id in moves:
                    fig["this_net"] += item.price_subtotal
                    fig["this_net_allowed"] += allowed_net
            for item in live - refunds:
                fig["net"] += item.price_subtotal
                if item.move_id in moves:
                    fig["this_net"] += item.price_subtotal
            # the fee is rounded line by line: a cent per fee line is not a credit
            fig["net_allowed"] += currency.rounding * len(live - refunds)
            fig["this_net_allowed"] = currency.round(fig["this_net_allowed"])
            result[line] = fig
        return result

    @api.model
    def _sale_lines_overcredited(self, moves):
        """[(order line, quantity invoiced, quantity credited)] for the order lines that ``moves`` (about to be
        posted) would credit beyond what their posted invoices invoiced, in the order line's unit."""
        sale_lines = moves.sudo().invoice_line_ids.filtered(lambda aml: aml.revlog_kind == "refund").sale_line_ids
        result = []
        for sale_line in sale_lines:
            totals = defaultdict(float)
            for aml in sale_line.invoice_lines:
                if aml.parent_state != "posted" and aml.move_id not in moves:
                    continue
                qty = aml.product_uom_id._compute_quantity(aml.quantity, sale_line.product_uom)
                totals[aml.move_id.move_type] += qty
            invoiced, credited = totals["out_invoice"], totals["out_refund"]
            if float_compare(credited, invoiced, precision_rounding=sale_line.product_uom.rounding) > 0:
                result.append((sale_line, invoiced, credited))
        return result
