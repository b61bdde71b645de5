from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RevlogStockCommon


@tagged("revlog")
class TestReceipt(RevlogStockCommon):
    def test_approval_creates_one_receipt_returning_the_delivery(self):
        order = self._deliver_order([(self.product, 3), (self.phone, 2)])
        delivery_moves = order.picking_ids.move_ids
        ret = self._return(order, {order.order_line[0]: 2, order.order_line[1]: 1})
        ret.action_approve()
        receipt = ret.receipt_picking_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.picking_type_id, self.warehouse.revlog_return_type_id)
        self.assertEqual(receipt.location_dest_id, self.warehouse.revlog_inspection_loc_id)
        self.assertEqual(receipt.location_id.usage, "customer")
        self.assertEqual(receipt.move_ids.origin_returned_move_id, delivery_moves)
        self.assertTrue(all(receipt.move_ids.mapped("to_refund")))
        self.assertEqual(receipt.sale_id, order, "the receipt shows on the order like a core return")
        # a double click, a retry: nothing twice
        ret.action_approve()
        ret._create_receipts()
        self.assertEqual(ret.receipt_picking_ids, receipt)
        to_inspect = self.warehouse.revlog_return_type_id.revlog_count_to_inspect
        self._receive(ret)
        self.assertEqual(ret.state, "received")
        self.assertEqual(order.order_line.mapped("qty_delivered"), [1.0, 1.0])
        self.assertEqual(ret.line_ids.mapped("qty_received"), [2.0, 1.0])
        self.assertEqual(len(ret.line_ids.inspection_id), 2, "inspections are ready when the parcel arrives")
        self.warehouse.revlog_return_type_id.invalidate_recordset(["revlog_count_to_inspect"])
        self.assertEqual(
            self.warehouse.revlog_return_type_id.revlog_count_to_inspect, to_inspect + 2, "the dashboard card says so"
        )
        self.assertEqual(self._quant_qty(self.product, self.warehouse.revlog_inspection_loc_id), 2.0)
        # what a later return may still take follows the receipt
        later = self._return(order, {order.order_line[0]: 1})
        self.assertEqual(later.line_ids.qty_returnable, 1.0)
        self.assertEqual(later.line_ids.qty_delivered, 3.0)

    def test_receiving_more_than_approved_refused(self):
        order = self._deliver_order([(self.product, 3)])
        ret = self._return(order, {order.order_line: 1})
        ret.action_approve()
        with self.assertRaisesRegex(UserError, "2 Kettle received for .*, only 1 approved"):
            self._receive(ret, quantities={ret.line_ids: 2})
        self.assertEqual(ret.receipt_picking_ids.state, "assigned")
        self.assertEqual(ret.state, "approved")
        self.assertEqual(order.order_line.qty_delivered, 3.0)

    def test_partial_receipt_keeps_a_backorder(self):
        order = self._deliver_order([(self.product, 3)])
        ret = self._return(order, {order.order_line: 3})
        ret.action_approve()
        action = self._receive(ret, quantities={ret.line_ids: 1})
        self._process_backorder(action, backorder=True)
        receipts = ret.receipt_picking_ids
        self.assertEqual(len(receipts), 2, "the rest stays open in a backorder of the return")
        self.assertEqual(sorted(receipts.mapped("state")), ["assigned", "done"])
        self.assertEqual(ret.state, "approved", "received once nothing is left to receive")
        self.assertEqual(ret.line_ids.qty_received, 1.0)
        self.assertEqual(order.order_line.qty_delivered, 2.0)
        self._receive(ret)
        self.assertEqual(ret.state, "received")
        self.assertEqual(ret.line_ids.qty_received, 3.0)
        self.assertEqual(order.order_line.qty_delivered, 0.0)
        # validating the done receipts again (a double click, a second user) says so and changes nothing
        with self.assertRaisesRegex(UserError, "already validated, return .* is received already"):
            receipts.with_context(skip_sms=True).button_validate()
        self.assertEqual(ret.line_ids.qty_received, 3.0)
        self.assertEqual(len(ret.receipt_picking_ids), 2)

    def test_partial_receipt_without_backorder(self):
        order = self._deliver_order([(self.product, 3)])
        ret = self._return(order, {order.order_line: 3})
        ret.action_approve()
        self._process_backorder(self._receive(ret, quantities={ret.line_ids: 2}), backorder=False)
        self.assertEqual(ret.state, "received")
        self.assertEqual(ret.line_ids.qty_received, 2.0)

    def test_serial_checked_against_delivery(self):
        order = self._deliver_serials(self.serials[:2])
        ret = self._return(order, {order.order_line: 1})
        ret.action_approve()
        with self.assertRaisesRegex(UserError, "Serial Phone SN-004 was not delivered to Ada Customer on order"):
            self._receive(ret, lots={ret.line_ids: self.serials[3]})
        self.assertEqual(ret.state, "approved")
        self._receive(ret, lots={ret.line_ids: self.serials[1]})
        self.assertEqual(ret.state, "received")
        self.assertEqual(ret.line_ids.lot_ids, self.serials[1])
        self.assertEqual(
            self._quant_qty(self.serial_phone, self.warehouse.revlog_inspection_loc_id, self.serials[1]), 1
        )
        # the same serial cannot come back twice
        again = self._return(order, {order.order_line: 1})
        again.action_approve()
        with self.assertRaisesRegex(UserError, "SN-002 was not delivered .* or came back already"):
            self._receive(again, lots={again.line_ids: self.serials[1]})

    def test_serial_mismatch_only_flagged_when_policy_allows(self):
        self.policy.require_lot_match = False
        order = self._deliver_serials(self.serials[:1])
        ret = self._return(order, {order.order_line: 1})
        ret.action_approve()
        # validated by warehouse staff, who have no right on returns: the receipt flags it by itself
        self._receive(ret.with_user(self.warehouse_user), lots={ret.line_ids: self.serials[4]})
        self.assertEqual(ret.state, "received")
        self.assertTrue(ret.to_review)
        self.assertIn("SN-005 was not delivered", ret.review_note)

    def test_warranty_return_without_order(self):
        order = self._deliver_serials(self.serials[2:3])
        ret = self.env["revlog.return"].create(
            {
                "partner_id": self.customer.id,
                "line_ids": [
                    Command.create(
                        {"product_id": self.serial_phone.id, "quantity": 1, "reason_id": self.reason_defective.id}
                    )
                ],
            }
        )
        self.assertIn("order: none", ret.eligibility_trace)
        ret.action_approve()
        receipt = ret.receipt_picking_ids
        self.assertFalse(receipt.move_ids.origin_returned_move_id, "a plain receipt")
        with self.assertRaisesRegex(UserError, "SN-001 was not delivered to Ada Customer on any order"):
            self._receive(ret, lots={ret.line_ids: self.serials[0]})
        self._receive(ret, lots={ret.line_ids: self.serials[2]})
        self.assertEqual(ret.state, "received")
        self.assertEqual(order.order_line.qty_delivered, 1.0, "a warranty return does not touch the order")

    def test_cancel_cancels_open_receipt_but_never_undoes_a_done_one(self):
        order = self._deliver_order([(self.product, 3)])
        ret = self._return(order, {order.order_line: 1})
        ret.action_approve()
        receipt = ret.receipt_picking_ids
        ret.action_cancel()
        self.assertEqual(receipt.state, "cancel")
        ret.action_reset_draft()
        ret.action_approve()
        self.assertEqual(len(ret.receipt_picking_ids.filtered(lambda p: p.state != "cancel")), 1)
        partial = ret.receipt_picking_ids.filtered(lambda p: p.state != "cancel")
        self.assertNotEqual(partial, receipt)
        second = self._return(order, {order.order_line: 2})
        second.action_approve()
        self._process_backorder(self._receive(second, quantities={second.line_ids: 1}), backorder=True)
        with self.assertRaisesRegex(UserError, "goods were already received"):
            second.action_cancel()
        self.assertEqual(second.state, "approved")

    def test_manual_receive_refused(self):
        order = self._deliver_order([(self.product, 1)])
        ret = self._return(order, {order.order_line: 1})
        ret.action_approve()
        with self.assertRaisesRegex(UserError, "validate the return receipt"):
            ret.action_receive()

    def test_a_clerk_validates_a_receipt_neither_from_the_return_nor_from_the_transfer(self):
        """One rule for both doors: warehouse staff receive the parcels."""
        order = self._deliver_order([(self.product, 1)])
        ret = self._return(order, {order.order_line: 1})
        ret.action_approve()
        receipt = ret.receipt_picking_ids
        receipt.move_ids.quantity = 1
        receipt.move_ids.picked = True
        for door in (ret.with_user(self.clerk).action_validate_receipts, receipt.with_user(self.clerk).button_validate):
            with self.assertRaisesRegex(UserError, f"{receipt.name}: only warehouse staff"):
                door()
        self.assertEqual(receipt.state, "assigned")
        ret.with_user(self.warehouse_user).action_validate_receipts()
        self.assertEqual((receipt.state, ret.state), ("done", "received"))
