from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class RevlogInterimSettlement(models.AbstractModel):
    """The interim (delivered) account of each returned unit, settled.

    In anglo-saxon accounting a delivery debits the interim account and its invoice credits it back against
    cost of goods. A unit that comes back is credited on the interim account by its receipt, at the value it
    came back at; its credit note debits it back, reversing the cost of goods at that same value (see
    ``account.move.line._stock_account_get_anglo_saxon_price_unit``). A unit that comes back and is not
    credited (graded at 0 %, exchanged, sent without an order) has no credit note to do that, and a replacement
    shipped outside the order's lines or parts spent on a repair have no invoice: revlog posts the entry itself,
    moving what the line left on the interim account to cost of goods, so that nothing is left for an accountant
    to clear by hand.

    For a credited line, what its credit notes reversed is trued up to the value its units came back at
    (a serial valued on its own lot, credited before it arrived, may come back at another value than the
    delivery's average)."""

    _name = "revlog.interim.settlement"
    _description = "Returns: Interim Account Settlement"

    @api.model
    def _settle(self, lines):
        """Post the settling entries due on the interim accounts of ``lines`` (return lines), one per return.
        Repeating it posts nothing more."""
        lines = lines.sudo().filtered(lambda ln: ln.company_id.anglo_saxon_accounting)
        if not lines:
            return self.env["account.move"]
        amounts = self._amounts_to_settle(lines)
        by_return = defaultdict(list)
        for (line, product), amount in amounts.items():
            if not line.company_id.currency_id.is_zero(amount):
                by_return[line.return_id].append((line, product, amount))
        if not by_return:
            return self.env["account.move"]
        vals_list = [self._prepare_settlement_move_vals(ret, items) for ret, items in by_return.items()]
        return self.env["account.move"].sudo()._revlog_create_in_chunks(vals_list, post=True)

    @api.model
    def _amounts_to_settle(self, lines):
        """{(return line, product): amount to debit on the product's interim account (credit when negative)}."""
        items = self._interim_items(lines)
        result = {}
        for (line, product), figures in items.items():
            if product in line._revlog_interim_products() and line._revlog_credited_by_credit_note():
                amount = self._true_up(figures, self._receipts_closed(line))
            else:
                # nothing credits this line, or the product is another one (a replacement shipped outside the
                # order's lines, parts spent on a repair): what it left on the interim account is cost of goods
                amount = -(figures["back"] + figures["out"] + figures["credited"] + figures["settled"])
            result[line, product] = line.company_id.currency_id.round(amount)
        return result

    @api.model
    def _true_up(self, figures, receipts_closed):
        """For the units both back and credited, the difference between the value they came back at and the cost
        of goods their credit notes reversed (zero unless a unit came back at another value than estimated);
        once nothing more can come back, the cost of goods reversed for units credited and never back (the
        customer kept them: their cost of goods stands)."""
        qty_back, qty_credited = max(figures["qty_back"], 0.0), figures["qty_credited"]
        target = 0.0
        if qty_back > 0 and qty_credited > 0:
            matched = min(qty_back, qty_credited)
            target -= figures["back"] * matched / qty_back + figures["credited"] * matched / qty_credited
        if receipts_closed and qty_credited > qty_back:
            target -= figures["credited"] * (qty_credited - qty_back) / qty_credited
        return target - figures["settled"]

    @api.model
    def _receipts_closed(self, line):
        """Whether nothing more can come back for ``line``: its receipts are done or cancelled."""
        return all(move.state in ("done", "cancel") for move in line._receipt_moves())

    @api.model
    def _interim_items(self, lines, domain=()):
        """{(return line, product): figures} of the posted journal items of ``lines`` on their products' interim
        (delivered) accounts: ``back`` (receipts, negative), ``out`` (units shipped to the customer: replacements),
        ``credited`` (cost of goods reversed by credit notes), ``settled`` (earlier settlements), in company
        currency, and the quantities back and credited. ``domain`` restricts the journal items read."""
        Item = self.env["account.move.line"].sudo()
        common = [("parent_state", "=", "posted"), ("product_id", "!=", False), *domain]
        tagged = Item.search([*common, ("revlog_return_line_id", "in", lines.ids)])
        reversed_cost = Item.search(
            [*common, ("display_type", "=", "cogs"), ("cogs_origin_id.revlog_return_line_id", "in", lines.ids)]
        )
        interim = {}

        def interim_account(product, company):
            key = (product, company)
            if key not in interim:
                interim[key] = product.product_tmpl_id.with_company(company).get_product_accounts()["stock_output"]
            return interim[key]

        figures = defaultdict(
            lambda: dict.fromkeys(("back", "out", "credited", "settled", "qty_back", "qty_credited"), 0.0)
        )
        for item in tagged:
            if item.account_id != interim_account(item.product_id, item.company_id):
                continue
            stock_move = item.move_id.stock_move_id
            if item.product_id not in item.revlog_return_line_id._revlog_interim_products() and stock_move.sale_line_id:
                # parts sold on a repair's quotation: its invoice posts their cost of goods
                continue
            entry = figures[item.revlog_return_line_id, item.product_id]
            qty = item.product_uom_id._compute_quantity(item.quantity, item.product_id.uom_id)
            if item.move_id.revlog_move_kind == "settlement":
                entry["settled"] += item.balance
            elif item.balance < 0:
                entry["back"] += item.balance
                entry["qty_back"] += qty
            else:
                entry["out"] += item.balance
        for item in reversed_cost:
            if item.account_id != interim_account(item.product_id, item.company_id):
                continue
            entry = figures[item.cogs_origin_id.revlog_return_line_id, item.product_id]
            entry["credited"] += item.balance
            qty = item.product_uom_id._compute_quantity(item.quantity, item.product_id.uom_id)
            entry["qty_credited"] += qty if item.balance > 0 else -qty
        return figures

    @api.model
    def _prepare_settlement_move_vals(self, ret, items):
        company = ret.company_id
        line_vals = []
        journal = company.revlog_journal_id
        for line, product, amount in items:
            accounts = product.product_tmpl_id.with_company(company).get_product_accounts()
            journal = journal or accounts["stock_journal"]
            if not accounts["expense"]:
                raise UserError(
                    self.env._(
                        "%(ret)s: set the expense (cost of goods) account of %(category)s to settle %(product)s.",
                        ret=ret.name,
                        category=product.categ_id.display_name,
                        product=product.display_name,
                    )
                )
            label = self._settlement_label(line, product)
            common = {"name": label, "product_id": product.id, "revlog_return_line_id": line.id}
            line_vals += [
                Command.create({**common, "account_id": accounts["stock_output"].id, "balance": amount}),
                Command.create({**common, "account_id": accounts["expense"].id, "balance": -amount}),
            ]
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "company_id": company.id,
            "date": fields.Date.context_today(self),
            "ref": self.env._("Return %(ret)s: cost of goods of units not credited", ret=ret.name),
            "revlog_return_id": ret.id,
            "revlog_move_kind": "settlement",
            "checked": journal.autocheck_on_post,
            "team_id": False,
            "line_ids": line_vals,
        }

    @api.model
    def _settlement_label(self, line, product):
        if product != line.product_id:
            return self.env._(
                "%(ret)s: %(product)s shipped as a replacement or spent on a repair, cost of goods",
                ret=line.return_id.name,
                product=product.display_name,
            )
        return self.env._(
            "%(ret)s: %(product)s back and not credited (%(why)s), cost of goods reversed",
            ret=line.return_id.name,
            product=product.display_name,
            why=line._revlog_not_credited_reason(),
        )
