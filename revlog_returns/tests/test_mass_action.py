from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import format_date

from .common import RevlogCommon


@tagged("revlog")
class TestMassActions(RevlogCommon):
    """A mass action on a large selection runs in the background, in chunks, as the user who started it; a
    refused record is skipped and flagged, the others go on; running it again is harmless."""

    def _drafts(self, count):
        order = self._deliver_order([(self.product, count)])
        sol = order.order_line
        return self.env["revlog.return"].create(
            [
                {
                    "partner_id": order.partner_id.id,
                    "sale_order_id": order.id,
                    "line_ids": [
                        Command.create({"sale_line_id": sol.id, "quantity": 1, "reason_id": self.reason_damaged.id})
                    ],
                }
                for __ in range(count)
            ]
        )

    def _list_action(self, xmlid, records, user):
        action = self.env.ref(xmlid).with_user(user)
        return action.with_context(active_model=records._name, active_ids=records.ids, active_id=records[:1].id).run()

    def test_a_large_selection_is_approved_in_the_background(self):
        self._without_customer_mails()
        self.company.revlog_background_threshold = 100
        returns = self._drafts(1000)
        refused = returns[500]
        # a return the policy refuses: its customer is not the order's
        refused.partner_id = self.other_customer
        self._settle()
        queries = self.env.cr.sql_log_count
        result = self._list_action("revlog_returns.action_revlog_mass_approve", returns, self.clerk)
        self._settle()
        started_with = self.env.cr.sql_log_count - queries
        self.assertLess(started_with, 60, "starting it queues the work, nothing more")
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(set(returns.mapped("state")), {"draft"}, "nothing approved during the request")
        job = self.env["revlog.mass.action"].search([], limit=1)
        self.assertEqual((job.user_id, job.total_count, job.state), (self.clerk, 1000, "queued"))
        self.assertEqual(
            job.with_user(self.clerk).search([("id", "=", job.id)]), job, "the clerk follows their own action"
        )
        chunks = 0
        while job.state != "done":
            self.env["revlog.mass.action"]._cron_process()
            chunks += 1
            if chunks == 1:
                self.assertEqual((job.state, job.done_count), ("running", 100))
                self.assertEqual(job.progress, 10.0)
        self.assertEqual(chunks, 10)
        self.assertEqual((job.done_count, job.failed_count), (999, 1))
        self.assertEqual(set((returns - refused).mapped("state")), {"approved"})
        self.assertEqual(refused.state, "draft")
        self.assertTrue(refused.to_review)
        self.assertIn("refused", refused.review_note)
        self.assertIn(refused.name, job.error_log)
        self._settle()
        self.assertIn(self.clerk.partner_id, returns[0].message_ids.author_id, "approved as the clerk")
        notifications = self.env["bus.bus"].search([("channel", "like", f'"res.partner",{self.clerk.partner_id.id}]')])
        self.assertTrue(any("999 done, 1 refused" in n.message for n in notifications))
        # the same action again: what is approved stays so, the refused one is refused again, nothing twice
        self._list_action("revlog_returns.action_revlog_mass_approve", returns, self.clerk)
        again = self.env["revlog.mass.action"].search([], limit=1)
        while again.state != "done":
            self.env["revlog.mass.action"]._cron_process()
        self.assertEqual((again.done_count, again.failed_count), (999, 1))
        self.assertEqual(len(returns.filtered(lambda r: r.state == "approved")), 999)

    def test_a_small_selection_runs_at_once(self):
        self.company.revlog_background_threshold = 100
        returns = self._drafts(3)
        result = self._list_action("revlog_returns.action_revlog_mass_approve", returns, self.clerk)
        self.assertFalse(result)
        self.assertEqual(set(returns.mapped("state")), {"approved"})
        self.assertFalse(self.env["revlog.mass.action"].search([]))

    def test_a_small_selection_approves_what_the_policy_accepts(self):
        """Below the threshold as above it: the accepted are approved, the refused one is flagged and named to the
        user with the rule, its dates in the user's format."""
        self._without_customer_mails()
        self.company.revlog_background_threshold = 100
        returns = self._drafts(2)
        late_order = self._deliver_order([(self.product, 1)], days_ago=45)
        late = self._return(late_order, {late_order.order_line: 1}, reason=self.reason_damaged)
        self.assertFalse(late.eligibility_ok)
        result = self._list_action("revlog_returns.action_revlog_mass_approve", returns | late, self.clerk)
        self.assertEqual(set(returns.mapped("state")), {"approved"})
        self.assertEqual(late.state, "draft")
        self.assertTrue(late.to_review)
        self.assertIn("refused", late.review_note)
        params = result["params"]
        self.assertEqual((result["tag"], params["type"]), ("display_notification", "warning"))
        self.assertIn("2 done, 1 refused", params["title"])
        self.assertIn(late.name, params["message"])
        delivered = late_order.picking_ids.move_ids[:1].date.date()
        self.assertIn(format_date(self.env(user=self.clerk), delivered), params["message"])
        self.assertNotIn(delivered.isoformat(), params["message"], "dates read as on the screen, not ISO")
        self.assertFalse(self.env["revlog.mass.action"].search([]))

    def test_background_actions_stay_in_their_company(self):
        self._without_customer_mails()
        self.company.revlog_background_threshold = 1
        returns = self._drafts(2)
        self._list_action("revlog_returns.action_revlog_mass_approve", returns, self.clerk)
        job = self.env["revlog.mass.action"].search([], limit=1)
        self.assertEqual(job.company_id, self.company)
        company_b = self.env["res.company"].create({"name": "Revlog B"})
        manager_b = new_test_user(
            self.env,
            login="rl_manager_b",
            company_id=company_b.id,
            company_ids=[company_b.id],
            groups="base.group_user,revlog_returns.group_returns_manager,sales_team.group_sale_salesman",
        )
        self.assertFalse(self.env["revlog.mass.action"].with_user(manager_b).search([]))
        self.assertEqual(self.env["revlog.mass.action"].with_user(self.manager).search([]), job)
