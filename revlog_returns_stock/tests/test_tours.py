from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import StockTestMixin


class StockTourCase(StockTestMixin, HttpCase):
    """The stock setup in a browser test: grades, templates, the catch-all rule, a serial-tracked phone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_revlog()
        cls._setup_inspection()
        cls._setup_stock()
        cls.rule_catch_all.active = True


@tagged("post_install", "-at_install", "revlog")
class TestWarehouseTour(StockTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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


@tagged("post_install", "-at_install", "revlog")
class TestTabletTour(StockTourCase):
    """The whole inspection of a serial-tracked phone on a tablet-sized screen."""

    browser_size = "800x1280"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse_user.groups_id += cls.env.ref("stock.group_production_lot")

    def test_inspection_on_a_tablet(self):
        order = self._deliver_serials(self.serials[:1])
        ret = self._return(order, {order.order_line: 1}, reason=self.reason_mind)
        ret.action_approve()
        self._receive(ret, lots={ret.line_ids: self.serials[0]})
        inspection = ret.line_ids.inspection_id
        self.start_tour(
            f"/web#model=revlog.inspection&id={inspection.id}&view_type=form",
            "revlog_tablet_inspection_tour",
            login="rl_warehouse",
        )
        # 4 + 3 + 1 of 10 points: grade B, resale in B-Stock, logged on the return
        self.assertEqual((inspection.state, inspection.score, inspection.grade_id), ("done", 80.0, self.grade_b))
        self.assertEqual(ret.line_ids.location_dest_id, self.warehouse.revlog_bstock_loc_id)
        self.assertTrue(ret.message_ids.filtered(lambda m: "inspected by Walt Warehouse" in (m.body or "")))


@tagged("post_install", "-at_install", "revlog")
class TestResolutionTours(StockTourCase):
    """An exchange from the clerk's approval to the replacement shipped, and a refurbishing repair."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kettle_xl = cls._revlog_product("Tour Kettle XL", 55.0, 20.0, cls.categ_root)

    def test_exchange_from_approval_to_replacement(self):
        order = self._deliver_order([(self.product, 1)])
        ret = self._return(order, {order.order_line: 1}, reason=self.reason_mind)
        self.start_tour(
            f"/web#model=revlog.return&id={ret.id}&view_type=form", "revlog_clerk_exchange_tour", login="rl_clerk"
        )
        self.assertEqual((ret.state, ret.line_ids.resolution), ("approved", "exchange"))
        self.assertEqual(ret.line_ids.exchange_product_id, self.kettle_xl)
        self._receive(ret)
        self.start_tour(
            f"/web#model=revlog.return&id={ret.id}&view_type=form",
            "revlog_warehouse_exchange_tour",
            login="rl_warehouse",
        )
        self.assertEqual(ret.exchange_picking_ids.state, "done")
        self.assertEqual(ret.exchange_picking_ids.move_ids.product_id, self.kettle_xl)

    def test_refurbishing_repair(self):
        order = self._deliver_order([(self.product, 1)])
        ret = self._flow(order, {order.order_line: 1}, grade=self.grade_c)
        stock = self._quant_qty(self.product, self.warehouse.lot_stock_id)
        self.start_tour(
            f"/web#model=revlog.return&id={ret.id}&view_type=form", "revlog_warehouse_repair_tour", login="rl_warehouse"
        )
        self.assertEqual(ret.repair_order_ids.state, "done")
        self.assertEqual(ret.line_ids.repaired_grade_id, self.grade_a)
        self.assertEqual(self._quant_qty(self.product, self.warehouse.lot_stock_id), stock + 1)
        self.assertEqual(ret.state, "done")


@tagged("post_install", "-at_install", "revlog")
class TestWarehouseListTours(StockTourCase):
    """Warehouse staff run the list actions on a selection."""

    def _approved_returns(self, count, reason):
        returns = self.env["revlog.return"]
        for __ in range(count):
            order = self._deliver_order([(self.product, 1)])
            ret = self._return(order, {order.order_line: 1}, reason=reason)
            ret.action_approve()
            returns |= ret
        return returns

    def test_warehouse_receives_and_disposes_a_selection(self):
        no_inspection = self.env["revlog.return.reason"].create(
            {"name": "Unopened", "code": "TOUR_UNOPENED", "requires_inspection": False}
        )
        returns = self._approved_returns(2, no_inspection)
        action = self._list_action(returns)
        self.start_tour(f"/web#action={action.id}", "revlog_warehouse_receipts_list_tour", login="rl_warehouse")
        self.assertEqual(set(returns.mapped("state")), {"inspected"}, "received, graded without inspection")
        self.start_tour(f"/web#action={action.id}", "revlog_warehouse_dispositions_list_tour", login="rl_warehouse")
        self.assertEqual(set(returns.mapped("state")), {"done"})
        self.assertEqual(set(returns.line_ids.grade_id.mapped("code")), {"A"})

    def test_warehouse_completes_a_selection_of_inspections(self):
        returns = self._approved_returns(2, self.reason_mind)
        self._receive(returns)
        inspections = returns.line_ids.inspection_id
        inspections.answer_ids.write({"passed": True})
        action = self.env["ir.actions.act_window"].create(
            {
                "name": "Tour inspections",
                "res_model": "revlog.inspection",
                "view_mode": "list,form",
                "domain": [("id", "in", inspections.ids)],
            }
        )
        self.start_tour(f"/web#action={action.id}", "revlog_warehouse_inspections_list_tour", login="rl_warehouse")
        self.assertEqual(set(inspections.mapped("state")), {"done"})
        self.assertEqual(set(returns.mapped("state")), {"inspected"})
