from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RevlogCommon


@tagged("revlog")
class TestEligibility(RevlogCommon):
    """Each policy rule, accepted and refused, and the trace line it writes."""

    def test_window_accepted_and_refused(self):
        fresh = self._deliver_order([(self.product, 2)], days_ago=10)
        old = self._deliver_order([(self.product, 2)], days_ago=49)
        ok = self._return(fresh, {fresh.order_line: 1})
        late = self._return(old, {old.order_line: 1})
        today = self.company._revlog_today()  # both dates are days in the company's time zone
        self.assertTrue(ok.eligibility_ok)
        self.assertEqual(
            self._trace_lines(ok, "window"),
            [
                f"window 30 d: {self.product.display_name} delivered {today - timedelta(days=10)}, "
                f"requested {today}, 10 d: ok"
            ],
        )
        self.assertFalse(late.eligibility_ok)
        self.assertEqual(
            self._trace_lines(late, "window"),
            [
                f"window 30 d: {self.product.display_name} delivered {today - timedelta(days=49)}, "
                f"requested {today}, 49 d: refused"
            ],
        )
        with self.assertRaisesRegex(UserError, "49 d: refused"):
            late.action_approve()
        self.assertEqual(late.state, "draft")

    def test_window_boundary(self):
        order = self._deliver_order([(self.product, 1)], days_ago=30)
        ret = self._return(order, {order.order_line: 1})
        self.assertTrue(ret.eligibility_ok, "day 30 is inside a 30-day window")
        self.policy.return_window_days = 29
        ret._check_eligibility()
        self.assertFalse(ret.eligibility_ok, "day 30 is outside a 29-day window")

    def test_non_returnable(self):
        self.product.non_returnable = True
        order = self._deliver_order([(self.product, 1), (self.phone, 1)])
        ret = self._return(order, {order.order_line[0]: 1, order.order_line[1]: 1})
        self.assertFalse(ret.eligibility_ok)
        self.assertIn(f"non-returnable product: {self.product.display_name}: refused", ret.eligibility_trace)
        self.product.non_returnable = False
        ret._check_eligibility()
        self.assertIn("non-returnable products: none: ok", ret.eligibility_trace)
        self.assertTrue(ret.eligibility_ok)

    def test_quantity_against_returnable(self):
        order = self._deliver_order([(self.product, 3)])
        ret = self._return(order, {order.order_line: 2})
        self.assertIn(
            f"quantity: {self.product.display_name} 2 of 3 returnable (3 delivered, 0 on other returns): ok",
            ret.eligibility_trace,
        )
        second = self._return(order, {order.order_line: 1})
        self.assertIn(
            f"quantity: {self.product.display_name} 1 of 1 returnable (3 delivered, 2 on other returns): ok",
            second.eligibility_trace,
        )

    def test_quantity_refused_when_core_return_happened_meanwhile(self):
        """A return made with Odoo's own wizard after ours was drafted lowers what ours may still take."""
        order = self._deliver_order([(self.product, 2)])
        ret = self._return(order, {order.order_line: 2})
        self.assertTrue(ret.eligibility_ok)
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=order.picking_ids.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = 1
        core_return = wizard._create_return()
        core_return.move_ids.picked = True
        core_return._action_done()
        ret._check_eligibility()
        self.assertFalse(ret.eligibility_ok)
        self.assertIn("2 of 1 returnable (1 delivered, 0 on other returns): refused", ret.eligibility_trace)

    def test_cancelled_and_locked_orders(self):
        order = self._deliver_order([(self.product, 1)])
        ret = self._return(order, {order.order_line: 1})
        self.assertIn(f"order {order.name}: confirmed: ok", ret.eligibility_trace)
        # locked means "not editable" (Lock Confirmed Sales locks them all), not closed: returns go on
        order.action_lock()
        ret._check_eligibility()
        self.assertTrue(ret.eligibility_ok)
        self.assertIn(f"order {order.name}: confirmed, locked: ok", ret.eligibility_trace)
        order.action_unlock()
        order._action_cancel()
        ret._check_eligibility()
        self.assertIn(f"order {order.name}: Cancelled, not a confirmed order: refused", ret.eligibility_trace)

    def test_customer_must_match_order(self):
        order = self._deliver_order([(self.product, 1)])
        ret = self._return(order, {order.order_line: 1}, partner_id=self.other_customer.id)
        self.assertFalse(ret.eligibility_ok)
        self.assertIn("customer: Bob Other, order placed by Ada Customer: refused", ret.eligibility_trace)
        contact = self.env["res.partner"].create({"name": "Ada's assistant", "parent_id": self.customer.id})
        ret.partner_id = contact
        ret._check_eligibility()
        self.assertIn("customer: Ada Customer, order placed by Ada Customer: ok", ret.eligibility_trace)

    def test_returns_per_customer(self):
        self.policy.write({"max_returns_per_partner": 2, "returns_period_days": 30})
        order = self._deliver_order([(self.product, 5)])
        first, second = (self._return(order, {order.order_line: 1}) for __ in range(2))
        self.assertIn("returns per customer: 2 in 30 d (this one included), at most 2: ok", second.eligibility_trace)
        third = self._return(order, {order.order_line: 1})
        self.assertFalse(third.eligibility_ok)
        self.assertIn(
            "returns per customer: 3 in 30 d (this one included), at most 2: refused", third.eligibility_trace
        )
        # returns outside the period do not count
        (first | second).date_request = self.company._revlog_today() - timedelta(days=31)
        third._check_eligibility()
        self.assertTrue(third.eligibility_ok)

    def test_no_policy(self):
        self.policy.active = False
        order = self._deliver_order([(self.product, 2)])
        ret = self._return(order, {order.order_line: 1})
        self.assertFalse(ret.policy_id)
        self.assertFalse(ret.eligibility_ok)
        self.assertIn("policy: none applies", ret.eligibility_trace)
        # the company's default policy applies when no scope matches
        self.policy.active = True
        self.policy.product_category_ids = self.categ_phones
        self.company.revlog_default_policy_id = self.policy
        other = self._return(order, {order.order_line: 1})
        self.assertEqual(other.policy_id, self.policy)

    def test_policy_scope_order(self):
        phones = self.env["revlog.return.policy"].create(
            {
                "name": "Phones 14 days",
                "sequence": 0,
                "company_id": self.company.id,
                "product_category_ids": [self.categ_phones.id],
                "return_window_days": 14,
                "sla_days": 3,
            }
        )
        tagged = self.env["revlog.return.policy"].create(
            {
                "name": "VIP",
                "sequence": -1,
                "company_id": self.company.id,
                "partner_category_ids": [self.env["res.partner.category"].create({"name": "VIP"}).id],
            }
        )
        order = self._deliver_order([(self.product, 3), (self.phone, 3)], days_ago=20)
        phone_return = self._return(order, {order.order_line[1]: 1})
        mixed_return = self._return(order, {order.order_line[0]: 1, order.order_line[1]: 1})
        self.assertEqual(phone_return.policy_id, phones)
        self.assertEqual(phone_return.date_deadline, phone_return.date_request + timedelta(days=3))
        self.assertIn("window 14 d", phone_return.eligibility_trace)
        self.assertFalse(phone_return.eligibility_ok)
        self.assertEqual(mixed_return.policy_id, self.policy, "a kettle is outside the phones policy's scope")
        # ...but the phone in it keeps the terms of the policy covering phones: no line escapes its window
        self.assertEqual(mixed_return.line_ids.policy_id, self.policy | phones)
        self.assertFalse(mixed_return.eligibility_ok)
        self.assertIn(f"policy of {self.phone.display_name}: Phones 14 days: ok", mixed_return.eligibility_trace)
        self.assertRegex(
            mixed_return.eligibility_trace, rf"window 14 d: {self.phone.display_name} delivered .* 20 d: refused"
        )
        self.assertRegex(
            mixed_return.eligibility_trace, rf"window 30 d: {self.product.display_name} delivered .* 20 d: ok"
        )
        self.customer.category_id = tagged.partner_category_ids
        vip_return = self._return(order, {order.order_line[0]: 1})
        self.assertEqual(vip_return.policy_id, tagged)

    def test_auto_approve_within_amount(self):
        self.policy.write({"auto_approve": True, "auto_approve_max_amount": 100})
        order = self._deliver_order([(self.product, 5, 40.0)])
        small = self._return(order, {order.order_line: 2})
        self.assertEqual(small.state, "approved", "80 is within the 100 auto-approval limit")
        self.assertTrue(any("Approved automatically" in body for body in small.message_ids.mapped("body")))
        over = self._return(order, {order.order_line: 3})
        self.assertEqual(over.state, "draft", "120 is over the 100 auto-approval limit")
        self.company.revlog_auto_approve = False
        over.action_cancel()
        off = self._return(order, {order.order_line: 1})
        self.assertEqual(off.state, "draft", "the company switch turns auto-approval off")
        late = self._deliver_order([(self.product, 1, 40.0)], days_ago=40)
        self.company.revlog_auto_approve = True
        refused = self._return(late, {late.order_line: 1})
        self.assertEqual(refused.state, "draft", "a return the policy refuses is never auto-approved")


