from datetime import datetime

from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import RevlogCommon


@tagged("revlog")
class TestOrderSeams(RevlogCommon):
    """Returns next to Odoo's own order settings: locked orders, time zones, orders changed afterwards."""

    def test_sales_users_without_returns_rights_read_orders_as_before(self):
        """Installing revlog takes nothing away: a salesperson or a sales administrator who is no Returns user
        reads and opens a returned order, and sees no returns figure rather than an error."""
        order = self._deliver_order([(self.product, 2)])
        self._return(order, {order.order_line: 1}).action_approve()
        for login, group in (("rl_sales", "sale_salesman_all_leads"), ("rl_sales_admin", "sale_manager")):
            user = new_test_user(self.env, login=login, groups=f"base.group_user,sales_team.group_{group}")
            as_user = order.with_user(user)
            values = as_user.read()[0]
            self.assertNotIn("revlog_return_count", values)
            self.assertNotIn("revlog_return_ids", values)
            self.assertEqual(Form(as_user).name, order.name)

    def test_locked_orders_stay_returnable(self):
        """With Lock Confirmed Sales every confirmed order is locked: returns go on."""
        self.env.user.groups_id += self.env.ref("sale.group_auto_done_setting")
        order = self._deliver_order([(self.product, 2)])
        self.assertTrue(order.locked, "Lock Confirmed Sales locks the order at confirmation")
        clerk_order = order.with_user(self.clerk)
        self.assertTrue(clerk_order.revlog_can_return)
        wizard = self.env["revlog.return.create.wizard"].with_user(self.clerk).create({"sale_order_id": order.id})
        wizard.line_ids.write({"reason_id": self.reason_mind.id, "quantity": 1})
        ret = self.env["revlog.return"].browse(wizard.action_create_return()["res_id"]).with_user(self.clerk)
        self.assertTrue(ret.eligibility_ok, ret.eligibility_trace)
        ret.action_approve()
        self.assertEqual(ret.state, "approved")
        # a cancelled order is the one that refuses returns
        other = self._deliver_order([(self.product, 1)])
        draft = self._return(other, {other.order_line: 1})
        other._action_cancel()
        draft._check_eligibility()
        self.assertFalse(draft.eligibility_ok)

    def test_trace_frozen_once_approved(self):
        order = self._deliver_order([(self.product, 3)])
        ret = self._return(order, {order.order_line: 1})
        ret.action_approve()
        trace = ret.eligibility_trace
        self.assertIn("policy: Test 30 days: ok", trace)
        # the order, the policy and its scope change afterwards: the approved return keeps its verdict
        self.policy.write({"return_window_days": 1, "name": "Renamed"})
        order.action_lock()
        other = self._return(order, {order.order_line: 2})
        self.assertIn("policy: Renamed: ok", other.eligibility_trace, "drafts follow the changes")
        self.assertIn("confirmed, locked: ok", other.eligibility_trace)
        order.action_unlock()
        order._action_cancel()
        self.env.flush_all()
        ret.invalidate_recordset()
        self.assertEqual(ret.eligibility_trace, trace)
        self.assertTrue(ret.eligibility_ok)

    def test_window_counts_days_in_the_company_time_zone(self):
        """Delivered at 20:00 UTC on 10 January is the morning of 11 January in Auckland (UTC+13): a 14-day
        window requested on 25 January there is 14 days, not 15."""
        self.company.partner_id.tz = "Pacific/Auckland"
        self.policy.return_window_days = 14
        order = self._deliver_order([(self.product, 1)])
        order.picking_ids.move_ids.date = datetime(2026, 1, 10, 20, 0)
        with freeze_time("2026-01-25 10:00:00"):  # 23:00 on 25 January in Auckland
            ret = self._return(order, {order.order_line: 1})
            self.assertEqual(str(ret.date_request), "2026-01-25", "the request day is Auckland's")
            self.assertEqual(
                self._trace_lines(ret, "window"),
                [f"window 14 d: {self.product.display_name} delivered 2026-01-11, requested 2026-01-25, 14 d: ok"],
            )
        # and west of UTC the same instants fall a day earlier: delivered on 10 January, requested on the 24th
        self.company.partner_id.tz = "America/Los_Angeles"
        order = self._deliver_order([(self.product, 1)])
        order.picking_ids.move_ids.date = datetime(2026, 1, 11, 6, 0)  # 22:00 on 10 January in Los Angeles
        with freeze_time("2026-01-25 07:00:00"):  # 23:00 on 24 January in Los Angeles
            ret = self._return(order, {order.order_line: 1})
            self.assertEqual(
                self._trace_lines(ret, "window"),
                [f"window 14 d: {self.product.display_name} delivered 2026-01-10, requested 2026-01-24, 14 d: ok"],
            )


@tagged("revlog")
class TestMixedReturn(RevlogCommon):
    """One return holding products of two policies: each line keeps the terms of the policy covering it."""

    def test_each_line_judged_by_its_own_policy(self):
        electronics = self._phones_policy()
        order = self._deliver_order([(self.product, 1), (self.phone, 1)], days_ago=20)
        ret = self._return(order, {order.order_line[0]: 1, order.order_line[1]: 1})
        kettle, phone = ret.line_ids
        self.assertEqual(ret.policy_id, self.policy, "return-level terms: the policy covering every line")
        self.assertEqual((kettle.policy_id, phone.policy_id), (self.policy, electronics))
        self.assertFalse(ret.eligibility_ok, "the phone is past its 14 days even if the lamp has 30")
        # within both windows the return passes, each line still carrying its own policy's terms
        fresh = self._deliver_order([(self.product, 1), (self.phone, 1)], days_ago=5)
        ret = self._return(fresh, {fresh.order_line[0]: 1, fresh.order_line[1]: 1})
        self.assertTrue(ret.eligibility_ok, ret.eligibility_trace)
        ret.action_approve()
        self.assertEqual(ret.line_ids.policy_id, self.policy | electronics)
        # frozen with the approval: a later change of scope does not move the lines
        electronics.product_category_ids = False
        electronics.sequence = 100
        ret.line_ids.invalidate_recordset()
        self.assertEqual(ret.line_ids[1].policy_id, electronics)
