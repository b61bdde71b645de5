from odoo.tests import tagged

from .common import RevlogAccountCommon


@tagged("post_install", "-at_install", "revlog", "revlog_batch")
class TestAccountBatch(RevlogAccountCommon):
    N = 1000

    def _phase(self, label, func):
        return self._batch_cost(label, func, self.N)[1]

    def test_1000_returns_credited_and_written_down(self):
        self._without_customer_mails()
        self.company.revlog_post_credit_notes = True
        self.policy.restocking_fee_percent = 10
        # returns come from many orders: 10 lines each
        orders = self.env["sale.order"].concat(
            *(self._deliver_order([(self.product, 1, 40.0)] * 10) for __ in range(self.N // 10))
        )
        returns = self._one_return_per_line(orders.order_line, self.reason_mind)
        returns.action_approve()
        self._receive(returns)
        inspections = returns.line_ids.inspection_id
        inspections.answer_ids.write({"passed": True})
        inspections.write({"grade_override_id": self.grade_b.id, "override_reason": "batch"})
        # grades, routes and credits (on inspection); then moves to B-Stock and writes down
        costs = [
            self._phase("inspect + credit", inspections.action_done),
            self._phase("dispose + write down", returns._validate_dispositions),
        ]
        self.assertEqual(len(returns.refund_move_ids), self.N)
        self.assertEqual(set(returns.refund_move_ids.mapped("state")), {"posted"})
        self.assertEqual(len(returns.writedown_move_ids), self.N)
        self.assertEqual(set(returns.mapped("state")), {"done"})
        self.assertAlmostEqual(sum(returns.mapped("writedown_amount")), self.N * 4.5)
        self.assertAlmostEqual(sum(returns.mapped("fee_amount")), self.N * 4.0)
        self.assertValuationTiesOut()
        # posting is Odoo's own work (numbering, followers, anglo-saxon lines): about 26 queries per credit note
        self.assertLess(sum(costs), 90)
