from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import RevlogTestMixin


@tagged("post_install", "-at_install", "revlog")
class TestTours(RevlogTestMixin, HttpCase):
    """The clerk and the administrator do their part in a real browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_revlog()
        cls.policy.name = "Tour policy"
        cls.env["revlog.return.reason"].create({"name": "Tour reason", "code": "TOUR"})
        cls.order = cls._deliver_order([(cls.product, 2)], days_ago=10)

    def test_clerk_returns_and_approves(self):
        self.start_tour(
            f"/web#model=sale.order&id={self.order.id}&view_type=form", "revlog_clerk_tour", login="rl_clerk"
        )
        ret = self.order.revlog_return_ids
        self.assertEqual(len(ret), 1)
        self.assertEqual(ret.state, "approved")
        self.assertEqual(ret.line_ids.quantity, 1.0, "what the clerk typed")
        self.assertEqual(ret.line_ids.reason_id.code, "TOUR")
        self.assertEqual(ret.create_uid.login, "rl_clerk")

    def test_admin_edits_policy_and_dry_runs(self):
        action = self.env.ref("revlog_returns.revlog_return_policy_action")
        self.start_tour(f"/web#action={action.id}", "revlog_admin_tour", login="rl_manager")
        self.assertEqual(self.policy.return_window_days, 30, "a dry run saves nothing")

    def test_manager_moves_the_request_date(self):
        self.company.partner_id.tz = "UTC"  # the headless browser's days
        self.order.date_order = fields.Datetime.now() - timedelta(days=20)
        ret = self._return(self.order, {self.order.order_line: 1})
        today = ret.date_request
        self.start_tour(
            f"/web#model=revlog.return&id={ret.id}&view_type=form", "revlog_manager_date_tour", login="rl_manager"
        )
        self.assertLess(ret.date_request, today)
        self.assertTrue(ret.message_ids.filtered(lambda m: "The customer called on Sunday" in (m.body or "")))

    def test_clerk_approves_a_selection_from_the_list(self):
        returns = self.env["revlog.return"].concat(
            *(self._return(self.order, {self.order.order_line: 1}) for __ in range(2))
        )
        action = self._list_action(returns)
        self.start_tour(f"/web#action={action.id}", "revlog_clerk_list_tour", login="rl_clerk")
        self.assertEqual(returns.mapped("state"), ["approved", "approved"])

    def test_clerk_kanban_counts_late_returns(self):
        late_customer = self.env["res.partner"].create({"name": "Late customer"})
        late_order = self._deliver_order([(self.product, 1)], partner=late_customer)
        late = self._return(late_order, {late_order.order_line: 1})
        on_time = self._return(self.order, {self.order.order_line: 1})
        late.date_deadline = fields.Date.context_today(late) - timedelta(days=3)
        self.assertEqual((late.deadline_state, on_time.deadline_state), ("late", "on_time"))
        action = self._list_action(late | on_time)
        action.view_mode = "kanban,list,form"
        self.start_tour(f"/web#action={action.id}", "revlog_clerk_kanban_tour", login="rl_clerk")

    def test_manager_reviews_the_dashboard(self):
        # every return within its deadline, or the card says the target is missed
        self.company.revlog_target_sla_percent = 100
        reason = self.env["revlog.return.reason"].create({"name": "Dashboard reason", "code": "DASH"})
        late_customer = self.env["res.partner"].create({"name": "Late Larry"})
        order = self._deliver_order([(self.product, 1)], partner=late_customer)
        ret = self._return(order, {order.order_line: 1}, reason)
        ret.action_approve()
        # released today (however the warehouse addons get it there), its deadline was yesterday
        ret._action_done()
        ret.sudo().date_deadline = self.company._revlog_today() - timedelta(days=1)
        action = self.env.ref("revlog_returns.revlog_dashboard_action")
        self.start_tour(f"/web#action={action.id}", "revlog_manager_dashboard_tour", login="rl_manager")
