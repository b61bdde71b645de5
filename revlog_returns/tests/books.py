"""The general-ledger invariants of a company, asserted at the end of every flow test (docs/books.md)."""

from collections import defaultdict

from odoo.tools import float_compare

LEDGER_KINDS = {
    # recovery figure: (journal item kind(s), sign, company account field or None for any account)
    "cost_amount": (("cost",), 1, None),
    "writedown_amount": (("writedown",), 1, "revlog_writedown_account_id"),
    "refund_amount": (("refund",), 1, None),
    "fee_amount": (("fee",), -1, "revlog_fee_account_id"),
    "repair_cost": (("repair_cost",), 1, None),
    "vendor_return_value": (("vendor_return",), 1, None),
    "vendor_credit": (("vendor_credit",), -1, None),
    "shipped_cost": (("shipped",), 1, None),
    "exchange_amount": (("exchange", "exchange_charge"), -1, None),
}


class BooksAssertions:
    """``assertBooksTie()``: the books of the company tie after the test's flow, not only revlog's own ledger.

    Every test of a class mixing this in ends with it (``tearDown``): a test that leaves units legitimately
    between two documents calls it itself and says which (``in_transit``). What the company's books held before
    the test (demo data, the class's fixtures) is the baseline: the test's own flow must leave them tied."""

    def setUp(self):
        super().setUp()
        self._books_checked = False
        self._books_baseline = self._books_snapshot(self.company)

    def tearDown(self):
        if not self._books_checked and self._outcome.success:
            self.assertBooksTie()
        super().tearDown()

    def assertBooksTie(self, company=None, in_transit=None):
        """After a flow, in ``company`` (the test's), since the test started:

        1. per stock valuation account, the valuation layers of the products valued on it moved as its balance;
        2. anglo-saxon: per product, the interim (delivered) account nets to zero, but for units legitimately
           between two documents: back and not yet credited (from 3.), and ``in_transit[product]`` (delivered and
           not yet invoiced, say);
        3. per return line, its items on the interim account (receipts, replacements, the cost of goods its credit
           notes reversed, revlog's settlements) leave only the value of units back and not yet credited: a unit
           credited or settled nets to zero, its cost of goods reversed at the value it came back at, and a
           write-down never sits in cost of goods;
        4. each recovery-ledger figure of each return equals the posted journal items it summarises, on the
           account it is booked on, and write-downs are booked once, on the write-down account.
        """
        self._books_checked = True
        company = company or self.company
        self.env.flush_all()
        self.env.invalidate_all()
        baseline = self._books_baseline if company == self.company else self._books_snapshot(company, empty=True)
        now = self._books_snapshot(company)
        for account, (layers, balance) in now["valuation"].items():
            layers -= baseline["valuation"].get(account, (0.0, 0.0))[0]
            balance -= baseline["valuation"].get(account, (0.0, 0.0))[1]
            self.assertEqual(
                float_compare(layers, balance, precision_digits=2),
                0,
                f"{company.name}: valuation layers moved by {layers:.2f}, stock valuation account {account.code} by "
                f"{balance:.2f}",
            )
        if not company.anglo_saxon_accounting:
            return
        lines = self._touched_return_lines(company, baseline)
        waiting = self._assert_interim_per_return_line(lines, baseline)
        for product, amount in (in_transit or {}).items():
            waiting[product] += amount
        for product in set(now["interim"]) | set(waiting):
            moved = now["interim"].get(product, 0.0) - baseline["interim"].get(product, 0.0)
            self.assertEqual(
                float_compare(moved, waiting[product], precision_digits=2),
                0,
                f"{company.name}: interim (delivered) account of {product.display_name} moved by {moved:.2f}, "
                f"expected {waiting[product]:.2f} ({self._interim_detail(company, product, baseline)})",
            )
        if "cost_amount" in lines._fields:
            self._assert_recovery_ledger(company, lines.return_id, baseline)

    def _value_out(self, moves):
        """The value ``moves`` (deliveries, scraps) took out of stock: what waits on the interim account until an
        invoice takes it (``in_transit``)."""
        return -sum(moves.sudo().stock_valuation_layer_ids.mapped("value"))

    # the company's books at a moment

    def _books_snapshot(self, company, empty=False):
        """{"valuation": {stock valuation account: (layers' value, balance)}, "interim": {product: balance},
        "last_item": id of the newest journal item, "last_line": id of the newest return line}."""
        snapshot = {"valuation": {}, "interim": {}, "last_item": 0, "last_line": 0}
        if empty:
            return snapshot
        Item = self.env["account.move.line"].sudo()
        layers = (
            self.env["stock.valuation.layer"]
            .sudo()
            ._read_group([("company_id", "=", company.id)], ["product_id"], ["value:sum"])
        )
        valuation = defaultdict(float)
        for product, value in layers:
            product = product.with_company(company)
            # Odoo values consumables' layers but posts no entry for them (stock.move._account_entry_move)
            if product.valuation == "real_time" and product.is_storable:
                valuation[product.product_tmpl_id.get_product_accounts()["stock_valuation"]] += value
        balances = dict(
            Item._read_group(
                [
                    ("company_id", "=", company.id),
                    ("parent_state", "=", "posted"),
                    ("account_id", "in", [a.id for a in valuation]),
                ],
                ["account_id"],
                ["balance:sum"],
            )
        )
        snapshot["valuation"] = {account: (value, balances.get(account, 0.0)) for account, value in valuation.items()}
        for product, account, balance in Item._read_group(
            [("company_id", "=", company.id), ("parent_state", "=", "posted"), ("product_id", "!=", False)],
            ["product_id", "account_id"],
            ["balance:sum"],
        ):
            if account == self._interim_account(product, company):
                snapshot["interim"][product] = balance
        snapshot["last_item"] = Item.search([], order="id desc", limit=1).id or 0
        snapshot["last_line"] = self.env["revlog.return.line"].sudo().search([], order="id desc", limit=1).id or 0
        return snapshot

    def _interim_account(self, product, company):
        return product.product_tmpl_id.with_company(company).get_product_accounts()["stock_output"]

    def _interim_detail(self, company, product, baseline):
        items = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("parent_state", "=", "posted"),
                    ("product_id", "=", product.id),
                    ("account_id", "=", self._interim_account(product, company).id),
                    ("id", ">", baseline["last_item"]),
                ]
            )
        )
        return ", ".join(f"{i.move_id.name} {i.move_id.ref or i.name} {i.balance:.2f}" for i in items)

    def _touched_return_lines(self, company, baseline):
        """The return lines the test made, or whose journal items it posted."""
        Line = self.env["revlog.return.line"].sudo()
        lines = Line.search([("company_id", "=", company.id), ("id", ">", baseline["last_line"])])
        if "account_move_line_ids" in Line._fields:
            items = (
                self.env["account.move.line"]
                .sudo()
                .search([("company_id", "=", company.id), ("id", ">", baseline["last_item"])])
            )
            lines |= items.revlog_return_line_id | items.cogs_origin_id.revlog_return_line_id
        return lines

    # per return line and its ledger

    def _assert_interim_per_return_line(self, lines, baseline):
        """Checks each return line; returns {product: how much the value of the units back whose credit note is
        still to post moved since the baseline}."""
        waiting = defaultdict(float)
        if not lines or "cost_amount" not in lines._fields:
            return waiting
        Settlement = self.env["revlog.interim.settlement"]
        before = Settlement._interim_items(lines, domain=[("id", "<=", baseline["last_item"])])
        for (line, product), fig in Settlement._interim_items(lines).items():
            residual = fig["back"] + fig["out"] + fig["credited"] + fig["settled"]
            expected = self._expected_interim(line, product, fig)
            self.assertEqual(
                float_compare(residual, expected, precision_digits=2),
                0,
                f"{line.return_id.name} {product.display_name}: interim (delivered) residual {residual:.2f}, "
                f"expected {expected:.2f} ({dict(fig)})",
            )
            old = before.get((line, product))
            waiting[product] += expected - (self._expected_interim(line, product, old) if old else 0.0)
        return waiting

    def _expected_interim(self, line, product, fig):
        """What may wait on the interim account for ``line``'s units of ``product``: the value of those back
        whose credit note is still to post, or of those credited and still on their way back."""
        if product not in line._revlog_interim_products() or not line._revlog_credited_by_credit_note():
            return 0.0
        if fig["qty_back"] > fig["qty_credited"]:
            return fig["back"] * (fig["qty_back"] - max(fig["qty_credited"], 0.0)) / fig["qty_back"]
        closed = self.env["revlog.interim.settlement"]._receipts_closed(line)
        if fig["qty_credited"] > fig["qty_back"] and not closed:
            return fig["credited"] * (fig["qty_credited"] - max(fig["qty_back"], 0.0)) / fig["qty_credited"]
        return 0.0

    def _assert_recovery_ledger(self, company, returns, baseline):
        self._assert_ledger_figures(company, returns)
        self._assert_writedowns_booked_once(company, returns, baseline)

    def _assert_ledger_figures(self, company, returns):
        """Each recovery-ledger figure of ``returns`` equals the posted journal items it summarises, on the
        account it is booked on; the recovery analysis reads the same."""
        for line in returns.line_ids:
            items = line.account_move_line_ids.filtered(lambda aml: aml.parent_state == "posted")
            for figure, (kinds, sign, account_field) in LEDGER_KINDS.items():
                kind_items = items.filtered(lambda aml, k=kinds: aml.revlog_kind in k)
                if account_field:
                    self.assertEqual(kind_items.account_id, kind_items.account_id & company[account_field])
                self.assertAlmostEqual(
                    line[figure], sign * sum(kind_items.mapped("balance")), places=2, msg=f"{line.display_name}"
                )
            self.assertTrue(all(a.move_id.move_type == "out_refund" for a in items if a.revlog_kind == "refund"))
            self.assertTrue(all(a.move_id.move_type == "in_refund" for a in items if a.revlog_kind == "vendor_credit"))
            disposal = items.filtered(lambda aml: aml.revlog_kind == "disposal")
            self.assertAlmostEqual(line.disposal_loss, sum(disposal.mapped("balance")), places=2)
            self.assertAlmostEqual(
                line.recovered_value,
                line.cost_amount
                - line.writedown_amount
                - line.disposal_loss
                - line.repair_cost
                - line.vendor_return_value
                + line.vendor_credit,
                places=2,
            )
            self.assertAlmostEqual(
                line.net_return_cost,
                line.refund_amount - line.fee_amount + line.shipped_cost - line.exchange_amount - line.recovered_value,
                places=2,
            )
        # the recovery analysis reads the same journal items
        report = self.env["revlog.recovery.report"].sudo()
        for ret in returns:
            rows = report.search([("return_id", "=", ret.id)])
            self.assertAlmostEqual(sum(rows.mapped("net_return_cost")), ret.net_return_cost, places=2, msg=ret.name)

    def _assert_writedowns_booked_once(self, company, returns, baseline):
        """Write-downs are booked once, on the write-down account: nothing else posts there."""
        writedown = company.revlog_writedown_account_id
        if writedown:
            booked = (
                self.env["account.move.line"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("parent_state", "=", "posted"),
                        ("account_id", "=", writedown.id),
                        ("id", ">", baseline["last_item"]),
                    ]
                )
            )
            self.assertEqual(booked.revlog_return_line_id.return_id, booked.revlog_return_line_id.return_id & returns)
            self.assertTrue(all(item.revlog_kind == "writedown" for item in booked), booked.mapped("name"))
