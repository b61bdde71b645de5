from datetime import datetime

from odoo import Command
from odoo.tests import tagged

from .common import RevlogAccountCommon


@tagged("post_install", "-at_install", "revlog")
class TestAccountOutcomes(RevlogAccountCommon):
    """Refund lead time, value recovered against its target, and the margin recovered when a returned unit is
    sold again."""

    def _sell_from(self, location, product, qty, price, lots=None):
        """A sale of ``qty`` ``product`` at ``price`` shipped from ``location`` (B-Stock sells there)."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.other_customer.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": qty, "price_unit": price})],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids
        delivery.location_id = location
        delivery.move_ids.location_id = location
        delivery.move_ids.move_line_ids.unlink()
        delivery.move_ids.move_line_ids = [
            Command.create(
                {
                    "product_id": product.id,
                    "lot_id": lot.id if lot else False,
                    "quantity": 1 if lot else qty,
                    "location_id": location.id,
                    "location_dest_id": delivery.location_dest_id.id,
                    "picking_id": delivery.id,
                }
            )
            for lot in (lots or [None])
        ]
        delivery.move_ids.picked = True
        delivery._action_done()
        return order

    def test_refund_lead_time_from_receipt_to_credit_note_posted(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._flow(order, {order.order_line: 1})
        self.assertFalse(ret.date_refunded, "a draft credit note refunds nobody yet")
        ret.sudo().date_received = datetime(2026, 3, 2, 8)
        ret.refund_move_ids.with_user(self.accountant).action_post()
        self.assertTrue(ret.date_refunded)
        ret.sudo().date_refunded = datetime(2026, 3, 4, 20)
        self.assertEqual(ret.days_to_refund, 2.5)

    def test_value_recovered_on_the_dashboard_is_the_ledger(self):
        self.company.revlog_target_recovery_percent = 80
        order = self._deliver_order([(self.product, 2, 40.0)])
        ret = self._flow(order, {order.order_line: 2}, grade=self.grade_b)
        ret.refund_move_ids.action_post()
        data = self.env["revlog.dashboard"].with_user(self.manager).get_dashboard_data()
        kpis = {kpi["key"]: kpi for kpi in data["kpis"]}
        # the period holds this return and whatever the demo data returned today: read the same ledger
        report = self.env["revlog.recovery.report"].search(
            [("return_id.date_request", ">=", data["date_from"]), ("return_id.date_request", "<=", data["date_to"])]
        )
        cost, recovered = sum(report.mapped("cost_amount")), sum(report.mapped("recovered_value"))
        self.assertAlmostEqual(kpis["recovery"]["value"], round(100.0 * recovered / cost, 1))
        self.assertAlmostEqual(kpis["net_return_cost"]["value"], round(sum(report.mapped("net_return_cost")), 2))
        self.assertIsNone(kpis["recovery"]["action"], "the manager is no accountant: nothing to open")
        Quant = self.env["stock.quant"].sudo()
        waiting = Quant.search(Quant.with_company(self.company)._revlog_waiting_domain())
        self.assertAlmostEqual(kpis["value_waiting"]["value"], round(sum(waiting.mapped("value")), 2))
        self.assertTrue(kpis["value_waiting"]["monetary"], "shown in the currency's format")
        self.assertAlmostEqual(ret.recovery_rate, 70.0, msg="grade B keeps 70 % of the cost")

    def _product_with_stock(self, name, cost, qty, **vals):
        """A product of the test category, no stock yet (the test adds ``qty`` units): FIFO then values its
        sales at what the returns made of those very units."""
        product = self.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "categ_id": self.categ_phones.id,
                "list_price": 2 * cost,
                "standard_price": cost,
                "invoice_policy": "delivery",
                **vals,
            }
        )
        return product

    def test_margin_recovered_when_a_returned_serial_is_sold_again(self):
        phone = self._product_with_stock("Refurb phone", 300.0, 1, tracking="serial")
        serial = self.env["stock.lot"].create({"name": "RF-001", "product_id": phone.id})
        self._add_stock(phone, 1, serial)
        order = self._deliver_serials(serial)
        order._create_invoices().action_post()
        ret = self._return(order, {order.order_line: 1}, self.reason_mind)
        ret.action_approve()
        self._receive(ret, lots={ret.line_ids: serial})
        self._grade(ret.line_ids, self.grade_b)
        ret._validate_dispositions()
        bstock = self.warehouse.revlog_bstock_loc_id
        self.assertEqual(self._quant_qty(phone, bstock, serial), 1.0)
        self.assertAlmostEqual(ret.writedown_amount, 90.0, msg="B keeps 70 % of 300")
        self._sell_from(bstock, phone, 1, 420.0, lots=serial)
        line = ret.line_ids
        self.assertEqual(line.resold_qty, 1.0)
        self.assertAlmostEqual(line.resale_revenue, 420.0)
        self.assertAlmostEqual(line.resale_cost, 210.0, msg="its written-down cost")
        self.assertAlmostEqual(line.resale_margin, 210.0)
        self.assertTrue(line.date_resold)
        self.assertValuationTiesOut()
        # the resale is delivered, not invoiced yet
        resale = self.env["stock.move"].search(
            [("product_id", "=", phone.id), ("sale_line_id.order_id", "!=", order.id)]
        )
        self.assertBooksTie(in_transit={phone: self._value_out(resale)})

    def test_b_stock_units_sold_are_returned_units(self):
        kettle = self._product_with_stock("B kettle", 15.0, 2)
        self._add_stock(kettle, 2)
        order = self._deliver_order([(kettle, 2, 40.0)])
        ret = self._flow(order, {order.order_line: 2}, grade=self.grade_b)
        bstock = self.warehouse.revlog_bstock_loc_id
        self.assertEqual(self._quant_qty(kettle, bstock), 2.0)
        self._sell_from(bstock, kettle, 1, 30.0)
        self.assertEqual(ret.line_ids.resold_qty, 1.0)
        self.assertAlmostEqual(ret.line_ids.resale_revenue, 30.0)
        self.assertAlmostEqual(ret.line_ids.resale_cost, 10.5, msg="15 written down to 70 %")
        self.assertAlmostEqual(ret.line_ids.resale_margin, 19.5)
        # a sale from the main stock is not a returned unit
        self._add_stock(kettle, 1)
        self._sell_from(self.warehouse.lot_stock_id, kettle, 1, 40.0)
        self.assertEqual(ret.line_ids.resold_qty, 1.0)
        self.assertValuationTiesOut()
        # both sales are delivered, not invoiced yet
        sales = self.env["stock.move"].search(
            [("product_id", "=", kettle.id), ("sale_line_id.order_id", "!=", order.id)]
        )
        self.assertBooksTie(in_transit={kettle: self._value_out(sales)})


@tagged("post_install", "-at_install", "revlog")
class TestAccountMassActions(RevlogAccountCommon):
    def test_credit_notes_posted_in_the_background(self):
        self.company.revlog_background_threshold = 2
        returns = self.env["revlog.return"]
        for __ in range(3):
            order = self._deliver_order([(self.product, 1, 40.0)])
            returns |= self._flow(order, {order.order_line: 1})
        self.assertEqual(set(returns.refund_move_ids.mapped("state")), {"draft"})
        action = self.env.ref("revlog_returns_account.action_revlog_post_refunds").with_user(self.accountant)
        result = action.with_context(active_model="revlog.return", active_ids=returns.ids).run()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(set(returns.refund_move_ids.mapped("state")), {"draft"}, "queued, not posted yet")
        job = self.env["revlog.mass.action"].search([], limit=1)
        self.assertEqual(job.user_id, self.accountant)
        while job.state != "done":
            self.env["revlog.mass.action"]._cron_process()
        self.assertEqual((job.done_count, job.failed_count), (3, 0))
        self.assertEqual(set(returns.refund_move_ids.mapped("state")), {"posted"})
        self.assertLedgerTiesOut(returns)
