from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user
from odoo.tools import float_is_zero

from odoo.addons.revlog_returns_stock.tests.common import StockTestMixin
from odoo.addons.stock_account.tests.test_anglo_saxon_valuation_reconciliation_common import (
    ValuationReconciliationTestCommon,
)


class RevlogAccountCommon(StockTestMixin, ValuationReconciliationTestCommon):
    """Odoo's invoicing test company with automated (real-time) stock valuation, the returns setup of the
    other addons on it, and the two accounting invariants as assertions."""

    cost_method = "fifo"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's invoicing tests run as an accountant: make them a returns and stock administrator too
        cls.env.user.sudo().groups_id |= (
            cls.env.ref("revlog_returns.group_returns_manager")
            | cls.env.ref("stock.group_stock_manager")
            | cls.env.ref("sales_team.group_sale_manager")
        )
        cls._setup_revlog()
        cls._setup_inspection()
        cls._setup_stock()
        cls.company.anglo_saxon_accounting = True
        cls.valuation_account = cls.company_data["default_account_stock_valuation"]
        cls.writedown_account = cls.company.revlog_writedown_account_id
        cls.disposal_account = cls.company.revlog_disposal_account_id
        cls.fee_account = cls.company.revlog_fee_account_id
        cls.tax = cls.company_data["default_tax_sale"]
        cls.rule_catch_all.active = True
        cls.accountant = new_test_user(
            cls.env,
            login="rl_accountant",
            name="Alice Accountant",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
            groups="base.group_user,account.group_account_invoice",
        )
        cls.clerk.write({"company_ids": [Command.link(cls.company.id)], "company_id": cls.company.id})

    @classmethod
    def _category_vals(cls):
        return {
            "property_valuation": "real_time",
            "property_cost_method": cls.cost_method,
            "property_stock_valuation_account_id": cls.company_data["default_account_stock_valuation"].id,
            "property_stock_account_input_categ_id": cls.company_data["default_account_stock_in"].id,
            "property_stock_account_output_categ_id": cls.company_data["default_account_stock_out"].id,
            "property_stock_journal": cls.company_data["default_journal_misc"].id,
        }

    @classmethod
    def _deliver_order(cls, lines, partner=None, days_ago=0, invoice=True, **order_vals):
        """Delivered, and invoiced (posted) unless told otherwise."""
        order = super()._deliver_order(lines, partner=partner, days_ago=days_ago, **order_vals)
        if invoice:
            order._create_invoices().action_post()
        return order

    # the two accounting invariants

    def assertValuationTiesOut(self):
        """Inventory valuation (sum of valuation layers) equals the stock valuation account."""
        self.env.flush_all()
        # the test categories are the only ones valued on this account
        layers = self.env["stock.valuation.layer"].search(
            [("company_id", "=", self.company.id), ("product_id.categ_id", "child_of", self.categ_root.id)]
        )
        account = self.env["account.move.line"].search(
            [("account_id", "=", self.valuation_account.id), ("parent_state", "=", "posted")]
        )
        self.assertAlmostEqual(
            sum(layers.mapped("value")),
            sum(account.mapped("balance")),
            places=2,
            msg="valuation layers and the stock valuation account differ",
        )

    def assertLedgerTiesOut(self, returns):
        """Every recovery figure equals the posted journal items it summarises, account by account (the books
        helper's check), a return's figures are its lines', and the Recovery Analysis reads each figure as the
        return does."""
        self.env.flush_all()
        self._assert_ledger_figures(self.company, returns)
        figures = self.env["revlog.return.line"]._revlog_ledger_figures()
        report = (
            self.env["revlog.recovery.report"]
            .sudo()
            ._read_group([("return_id", "in", returns.ids)], ["return_id"], [f"{figure}:sum" for figure in figures])
        )
        by_return = {ret: totals for ret, *totals in report}
        for ret in returns:
            self.assertAlmostEqual(ret.refund_amount, sum(ret.line_ids.mapped("refund_amount")), places=2)
            totals = by_return.get(ret, [0.0] * len(figures))
            for figure, total in zip(figures, totals, strict=True):
                self.assertAlmostEqual(total or 0.0, ret.sudo()[figure], places=2, msg=f"{ret.name}: {figure}")

    def _deliver_lot_valued_serials(self, name, prefix, costs=(300.0, 200.0)):
        """A serial-tracked product valued per lot, one unit in stock per cost, all delivered on one order: the
        serial helpers deliver it from now on. Returns the order and its lots."""
        product = self.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "tracking": "serial",
                "lot_valuated": True,
                "categ_id": self.categ_phones.id,
                "standard_price": costs[0],
                "list_price": 500.0,
                "invoice_policy": "delivery",
            }
        )
        lots = self.env["stock.lot"].create(
            [{"name": f"{prefix}-{i}", "product_id": product.id} for i in range(1, len(costs) + 1)]
        )
        for lot, cost in zip(lots, costs, strict=True):
            lot.standard_price = cost
            self._add_stock(product, 1, lot)
        self.serial_phone = product
        return self._deliver_serials(lots), lots

    def assertOneCreditChannel(self, order):
        """Create Invoice on the order has nothing to do, and the order says so: revlog and the order never
        both credit (or invoice) a unit."""
        order.invalidate_recordset()
        order.order_line.invalidate_recordset()
        for line in order.order_line:
            self.assertTrue(
                float_is_zero(line.qty_to_invoice, precision_digits=2),
                f"{line.product_id.name}: {line.qty_to_invoice} to invoice",
            )
            self.assertTrue(float_is_zero(line.untaxed_amount_to_invoice, precision_digits=2))
        self.assertIn(order.invoice_status, ("invoiced", "no"))
        moves_before = order.invoice_ids
        with self.assertRaisesRegex(UserError, "No items are available to invoice"):
            order._create_invoices(final=True)
        self.assertEqual(order.invoice_ids, moves_before)
