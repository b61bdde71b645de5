"""From a confirmed, delivered and invoiced sale order to the last journal entry, through the scripting
contract of DESIGN.md, across the three addons. Each scenario ends with the stock, the credit note, the
write-down, the recovery ledger and both accounting invariants."""

from odoo import Command
from odoo.exceptions import UserError

from odoo.addons.revlog_returns_account.tests.common import RevlogAccountCommon


class TestEndToEnd(RevlogAccountCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.revlog_post_credit_notes = True
        cls.policy.write({"restocking_fee_percent": 10, "refund_timing": "on_inspection"})
        cls.env["revlog.return.policy.refund"].create(
            [
                {"policy_id": cls.policy.id, "grade_id": cls.grade_b.id, "refund_percent": 80},
                {"policy_id": cls.policy.id, "grade_id": cls.grade_x.id, "refund_percent": 100},
            ]
        )

    def _contract_flow(self, order, quantity, reason, grade, lots=None):
        """The scripting contract, step by step."""
        sol = order.order_line[0]
        ret = self.env["revlog.return"].create(
            {
                "partner_id": order.partner_id.id,
                "sale_order_id": order.id,
                "line_ids": [
                    Command.create(
                        {
                            "sale_line_id": sol.id,
                            "product_id": sol.product_id.id,
                            "quantity": quantity,
                            "reason_id": reason.id,
                        }
                    )
                ],
            }
        )
        ret.action_approve()
        self.assertIn("ok", ret.eligibility_trace)
        self.assertEqual(len(ret.receipt_picking_ids), 1)
        self._receive(ret, lots=lots and {ret.line_ids: lots})
        ret.line_ids.action_inspect()
        insp = ret.line_ids.inspection_id
        insp.answer_ids.write({"passed": True})
        for answer in insp.answer_ids.filtered(lambda a: a.kind == "score"):
            answer.score = 5
        if grade != self.grade_a:
            insp.write({"grade_override_id": grade.id, "override_reason": "bench grading"})
        insp.action_done()
        ret._validate_dispositions()
        return ret

    def _check_books(self, ret, refund, fee, cost, writedown, disposal):
        self.assertEqual(ret.state, "done")
        self.assertAlmostEqual(ret.refund_amount, refund)
        self.assertAlmostEqual(ret.fee_amount, fee)
        self.assertAlmostEqual(ret.cost_amount, cost)
        self.assertAlmostEqual(ret.writedown_amount, writedown)
        self.assertAlmostEqual(ret.disposal_loss, disposal)
        self.assertAlmostEqual(ret.recovered_value, cost - writedown - disposal)
        self.assertAlmostEqual(ret.net_return_cost, refund - fee - (cost - writedown - disposal))
        self.assertTrue(all(move.state == "posted" for move in ret.refund_move_ids))
        self.assertLedgerTiesOut(ret)
        self.assertValuationTiesOut()

    def test_grade_a_resale_full_refund(self):
        order = self._deliver_order([(self.product, 2, 40.0)])
        stock_before = self._quant_qty(self.product, self.warehouse.lot_stock_id)
        ret = self._contract_flow(order, 1, self.reason_damaged, self.grade_a)
        self.assertEqual(self._quant_qty(self.product, self.warehouse.lot_stock_id), stock_before + 1)
        self.assertEqual(order.order_line.qty_delivered, 1.0)
        self.assertEqual(order.order_line.qty_invoiced, 1.0)
        self.assertFalse(ret.writedown_move_ids)
        self._check_books(ret, refund=40.0, fee=0.0, cost=15.0, writedown=0.0, disposal=0.0)

    def test_damaged_b_to_bstock_with_writedown_and_fee(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._contract_flow(order, 1, self.reason_mind, self.grade_b)
        self.assertEqual(self._quant_qty(self.product, self.warehouse.revlog_bstock_loc_id), 1.0)
        self.assertEqual(len(ret.writedown_move_ids), 1)
        # refund 80 % of 40, fee 10 % of that, write-down 30 % of the 15 it came back at
        self._check_books(ret, refund=32.0, fee=3.2, cost=15.0, writedown=4.5, disposal=0.0)

    def test_repair(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._contract_flow(order, 1, self.reason_damaged, self.grade_c)
        self.assertEqual(ret.line_ids.disposition, "repair")
        self.assertEqual(self._quant_qty(self.product, self.warehouse.revlog_repair_loc_id), 1.0)
        self.assertEqual(len(ret.repair_order_ids), 1, "an Odoo repair order for the unit")
        self._repair_and_finish(ret.repair_order_ids)
        self.assertEqual(self._quant_qty(self.product, self.warehouse.revlog_bstock_loc_id), 1.0, "still C")
        self._check_books(ret, refund=40.0, fee=0.0, cost=15.0, writedown=9.0, disposal=0.0)

    def test_recycle(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._contract_flow(order, 1, self.reason_damaged, self.grade_d)
        self.assertEqual(self._quant_qty(self.product, self.warehouse.revlog_recycle_loc_id), 1.0)
        self._check_books(ret, refund=40.0, fee=0.0, cost=15.0, writedown=0.0, disposal=13.5)

    def test_scrap(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._contract_flow(order, 1, self.reason_damaged, self.grade_x)
        self.assertEqual(ret.scrap_ids.state, "done")
        self.assertEqual(ret.scrap_ids.move_ids.location_dest_id, ret.line_ids.location_dest_id)
        self.assertEqual(self._quant_qty(self.product, self.warehouse.revlog_inspection_loc_id), 0.0)
        self._check_books(ret, refund=40.0, fee=0.0, cost=15.0, writedown=0.0, disposal=15.0)

    def test_serial_phone_wrong_serial_refused_then_right_one(self):
        order = self._deliver_serials(self.serials[:1])
        order._create_invoices().action_post()
        with self.assertRaisesRegex(UserError, "SN-003 was not delivered"):
            self._contract_flow(order, 1, self.reason_defective, self.grade_a, lots=self.serials[2])
        ret = self._contract_flow(order, 1, self.reason_defective, self.grade_a, lots=self.serials[0])
        self.assertEqual(ret.line_ids.lot_ids, self.serials[0])
        self.assertTrue(ret.to_review, "claimed defective, graded A: flagged")
        self.assertEqual(self._quant_qty(self.serial_phone, self.warehouse.lot_stock_id, self.serials[0]), 1.0)
        # a false defect claim keeps the restocking fee (only the damaged reason waives it here)
        self._check_books(ret, refund=500.0, fee=50.0, cost=300.0, writedown=0.0, disposal=0.0)

    def test_warranty_return_without_order(self):
        delivered = self._deliver_serials(self.serials[1:2])
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
        ret.action_approve()
        self._receive(ret, lots={ret.line_ids: self.serials[1]})
        self._grade(ret.line_ids, self.grade_c)
        ret._validate_dispositions()
        self.assertFalse(ret.refund_move_ids, "a warranty return credits nothing")
        self.assertEqual(self._quant_qty(self.serial_phone, self.warehouse.revlog_repair_loc_id), 1.0)
        self._repair_and_finish(ret.repair_order_ids)
        self.assertEqual(self._quant_qty(self.serial_phone, self.warehouse.revlog_bstock_loc_id, self.serials[1]), 1.0)
        self._check_books(ret, refund=0.0, fee=0.0, cost=300.0, writedown=180.0, disposal=0.0)
        # nothing credits a return without order: revlog settles the unit's cost of goods; the delivery of the
        # serial (its order never invoiced here) is what waits on the interim account
        settlement = ret.account_move_ids.filtered(lambda m: m.revlog_move_kind == "settlement")
        self.assertEqual(settlement.state, "posted")
        self.assertBooksTie(in_transit={self.serial_phone: self._value_out(delivered.picking_ids.move_ids)})

    def test_refused_outside_window_then_manager_override(self):
        order = self._deliver_order([(self.product, 1, 40.0)], days_ago=45)
        ret = self._return(order, {order.order_line: 1})
        with self.assertRaisesRegex(UserError, "45 d: refused"):
            ret.with_user(self.clerk).action_approve()
        self.assertEqual(ret.state, "draft")
        ret.with_user(self.manager).action_approve_override("Delivery was late, customer was away")
        self.assertEqual(ret.state, "approved")
        self.assertTrue(any("Delivery was late" in body for body in ret.message_ids.mapped("body")))
        self._receive(ret)
        self._grade(ret.line_ids, self.grade_a)
        ret._validate_dispositions()
        self._check_books(ret, refund=40.0, fee=0.0, cost=15.0, writedown=0.0, disposal=0.0)

    def test_every_other_ending_through_the_contract(self):
        """An exchange, a repair for the owner and a return to the vendor, through the public names."""
        vendor = self.env["res.partner"].create({"name": "Kettle Works"})
        self.product.seller_ids = [Command.create({"partner_id": vendor.id, "price": 14.0})]
        screen = self._revlog_product("Spare lid", 8.0, 3.0, self.categ_root)
        self.env["revlog.disposition.rule"].create(
            {
                "name": "Defects to the vendor",
                "sequence": 1,
                "reason_ids": [self.reason_defective.id],
                "disposition": "vendor",
            }
        )
        order = self._deliver_order([(self.product, 3, 40.0)])
        sol = order.order_line
        exchange, repair, vendor_return = (
            self.env["revlog.return"].create(
                {
                    "partner_id": order.partner_id.id,
                    "sale_order_id": order.id,
                    "line_ids": [
                        Command.create(
                            {"sale_line_id": sol.id, "quantity": 1, "reason_id": reason.id, "resolution": resolution}
                        )
                    ],
                }
            )
            for resolution, reason in (
                ("exchange", self.reason_mind),
                ("repair_return", self.reason_defective),
                ("refund", self.reason_defective),
            )
        )
        (exchange | repair | vendor_return).action_approve()
        for ret in (exchange, repair, vendor_return):
            self._receive(ret)
        # the exchange: the replacement ships, the returned unit is graded and resold
        self._validate_all(exchange.exchange_picking_ids)
        self._grade(exchange.line_ids, self.grade_a)
        exchange._validate_dispositions()
        self.assertEqual(exchange.state, "done")
        self.assertAlmostEqual(exchange.line_ids.shipped_cost, 15.0)
        # the repair for the owner: repaired with a part, sent back, nothing credited
        repair._validate_dispositions()
        self._repair_and_finish(repair.repair_order_ids, {screen: 1})
        self._validate_all(repair.shipback_picking_ids)
        self.assertEqual(repair.state, "done")
        self.assertAlmostEqual(repair.line_ids.repair_cost, 3.0)
        self.assertFalse(repair.refund_move_ids)
        # the defective unit goes back to its vendor, whose credit note the accountant posts
        self._grade(vendor_return.line_ids, self.grade_c)
        vendor_return._validate_dispositions()
        self._validate_all(vendor_return.vendor_picking_ids)
        vendor_return.vendor_refund_move_ids.with_user(self.accountant).action_post()
        self.assertAlmostEqual(vendor_return.line_ids.vendor_credit, 14.0)
        self.assertEqual(vendor_return.state, "done")
        for ret in (exchange, repair, vendor_return):
            self.assertLedgerTiesOut(ret)
        self.assertValuationTiesOut()
        self.assertOneCreditChannel(order)

    def _validate_all(self, pickings):
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.move_ids.picked = True
        pickings.with_context(skip_sms=True).button_validate()
