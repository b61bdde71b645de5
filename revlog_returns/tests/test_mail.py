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
        ret = self._return(self.order, {self.order.order_line: 1}).with_user(self.clerk)
        (requested,) = self._mails(ret)
        self.assertEqual(requested.subject, f"We received your return request {ret.name}")
        self.assertEqual(requested.recipient_ids, self.customer)
        self.assertIn("1 × Kettle", requested.body_html)
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
        # and the mails are in the return's chatter, sent by the step
        self.assertEqual(len(ret.message_ids.filtered(lambda m: ret.name in (m.subject or ""))), 3)

    def test_rejection_mail_gives_the_reason_and_switches_off(self):
        ret = self._return(self.order, {self.order.order_line: 1})
        ret.action_reject("The kettle was used for tea parties.")
        rejected = self._mails(ret)[-1]
        self.assertIn("The kettle was used for tea parties.", rejected.body_html)
        self.company.write({"revlog_mail_requested": False, "revlog_mail_approved": False})
        quiet = self._return(self.order, {self.order.order_line: 1})
        quiet.action_approve()
        self.assertFalse(self._mails(quiet), "switched off in Settings: no mail")
