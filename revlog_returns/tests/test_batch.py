from odoo.tests import tagged

from .common import RevlogCommon


@tagged("revlog", "revlog_batch")
class TestBatch(RevlogCommon):
    """Returns are created and approved by the hundred in one call, at a bounded cost per return."""

    N = 500

    def test_create_and_approve_500_returns(self):
        self._without_customer_mails()
        order = self._deliver_order([(self.product, 1)] * self.N)
        self.env.invalidate_all()
        returns, create_queries = self._batch_cost(
            "create returns", lambda: self._one_return_per_line(order.order_line), self.N
        )
        self.assertEqual(len(returns), self.N)
        self.assertTrue(all(returns.mapped("eligibility_ok")))
        self.env.invalidate_all()
        __, approve_queries = self._batch_cost("approve returns", returns.action_approve, self.N)
        self.assertEqual(set(returns.mapped("state")), {"approved"})
        self.assertEqual(len(set(returns.mapped("name"))), self.N)
        # the cost per return stays bounded whatever the batch size (no query per record)
        self.assertLess(approve_queries, 15)
        self.assertLess(create_queries, 30)
