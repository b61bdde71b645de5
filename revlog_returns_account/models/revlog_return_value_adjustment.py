from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import UserError


class RevlogReturn(models.Model):
    """Write-downs and disposal losses: the value a graded unit loses, posted once, on its own accounts."""

    _inherit = "revlog.return"

    # write-downs and disposal losses

    def _post_value_adjustments(self, moves):
        """For units that reached resale, repair or recycle through ``moves``: a value-only valuation layer and
        an entry Dr write-down (or the location's disposal loss account) / Cr stock valuation for the value the
        grade lost. Scrap posts its loss through Odoo's scrap valuation. Standard-cost products are not
        written down (their units stay at standard; see docs/accounting.md).

        This does what Odoo's ``stock.valuation.layer.revaluation`` does for the layers it is given (a
        value-only layer, the layers' remaining value, the unit cost of AVCO/FIFO products and lots, one entry
        against stock valuation) with the same refusals: no standard cost, no product or lot without
        quantity in stock, no layer below zero. It is not called because it revalues one product by one value
        per call, creating and posting one entry each time, and returns nothing to tie to the return line:
        a batch writes down thousands of units, each on its own receipt layer, return line and percent, and
        creates and posts their entries 100 at a time with the ledger tags on them."""
        moves = moves.filtered(
            lambda m: (
                m.state == "done"
                and not m.scrapped
                and m.revlog_return_line_id.disposition in ("resale", "repair", "recycle")
                and m.revlog_return_line_id.grade_id
                and m.product_id.with_company(m.company_id).cost_method != "standard"
            )
        ).sudo()
        if not moves:
            return self.env["account.move"]
        posted = (
            self.env["account.move"]
            .sudo()
            .search([("stock_move_id", "in", moves.ids), ("revlog_move_kind", "in", ("writedown", "disposal"))])
        )
        moves -= posted.stock_move_id
        # the receipt layers of the whole batch in one read rather than line by line
        moves.revlog_return_line_id._done_receipt_moves().stock_valuation_layer_ids.fetch(
            ["quantity", "remaining_qty", "remaining_value", "unit_cost", "lot_id"]
        )
        plans = [
            (move, layer, amount)
            for move in moves
            for layer, amount in move.revlog_return_line_id._writedown_plan(move)
        ]
        if not plans:
            return self.env["account.move"]
        products = {move.product_id.with_company(move.company_id) for move, __, __ in plans}
        quantities = {product: product.quantity_svl for product in products}
        plans = self._drop_plans_without_stock(plans, quantities)
        if not plans:
            return self.env["account.move"]
        svls = (
            self.env["stock.valuation.layer"]
            .sudo()
            .create(
                [
                    {
                        "company_id": move.company_id.id,
                        "product_id": move.product_id.id,
                        "description": self.env._(
                            "%(ret)s: %(trace)s",
                            ret=move.revlog_return_line_id.return_id.name,
                            trace=move.revlog_return_line_id.disposition_trace,
                        ),
                        "value": -amount,
                        "quantity": 0,
                        "lot_id": layer.lot_id.id,
                        # not linked to the receipt layer (stock_valuation_layer_id), as Odoo's own revaluation
                        # does not link its layers: Odoo counts a linked layer in the unit's cost of goods (a
                        # credit note would reverse the written-down value and book the write-down twice)
                        "stock_move_id": move.id,
                    }
                    for move, layer, amount in plans
                ]
            )
        )
        lost_by_product, lost_by_lot = defaultdict(float), defaultdict(float)
        remaining = {layer: layer.remaining_value for __, layer, __ in plans}
        for move, layer, amount in plans:
            remaining[layer] -= amount
            lost_by_product[move.product_id.with_company(move.company_id)] += amount
            if layer.lot_id and move.product_id.lot_valuated:
                lost_by_lot[layer.lot_id.with_company(move.company_id)] += amount
        # one write per resulting value rather than one per layer (each write checks the layer's company)
        layers_by_value = defaultdict(lambda: self.env["stock.valuation.layer"].sudo())
        for layer, value in remaining.items():
            layers_by_value[value] |= layer
        for value, layers in layers_by_value.items():
            layers.remaining_value = value
        # AVCO and FIFO keep a unit cost: spread the loss over what is in stock, as Odoo's revaluation does
        for product, amount in lost_by_product.items():
            if quantities[product] > 0:
                product.with_context(disable_auto_svl=True).standard_price -= amount / quantities[product]
        for lot, amount in lost_by_lot.items():
            if lot.quantity_svl > 0:
                lot.with_context(disable_auto_svl=True).standard_price -= amount / lot.quantity_svl
        entries = [
            self._prepare_value_adjustment_move(move, layer, amount, svl)
            for (move, layer, amount), svl in zip(plans, svls, strict=True)
            if move.product_id.with_company(move.company_id).valuation == "real_time"
        ]
        return self.env["account.move"].sudo()._revlog_create_in_chunks(entries, post=True)

    def _drop_plans_without_stock(self, plans, quantities):
        """Never a value-only layer on a product (or a valuated lot) with no quantity left in stock: the value
        would sit on nothing. Such units are not written down; their return says why."""
        kept, skipped = [], defaultdict(list)
        for move, layer, amount in plans:
            product = move.product_id.with_company(move.company_id)
            lot = layer.lot_id.with_company(move.company_id) if product.lot_valuated else None
            if quantities[product] > 0 and (lot is None or lot.quantity_svl > 0):
                kept.append((move, layer, amount))
            else:
                skipped[move.revlog_return_line_id.return_id].append(product.display_name)
        for ret, products in skipped.items():
            ret.message_post(
                body=self.env._(
                    "No write-down for %(products)s: no quantity of it is left in stock valuation.",
                    products=", ".join(sorted(set(products))),
                )
            )
        return kept

    def _reduce_to_received(self):
        reductions = super()._reduce_to_received()
        for ret, changes in reductions.items():
            over = []
            for line, __, received in changes:
                credited = sum(
                    aml.quantity
                    for aml in line.sudo().account_move_line_ids
                    if aml.revlog_kind == "refund" and aml.parent_state != "cancel"
                )
                if credited > received:
                    over.append(f"{line.product_id.display_name}: {credited:g} credited, {received:g} received")
            if over:
                note = self.env._(
                    "Credited before arrival for more than arrived (%(lines)s): invoice the difference or keep it "
                    "as a goodwill credit.",
                    lines="; ".join(over),
                )
                ret.sudo().write(
                    {"to_review": True, "review_note": "\n".join(filter(None, [ret.sudo().review_note, note]))}
                )
                ret.message_post(body=note)
        return reductions

    def _prepare_value_adjustment_move(self, move, layer, amount, svl):
        line = move.revlog_return_line_id
        company = move.company_id
        accounts = move.product_id.product_tmpl_id.with_company(company).get_product_accounts()
        if line.disposition == "recycle":
            kind = "disposal"
            account = move.location_dest_id.revlog_loss_account_id or company.revlog_disposal_account_id
        else:
            kind = "writedown"
            account = company.revlog_writedown_account_id
        journal = company.revlog_journal_id or accounts["stock_journal"]
        if not account or not accounts.get("stock_valuation"):
            raise UserError(
                self.env._(
                    "%(ret)s: set the returns write-down and disposal accounts (Returns settings) and the stock "
                    "valuation account of %(category)s.",
                    ret=line.return_id.name,
                    category=move.product_id.categ_id.display_name,
                )
            )
        label = self.env._(
            "%(kind)s %(ret)s: %(product)s, grade %(grade)s (%(recovery)s%% kept)",
            kind=dict(self.env["account.move"]._fields["revlog_move_kind"].selection)[kind],
            ret=line.return_id.name,
            product=move.product_id.display_name,
            grade=line.grade_id.code,
            recovery=format(line.grade_id.recovery_percent, "g"),
        )
        common = {"name": label, "product_id": move.product_id.id, "revlog_return_line_id": line.id}
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "company_id": company.id,
            "date": fields.Date.context_today(self),
            "ref": label,
            "revlog_return_id": line.return_id.id,
            "revlog_move_kind": kind,
            "checked": journal.autocheck_on_post,  # what posting sets, entry by entry: see _prepare_refund_vals
            "team_id": False,  # not a sale: spares the sales team lookup per entry
            "stock_move_id": move.id,
            "stock_valuation_layer_ids": [Command.set(svl.ids)],
            "line_ids": [
                Command.create({**common, "account_id": account.id, "balance": amount, "revlog_kind": kind}),
                Command.create({**common, "account_id": accounts["stock_valuation"].id, "balance": -amount}),
            ],
        }
