from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged, users

from .common import RevlogCommon


@tagged("revlog")
class TestApproval(RevlogCommon):
    """Approve, override, reject, cancel, reset: who may, what is logged, what a retry does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._deliver_order([(cls.product, 4)])
        cls.late_order = cls._deliver_order([(cls.product, 1)], days_ago=60)

    @users("rl_clerk")
    def test_clerk_approves_eligible_return(self):
        ret = self._return(self.order.with_env(self.env), {self.order.order_line: 1})
        self.assertEqual(ret.name[:4], "RMA/")
        self.assertEqual(ret.user_id, self.env.user)
        review = ret.activity_ids.filtered(lambda a: a.activity_type_id.res_model == "revlog.return")
        self.assertEqual(review.user_id, self.env.user, "the responsible gets a review activity")
        self.assertEqual(review.date_deadline, ret.date_deadline)
        ret.action_approve()
        self.assertEqual(ret.state, "approved")
        self.assertTrue(ret.date_approved)
        self.assertFalse(ret.activity_ids, "approval closes the review activity")
        # a double click changes nothing
        ret.action_approve()
        self.assertEqual(ret.state, "approved")

    @users("rl_clerk")
    def test_clerk_cannot_override(self):
        ret = self._return(self.late_order.with_env(self.env), {self.late_order.order_line: 1})
        with self.assertRaisesRegex(UserError, "policy refuses 1 return"):
            ret.action_approve()
        with self.assertRaises(AccessError):
            ret.action_approve_override("The customer was in hospital.")
        self.assertEqual(ret.state, "draft")
        self.assertFalse(ret.override_reason)

    @users("rl_manager")
    def test_manager_override_is_logged(self):
        ret = self._return(self.late_order.with_env(self.env), {self.late_order.order_line: 1})
        with self.assertRaisesRegex(UserError, "Write why"):
            ret.action_approve_override("  ")
        self.assertEqual(ret.state, "draft")
        wizard = Form(
            self.env["revlog.return.decision.wizard"].with_context(
                default_return_ids=ret.ids, default_decision="approve_override"
            )
        )
        self.assertIn("60 d</td><td>refused", wizard.eligibility_html, "refused rules first, in a table")
        wizard.reason = "The customer was in hospital."
        wizard.save().action_confirm()
        self.assertEqual(ret.state, "approved")
        self.assertEqual(ret.override_reason, "The customer was in hospital.")
        log = ret.message_ids.filtered(lambda m: "against the policy" in (m.body or ""))
        self.assertEqual(len(log), 1)
        self.assertIn("The customer was in hospital.", log.body)
        self.assertIn("60 d: refused", log.body)
        self.assertEqual(log.author_id, self.env.user.partner_id)

    @users("rl_clerk")
    def test_clerk_cannot_edit_policy_or_change_it_on_a_return(self):
        policy = self.policy.with_env(self.env)
        self.assertEqual(policy.name, "Test 30 days", "clerks read policies")
        with self.assertRaises(AccessError):
            policy.return_window_days = 365
        with self.assertRaises(AccessError):
            self.env["revlog.return.policy"].create({"name": "Mine"})
        ret = self._return(self.order.with_env(self.env), {self.order.order_line: 1})
        other = self.policy.sudo().copy({"name": "Lenient"})
        with self.assertRaises(AccessError):
            ret.policy_id = other

    @users("rl_manager")
    def test_manager_edits_policy_and_picks_another(self):
        self.policy.with_env(self.env).return_window_days = 90
        ret = self._return(self.late_order.with_env(self.env), {self.late_order.order_line: 1})
        self.assertTrue(ret.eligibility_ok)
        other = self.env["revlog.return.policy"].create({"name": "Strict", "return_window_days": 1})
        ret.policy_id = other
        self.assertFalse(ret.eligibility_ok, "the trace follows the policy the manager picked")
        self.assertIn("window 1 d", ret.eligibility_trace)

    @users("rl_clerk")
    def test_reject_cancel_reset(self):
        ret = self._return(self.order.with_env(self.env), {self.order.order_line: 1})
        with self.assertRaisesRegex(UserError, "Write why"):
            ret.action_reject("")
        ret.action_reject("Outside warranty")
        self.assertEqual((ret.state, ret.reject_reason), ("rejected", "Outside warranty"))
        self.assertTrue(any("Outside warranty" in body for body in ret.message_ids.mapped("body")))
        with self.assertRaisesRegex(UserError, r"\(Rejected\) cannot become Approved"):
            ret.action_approve()
        ret.action_reset_draft()
        self.assertEqual((ret.state, ret.reject_reason), ("draft", False))
        ret.action_cancel()
        self.assertEqual(ret.state, "cancelled")
        ret.action_cancel()
        self.assertEqual(ret.state, "cancelled", "cancelling twice is harmless")

    @users("rl_clerk")
    def test_processed_returns_cannot_be_deleted(self):
        ret = self._return(self.order.with_env(self.env), {self.order.order_line: 1})
        ret.action_approve()
        with self.assertRaisesRegex(UserError, "Only draft or cancelled"):
            ret.unlink()
        ret.action_cancel()
        ret.unlink()
        self.assertFalse(ret.exists())

    def test_receive_then_states(self):
        ret = self._return(self.order, {self.order.order_line: 1})
        with self.assertRaisesRegex(UserError, r"\(Draft\) cannot become Received"):
            ret.action_receive()
        ret.action_approve()
        ret.action_receive()
        self.assertEqual(ret.state, "received")
        with self.assertRaisesRegex(UserError, r"\(Received\) cannot become Cancelled"):
            ret.action_cancel()

    def test_sequence_per_company(self):
        other_company = self.env["res.company"].create({"name": "Revlog B"})
        seq_a = self.env["ir.sequence"]._revlog_return_sequence(self.company)
        seq_b = self.env["ir.sequence"]._revlog_return_sequence(other_company)
        self.assertNotEqual(seq_a, seq_b)
        self.assertEqual(self.env["ir.sequence"]._revlog_return_sequence(other_company), seq_b)
