from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RevlogStockCommon


@tagged("revlog")
class TestDisposition(RevlogStockCommon):
    """After grading, every unit goes where its disposition says, and the return closes when it is there."""

    def _graded_return(self, grades, product=None):
        """A received return of one unit per grade, graded; returns (return, lines in grade order)."""
        product = product or self.product
        order = self._deliver_order([(product, 1)] * len(grades))
        ret = self._return(order, dict.fromkeys(order.order_line, 1))
        ret.action_approve()
        self._receive(ret)
        lines = ret.line_ids
        for line, grade in zip(lines, grades, strict=True):
            self._grade(line, grade)
        return ret, lines

    def test_each_disposition_lands_in_its_location(self):
        self.rule_catch_all.active = True
        ret, lines = self._graded_return([self.grade_a, self.grade_b, self.grade_c, self.grade_d, self.grade_x])
        self.assertEqual(ret.state, "inspected")
        self.assertEqual(lines.mapped("disposition"), ["resale", "resale", "repair", "recycle", "scrap"])
        wh = self.warehouse
        expected = [wh.lot_stock_id, wh.revlog_bstock_loc_id, wh.revlog_repair_loc_id, wh.revlog_recycle_loc_id]
        self.assertEqual([line.location_dest_id for line in lines[:4]], expected)
        self.assertEqual(len(ret.disposition_picking_ids), 4, "one transfer per destination")
        self.assertEqual(len(ret.scrap_ids), 1, "scrap goes through Odoo's scrap")
        self.assertTrue(lines[4].location_dest_id.scrap_location)
        self.assertEqual(set(ret.disposition_picking_ids.mapped("state")), {"assigned"})
        stock_before = self._quant_qty(self.product, wh.lot_stock_id)
        # warehouse staff validate them
        pickings = ret.disposition_picking_ids.with_user(self.warehouse_user)
        for picking in pickings:
            picking.move_ids.picked = True
        pickings.with_context(skip_sms=True).button_validate()
        self.assertEqual(ret.state, "inspected", "the scrap is still to validate")
        # the Inventory Overview's Dispositions card says it waits, and opens it for warehouse staff
        card = wh.revlog_disposition_type_id.with_user(self.warehouse_user)
        action = card.action_revlog_scraps()
        waiting = self.env["stock.scrap"].with_user(self.warehouse_user).search(action["domain"])
        self.assertIn(ret.scrap_ids, waiting)
        self.assertEqual(card.revlog_count_scraps, len(waiting))
        self.assertEqual(ret.scrap_ids.origin, ret.name, "the scrap names its return")
        ret.scrap_ids.with_user(self.warehouse_user).action_validate()
        card.invalidate_recordset(["revlog_count_scraps"])
        self.assertEqual(card.revlog_count_scraps, len(waiting) - 1)
        self.assertEqual(ret.state, "inspected", "the unit in repair waits for its repair order")
        self.assertEqual(ret.repair_order_ids.product_location_src_id, wh.revlog_repair_loc_id)
        self._repair_and_finish(ret.repair_order_ids)
        self.assertEqual(ret.state, "done")
        self.assertEqual(self._quant_qty(self.product, wh.lot_stock_id), stock_before + 1)
        # the repaired C unit went on to B-Stock, next to the B unit
        self.assertEqual(self._quant_qty(self.product, wh.revlog_bstock_loc_id), 2.0)
        self.assertEqual(self._quant_qty(self.product, wh.revlog_repair_loc_id), 0.0)
        self.assertEqual(self._quant_qty(self.product, wh.revlog_recycle_loc_id), 1.0)
        self.assertEqual(self._quant_qty(self.product, lines[4].location_dest_id), 1.0)
        self.assertEqual(self._quant_qty(self.product, wh.revlog_inspection_loc_id), 0.0)

    def test_rule_destination_and_vendor(self):
        self.product.seller_ids = [Command.create({"partner_id": self.customer.id, "price": 12.0})]
        vendor_rule = self.env["revlog.disposition.rule"].create(
            {"name": "To vendor", "sequence": 1, "grade_ids": [self.grade_c.id], "disposition": "vendor"}
        )
        __, lines = self._graded_return([self.grade_c])
        self.assertEqual(lines.location_dest_id, self.warehouse.revlog_vendor_loc_id)
        custom = self.env["stock.location"].create(
            {"name": "Refurb partner", "usage": "internal", "location_id": self.warehouse.view_location_id.id}
        )
        vendor_rule.location_dest_id = custom
        __, lines = self._graded_return([self.grade_c])
        self.assertEqual(lines.location_dest_id, custom)
        self.assertEqual(lines.return_id.disposition_picking_ids.location_dest_id, custom)

    def test_auto_validation_and_serials(self):
        self.company.revlog_auto_validate_dispositions = True
        self.rule_catch_all.active = True
        order = self._deliver_serials(self.serials[:2])
        ret = self._return(order, {order.order_line: 2})
        ret.action_approve()
        self._receive(ret, lots={ret.line_ids: self.serials[:2]})
        self._grade(ret.line_ids, self.grade_b)
        self.assertEqual(ret.state, "done", "moves validate themselves when the setting says so")
        for lot in self.serials[:2]:
            self.assertEqual(self._quant_qty(self.serial_phone, self.warehouse.revlog_bstock_loc_id, lot), 1.0)

    def test_no_second_disposition(self):
        self.rule_catch_all.active = True
        ret, __ = self._graded_return([self.grade_b])
        pickings = ret.disposition_picking_ids
        ret._create_dispositions()
        ret._action_inspected()
        self.assertEqual(ret.disposition_picking_ids, pickings)
        with self.assertRaisesRegex(UserError, r"\(Inspected\) cannot become Cancelled"):
            ret.action_cancel()
