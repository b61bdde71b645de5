from odoo.tests import tagged

from .common import RevlogAccountCommon


@tagged("post_install", "-at_install", "revlog")
class TestWritedownFifo(RevlogAccountCommon):
    """Write-downs and disposal losses, with both accounting invariants checked after each flow (FIFO; the
    AVCO class below runs them again)."""

    cost_method = "fifo"

    def _entry_lines(self, ret, kind):
        return ret.account_move_ids.line_ids.filtered(lambda aml: aml.revlog_kind == kind)

    def test_resale_b_is_written_down(self):
        order = self._deliver_order([(self.product, 2, 40.0)])
        ret = self._flow(order, {order.order_line: 2}, grade=self.grade_b)
        self.assertEqual(ret.line_ids.location_dest_id, self.warehouse.revlog_bstock_loc_id)
        entry = ret.writedown_move_ids
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.state, "posted")
        self.assertEqual(entry.journal_id, self.company.revlog_journal_id)
        # 2 units came back at 15: grade B keeps 70 %, 9.00 is written down
        self.assertRecordValues(
            entry.line_ids.sorted("balance"),
            [
                {"account_id": self.valuation_account.id, "balance": -9.0},
                {"account_id": self.writedown_account.id, "balance": 9.0},
            ],
        )
        layer = entry.stock_valuation_layer_ids
        self.assertEqual((layer.value, layer.quantity), (-9.0, 0.0))
        self.assertEqual(layer.stock_move_id.picking_id, ret.disposition_picking_ids)
        # not linked to the receipt layer: Odoo would count it in the cost of goods its credit note reverses
        self.assertFalse(layer.stock_valuation_layer_id)
        line = ret.line_ids
        self.assertAlmostEqual(line.cost_amount, 30.0)
        self.assertAlmostEqual(line.writedown_amount, 9.0)
        self.assertAlmostEqual(line.recovered_value, 21.0)
        self.assertAlmostEqual(line.recovery_rate, 70.0)
        self.assertLedgerTiesOut(ret)
        self.assertValuationTiesOut()
        # the written-down unit goes out at its new value
        self.assertAlmostEqual(
            self.product.with_company(self.company).value_svl,
            sum(self.env["stock.valuation.layer"].search([("product_id", "=", self.product.id)]).mapped("value")),
        )

    def test_grade_a_keeps_its_value(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._flow(order, {order.order_line: 1}, grade=self.grade_a)
        self.assertFalse(ret.writedown_move_ids)
        self.assertAlmostEqual(ret.recovered_value, 15.0)
        self.assertAlmostEqual(ret.recovery_rate, 100.0)
        self.assertValuationTiesOut()

    def test_repair_recycle_scrap(self):
        order = self._deliver_order([(self.product, 1, 40.0), (self.product, 1, 40.0), (self.product, 1, 40.0)])
        ret = self._return(order, dict.fromkeys(order.order_line, 1))
        ret.action_approve()
        self._receive(ret)
        repair, recycle, scrap = ret.line_ids
        self._grade(repair, self.grade_c)
        self._grade(recycle, self.grade_d)
        self._grade(scrap, self.grade_x)
        self.assertEqual(ret.line_ids.mapped("disposition"), ["repair", "recycle", "scrap"])
        ret._validate_dispositions()
        self.assertEqual(ret.state, "inspected", "the unit in repair waits for its repair order")
        self._repair_and_finish(ret.repair_order_ids)
        self.assertEqual(ret.state, "done")
        self.assertAlmostEqual(repair.writedown_amount, 9.0, msg="grade C keeps 40 %")
        self.assertAlmostEqual(recycle.disposal_loss, 13.5, msg="grade D keeps 10 % in the recycle staging")
        # scrap loses the whole value the unit leaves stock at, through Odoo's scrap (15 in FIFO; in AVCO the
        # average, which the other two write-downs just lowered)
        scrap_value = -sum(ret.scrap_ids.move_ids.stock_valuation_layer_ids.mapped("value"))
        self.assertAlmostEqual(scrap.disposal_loss, scrap_value)
        if self.cost_method == "fifo":
            self.assertAlmostEqual(scrap_value, 15.0)
        recycle_items = self._entry_lines(ret, "disposal").filtered(lambda a: a.revlog_return_line_id == recycle)
        self.assertEqual(recycle_items.account_id, self.warehouse.revlog_recycle_loc_id.revlog_loss_account_id)
        scrap_items = self._entry_lines(ret, "disposal").filtered(lambda a: a.revlog_return_line_id == scrap)
        self.assertEqual(scrap_items.move_id.stock_move_id.scrap_id, ret.scrap_ids)
        self.assertAlmostEqual(ret.recovered_value, 45.0 - 9.0 - 13.5 - scrap_value)
        # the recovery analysis totals are the general ledger's
        report = self.env["revlog.recovery.report"].search([("return_id", "=", ret.id)])
        ledger = self.env["account.move.line"].search(
            [("parent_state", "=", "posted"), ("revlog_return_line_id", "in", ret.line_ids.ids)]
        )
        self.assertAlmostEqual(
            sum(report.mapped("writedown_amount")),
            sum(ledger.filtered(lambda a: a.account_id == self.writedown_account).mapped("balance")),
        )
        self.assertAlmostEqual(
            sum(report.mapped("disposal_loss")),
            sum(ledger.filtered(lambda a: a.revlog_kind == "disposal").mapped("balance")),
        )
        self.assertLedgerTiesOut(ret)
        self.assertValuationTiesOut()

    def test_retry_posts_nothing_twice(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._flow(order, {order.order_line: 1}, grade=self.grade_b)
        entry = ret.writedown_move_ids
        ret._post_value_adjustments(ret.disposition_picking_ids.move_ids)
        ret._on_disposition_done(ret.disposition_picking_ids.move_ids)
        self.assertEqual(ret.writedown_move_ids, entry)
        self.assertValuationTiesOut()


@tagged("post_install", "-at_install", "revlog")
class TestWritedownAvco(TestWritedownFifo):
    cost_method = "average"
    allow_inherited_tests_method = True

    def test_average_cost_follows_the_writedown(self):
        product = self.product.with_company(self.company)
        order = self._deliver_order([(self.product, 2, 40.0)])
        self._flow(order, {order.order_line: 2}, grade=self.grade_b)
        self.assertAlmostEqual(product.standard_price, product.value_svl / product.quantity_svl, places=2)
        self.assertLess(product.standard_price, 15.0)
        self.assertValuationTiesOut()


@tagged("post_install", "-at_install", "revlog")
class TestWritedownLotValuated(RevlogAccountCommon):
    cost_method = "fifo"

    def test_lot_valuated_serials_written_down_per_lot(self):
        order, lots = self._deliver_lot_valued_serials("Lot-valued Phone", "LV")
        product = self.serial_phone
        ret = self._return(order, {order.order_line: 2})
        ret.action_approve()
        self._receive(ret, lots={ret.line_ids: lots})
        self._grade(ret.line_ids, self.grade_b)
        ret._validate_dispositions()
        layers = ret.writedown_move_ids.stock_valuation_layer_ids
        self.assertEqual({(layer.lot_id.name, layer.value) for layer in layers}, {("LV-1", -90.0), ("LV-2", -60.0)})
        self.assertAlmostEqual(ret.writedown_amount, 150.0)
        for lot in lots:
            self.assertAlmostEqual(lot.with_company(self.company).value_svl, {"LV-1": 210.0, "LV-2": 140.0}[lot.name])
        self.assertLedgerTiesOut(ret)
        self.assertValuationTiesOut()
        # the serials were delivered without an invoice
        delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertBooksTie(in_transit={product: self._value_out(delivery.move_ids)})


@tagged("post_install", "-at_install", "revlog")
class TestWritedownStandardCost(RevlogAccountCommon):
    """Standard cost values every unit at the standard price: a returned unit graded below 100 % is not
    written down (docs/accounting.md explains why); scrap still posts its loss through Odoo's scrap."""

    cost_method = "standard"

    def test_standard_cost_is_not_written_down(self):
        order = self._deliver_order([(self.product, 2, 40.0)])
        ret = self._return(order, {order.order_line: 2})
        ret.action_approve()
        self._receive(ret)
        (resale,) = ret.line_ids
        self._grade(resale, self.grade_b)
        ret._validate_dispositions()
        self.assertFalse(ret.writedown_move_ids)
        self.assertEqual(resale.writedown_amount, 0.0)
        self.assertAlmostEqual(resale.recovered_value, 30.0, msg="units stay at standard cost")
        self.assertAlmostEqual(self.product.with_company(self.company).standard_price, 15.0)
        self.assertLedgerTiesOut(ret)
        self.assertValuationTiesOut()
        scrap_order = self._deliver_order([(self.product, 1, 40.0)])
        scrapped = self._flow(scrap_order, {scrap_order.order_line: 1}, grade=self.grade_x)
        self.assertAlmostEqual(scrapped.disposal_loss, 15.0)
        self.assertValuationTiesOut()
