from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import StockTestMixin


@tagged("post_install", "-at_install", "revlog")
class TestWarehouseTour(StockTestMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_revlog()
        cls._setup_inspection()
        cls._setup_stock()
        cls.rule_catch_all.active = True
        order = cls._deliver_order([(cls.product, 1)])
        cls.ret = cls.env["revlog.return"].create(
            {
                "partner_id": cls.customer.id,
                "sale_order_id": order.id,
                "line_ids": [
                    Command.create(
                        {
                            "sale_line_id": order.order_line.id,
                            "product_id": cls.product.id,
                            "quantity": 1,
                            "reason_id": cls.reason_damaged.id,
                        }
                    )
                ],
            }
        )
        cls.ret.action_approve()

    def test_warehouse_receives_inspects_and_disposes(self):
        stock = self._quant_qty(self.product, self.warehouse.lot_stock_id)
        self.start_tour(
            f"/web#model=revlog.return&id={self.ret.id}&view_type=form", "revlog_warehouse_tour", login="rl_warehouse"
        )
        self.assertEqual(self.ret.state, "done")
        self.assertEqual(self.ret.line_ids.grade_id, self.grade_a)
        self.assertEqual(self.ret.line_ids.inspection_id.inspector_id.login, "rl_warehouse")
        self.assertEqual(self._quant_qty(self.product, self.warehouse.lot_stock_id), stock + 1)
