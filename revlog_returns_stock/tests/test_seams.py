from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from odoo.addons.revlog_returns_stock.models import stock_move as stock_move_module

from .common import RevlogStockCommon


@tagged("revlog")
class TestStockSeams(RevlogStockCommon):
    """revlog's transfers next to Odoo's own stock flows: merging, its Return button, backorders, cancels."""

    def test_two_lines_on_one_order_line_stay_apart(self):
        """One unit damaged, one "changed mind", from the same order line: two receipt moves, two gradings,
        two destinations; Odoo's merge never makes them one (it used to answer "2 received, 1 approved")."""
        self.rule_catch_all.active = True
        order = self._deliver_order([(self.product, 3)])
        ret = self._return_split(order, self.reason_damaged | self.reason_mind)
        ret.action_approve()
        damaged, mind = ret.line_ids
        receipt = ret.receipt_picking_ids
        self.assertEqual(len(receipt.move_ids), 2, "one receipt move per return line")
        self.assertEqual(receipt.move_ids.revlog_return_line_id, ret.line_ids)
        self._receive(ret)
        self.assertEqual(ret.state, "received")
        self.assertEqual((damaged.qty_received, mind.qty_received), (1.0, 1.0))
        self._grade(damaged, self.grade_b)
        self._grade(mind, self.grade_a)
        self.assertEqual(ret.state, "inspected")
        self.assertEqual(damaged.location_dest_id, self.warehouse.revlog_bstock_loc_id)
        self.assertEqual(mind.location_dest_id, self.warehouse.lot_stock_id)
        ret._validate_dispositions()
        self.assertEqual(
            damaged.move_ids.filtered(lambda m: m.picking_id.revlog_role == "disposition").location_dest_id,
            self.warehouse.revlog_bstock_loc_id,
        )
        self.assertEqual(ret.state, "done")
        # two lines routed to the same place: still two disposition moves
        order = self._deliver_order([(self.product, 2)])
        ret = self._return_split(order, self.reason_damaged | self.reason_mind)
        ret.action_approve()
        self._receive(ret)
        self._grade(ret.line_ids, self.grade_a)
        disposition = ret.disposition_picking_ids
        self.assertEqual(len(disposition), 1)
        self.assertEqual(len(disposition.move_ids), 2)
        self.assertEqual(disposition.move_ids.revlog_return_line_id, ret.line_ids)

    def test_odoo_return_of_a_revlog_receipt_is_not_a_receipt(self):
        order = self._deliver_order([(self.product, 2)])
        ret = self._return(order, {order.order_line: 2})
        ret.action_approve()
        self._receive(ret)
        receipt = ret.receipt_picking_ids
        back_out = self._odoo_return(receipt, quantity=1)
        self.assertFalse(back_out.revlog_role or back_out.revlog_return_id)
        self.assertFalse(back_out.move_ids.revlog_return_line_id)
        self.assertEqual(ret.receipt_picking_ids, receipt, "the copy is not a second receipt")
        ret.line_ids.invalidate_recordset(["qty_received"])
        self.assertEqual(ret.line_ids.qty_received, 2.0, "nothing counted twice")
        # a move of the line leaving to a customer counts against it, whatever transfer it sits in
        leaving = back_out.move_ids
        leaving.sudo().revlog_return_line_id = ret.line_ids
        self.assertEqual(ret.line_ids._qty_received_by_line()[ret.line_ids.id], 2.0, "not in a receipt")
        leaving.picking_id.sudo().revlog_role = "receipt"
        self.assertEqual(ret.line_ids._qty_received_by_line()[ret.line_ids.id], 1.0, "out, not in")

    def test_push_rules_never_move_revlog_units_a_second_time(self):
        """A push rule from the Inspection location (or from where a disposition ends) would send the units on
        again: revlog routes them itself, as Odoo does not push returned moves."""
        self.rule_catch_all.active = True
        inspection = self.warehouse.revlog_inspection_loc_id
        route = self.env["stock.route"].create({"name": "Push everything on", "product_selectable": True})
        elsewhere = self.env["stock.location"].create({"name": "Elsewhere", "location_id": inspection.location_id.id})
        self.env["stock.rule"].create(
            [
                {
                    "name": f"Push from {source.name}",
                    "route_id": route.id,
                    "action": "push",
                    "location_src_id": source.id,
                    "location_dest_id": elsewhere.id,
                    "picking_type_id": self.warehouse.int_type_id.id,
                }
                for source in (inspection, self.warehouse.lot_stock_id)
            ]
        )
        self.product.route_ids = route
        order = self._deliver_order([(self.product, 1)])
        ret = self._flow(order, {order.order_line: 1})
        self.assertEqual(ret.state, "done")
        pushed = self.env["stock.move"].search([("location_dest_id", "=", elsewhere.id)])
        self.assertFalse(pushed, "no unit pushed on from where revlog put it")
        self.assertIn(ret.disposition_picking_ids.location_dest_id, inspection | self.warehouse.lot_stock_id)
        # Odoo's own moves into those locations still follow the rule
        incoming = self.env["stock.move"].create(
            {
                "name": "From the vendor",
                "product_id": self.product.id,
                "product_uom_qty": 1,
                "product_uom": self.product.uom_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.warehouse.lot_stock_id.id,
            }
        )
        incoming._action_confirm()
        incoming.quantity = 1
        incoming.picked = True
        incoming._action_done()
        self.assertTrue(self.env["stock.move"].search([("location_dest_id", "=", elsewhere.id)]), "Odoo's own pushed")

    def test_odoo_return_of_a_disposition_is_not_a_disposition(self):
        self.rule_catch_all.active = True
        order = self._deliver_order([(self.product, 1)])
        ret = self._flow(order, {order.order_line: 1}, grade=self.grade_b)
        disposition = ret.disposition_picking_ids
        back = self._odoo_return(disposition)
        self.assertFalse(back.revlog_role or back.revlog_return_id or back.move_ids.revlog_return_line_id)
        self.assertEqual(ret.disposition_picking_ids, disposition)
        self.assertEqual(self._quant_qty(self.product, self.warehouse.revlog_inspection_loc_id), 1.0)

    def test_backorder_keeps_its_return_and_cancelling_it_settles_the_return(self):
        order = self._deliver_order([(self.product, 3), (self.phone, 2)])
        kettle_sol, phone_sol = order.order_line
        ret = self._return(order, {kettle_sol: 3, phone_sol: 1})
        ret.action_approve()
        kettle, phone = ret.line_ids
        self._process_backorder(self._receive(ret, quantities={kettle: 2, phone: 0}))
        backorder = ret.receipt_picking_ids.filtered(lambda p: p.state != "done")
        self.assertEqual(backorder.revlog_role, "receipt", "a backorder of a receipt is a receipt")
        self.assertEqual(backorder.revlog_return_id, ret)
        self.assertEqual(backorder.move_ids.revlog_return_line_id, ret.line_ids)
        self.assertEqual(ret.state, "approved", "waiting for the rest")
        # the rest will not come: the backorder is cancelled, the return follows what arrived
        backorder.action_cancel()
        self.assertEqual(ret.state, "received")
        self.assertEqual((kettle.quantity, phone.quantity), (2.0, 0.0))
        self.assertTrue(ret.message_ids.filtered(lambda m: "reduced to what arrived" in (m.body or "")))
        self.assertEqual(kettle.inspection_id.state, "draft", "what arrived waits for its inspection")
        self.assertFalse(phone.inspection_id)
        self._grade(kettle, self.grade_a)
        self.assertEqual(ret.state, "inspected", "a line with nothing received has nothing to grade")

    def test_no_backorder_reduces_the_lines(self):
        order = self._deliver_order([(self.product, 3)])
        ret = self._return(order, {order.order_line: 3})
        ret.action_approve()
        self._process_backorder(self._receive(ret, quantities={ret.line_ids: 1}), backorder=False)
        self.assertEqual((ret.state, ret.line_ids.quantity, ret.line_ids.qty_received), ("received", 1.0, 1.0))
        # the two units that did not come can be returned later
        later = self._return(order, {order.order_line: 2})
        self.assertTrue(later.eligibility_ok, later.eligibility_trace)

    def test_cancelled_receipt_with_nothing_arrived_can_be_cancelled(self):
        order = self._deliver_order([(self.product, 1)])
        ret = self._return(order, {order.order_line: 1})
        ret.action_approve()
        ret.receipt_picking_ids.with_user(self.warehouse_user).action_cancel()
        self.assertEqual(ret.state, "approved")
        self.assertTrue(ret.message_ids.filtered(lambda m: "nothing arrived" in (m.body or "")))
        ret.with_user(self.clerk).action_cancel()
        self.assertEqual(ret.state, "cancelled")

    def test_units_put_back_in_stock_in_chunks_still_reserve_what_waits(self):
        """Validating the transfers of thousands of returns in one call: Odoo then looks for the moves waiting
        on the units with one search term per move, which PostgreSQL refuses past several thousand ("memory
        exhausted"); revlog looks in chunks, and a delivery waiting for the units is still reserved."""
        stock = self.warehouse.lot_stock_id
        order = self._deliver_order([(self.product, 1), (self.product, 1)])
        # a second customer's order wants every unit in stock and the two coming back: its delivery, reserved
        # on confirmation, waits for them
        waiting_order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": self._quant_qty(self.product, stock) + 2}
                    )
                ],
            }
        )
        waiting_order.action_confirm()
        waiting = waiting_order.picking_ids
        self.assertEqual(waiting.move_ids.state, "partially_available")
        ret = self._flow(order, dict.fromkeys(order.order_line, 1), dispose=False)
        self.assertEqual(ret.line_ids.location_dest_id, stock, "grade A goes back to stock")
        searches = []
        search = type(self.env["stock.move"]).search

        def counting_search(records, domain, *args, **kwargs):
            if kwargs.get("order") == "priority desc, date asc, id asc":  # Odoo's search for waiting moves
                searches.append(domain)
            return search(records, domain, *args, **kwargs)

        with (
            patch.object(stock_move_module, "TRIGGER_ASSIGN_CHUNK", 1),
            patch.object(type(self.env["stock.move"]), "search", counting_search),
        ):
            ret.with_user(self.warehouse_user).action_validate_dispositions()
        self.assertEqual(ret.state, "done")
        self.assertEqual(len(ret.disposition_picking_ids.move_ids), 2)
        self.assertEqual(len(searches), 2, "one search per chunk of one move")
        self.assertEqual(waiting.move_ids.state, "assigned", "the units put back are reserved for the delivery")
        # the shape of 10,000 moves at once (one term each), which PostgreSQL refused in one piece
        move = ret.disposition_picking_ids.move_ids[:1]
        self.env["stock.move"].browse(move.ids * 10000)._trigger_assign()
