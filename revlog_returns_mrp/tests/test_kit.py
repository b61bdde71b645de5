from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.revlog_returns_account.tests.common import RevlogAccountCommon


@tagged("post_install", "-at_install", "revlog")
class TestKitReturn(RevlogAccountCommon):
    """A kit (phantom BoM: 1 Part A at 10 + 2 Part B at 5, FIFO, real-time valuation) sold 2 at 100 on an order,
    delivered and invoiced; one kit comes back as the kit. Each test ends with the books (BooksAssertions)."""

    cost_method = "fifo"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.revlog_auto_validate_dispositions = False
        cls.part_a = cls._revlog_product("Kit Part A", 30.0, 10.0, cls.categ_root)
        cls.part_b = cls._revlog_product("Kit Part B", 20.0, 5.0, cls.categ_root)
        cls.kit = cls.env["product.product"].create(
            {
                "name": "Kit",
                "is_storable": True,
                "list_price": 100.0,
                "categ_id": cls.categ_root.id,
                "invoice_policy": "delivery",
            }
        )
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.kit.product_tmpl_id.id,
                "product_qty": 1.0,
                "type": "phantom",
                "bom_line_ids": [
                    Command.create({"product_id": cls.part_a.id, "product_qty": 1.0}),
                    Command.create({"product_id": cls.part_b.id, "product_qty": 2.0}),
                ],
            }
        )
        cls.env["revlog.return.policy.refund"].create(
            {"policy_id": cls.policy.id, "grade_id": cls.grade_b.id, "refund_percent": 80.0}
        )
        # sold, delivered and invoiced before the books' baseline: the test's flow is the return
        cls.order = cls._deliver_order([(cls.kit, 2, 100.0)])
        cls.sol = cls.order.order_line

    def _kit_return(self, quantity=1):
        """A return of ``quantity`` kits, created by the returns clerk (read back as the test's user)."""
        return (
            self.env["revlog.return"]
            .with_user(self.clerk)
            .create(
                {
                    "partner_id": self.order.partner_id.id,
                    "sale_order_id": self.order.id,
                    "line_ids": [
                        Command.create(
                            {"sale_line_id": self.sol.id, "quantity": quantity, "reason_id": self.reason_mind.id}
                        )
                    ],
                }
            )
            .with_env(self.env)
        )

    def _components(self, moves):
        return {
            product: sum(moves.filtered(lambda m, p=product: m.product_id == p).mapped("product_uom_qty"))
            for product in moves.product_id
        }

    def _post_as_accountant(self, ret):
        ret.refund_move_ids.filtered(lambda m: m.state == "draft").with_user(self.accountant).action_post()

    def _approved_and_received(self, timing):
        self.policy.refund_timing = timing
        self.assertEqual(self.sol.qty_delivered, 2.0)
        ret = self._kit_return()
        line = ret.line_ids
        self.assertEqual(line.product_id, self.kit)
        self.assertEqual((line.qty_delivered, line.qty_returnable), (2.0, 2.0))
        ret.with_user(self.clerk).action_approve()
        if timing == "on_approval":
            self._post_as_accountant(ret)
        # the receipt brings the components back in the kit's proportions, each a return of its delivery
        moves = ret.receipt_picking_ids.move_ids
        self.assertEqual(self._components(moves), {self.part_a: 1.0, self.part_b: 2.0})
        self.assertEqual(moves.bom_line_id, self.bom.bom_line_ids)
        self.assertEqual(moves.sale_line_id, self.sol)
        self.assertTrue(all(m.to_refund and m.origin_returned_move_id for m in moves))
        self.assertEqual(moves.revlog_return_line_id, line)
        ret.with_user(self.warehouse_user).action_validate_receipts()
        self.assertEqual(ret.state, "received")
        self.assertEqual(line.qty_received, 1.0)
        self.sol.invalidate_recordset()
        self.assertEqual(self.sol.qty_delivered, 1.0, "the order's delivered quantity of the kit goes down")
        line.invalidate_recordset()
        self.assertEqual((line.qty_delivered, line.qty_returned_before), (2.0, 0.0))
        if timing == "on_receipt":
            self._post_as_accountant(ret)
        return ret

    def _assert_credited_as_kit(self, ret, percent):
        line = ret.line_ids
        refund_lines = ret.refund_move_ids.invoice_line_ids.filtered(lambda a: a.revlog_kind == "refund")
        self.assertEqual(ret.refund_move_ids.mapped("state"), ["posted"])
        self.assertEqual(refund_lines.product_id, self.kit)
        self.assertEqual(refund_lines.quantity, 1.0)
        # the kit at its invoiced price, at the refund percent of the moment it was credited
        self.assertAlmostEqual(refund_lines.price_unit, self.sol.price_unit * percent / 100.0)
        # cost of goods reversed component by component, at the value each came back at (A 10, 2 B at 5)
        cogs = ret.refund_move_ids.line_ids.filtered(lambda a: a.display_type == "cogs" and a.balance > 0)
        self.assertEqual({a.product_id: round(a.balance, 2) for a in cogs}, {self.part_a: 10.0, self.part_b: 10.0})
        self.assertAlmostEqual(line.cost_amount, 20.0)

    def test_kit_returned_graded_b_to_bstock(self):
        ret = self._approved_and_received("on_inspection")
        line = ret.line_ids
        self._grade(line, self.grade_b)
        self.assertEqual(line.disposition, "resale")
        # graded once, the components move together to B-Stock
        transfer = ret.disposition_picking_ids
        self.assertEqual(len(transfer), 1)
        self.assertEqual(self._components(transfer.move_ids), {self.part_a: 1.0, self.part_b: 2.0})
        self.assertEqual(transfer.move_ids.revlog_return_line_id, line)
        ret.with_user(self.warehouse_user).action_validate_dispositions()
        destination = transfer.location_dest_id
        self.assertEqual(destination, self.warehouse.revlog_bstock_loc_id)
        self.assertEqual(self._quant_qty(self.part_a, destination), 1.0)
        self.assertEqual(self._quant_qty(self.part_b, destination), 2.0)
        # written down per component at the kit's grade: 30 % of 10 and of 2 × 5
        self.env.invalidate_all()
        writedowns = ret.writedown_move_ids.line_ids.filtered(lambda a: a.account_id == self.writedown_account)
        self.assertEqual({a.product_id: round(a.balance, 2) for a in writedowns}, {self.part_a: 3.0, self.part_b: 3.0})
        self._post_as_accountant(ret)
        self.assertEqual(line.refund_percent, 80.0)
        self._assert_credited_as_kit(ret, line.refund_percent)
        self.assertOneCreditChannel(self.order)

    def test_kit_credited_before_its_scrap(self):
        ret = self._approved_and_received("on_receipt")
        line = ret.line_ids
        self.env.invalidate_all()
        refund_line = ret.refund_move_ids.invoice_line_ids.filtered(lambda a: a.revlog_kind == "refund")
        self.assertEqual((refund_line.product_id, refund_line.quantity), (self.kit, 1.0))
        self.assertAlmostEqual(refund_line.price_unit, 100.0)
        self._grade(line, self.grade_x)
        self.assertEqual(line.disposition, "scrap")
        # the kit is scrapped: Odoo explodes it, its components leave inspection together
        ret.with_user(self.warehouse_user).action_validate_dispositions()
        scrapped = ret.scrap_ids.move_ids
        self.assertEqual({m.product_id: m.quantity for m in scrapped}, {self.part_a: 1.0, self.part_b: 2.0})
        self.assertEqual(scrapped.revlog_return_line_id, line)
        inspection = self.warehouse.revlog_inspection_loc_id
        self.assertEqual(self._quant_qty(self.part_a, inspection) + self._quant_qty(self.part_b, inspection), 0.0)
        self.assertAlmostEqual(line.disposal_loss, 20.0)
        self._assert_credited_as_kit(ret, 100.0)

    def test_kit_credited_after_recycling(self):
        ret = self._approved_and_received("on_inspection")
        line = ret.line_ids
        self._grade(line, self.grade_d)
        self.assertEqual(line.disposition, "recycle")
        ret.with_user(self.warehouse_user).action_validate_dispositions()
        destination = ret.disposition_picking_ids.location_dest_id
        self.assertEqual(self._quant_qty(self.part_a, destination), 1.0)
        self.assertEqual(self._quant_qty(self.part_b, destination), 2.0)
        self._post_as_accountant(ret)
        self._assert_credited_as_kit(ret, line.refund_percent)

    def test_kit_over_quantity_refused(self):
        with self.assertRaisesRegex(ValidationError, "3 of 2 returnable"):
            self._kit_return(quantity=3)
        self.assertFalse(self.env["revlog.return"].search([("sale_order_id", "=", self.order.id)]))

    def test_kit_credited_before_its_writedown(self):
        ret = self._approved_and_received("on_inspection")
        line = ret.line_ids
        self._grade(line, self.grade_b)
        self._post_as_accountant(ret)
        ret.with_user(self.warehouse_user).action_validate_dispositions()
        self.env.invalidate_all()
        writedowns = ret.writedown_move_ids.line_ids.filtered(lambda a: a.account_id == self.writedown_account)
        self.assertAlmostEqual(sum(writedowns.mapped("balance")), 6.0, msg="booked once, on the write-down account")
        self._assert_credited_as_kit(ret, line.refund_percent)

    def test_kit_returned_through_odoo_is_not_returnable_again(self):
        delivery = self.order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=delivery.id, active_model="stock.picking")
            .create({"picking_id": delivery.id})
        )
        for return_line in wizard.product_return_moves:
            return_line.quantity = return_line.move_id.quantity / 2
            return_line.to_refund = True
        returned = wizard._create_return()
        returned.move_ids.quantity = 0
        for move in returned.move_ids:
            move.quantity = move.product_uom_qty
        returned.move_ids.picked = True
        returned._action_done()
        ret = self._kit_return()
        self.assertEqual((ret.line_ids.qty_delivered, ret.line_ids.qty_returnable), (1.0, 1.0))
        with self.assertRaisesRegex(ValidationError, r"1 of 0 returnable \(1 delivered, 1 on other returns\)"):
            self._kit_return()
        # the units Odoo's return brought back wait for the order's own credit note
        self.assertBooksTie(in_transit=self._odoo_return_value(returned))

    def _odoo_return_value(self, returned):
        values = {}
        for move in returned.move_ids:
            values[move.product_id] = values.get(move.product_id, 0.0) - sum(
                move.stock_valuation_layer_ids.mapped("value")
            )
        return values