@tagged("revlog")
class TestPolicyDryRun(RevlogCommon):
    def test_a_policy_change_rereads_the_drafts(self):
        """The trace a clerk opens tells of the policy of now, without Check Eligibility."""
        order = self._deliver_order([(self.product, 1)], days_ago=30)
        ret = self._return(order, {order.order_line: 1})
        self.assertTrue(ret.eligibility_ok)
        self.policy.with_user(self.manager).return_window_days = 29
        self.assertFalse(ret.eligibility_ok)
        self.assertIn("window 29 d", ret.eligibility_trace)
        self.assertIn("Approve against the Policy", ret.action_open_override_wizard()["name"], "the dialog's title")

    def test_dry_run_on_last_delivered_lines_in_scope(self):
        phones = self.env["revlog.return.policy"].create(
            {
                "name": "Phones 14 days",
                "sequence": 5,
                "company_id": self.company.id,
                "product_category_ids": [self.categ_phones.id],
                "return_window_days": 14,
            }
        )
        recent = self._deliver_order([(self.phone, 1)], days_ago=3)
        old = self._deliver_order([(self.phone, 1)], days_ago=20)
        self._deliver_order([(self.product, 1)])  # outside the phones scope
        action = phones.with_user(self.manager).action_dry_run()
        dry_run = self.env[action["res_model"]].browse(action["res_id"])
        by_order = {line.order_id: line for line in dry_run.line_ids}
        self.assertLessEqual({recent, old}, set(by_order))
        self.assertNotIn(self.product, dry_run.line_ids.product_id, "only lines in the policy's scope")
        self.assertEqual(by_order[recent].applied_policy_name, self.policy.name, "the test policy comes first")
        self.assertFalse(by_order[recent].applies)
        self.policy.sequence = 50
        dry_run.action_run()
        by_order = {line.order_id: line for line in dry_run.line_ids}
        self.assertTrue(by_order[recent].applies and by_order[recent].eligible)
        self.assertEqual(by_order[recent].verdict, "Accepted")
        self.assertFalse(by_order[old].eligible)
        self.assertEqual(by_order[old].verdict, "Refused")
        self.assertIn("window 14 d", by_order[old].refusal, "the rule that refuses, in words")
        self.assertIn("20 d: refused", by_order[old].trace)
        self.assertLessEqual(len(dry_run.line_ids), 50)
        # the headline counts the rows below it
        self.assertEqual(dry_run.line_count, len(dry_run.line_ids))
        self.assertEqual(dry_run.applies_count, len(dry_run.line_ids.filtered("applies")))
        self.assertFalse(
            self.env["revlog.return"].search([("sale_order_id", "in", (recent | old).ids)]), "a dry run saves no return"
        )
        # the form's unsaved values: a 30-day window accepts the old one too, and nothing is written
        action = phones.with_user(self.manager).action_dry_run({"return_window_days": 30, "sequence": 0})
        dry_run = self.env[action["res_model"]].browse(action["res_id"])
        by_order = {line.order_id: line for line in dry_run.line_ids}
        self.assertTrue(by_order[old].applies and by_order[old].eligible, by_order[old].trace)
        self.assertIn("window 30 d", by_order[old].trace)
        self.assertEqual((phones.return_window_days, phones.sequence), (14, 5), "the policy is unchanged")
        # and a policy not saved yet
        action = (
            self.env["revlog.return.policy"]
            .with_user(self.manager)
            .action_dry_run({"name": "Draft policy", "return_window_days": 1, "sequence": -1})
        )
        dry_run = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(dry_run.policy_name, "Draft policy")
        self.assertTrue(dry_run.line_ids)
        self.assertTrue(all(line.applied_policy_name == "Draft policy" for line in dry_run.line_ids))
        self.assertFalse(self.env["revlog.return.policy"].search([("name", "=", "Draft policy")]))

    def test_clerk_cannot_run_a_dry_run(self):
        with self.assertRaises(AccessError):
            self.policy.with_user(self.clerk).action_dry_run()
