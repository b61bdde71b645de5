from odoo.tests import HttpCase, tagged

from .common import RevlogAccountCommon


@tagged("post_install", "-at_install", "revlog")
class TestAccountantTour(RevlogAccountCommon, HttpCase):
    def test_accountant_reviews_and_posts_the_credit_note(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._flow(order, {order.order_line: 1})
        refund = ret.refund_move_ids
        self.assertEqual(refund.state, "draft")
        action = self.env.ref("revlog_returns_account.revlog_credit_note_action")
        self.start_tour(f"/web#action={action.id}", "revlog_accountant_tour", login="rl_accountant")
        self.assertEqual(refund.state, "posted")
        self.assertAlmostEqual(ret.refund_amount, 40.0)
        self.assertLedgerTiesOut(ret)