@tagged("post_install", "-at_install", "revlog")
class TestSerialKitReturn(RevlogAccountCommon):
    """A kit of a serial-tracked part and a plain one, sold 2 and delivered with serials SK-1 and SK-2: the
    receipt checks each serial against the delivery, the disposition moves the serial that came back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.revlog_auto_validate_dispositions = False
        cls.policy.require_lot_match = True
        cls.part_s = cls.env["product.product"].create(
            {
                "name": "Kit Serial Part",
                "is_storable": True,
                "tracking": "serial",
                "standard_price": 40.0,
                "categ_id": cls.categ_root.id,
            }
        )
        cls.part_p = cls._revlog_product("Kit Plain Part", 10.0, 4.0, cls.categ_root)
        cls.serials = cls.env["stock.lot"].create(
            [{"name": name, "product_id": cls.part_s.id} for name in ("SK-1", "SK-2", "SK-3")]
        )
        for lot in cls.serials:
            cls._add_stock(cls.part_s, 1, lot)
        cls.kit = cls.env["product.product"].create(
            {"name": "Serial Kit", "is_storable": True, "categ_id": cls.categ_root.id, "invoice_policy": "delivery"}
        )
        cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.kit.product_tmpl_id.id,
                "type": "phantom",
                "bom_line_ids": [
                    Command.create({"product_id": cls.part_s.id, "product_qty": 1.0}),
                    Command.create({"product_id": cls.part_p.id, "product_qty": 1.0}),
                ],
            }
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [Command.create({"product_id": cls.kit.id, "product_uom_qty": 2, "price_unit": 90.0})],
            }
        )
        cls.order.action_confirm()
        picking = cls.order.picking_ids
        for move in picking.move_ids:
            if move.product_id == cls.part_s:
                move.move_line_ids = [Command.clear()] + [
                    Command.create(
                        {
                            "product_id": cls.part_s.id,
                            "lot_id": lot.id,
                            "quantity": 1,
                            "location_id": move.location_id.id,
                            "location_dest_id": move.location_dest_id.id,
                            "picking_id": picking.id,
                        }
                    )
                    for lot in cls.serials[:2]
                ]
            else:
                move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking._action_done()
        cls.order._create_invoices().action_post()

    def test_serial_kit_checked_and_moved_with_its_serial(self):
        self.policy.refund_timing = "on_inspection"
        sol = self.order.order_line
        ret = self._return(self.order, {sol: 1}, reason=self.reason_mind)
        self.assertEqual(ret.line_ids.qty_returnable, 2.0)
        ret.with_user(self.clerk).action_approve()
        line = ret.line_ids
        # a serial never delivered on this order is refused, naming the component and the rule
        with self.assertRaisesRegex(UserError, "Kit Serial Part SK-3 was not delivered .* on order"):
            self._receive(ret, lots={line: self.serials[2]})
        self._receive(ret, lots={line: self.serials[1]})
        self.assertEqual(ret.state, "received")
        self.assertEqual(line.lot_ids, self.serials[1])
        self.assertEqual(sol.qty_delivered, 1.0)
        self._grade(line, self.grade_b)
        transfer = ret.disposition_picking_ids
        self.assertEqual(transfer.move_ids.product_id, self.part_s | self.part_p)
        self.assertEqual(transfer.move_ids.move_line_ids.lot_id, self.serials[1], "the serial inspected moves")
        ret.with_user(self.warehouse_user).action_validate_dispositions()
        self.assertEqual(self._quant_qty(self.part_s, transfer.location_dest_id, self.serials[1]), 1.0)
        self.assertEqual(self._quant_qty(self.part_p, transfer.location_dest_id), 1.0)
        ret.refund_move_ids.with_user(self.accountant).action_post()
        refund_line = ret.refund_move_ids.invoice_line_ids.filtered(lambda a: a.revlog_kind == "refund")
        self.assertEqual((refund_line.product_id, refund_line.quantity), (self.kit, 1.0))
        self.assertAlmostEqual(line.cost_amount, 44.0)
