from collections import defaultdict

from odoo import fields, models
from odoo.tools import float_compare


class StockMove(models.Model):
    _inherit = "stock.move"

    def _get_dest_account(self, accounts_data):
        # revlog's own scraps post their loss to the returns disposal account; any other scrap of the
        # company posts where it did before revlog was installed
        if self.scrapped and self.revlog_return_line_id and self.company_id.revlog_disposal_account_id:
            return self.company_id.revlog_disposal_account_id.id
        return super()._get_dest_account(accounts_data)

    def _prepare_account_move_vals(
        self, credit_account_id, debit_account_id, journal_id, qty, description, svl_id, cost
    ):
        vals = super()._prepare_account_move_vals(
            credit_account_id, debit_account_id, journal_id, qty, description, svl_id, cost
        )
        line = self.revlog_return_line_id or self.repair_id.revlog_return_line_id
        if not line:
            return vals
        vals.update(revlog_return_id=line.return_id.id, revlog_move_kind="stock")
        kind = self._revlog_valuation_kind()
        for command in vals["line_ids"]:
            line_vals = command[2]
            line_vals["revlog_return_line_id"] = line.id
            if kind and line_vals.get("account_id") == debit_account_id:
                line_vals["revlog_kind"] = kind
        return vals

    def _revlog_valuation_kind(self):
        """Which recovery figure the debit of this move's valuation entry makes: the value a unit came back at
        (receipt), lost (scrap), left to a customer (replacement, repaired unit) or to the vendor, or spent as
        parts on a returned unit's repair."""
        if self.repair_id and not self.revlog_return_line_id:
            return "repair_cost" if self.repair_line_type == "add" else False
        if self._is_in():
            return "cost"
        if self.scrapped:
            return "disposal"
        return {"exchange": "shipped", "shipback": "shipped", "vendor": "vendor_return"}.get(
            self.picking_id.revlog_role, False
        )

    # the margin recovered: a returned unit sold again, against the value it was written down to

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        # revlog's own shipments (replacements, repaired units) are not sales
        moves.filtered(
            lambda m: (
                m.state == "done"
                and m.sale_line_id
                and m.location_dest_id.usage == "customer"
                and not m.revlog_return_line_id
            )
        )._revlog_record_resales()
        return moves

    def _revlog_record_resales(self):
        """For sales (``self``: done customer deliveries) of returned units: a unit of a lot/serial a revlog
        receipt brought back, or a unit sold from a B-Stock location (the oldest returned units there first),
        add to the return line the quantity resold, its revenue (the order line's untaxed price, in company
        currency) and its cost (the value the sale took out of stock)."""
        if not self:
            return
        Line = self.env["revlog.return.line"].sudo()
        lots = self.move_line_ids.lot_id
        receipts = (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "=", "done"),
                    ("move_id.revlog_return_line_id", "!=", False),
                    ("move_id.picking_id.revlog_role", "=", "receipt"),
                ],
                order="date desc, id desc",
            )
            if lots
            else self.env["stock.move.line"]
        )
        by_lot = {}
        for ml in receipts:
            by_lot.setdefault(ml.lot_id, ml.move_id.revlog_return_line_id)
        bstock = self.env["stock.warehouse"].sudo().search([]).revlog_bstock_loc_id
        untracked = self.filtered(lambda m: m.location_id in bstock and not m.move_line_ids.lot_id)
        candidates = (
            Line.search(
                [("product_id", "in", untracked.product_id.ids), ("disposition", "=", "resale")],
                order="id",
            )
            if untracked
            else Line
        )
        sold = defaultdict(lambda: [0.0, 0.0, 0.0])  # line -> [qty, revenue, cost]
        for move in self:
            unit_revenue = move.sale_line_id.currency_id._convert(
                move.sale_line_id.price_reduce_taxexcl, move.company_id.currency_id, move.company_id, move.date
            )
            total = move.product_uom._compute_quantity(move.quantity, move.product_id.uom_id)
            unit_cost = -sum(move.stock_valuation_layer_ids.mapped("value")) / total if total else 0.0
            per_uom = move.sale_line_id.product_uom._compute_quantity(1.0, move.product_id.uom_id)
            for ml in move.move_line_ids:
                qty = ml.quantity_product_uom
                line = by_lot.get(ml.lot_id) if ml.lot_id else None
                if line:
                    sold[line][0] += qty
                    sold[line][1] += qty * unit_revenue / per_uom
                    sold[line][2] += qty * unit_cost
                    continue
                if move not in untracked:
                    continue
                for line in candidates.filtered(lambda ln, m=move: ln.product_id == m.product_id):
                    room = line.qty_received - line.resold_qty - sold[line][0]
                    if float_compare(room, 0, precision_rounding=move.product_id.uom_id.rounding) <= 0:
                        continue
                    take = min(room, qty)
                    sold[line][0] += take
                    sold[line][1] += take * unit_revenue / per_uom
                    sold[line][2] += take * unit_cost
                    qty -= take
                    if float_compare(qty, 0, precision_rounding=move.product_id.uom_id.rounding) <= 0:
                        break
        for line, (qty, revenue, cost) in sold.items():
            currency = line.company_id.currency_id
            line.write(
                {
                    "resold_qty": line.resold_qty + qty,
                    "resale_revenue": currency.round(line.resale_revenue + revenue),
                    "resale_cost": currency.round(line.resale_cost + cost),
                    "date_resold": fields.Datetime.now(),
                }
            )
