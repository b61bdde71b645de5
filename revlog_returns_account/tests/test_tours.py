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

    def test_accountant_posts_a_selection_from_the_list(self):
        orders = self._deliver_order([(self.product, 1, 40.0)]) | self._deliver_order([(self.product, 1, 40.0)])
        returns = self.env["revlog.return"].concat(*(self._flow(o, {o.order_line: 1}) for o in orders))
        self.assertEqual(set(returns.refund_move_ids.mapped("state")), {"draft"})
        action = self._list_action(returns)
        self.start_tour(f"/web#action={action.id}", "revlog_accountant_list_tour", login="rl_accountant")
        self.assertEqual(set(returns.refund_move_ids.mapped("state")), {"posted"})
        self.assertLedgerTiesOut(returns)

    def test_accountant_credits_a_selection_from_the_list(self):
        orders = self._deliver_order([(self.product, 1, 40.0)]) | self._deliver_order([(self.product, 1, 40.0)])
        returns = self.env["revlog.return"].concat(*(self._flow(o, {o.order_line: 1}) for o in orders))
        returns.refund_move_ids.unlink()  # withdrawn: Credit Now makes them again
        action = self._list_action(returns)
        self.start_tour(f"/web#action={action.id}", "revlog_accountant_credit_now_tour", login="rl_accountant")
        self.assertEqual(len(returns.refund_move_ids), 2)
        self.assertEqual(set(returns.refund_move_ids.mapped("state")), {"draft"})
