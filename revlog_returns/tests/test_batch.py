import logging
import time

from odoo.tests import tagged

from .common import RevlogCommon

_logger = logging.getLogger(__name__)


@tagged("revlog", "revlog_batch")
class TestBatch(RevlogCommon):
    """Returns are created and approved by the hundred in one call, at a bounded cost per return."""

    N = 500

    def _measure(self, label, func):
        self._settle()
        queries, started = self.env.cr.sql_log_count, time.perf_counter()
        result = func()
        self._settle()
        queries = self.env.cr.sql_log_count - queries
        elapsed = (time.perf_counter() - started) * 1000
        _logger.info(
            "revlog batch: %s %s returns: %d queries (%.1f per return), %.0f ms (%.1f per return)",
            label,
            self.N,
            queries,
            queries / self.N,
            elapsed,
            elapsed / self.N,
        )
        return result, queries

    def test_create_and_approve_500_returns(self):
        order = self._deliver_order([(self.product, 1)] * self.N)
        self.env.invalidate_all()
        returns, create_queries = self._measure(
            "create",
            lambda: self._one_return_per_line(order.order_line),
        )
        self.assertEqual(len(returns), self.N)
        self.assertTrue(all(returns.mapped("eligibility_ok")))
        self.env.invalidate_all()
        __, approve_queries = self._measure("approve", returns.action_approve)
        self.assertEqual(set(returns.mapped("state")), {"approved"})
        self.assertEqual(len(set(returns.mapped("name"))), self.N)
        # the cost per return stays bounded whatever the batch size (no query per record)
        self.assertLess(approve_queries / self.N, 15)
        self.assertLess(create_queries / self.N, 30)
