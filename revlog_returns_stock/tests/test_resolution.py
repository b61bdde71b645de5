from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import RevlogStockCommon


@tagged("revlog")
class TestResolutionStock(RevlogStockCommon):
    """Every way a return ends, on the warehouse side: replacements, repairs for the owner, refurbishing
    repairs, returns to the vendor, refunds without return. Each step as the role that does it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule_catch_all.active = True
        cls.kettle_xl = cls._revlog_product("Kettle XL", 55.0, 20.0, cls.categ_root)
        cls.vendor = cls.env["res.partner"].create({"name": "Volt Supplies"})

    def _approved(self, order, quantities, resolution, user=None, **line_vals):
        ret = self._return(order, quantities)
        ret.line_ids.write({"resolution": resolution, **line_vals})
        ret.with_user(user or self.clerk).action_approve()
        return ret

    def _validate(self, pickings, user=None):
        pickings = pickings.with_user(user or self.warehouse_user)
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.move_ids.picked = True
        return pickings.with_context(skip_sms=True).button_validate()

    # exchanges

    def test_exchange_ships_the_same_product_on_the_order_line_once_back(self):
        order = self._deliver_order([(self.product, 2)])
        sol = order.order_line
        ret = self._approved(order, {sol: 1}, "exchange")
        self.assertEqual(ret.line_ids.exchange_product_id, self.product, "the same product unless told otherwise")
        self.assertIn("exchange [", ret.eligibility_trace.replace("exchange Kettle", "exchange ["))
        self.assertFalse(ret.exchange_picking_ids, "ships once the unit is back")
        self._receive(ret)
        self.assertEqual(sol.qty_delivered, 1.0, "back through the receipt")
        replacement = ret.exchange_picking_ids
        self.assertEqual(len(replacement), 1)
        self.assertEqual(replacement.move_ids.sale_line_id, sol, "on the order line it replaces")
        self.assertEqual(replacement.sale_id, order, "linked to the order")
        self.assertEqual(replacement.location_id, self.warehouse.lot_stock_id)
        self._validate(replacement)
        self.assertEqual(sol.qty_delivered, 2.0, "the customer holds two units again")
        self._grade(ret.line_ids, self.grade_a)
        ret._validate_dispositions()
        self.assertEqual(ret.state, "done")
        # the replacement is a delivered unit like any other: it can be returned in turn
        self.assertEqual(self._return(order, {sol: 2}).line_ids.qty_returnable, 2.0)
        # a second receipt validation or a retry ships nothing twice
        self.env["stock.picking"]._revlog_create_replacements({ret.line_ids: 1})
        self.assertEqual(ret.exchange_picking_ids, replacement)

    def test_exchange_for_another_product_ships_outside_the_order_lines(self):
        order = self._deliver_order([(self.product, 1)])
        ret = self._approved(order, {order.order_line: 1}, "exchange", exchange_product_id=self.kettle_xl.id)
        self._receive(ret)
        replacement = ret.exchange_picking_ids
        self.assertEqual(replacement.move_ids.product_id, self.kettle_xl)
        self.assertFalse(replacement.move_ids.sale_line_id)
        lines_before = order.order_line
        self._validate(replacement)
        self.assertEqual(order.order_line, lines_before, "no order line is added for the replacement")
        self.assertEqual(self._quant_qty(self.kettle_xl, self.warehouse.lot_stock_id), 999.0)

    def test_advance_exchange_ships_on_approval(self):
        self.policy.write({"advance_exchange": True, "advance_exchange_days": 10})
        order = self._deliver_order([(self.product, 1)])
        ret = self._approved(order, {order.order_line: 1}, "exchange")
        self.assertIn("advance, unit back within 10 d", ret.eligibility_trace)
        self.assertTrue(ret.line_ids.exchange_deadline)
        self.assertEqual(len(ret.exchange_picking_ids), 1, "ships before the unit is back")
        self.assertEqual(len(ret.receipt_picking_ids), 1, "and the unit is still expected")
        self._validate(ret.exchange_picking_ids)
        self.assertEqual(order.order_line.qty_delivered, 2.0)
        self._receive(ret)
        self.assertEqual(len(ret.exchange_picking_ids), 1, "nothing shipped twice when it arrives")
        self.assertEqual(order.order_line.qty_delivered, 1.0)

    def test_exchange_refused_where_it_cannot_be(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign = self.env["product.product"].create(
            {"name": "Foreign kettle", "type": "consu", "company_id": other_company.id}
        )
        order = self._deliver_order([(self.product, 1)])
        ret = self._return(order, {order.order_line: 1})
        with self.assertRaisesRegex(UserError, "Foreign kettle"):
            ret.line_ids.write({"resolution": "exchange", "exchange_product_id": foreign.id})
        service = self.env["product.product"].create({"name": "Gift wrap", "type": "service"})
        ret.line_ids.write({"resolution": "exchange", "exchange_product_id": service.id})
        self.assertFalse(ret.eligibility_ok)
        self.assertIn("the replacement must be a product that is sold and shipped: refused", ret.eligibility_trace)
        with self.assertRaisesRegex(UserError, "replacement must be a product"):
            ret.with_user(self.clerk).action_approve()
        self.assertFalse(ret.picking_ids, "nothing written")
        self.policy.exchange_allowed = False
        ret.line_ids.exchange_product_id = self.product
        ret._check_eligibility()
        self.assertIn("offers no exchanges: refused", ret.eligibility_trace)

    # refund without return

    def test_refund_without_return_receives_nothing(self):
        self.policy.keep_max_amount = 50
        order = self._deliver_order([(self.product, 1)])
        ret = self._approved(order, {order.order_line: 1}, "refund_no_return")
        self.assertIn("refund without return [", ret.eligibility_trace.replace("return Kettle", "return ["))
        self.assertFalse(ret.picking_ids, "no receipt: the customer keeps it")
        self.assertEqual(ret.state, "done")
        self.assertFalse(ret._slip_available(), "no slip for a parcel that does not exist")
        self.assertEqual(order.order_line.qty_delivered, 1.0)

    def test_refund_without_return_only_within_limit_or_by_reason(self):
        order = self._deliver_order([(self.product, 2)])
        ret = self._return(order, {order.order_line: 2})
        ret.line_ids.resolution = "refund_no_return"
        self.assertIn("keeps none above 0.00: refused", ret.eligibility_trace)
        self.policy.keep_max_amount = 50
        ret._check_eligibility()
        self.assertIn("80.00, policy Test 30 days keeps none above 50.00: refused", ret.eligibility_trace)
        self.reason_damaged.refund_without_return = True
        ret._check_eligibility()
        self.assertTrue(ret.eligibility_ok, ret.eligibility_trace)
        self.assertIn("refund without return", ret.eligibility_trace)

    def test_mixed_return_receives_only_what_comes_back(self):
        self.policy.keep_max_amount = 50
        order = self._deliver_order([(self.product, 1), (self.phone, 1)])
        kettle_sol, phone_sol = order.order_line
        ret = self._return(order, {kettle_sol: 1, phone_sol: 1})
        kettle, phone = ret.line_ids
        kettle.resolution = "refund_no_return"
        ret.with_user(self.clerk).action_approve()
        self.assertEqual(ret.receipt_picking_ids.move_ids.revlog_return_line_id, phone)
        self._receive(ret)
        self.assertEqual(ret.state, "received")
        self.assertEqual(kettle.quantity, 1.0, "the kept unit is not reduced to what arrived")
        self.assertFalse(kettle.inspection_id)
        self._grade(phone, self.grade_a)
        self.assertEqual(ret.state, "inspected")

    # repair for the owner

    def test_repair_and_send_back_keeps_the_unit_the_customers(self):
        order = self._deliver_serials(self.serials[:1])
        ret = self._approved(order, {order.order_line: 1}, "repair_return")
        self.assertIn("repair and send back", ret.eligibility_trace)
        self.assertIn("under warranty", ret.eligibility_trace)
        receipt = ret.receipt_picking_ids
        self.assertFalse(receipt.move_ids.to_refund, "nothing to refund: the unit stays the customer's")
        self._receive(ret, lots={ret.line_ids: self.serials[0]})
        self.assertEqual(order.order_line.qty_delivered, 1.0, "still delivered")
        self.assertEqual(receipt.move_line_ids.owner_id, self.customer, "owned by the customer while here")
        self.assertFalse(ret.line_ids.inspection_id, "not graded for resale")
        self.assertEqual((ret.state, ret.line_ids.disposition), ("inspected", "repair"))
        self.assertEqual(ret.disposition_picking_ids.location_dest_id, self.warehouse.revlog_repair_loc_id)
        self._validate(ret.disposition_picking_ids)
        repair = ret.repair_order_ids
        self.assertEqual(len(repair), 1)
        self.assertEqual((repair.lot_id, repair.partner_id), (self.serials[0], self.customer))
        self.assertTrue(repair.under_warranty)
        self.assertEqual(repair.product_location_src_id, self.warehouse.revlog_repair_loc_id)
        # a retry of the disposition creates no second repair order
        self.env["repair.order"]._revlog_create_for_moves(ret.disposition_picking_ids.move_ids)
        self.assertEqual(ret.repair_order_ids, repair)
        self._repair_and_finish(repair)
        self.assertEqual(repair.state, "done")
        shipback = ret.shipback_picking_ids
        self.assertEqual(len(shipback), 1, "the repaired unit goes back")
        self.assertEqual(shipback.sale_id, order)
        self._validate(shipback)
        self.assertEqual(ret.state, "done")
        self.assertEqual(
            self._quant_qty(self.serial_phone, self.env.ref("stock.stock_location_customers"), self.serials[0]), 1.0
        )
        self.assertEqual(order.order_line.qty_delivered, 1.0, "delivered once, whatever the round trip")
        # back with the customer: the unit can be returned again
        self.assertEqual(self._return(order, {order.order_line: 1}).line_ids.qty_returnable, 1.0)

    def test_repair_out_of_warranty_charges_its_parts(self):
        self.policy.warranty_days = 0
        screen = self._revlog_product("Screen", 30.0, 12.0, self.categ_root)
        order = self._deliver_order([(self.phone, 1)], days_ago=3)
        ret = self._approved(order, {order.order_line: 1}, "repair_return")
        self.assertIn("warranty over (0 d): parts charged", ret.eligibility_trace)
        self._receive(ret)
        self._validate(ret.disposition_picking_ids)
        repair = ret.repair_order_ids
        self.assertFalse(repair.under_warranty)
        self._repair_and_finish(repair, {screen: 1})
        quotation = repair.sale_order_id
        self.assertTrue(quotation, "the parts are charged")
        self.assertEqual(quotation.order_line.product_id, screen)
        self.assertAlmostEqual(quotation.order_line.price_unit, 30.0)

    # refurbishing repairs

    def test_refurbishing_repair_restores_the_grade_and_sends_the_unit_to_stock(self):
        order = self._deliver_order([(self.product, 1)])
        ret = self._return(order, {order.order_line: 1})
        ret.action_approve()
        self._receive(ret)
        self._grade(ret.line_ids, self.grade_c)
        self.assertEqual(ret.line_ids.disposition, "repair")
        ret.with_user(self.warehouse_user).action_validate_dispositions()
        repair = ret.repair_order_ids
        self.assertEqual(repair.revlog_grade_id, self.grade_c)
        self.assertEqual(repair.product_location_dest_id, self.warehouse.revlog_bstock_loc_id, "C: B-Stock")
        self.assertEqual(ret.state, "inspected", "waits for its repair")
        with Form(repair.with_user(self.warehouse_user)) as form:
            form.revlog_grade_id = self.grade_a
        self.assertEqual(repair.product_location_dest_id, self.warehouse.lot_stock_id, "A: back to stock")
        stock_before = self._quant_qty(self.product, self.warehouse.lot_stock_id)
        self._repair_and_finish(repair)
        self.assertEqual(ret.line_ids.repaired_grade_id, self.grade_a)
        self.assertEqual(ret.line_ids.grade_id, self.grade_c, "the inspection's verdict stays on record")
        self.assertTrue(ret.message_ids.filtered(lambda m: "grade C" in (m.body or "") and "→" in (m.body or "")))
        self.assertEqual(self._quant_qty(self.product, self.warehouse.lot_stock_id), stock_before + 1)
        self.assertEqual(ret.state, "done")

    def test_a_unit_already_sold_cannot_be_repaired(self):
        order = self._deliver_order([(self.product, 1)])
        ret = self._flow(order, {order.order_line: 1}, grade=self.grade_c)
        repair = ret.repair_order_ids
        # the unit leaves the repair location before its repair starts
        out = self.env["stock.move"].create(
            {
                "name": "sold as is",
                "product_id": self.product.id,
                "product_uom_qty": 1,
                "product_uom": self.product.uom_id.id,
                "location_id": self.warehouse.revlog_repair_loc_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            }
        )
        out._action_confirm()
        out.quantity = 1
        out.picked = True
        out._action_done()
        with self.assertRaisesRegex(UserError, "no longer in .*Repair.*cannot be repaired"):
            repair.with_user(self.warehouse_user).action_repair_start()
        self.assertEqual(repair.state, "draft", "nothing written")

    # returns to the vendor

    def test_defective_serial_goes_back_to_its_vendor_on_its_purchase(self):
        product, purchase, lots = self._bought_serials(self.vendor, ["VP-001", "VP-002"])
        self.env["revlog.disposition.rule"].create(
            {
                "name": "Defective to vendor",
                "sequence": 1,
                "reason_ids": [self.reason_defective.id],
                "disposition": "vendor",
            }
        )
        order = self._deliver_serials(lots[1])
        ret = self._return(order, {order.order_line: 1}, self.reason_defective)
        ret.action_approve()
        self._receive(ret, lots={ret.line_ids: lots[1]})
        self._grade(ret.line_ids, self.grade_c)
        self.assertEqual(ret.line_ids.disposition, "vendor")
        ret.with_user(self.warehouse_user).action_validate_dispositions()
        to_vendor = ret.vendor_picking_ids
        self.assertEqual(len(to_vendor), 1)
        self.assertEqual(to_vendor.partner_id, self.vendor)
        self.assertEqual(to_vendor.move_ids.purchase_line_id, purchase.order_line, "on the purchase it came from")
        self.assertTrue(to_vendor.move_ids.to_refund)
        self.assertEqual(to_vendor.move_line_ids.lot_id, lots[1])
        self.assertEqual(purchase.order_line.qty_received, 2.0)
        self.env["stock.picking"]._revlog_create_vendor_returns(ret.disposition_picking_ids.move_ids)
        self.assertEqual(ret.vendor_picking_ids, to_vendor, "a retry sends nothing twice")
        self._validate(to_vendor)
        self.assertEqual(purchase.order_line.qty_received, 1.0, "the purchase's received quantity follows")
        # the vendor's location held −1 of the serial since it was bought: it is back to 0
        self.assertEqual(self._quant_qty(product, self.vendor.property_stock_supplier, lots[1]), 0.0)
        self.assertEqual(self._quant_qty(product, self.warehouse.revlog_vendor_loc_id, lots[1]), 0.0)
        self.assertEqual(ret.state, "done")

    def test_vendor_return_without_a_vendor_is_refused_and_writes_nothing(self):
        self.env["revlog.disposition.rule"].create(
            {"name": "C to vendor", "sequence": 1, "grade_ids": [self.grade_c.id], "disposition": "vendor"}
        )
        order = self._deliver_order([(self.product, 1)])
        ret = self._return(order, {order.order_line: 1})
        ret.action_approve()
        self._receive(ret)
        ret.line_ids.action_inspect()
        inspection = ret.line_ids.inspection_id
        inspection.answer_ids.write({"passed": True})
        inspection.write({"grade_override_id": self.grade_c.id, "override_reason": "Worn"})
        with self.assertRaisesRegex(UserError, "no vendor is known"):
            inspection.with_user(self.warehouse_user).action_done()
        self.assertEqual((inspection.state, ret.state), ("draft", "received"), "nothing written")
        self.assertFalse(ret.line_ids.disposition)
