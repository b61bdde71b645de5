import logging

from odoo.tests import tagged

from .common import RevlogStockCommon

_logger = logging.getLogger(__name__)


@tagged("revlog", "revlog_batch")
class TestStockBatch(RevlogStockCommon):
    N = 1000

    def _phase(self, label, func):
        return self._batch_cost(label, func, self.N)[1]

    def test_1000_returns_approved_received_disposed(self):
        self._without_customer_mails()
        self.rule_catch_all.active = True
        order = self._deliver_order([(self.product, 1)] * self.N)
        returns = self._one_return_per_line(order.order_line)
        costs = {
            "approve": self._phase("approve", returns.action_approve),
            "receive": self._phase("receive", lambda: self._receive(returns)),
        }
        self.assertEqual(set(returns.mapped("state")), {"received"})
        self.assertEqual(sum(order.order_line.mapped("qty_delivered")), 0.0)
        inspections = returns.line_ids.inspection_id
        self.assertEqual(len(inspections), self.N)
        inspections.answer_ids.write({"passed": True})
        costs["inspect"] = self._phase("inspect", inspections.action_done)
        self.assertEqual(len(returns.disposition_picking_ids), self.N)
        costs["dispose"] = self._phase("dispose", returns._validate_dispositions)
        self.assertEqual(set(returns.mapped("state")), {"done"})
        self.assertEqual(self._quant_qty(self.product, self.warehouse.revlog_inspection_loc_id), 0.0)
        _logger.info("revlog stock batch: total %.1f queries per return", sum(costs.values()))
        for phase, cost in costs.items():
            self.assertLess(cost, 40, phase)
