from odoo import Command
from odoo.tests import tagged

from .common import RevlogCommon


@tagged("revlog")
class TestCustomerMails(RevlogCommon):
    """The customer hears from each step of their return: one mail each, queued with the right content,
    switchable per company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "revlog_mail_requested": True,
                "revlog_mail_approved": True,
                "revlog_mail_received": True,
                "revlog_mail_rejected": True,
            }
        )
        cls.order = cls._deliver_order([(cls.product, 3)])

    def _mails(self, ret):
        return self.env["mail.mail"].search([("model", "=", "revlog.return"), ("res_id", "=", ret.id)], order="id")

    def test_each_step_queues_its_mail(self):
        drafted = self._return(self.order, {self.order.order_line: 1})
        self.assertFalse(self._mails(drafted), "only a request the customer made is acknowledged")
        # the customer asked for it (the portal does so): they hear the request was received
        ret = (
            self.env["revlog.return"]
            .with_context(revlog_customer_request=True)
            .create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": self.order.id,
                    "user_id": self.clerk.id,
                    "line_ids": [
                        Command.create(
                            {"sale_line_id": self.order.order_line.id, "quantity": 1, "reason_id": self.reason_mind.id}
                        )
                    ],
                }
            )
        )
        ret = ret.with_user(self.clerk)
        (requested,) = self._mails(ret)
        self.assertEqual(requested.subject, f"We received your return request {ret.name}")
        self.assertEqual(requested.recipient_ids, self.customer, "the customer, not the clerk following it")
        self.assertIn("1 × Kettle", requested.body_html)
        self.assertIn(self.clerk.partner_id, ret.message_partner_ids)
        ret.action_approve()
        approved = self._mails(ret)[1:]
        self.assertEqual(len(approved), 1)
        self.assertIn("is approved: send it back", approved.subject)
        self.assertEqual(len(approved.attachment_ids), 1)
        slip = f"Return slip - {ret.name.replace('/', '-')}"
        self.assertTrue(approved.attachment_ids.name.startswith(slip), "the slip is attached")
        ret.action_receive()
        received = self._mails(ret)[2:]
        self.assertEqual(received.subject, f"We received your return {ret.name}")
        self.assertIn("arrived", received.body_html)
        # and the mails are in the return's chatter, sent by the step, to the customer alone
        customer_mails = ret.message_ids.filtered(lambda m: ret.name in (m.subject or ""))
        self.assertEqual(len(customer_mails), 3)
        self.assertFalse(
            self.env["mail.notification"].search(
                [("mail_message_id", "in", customer_mails.ids), ("res_partner_id", "=", self.clerk.partner_id.id)]
            ),
            "no copy for the clerk",
        )
        self.assertEqual(self._mails(ret).recipient_ids, self.customer)

    def test_a_draft_a_clerk_saves_mails_nobody(self):
        form_vals = {"partner_id": self.customer.id}
        draft = self.env["revlog.return"].with_user(self.clerk).create(form_vals)
        self.assertEqual(draft.state, "draft")
        self.assertFalse(self._mails(draft))

    def test_rejection_mail_gives_the_reason_and_switches_off(self):
        ret = self._return(self.order, {self.order.order_line: 1})
        ret.action_reject("The kettle was used for tea parties.")
        rejected = self._mails(ret)[-1]
        self.assertIn("The kettle was used for tea parties.", rejected.body_html)
        self.company.write({"revlog_mail_requested": False, "revlog_mail_approved": False})
        quiet = self._return(self.order, {self.order.order_line: 1})
        quiet.action_approve()
        self.assertFalse(self._mails(quiet), "switched off in Settings: no mail")
