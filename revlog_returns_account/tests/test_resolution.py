from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import RevlogAccountCommon


@tagged("post_install", "-at_install", "revlog")
class TestResolutionAccounting(RevlogAccountCommon):
    """Every way a return ends, from a delivered and invoiced order to its last journal entry: exchanges and
    their price difference, advance exchanges never sent back, refunds without return, repairs for the owner
    and refurbishing repairs with their parts, returns to the vendor with its credit note. The clerk decides, the
    warehouse moves, the accountant posts; the books tie after each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kettle_xl = cls._revlog_product("Kettle XL", 55.0, 20.0, cls.categ_root)
        cls.kettle_mini = cls._revlog_product("Kettle Mini", 25.0, 9.0, cls.categ_root)
        cls.screen = cls._revlog_product("Spare screen", 30.0, 12.0, cls.categ_root)
        cls.vendor = cls.env["res.partner"].create({"name": "Volt Supplies"})

    def _approve(self, order, quantities, resolution, **line_vals):
        ret = self._return(order, quantities, self.reason_mind)
        ret.line_ids.write({"resolution": resolution, **line_vals})
        ret.with_user(self.clerk).action_approve()
        return ret

    def _validate(self, pickings):
        pickings = pickings.with_user(self.warehouse_user)
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.move_ids.picked = True
        pickings.with_context(skip_sms=True).button_validate()

    def _post(self, moves):
        moves.with_user(self.accountant).action_post()

    def assertFlowTies(self, ret, order=None):
        self.assertLedgerTiesOut(ret)
        self.assertValuationTiesOut()
        if order:
            self.assertOneCreditChannel(order)

    # exchanges

    def test_exchange_of_the_same_product_settles_nothing(self):
        order = self._deliver_order([(self.product, 2, 40.0)])
        ret = self._approve(order, {order.order_line: 1}, "exchange")
        self.assertOneCreditChannel(order)
        self._receive(ret)
        self.assertOneCreditChannel(order)
        self._validate(ret.exchange_picking_ids)
        self._grade(ret.line_ids, self.grade_a)
        ret._validate_dispositions()
        self.assertEqual(ret.state, "done")
        self.assertFalse(ret.refund_move_ids or ret.exchange_move_ids, "nothing to credit, nothing to invoice")
        self.assertAlmostEqual(ret.cost_amount, 15.0, msg="the unit came back at 15")
        self.assertAlmostEqual(ret.shipped_cost, 15.0, msg="its replacement left at 15")
        self.assertAlmostEqual(ret.net_return_cost, 0.0)
        self.assertFlowTies(ret, order)

    def test_exchange_for_a_dearer_product_invoices_the_difference_on_the_original_terms(self):
        term = self.env.ref("account.account_payment_term_30days")
        order = self._deliver_order([(self.product, 1, 40.0)], payment_term_id=term.id)
        ret = self._approve(order, {order.order_line: 1}, "exchange", exchange_product_id=self.kettle_xl.id)
        self._receive(ret)
        self.assertFalse(ret.exchange_move_ids, "settled once the replacement ships")
        self._validate(ret.exchange_picking_ids)
        invoice = ret.exchange_move_ids
        self.assertEqual((invoice.move_type, invoice.state), ("out_invoice", "draft"))
        self.assertEqual(invoice.invoice_payment_term_id, term, "on the original invoice's terms")
        item = invoice.invoice_line_ids
        self.assertEqual((item.product_id, item.quantity, item.price_unit), (self.kettle_xl, 1.0, 15.0))
        self.assertFalse(item.sale_line_ids, "not on the order: it keeps invoicing what it sold")
        self._post(invoice)
        self._grade(ret.line_ids, self.grade_a)
        ret._validate_dispositions()
        self.assertAlmostEqual(ret.exchange_amount, 15.0)
        self.assertAlmostEqual(ret.shipped_cost, 20.0)
        self.assertAlmostEqual(ret.net_return_cost, 20.0 - 15.0 - 15.0)
        self.assertFlowTies(ret, order)

    def test_exchange_for_a_cheaper_product_credits_the_difference(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._approve(order, {order.order_line: 1}, "exchange", exchange_product_id=self.kettle_mini.id)
        self._receive(ret)
        self._validate(ret.exchange_picking_ids)
        credit = ret.exchange_move_ids
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.reversed_entry_id, order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice"))
        self.assertFalse(credit.invoice_payment_term_id)
        self.assertEqual(credit.invoice_line_ids.price_unit, 15.0)
        self.assertIn(credit, ret.refund_move_ids, "the accountant finds it with the return's credit notes")
        self._post(credit)
        self._grade(ret.line_ids, self.grade_a)
        ret._validate_dispositions()
        self.assertAlmostEqual(ret.exchange_amount, -15.0)
        self.assertAlmostEqual(ret.refund_amount, 0.0, "a difference is not a refund")
        self.assertFlowTies(ret, order)
        # shipping the replacement again (a retry) settles nothing twice
        ret._create_exchange_settlements(ret.exchange_picking_ids.move_ids)
        self.assertEqual(ret.exchange_move_ids, credit)

    def test_advance_exchange_never_sent_back_is_invoiced_by_the_scheduled_action(self):
        self.policy.write({"advance_exchange": True, "advance_exchange_days": 7})
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._approve(order, {order.order_line: 1}, "exchange")
        self.assertEqual(ret.line_ids.exchange_deadline, self.company._revlog_today() + timedelta(days=7))
        self._validate(ret.exchange_picking_ids)
        self.assertOneCreditChannel(order)
        cron = self.env.ref("revlog_returns_account.ir_cron_charge_overdue_exchanges")
        cron.method_direct_trigger()
        self.assertFalse(ret.exchange_move_ids, "not overdue yet")
        ret.line_ids.sudo().exchange_deadline = self.company._revlog_today() - timedelta(days=1)
        cron.method_direct_trigger()
        charge = ret.exchange_move_ids
        self.assertEqual(len(charge), 1)
        self.assertEqual(charge.move_type, "out_invoice")
        self.assertEqual(charge.invoice_line_ids.mapped("revlog_kind"), ["exchange_charge"])
        self.assertAlmostEqual(charge.amount_untaxed, 40.0, msg="the replacement at its price")
        self.assertEqual(ret.receipt_picking_ids.state, "cancel", "the unit is no longer expected")
        self.assertEqual(ret.state, "done")
        cron.method_direct_trigger()
        self.assertEqual(ret.exchange_move_ids, charge, "nothing charged twice")
        self._post(charge)
        self.assertAlmostEqual(ret.exchange_amount, 40.0)
        self.assertAlmostEqual(ret.shipped_cost, 15.0)
        self.assertFlowTies(ret, order)

    # refund without return

    def test_refund_without_return_credits_on_approval_and_recovers_nothing(self):
        self.policy.write({"keep_max_amount": 50, "restocking_fee_percent": 10, "refund_timing": "on_inspection"})
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._approve(order, {order.order_line: 1}, "refund_no_return")
        self.assertEqual(ret.state, "done")
        self.assertFalse(ret.receipt_picking_ids)
        refund = ret.refund_move_ids
        self.assertEqual(len(refund), 1, "credited on approval, whatever the policy's timing")
        self.assertFalse(refund.line_ids.filtered(lambda a: a.revlog_kind == "fee"), "nothing restocked, no fee")
        with self.assertRaises(AccessError):
            refund.with_user(self.clerk).action_post()
        self._post(refund)
        self.assertAlmostEqual(ret.refund_amount, 40.0)
        self.assertEqual((ret.cost_amount, ret.recovered_value), (0.0, 0.0), "the unit never came back")
        self.assertAlmostEqual(ret.net_return_cost, 40.0)
        self.assertEqual(order.order_line.qty_invoiced, 0.0)
        self.assertFlowTies(ret, order)

    # repairs

    def test_warranty_repair_costs_its_parts_and_credits_nothing(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._approve(order, {order.order_line: 1}, "repair_return")
        self._receive(ret)
        self.assertAlmostEqual(ret.cost_amount, 0.0, "the customer's unit is not the company's stock")
        self._validate(ret.disposition_picking_ids)
        repair = ret.repair_order_ids
        self.assertTrue(repair.under_warranty)
        self._repair_and_finish(repair, {self.screen: 1})
        self.assertFalse(repair.sale_order_id, "under warranty: the parts are not charged")
        self._validate(ret.shipback_picking_ids)
        self.assertEqual(ret.state, "done")
        self.assertFalse(ret.refund_move_ids)
        self.assertAlmostEqual(ret.repair_cost, 12.0)
        self.assertAlmostEqual(ret.net_return_cost, 12.0, msg="the warranty cost the screen")
        self.assertFlowTies(ret, order)

    def test_refurbishing_repair_puts_its_parts_on_the_ledger(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._return(order, {order.order_line: 1}, self.reason_mind)
        ret.with_user(self.clerk).action_approve()
        self._receive(ret)
        self._grade(ret.line_ids, self.grade_c)
        ret.with_user(self.warehouse_user).action_validate_dispositions()
        repair = ret.repair_order_ids
        repair.with_user(self.warehouse_user).revlog_grade_id = self.grade_b
        self._repair_and_finish(repair, {self.screen: 1})
        self.assertEqual(ret.line_ids.repaired_grade_id, self.grade_b)
        self.assertEqual(self._quant_qty(self.product, self.warehouse.revlog_bstock_loc_id), 1.0)
        self._post(ret.refund_move_ids)
        self.assertEqual(ret.state, "done")
        self.assertAlmostEqual(ret.writedown_amount, 9.0, msg="grade C keeps 40 % of 15")
        self.assertAlmostEqual(ret.repair_cost, 12.0)
        self.assertAlmostEqual(ret.recovered_value, 15.0 - 9.0 - 12.0)
        self.assertFlowTies(ret, order)

    # returns to the vendor

    def test_serial_back_to_its_vendor_with_a_credit_note_for_the_accountant(self):
        __, purchase, serial = self._bought_serials(self.vendor, ["VP-100"])
        purchase.action_create_invoice()
        bill = purchase.invoice_ids
        bill.invoice_date = fields.Date.context_today(bill)
        bill.action_post()
        self.env["revlog.disposition.rule"].create(
            {
                "name": "Defective to vendor",
                "sequence": 1,
                "reason_ids": [self.reason_defective.id],
                "disposition": "vendor",
            }
        )
        order = self._deliver_serials(serial)
        order._create_invoices().action_post()
        ret = self._return(order, {order.order_line: 1}, self.reason_defective)
        ret.with_user(self.clerk).action_approve()
        self._receive(ret, lots={ret.line_ids: serial})
        self._grade(ret.line_ids, self.grade_c)
        self.assertEqual(ret.line_ids.disposition, "vendor")
        ret.with_user(self.warehouse_user).action_validate_dispositions()
        self._validate(ret.vendor_picking_ids)
        vendor_refund = ret.vendor_refund_move_ids
        self.assertEqual(len(vendor_refund), 1)
        self.assertEqual((vendor_refund.move_type, vendor_refund.state), ("in_refund", "draft"))
        self.assertEqual(vendor_refund.partner_id, self.vendor)
        item = vendor_refund.invoice_line_ids
        self.assertEqual((item.purchase_line_id, item.quantity, item.price_unit), (purchase.order_line, 1.0, 110.0))
        self.assertAlmostEqual(ret.vendor_credit, 0.0, msg="drafts are not in the ledger")
        self._post(vendor_refund)
        self.assertEqual(purchase.order_line.qty_invoiced, 0.0, "the purchase's billed quantity follows")
        self.assertAlmostEqual(ret.cost_amount, 110.0)
        self.assertAlmostEqual(ret.vendor_return_value, 110.0)
        self.assertAlmostEqual(ret.vendor_credit, 110.0)
        self.assertAlmostEqual(ret.recovered_value, 110.0, msg="the vendor's credit is what the unit is worth")
        self._post(ret.refund_move_ids)
        self.assertAlmostEqual(ret.net_return_cost, 200.0 - 110.0)
        self.assertEqual(ret.state, "done")
        self.assertFlowTies(ret, order)
