from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import RevlogStockCommon


@tagged("revlog")
class TestStockOutcomes(RevlogStockCommon):
    """Inventory accuracy (received against approved, serials) and the units waiting in the returns locations."""

    def test_received_short_is_not_accurate(self):
        order = self._deliver_order([(self.product, 3)])
        ret = self._return(order, {order.order_line: 3})
        ret.action_approve()
        self._process_backorder(self._receive(ret, quantities={ret.line_ids: 2}), backorder=False)
        line = ret.line_ids
        self.assertEqual((line.qty_approved, line.quantity, line.qty_received), (3.0, 2.0, 2.0))
        self.assertEqual(line.qty_variance, -1.0, "one unit approved never came")
        self.assertFalse(ret.accuracy_ok)
        exact = self._return(order, {order.order_line: 1})
        exact.action_approve()
        self._receive(exact)
        self.assertTrue(exact.accuracy_ok)
        self.assertEqual(exact.line_ids.qty_variance, 0.0)

    def test_a_serial_flagged_on_receipt_is_a_mismatch(self):
        self.policy.require_lot_match = False
        order = self._deliver_serials(self.serials[:1])
        ret = self._return(order, {order.order_line: 1})
        ret.action_approve()
        self._receive(ret, lots={ret.line_ids: self.serials[3]})
        self.assertTrue(ret.to_review)
        self.assertTrue(ret.line_ids.lot_mismatch)
        self.assertFalse(ret.accuracy_ok)
        data = self.env["revlog.dashboard"].with_user(self.manager).get_dashboard_data()
        kpis = {kpi["key"]: kpi for kpi in data["kpis"]}
        self.assertGreaterEqual(kpis["lot_mismatches"]["value"], 1)
        self.assertIn(ret, self.env["revlog.return"].search(kpis["lot_mismatches"]["action"]["domain"]))

    def test_units_waiting_too_long_are_listed_for_the_warehouse(self):
        self.company.revlog_dwell_days = 5
        order = self._deliver_order([(self.product, 2)])
        ret = self._return(order, {order.order_line: 2})
        ret.action_approve()
        self._receive(ret)
        Quant = self.env["stock.quant"]
        waiting = Quant.search(Quant._revlog_waiting_domain())
        inspection = self.warehouse.revlog_inspection_loc_id
        mine = waiting.filtered(lambda q: q.location_id == inspection and q.product_id == self.product)
        self.assertEqual(sum(mine.mapped("quantity")), 2.0)
        action = Quant.with_user(self.warehouse_user).action_revlog_waiting_too_long()
        self.assertFalse(Quant.search(action["domain"]).filtered(lambda q: q.product_id == self.product))
        # the parcel was received a week ago and nobody inspected it
        quant = waiting.filtered(lambda q: q.product_id == self.product)
        self.env.cr.execute(
            "UPDATE stock_quant SET in_date = %s WHERE id IN %s",
            [fields.Datetime.now() - timedelta(days=7), tuple(quant.ids)],
        )
        quant.invalidate_recordset(["in_date"])
        action = Quant.with_user(self.warehouse_user).action_revlog_waiting_too_long()
        listed = Quant.with_user(self.warehouse_user).search(action["domain"])
        self.assertIn(quant, listed)
        self.assertGreaterEqual(quant.revlog_dwell_days, 7.0)
        data = self.env["revlog.dashboard"].with_user(self.manager).get_dashboard_data()
        kpis = {kpi["key"]: kpi for kpi in data["kpis"]}
        self.assertGreaterEqual(kpis["units_waiting_too_long"]["value"], 2.0)
        self.assertGreater(kpis["dwell_days"]["value"], 0.0)
        self.assertIsNone(kpis["units_waiting_too_long"]["action"], "the manager has no inventory rights to open")
        warehouses = next(b for b in data["breakdowns"] if b["key"] == "warehouse_id")
        self.assertIn(self.warehouse.display_name, [row["name"] for row in warehouses["rows"]])
        self.manager.groups_id += self.env.ref("stock.group_stock_user")
        data = self.env["revlog.dashboard"].with_user(self.manager).get_dashboard_data()
        kpis = {kpi["key"]: kpi for kpi in data["kpis"]}
        self.assertTrue(kpis["units_waiting_too_long"]["action"])
        self.assertEqual(kpis["units_waiting"]["action"]["name"], "Units Waiting in Returns Locations")
        self.assertEqual(kpis["units_waiting"]["digits"], 0, "units are counted whole")


@tagged("revlog")
class TestStockMassActions(RevlogStockCommon):
    def test_receipts_validated_in_the_background_one_refused_is_flagged(self):
        self.company.revlog_background_threshold = 2
        orders = [self._deliver_order([(self.product, 1)]) for __ in range(3)]
        phones = self._deliver_serials(self.serials[:1])
        returns = self.env["revlog.return"].concat(
            *(self._return(order, {order.order_line: 1}) for order in [*orders, phones])
        )
        returns.action_approve()
        # the serial phone's receipt was withdrawn: nothing is left to receive on that return
        returns[3].receipt_picking_ids.with_context(revlog_stopping=True).action_cancel()
        action = self.env.ref("revlog_returns_stock.action_revlog_mass_validate_receipts").with_user(
            self.warehouse_user
        )
        result = action.with_context(active_model="revlog.return", active_ids=returns.ids).run()
        self.assertEqual(result["tag"], "display_notification")
        job = self.env["revlog.mass.action"].search([], limit=1)
        while job.state != "done":
            self.env["revlog.mass.action"]._cron_process()
        self.assertEqual((job.done_count, job.failed_count), (3, 1))
        self.assertEqual(returns[:3].mapped("state"), ["received"] * 3)
        phone_return = returns[3]
        self.assertEqual(phone_return.state, "approved")
        self.assertTrue(phone_return.to_review)
        self.assertIn(phone_return.name, job.error_log)
