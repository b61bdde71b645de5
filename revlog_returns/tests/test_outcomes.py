from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import InspectionCommon


@tagged("revlog")
class TestOutcomes(InspectionCommon):
    """The outcome measures of returns, from their own dates, and the dashboard that reads them."""

    def _dated_return(self, created, approved=None, received=None, graded=None, released=None, deadline=None):
        """A return whose steps happened at the given datetimes (written as the workflow would)."""
        order = self._deliver_order([(self.product, 1)])
        ret = self._return(order, {order.order_line: 1})
        self.env.cr.execute("UPDATE revlog_return SET create_date = %s WHERE id = %s", [created, ret.id])
        ret.invalidate_recordset(["create_date"])
        ret.modified(["create_date"])
        ret.sudo().write(
            {
                "date_approved": approved,
                "date_received": received,
                "date_graded": graded,
                "date_released": released,
                "date_deadline": deadline,
                "state": "done" if released else "draft",
            }
        )
        return ret

    def test_release_speed_and_service_level_from_the_returns_own_dates(self):
        ret = self._dated_return(
            datetime(2025, 3, 1, 9),
            approved=datetime(2025, 3, 2, 9),
            received=datetime(2025, 3, 4, 21),
            graded=datetime(2025, 3, 5, 9),
            released=datetime(2025, 3, 7, 9),
            deadline=date(2025, 3, 8),
        )
        self.assertEqual(
            (ret.days_to_approve, ret.days_to_receive, ret.days_to_grade, ret.days_to_release), (1.0, 3.5, 4.0, 6.0)
        )
        self.assertTrue(ret.sla_met)
        self.assertEqual((ret.released_count, ret.sla_met_count), (1, 1))
        ret.sudo().date_deadline = date(2025, 3, 6)
        self.assertFalse(ret.sla_met, "released a day after its deadline")
        self.assertEqual(ret.line_ids.days_to_release, 6.0, "on its lines too, for breakdowns")

    def test_the_workflow_dates_each_step(self):
        order = self._deliver_order([(self.product, 1)])
        ret = self._return(order, {order.order_line: 1})
        ret.with_user(self.clerk).action_approve()
        self.assertTrue(ret.date_approved)
        self.assertEqual(ret.line_ids.qty_approved, 1.0)
        self.assertFalse(ret.date_received)
        self._receive(ret)
        self.assertTrue(ret.date_received)
        ret.line_ids.action_inspect()
        ret.line_ids.inspection_id.answer_ids.write({"passed": True})
        ret.line_ids.inspection_id.action_done()
        self.assertTrue(ret.date_graded)
        self.assertEqual(ret.state, "inspected")
        ret.with_user(self.clerk).action_close()
        self.assertTrue(ret.date_released)
        self.assertTrue(ret.sla_met, "closed the day it was requested")
        with self.assertRaises(AccessError):
            ret.with_user(self.clerk).write({"date_released": False})

    def test_dashboard_reads_the_measures_against_the_targets(self):
        self.company.write({"revlog_target_release_days": 5, "revlog_target_sla_percent": 90})
        fast = self._dated_return(
            datetime(2025, 3, 1, 9),
            approved=datetime(2025, 3, 1, 10),
            released=datetime(2025, 3, 3, 9),
            deadline=date(2025, 3, 8),
        )
        slow = self._dated_return(
            datetime(2025, 3, 1, 9),
            approved=datetime(2025, 3, 1, 10),
            released=datetime(2025, 3, 11, 9),
            deadline=date(2025, 3, 8),
        )
        (fast | slow).write({"date_request": date(2025, 3, 1)})
        open_one = self._dated_return(datetime(2025, 3, 2, 9))
        open_one.date_request = date(2025, 3, 2)
        slow.line_ids.reason_id = self.reason_mind
        slow.to_review = True
        data = self.env["revlog.dashboard"].with_user(self.manager).get_dashboard_data("2025-03-01", "2025-03-31")
        kpis = {kpi["key"]: kpi for kpi in data["kpis"]}
        self.assertEqual(kpis["returns"]["value"], 3)
        self.assertEqual(kpis["flagged"]["value"], 1)
        self.assertEqual(self.env["revlog.return"].search(kpis["flagged"]["action"]["domain"]), slow)
        self.assertEqual(kpis["days_to_release"]["value"], 6.0, "(2 + 10) / 2, open returns left out")
        self.assertFalse(kpis["days_to_release"]["ok"], "target at most 5 days")
        self.assertEqual(kpis["sla"]["value"], 50.0)
        self.assertFalse(kpis["sla"]["ok"])
        # each figure opens the records behind it
        late = self.env["revlog.return"].search(kpis["sla"]["action"]["domain"])
        self.assertEqual(late, slow)
        reasons = {row["name"]: row for row in data["breakdowns"][0]["rows"]}
        self.assertEqual(reasons["Changed mind"]["days_to_release"], 10.0)
        self.assertEqual(reasons["Damaged"]["count"], 2)
        self.assertEqual(reasons["Damaged"]["sla"], 100.0)
        self.assertEqual(
            self.env["revlog.return.line"].search(reasons["Changed mind"]["action"]["domain"]), slow.line_ids
        )
        self.assertEqual([(p["period"], p["count"], p["released"]) for p in data["series"]], [("2025-03-01", 3, 2)])
        # counts read whole, and a line nobody inspected reads so, not "None"
        self.assertEqual((kpis["returns"]["digits"], kpis["returns"]["monetary"]), (0, False))
        inspectors = [row["name"] for row in next(b for b in data["breakdowns"] if b["key"] == "inspector_id")["rows"]]
        self.assertEqual(inspectors, ["Not inspected yet"])
        self.assertEqual(data["currency"]["id"], self.company.currency_id.id)
        with self.assertRaises(AccessError):
            self.env["revlog.dashboard"].with_user(self.clerk).get_dashboard_data()
        # a clerk measures their own returns
        (fast | slow).user_id = self.clerk
        mine = (
            self.env["revlog.return"]
            .with_user(self.clerk)
            ._read_group([("user_id", "=", self.clerk.id), ("date_released", "!=", False)], [], ["days_to_release:avg"])
        )
        self.assertEqual(mine, [(6.0,)])

    def test_return_rate_by_product_and_reason(self):
        order = self._deliver_order([(self.product, 10), (self.phone, 4)])
        kettle, phone = order.order_line
        self._return(order, {kettle: 2}, self.reason_mind)
        self._return(order, {kettle: 1, phone: 1}, self.reason_damaged)
        rejected = self._return(order, {phone: 1}, self.reason_mind)
        rejected.action_reject("Outside policy")
        Report = self.env["revlog.return.rate.report"]
        rates = {
            product: (delivered, returned)
            for product, delivered, returned in Report._read_group(
                [("product_id", "in", (self.product | self.phone).ids)],
                ["product_id"],
                ["qty_delivered:sum", "qty_returned:sum"],
            )
        }
        self.assertEqual(rates[self.product], (10.0, 3.0))
        self.assertEqual(rates[self.phone], (4.0, 1.0), "a rejected return takes nothing back")
        by_reason = dict(
            Report._read_group([("product_id", "=", self.product.id)], ["reason_id"], ["qty_returned:sum"])
        )
        self.assertEqual(by_reason[self.reason_mind], 2.0)
        self.assertEqual(by_reason[self.reason_damaged], 1.0)
        data = self.env["revlog.dashboard"].with_user(self.manager).get_dashboard_data()
        rate = next(kpi for kpi in data["kpis"] if kpi["key"] == "return_rate")
        delivered, returned = Report._read_group(
            [("date", ">=", data["date_from"]), ("date", "<=", data["date_to"])],
            [],
            ["qty_delivered:sum", "qty_returned:sum"],
        )[0]
        self.assertAlmostEqual(rate["value"], round(100.0 * returned / delivered, 2))
