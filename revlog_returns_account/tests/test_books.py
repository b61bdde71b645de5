from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RevlogAccountCommon


@tagged("post_install", "-at_install", "revlog")
class TestBooksFifo(RevlogAccountCommon):
    """The general ledger of a returned unit, not only revlog's ledger: a serial phone sold at cost 280, returned,
    graded B (70 % kept), written down 84 and credited, in every order and at every refund timing. The interim
    (delivered) account nets to zero, cost of goods is reversed at 280, the 84 is booked once, on the write-down
    account."""

    cost_method = "fifo"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.revlog_auto_validate_dispositions = False
        cls.handset = cls.env["product.product"].create(
            {
                "name": "Handset",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 500.0,
                "standard_price": 280.0,
                "categ_id": cls.categ_phones.id,
                "invoice_policy": "delivery",
            }
        )
        cls.handset_serials = cls.env["stock.lot"].create(
            [{"name": f"HS-{i}", "product_id": cls.handset.id} for i in range(1, 9)]
        )
        for lot in cls.handset_serials:
            cls._add_stock(cls.handset, 1, lot)

    def _sold_serial(self, index=0):
        lot = self.handset_serials[index]
        self.serial_phone = self.handset
        order = self._deliver_serials(lot)
        order._create_invoices().action_post()
        return order, lot

    def _accounts(self):
        accounts = self.handset.product_tmpl_id.with_company(self.company).get_product_accounts()
        return accounts["stock_output"], accounts["expense"]

    def _balance(self, account, moves):
        return sum(
            moves.line_ids.filtered(lambda a: a.account_id == account and a.product_id == self.handset).mapped(
                "balance"
            )
        )

    def _returned(self, timing, grade=None, post_before_disposition=False, index=0):
        """A sold serial back through ``timing``, graded ``grade`` (B), its disposition validated and its credit
        note posted by the accountant, before or after the disposition."""
        self.policy.refund_timing = timing
        order, lot = self._sold_serial(index)
        ret = self._return(order, {order.order_line: 1}, reason=self.reason_mind)
        ret.action_approve()
        if timing == "on_approval":
            self._post_as_accountant(ret)
        self._receive(ret, lots={ret.line_ids: lot})
        if timing == "on_receipt":
            self._post_as_accountant(ret)
        self._grade(ret.line_ids, grade or self.grade_b)
        if post_before_disposition:
            self._post_as_accountant(ret)
        ret.with_user(self.warehouse_user).action_validate_dispositions()
        self._post_as_accountant(ret)
        return order, ret

    def _post_as_accountant(self, ret):
        drafts = ret.refund_move_ids.filtered(lambda m: m.state == "draft")
        drafts.with_user(self.accountant).action_post()

    def _assert_booked_once(self, order, ret):
        interim, cogs = self._accounts()
        invoice = order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        note = ret.refund_move_ids
        self.assertEqual(note.state, "posted")
        # the unit left at 280 (AVCO: at the average, which an earlier write-down lowered), B keeps 70 %
        cost = self._value_out(order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing").move_ids)
        if self.cost_method == "fifo":
            self.assertAlmostEqual(cost, 280.0)
        writedown = round(cost * 0.3, 2)
        # the invoice took it out of the interim account, the receipt put the unit back at that value
        self.assertAlmostEqual(self._balance(interim, invoice), -cost)
        self.assertAlmostEqual(self._balance(interim, ret.receipt_picking_ids.move_ids.account_move_ids), -cost)
        # the credit note reverses cost of goods at that value, whether posted before or after the write-down
        self.assertAlmostEqual(self._balance(interim, note), cost)
        self.assertAlmostEqual(self._balance(cogs, note), -cost)
        self.assertAlmostEqual(self._balance(cogs, invoice | note), 0.0, msg="the unit came back: no cost of goods")
        # the write-down is booked once, on the write-down account
        self.assertAlmostEqual(ret.writedown_amount, writedown)
        self.assertAlmostEqual(
            sum(
                ret.writedown_move_ids.line_ids.filtered(lambda a: a.account_id == self.writedown_account).mapped(
                    "balance"
                )
            ),
            writedown,
        )
        self.assertFalse(ret.account_move_ids.filtered(lambda m: m.revlog_move_kind == "settlement"))
        self.assertBooksTie()

    def test_written_down_serial_booked_once_credit_note_after_the_writedown(self):
        order, ret = self._returned("on_inspection")
        self._assert_booked_once(order, ret)

    def test_written_down_serial_booked_once_credit_note_before_the_writedown(self):
        order, ret = self._returned("on_inspection", post_before_disposition=True)
        self._assert_booked_once(order, ret)

    def test_written_down_serial_booked_once_at_every_refund_timing(self):
        for index, timing in enumerate(("on_approval", "on_receipt"), start=3):
            with self.subTest(timing=timing):
                order, ret = self._returned(timing, index=index)
                self._assert_booked_once(order, ret)

    def test_zero_percent_grade_settles_cost_of_goods(self):
        """Graded at 0 %: no credit note reverses the cost of goods, revlog's settlement does (Dr interim 280 /
        Cr cost of goods 280), and the write-down books what the unit lost."""
        self.env["revlog.return.policy.refund"].create(
            {"policy_id": self.policy.id, "grade_id": self.grade_c.id, "refund_percent": 0}
        )
        order, lot = self._sold_serial(1)
        ret = self._return(order, {order.order_line: 1}, reason=self.reason_mind)
        ret.action_approve()
        self._receive(ret, lots={ret.line_ids: lot})
        self._grade(ret.line_ids, self.grade_c)
        self.assertFalse(ret.refund_move_ids)
        settlement = ret.account_move_ids.filtered(lambda m: m.revlog_move_kind == "settlement")
        self.assertEqual(settlement.state, "posted")
        interim, cogs = self._accounts()
        self.assertAlmostEqual(self._balance(interim, settlement), 280.0)
        self.assertAlmostEqual(self._balance(cogs, settlement), -280.0)
        self.assertIn("not credited", settlement.line_ids[0].name)
        # repeating it posts nothing more
        self.env["revlog.interim.settlement"]._settle(ret.line_ids)
        self.assertEqual(ret.account_move_ids.filtered(lambda m: m.revlog_move_kind == "settlement"), settlement)
        ret.with_user(self.warehouse_user).action_validate_dispositions()
        self.assertBooksTie()

    def test_rejected_after_receipt_goes_back_and_credits_nothing(self):
        """Inspected and found not returnable: the clerk rejects the received return, the unit goes back to the
        customer from inspection on its order line, the draft credit note is cancelled, nothing is credited and
        the interim account nets to zero."""
        self.policy.refund_timing = "on_receipt"
        order, lot = self._sold_serial(5)
        ret = self._return(order, {order.order_line: 1}, reason=self.reason_mind)
        ret.action_approve()
        self._receive(ret, lots={ret.line_ids: lot})
        self.assertEqual(ret.refund_move_ids.state, "draft")
        self.assertEqual(order.order_line.qty_delivered, 0.0)
        ret.with_user(self.clerk).action_reject("Water damage: not covered by the policy")
        self.assertEqual(ret.state, "rejected")
        self.assertEqual(ret.refund_move_ids.state, "cancel")
        sendback = ret.shipback_picking_ids
        self.assertEqual(sendback.location_id, self.warehouse.revlog_inspection_loc_id)
        self.assertEqual(sendback.move_ids.lot_ids, lot)
        sendback = sendback.with_user(self.warehouse_user)
        sendback.move_ids.picked = True
        sendback.with_context(skip_sms=True).button_validate()
        self.assertEqual(sendback.state, "done")
        self.assertEqual(order.order_line.qty_delivered, 1.0, "the customer holds the unit again")
        self.assertEqual(ret.refund_amount, 0.0)
        self.assertOneCreditChannel(order)
        self.assertBooksTie()

    def test_rejection_refused_once_units_left_inspection_or_were_credited(self):
        order, lot = self._sold_serial(6)
        ret = self._return(order, {order.order_line: 1}, reason=self.reason_mind)
        ret.action_approve()
        self._receive(ret, lots={ret.line_ids: lot})
        self._grade(ret.line_ids, self.grade_a)
        self._post_as_accountant(ret)
        with self.assertRaisesRegex(UserError, "already credited"):
            ret.with_user(self.clerk).action_reject("Too late")
        self.assertEqual(ret.state, "inspected")
        # a unit routed to repair has left inspection: the return waits for its repair, and cannot be rejected
        order, lot = self._sold_serial(7)
        in_repair = self._return(order, {order.order_line: 1}, reason=self.reason_mind)
        in_repair.action_approve()
        self._receive(in_repair, lots={in_repair.line_ids: lot})
        self._grade(in_repair.line_ids, self.grade_c)
        in_repair.with_user(self.warehouse_user).action_validate_dispositions()
        self.assertEqual(in_repair.state, "inspected")
        with self.assertRaisesRegex(UserError, "already left inspection"):
            in_repair.with_user(self.clerk).action_reject("Too late")
        self.assertFalse(in_repair.shipback_picking_ids)

    def test_refund_without_return_reverses_no_cost_of_goods(self):
        self.policy.keep_max_amount = 1000.0
        order, __ = self._sold_serial(2)
        ret = self._return(order, {order.order_line: 1}, reason=self.reason_mind)
        ret.line_ids.resolution = "refund_no_return"
        ret.action_approve()
        self._post_as_accountant(ret)
        note = ret.refund_move_ids
        self.assertEqual(note.state, "posted")
        self.assertFalse(note.line_ids.filtered(lambda a: a.display_type == "cogs"), "the customer keeps the unit")
        self.assertBooksTie()

    def test_lot_valued_serial_credited_before_it_arrives_is_trued_up(self):
        """Credited on approval at the value the delivery's serials average (250), the serial that comes back is
        valued at its own lot's 200: the 50 reversed too much is trued up (Cr interim / Dr cost of goods)."""
        order, lots = self._deliver_lot_valued_serials("Lot-valued handset", "LVH")
        product = self.serial_phone
        order._create_invoices().action_post()
        self.policy.refund_timing = "on_approval"
        ret = self._return(order, {order.order_line: 1}, reason=self.reason_mind)
        ret.action_approve()
        self._post_as_accountant(ret)
        self._receive(ret, lots={ret.line_ids: lots[1]})
        trued_up = ret.account_move_ids.filtered(lambda m: m.revlog_move_kind == "settlement")
        self.assertEqual(len(trued_up), 1)
        interim = product.product_tmpl_id.with_company(self.company).get_product_accounts()["stock_output"]
        self.assertAlmostEqual(
            sum(trued_up.line_ids.filtered(lambda a: a.account_id == interim).mapped("balance")), -50.0
        )
        self.assertBooksTie()

    def test_receipt_comes_from_the_delivery_address_credit_note_goes_to_the_invoiced_one(self):
        invoice_address = self.env["res.partner"].create(
            {"name": "Ada Accounts", "type": "invoice", "parent_id": self.customer.id}
        )
        delivery_address = self.env["res.partner"].create(
            {"name": "Ada Warehouse", "type": "delivery", "parent_id": self.customer.id}
        )
        order = self._deliver_order(
            [(self.product, 1, 40.0)],
            partner_invoice_id=invoice_address.id,
            partner_shipping_id=delivery_address.id,
        )
        ret = self._flow(order, {order.order_line: 1})
        self.assertEqual(ret.receipt_picking_ids.partner_id, delivery_address)
        self.assertEqual(ret.receipt_picking_ids.move_ids.partner_id, delivery_address)
        self.assertEqual(ret.refund_move_ids.partner_id, invoice_address)


@tagged("post_install", "-at_install", "revlog")
class TestBooksAvco(TestBooksFifo):
    cost_method = "average"
    allow_inherited_tests_method = True


@tagged("post_install", "-at_install", "revlog")
class TestBooksContinental(RevlogAccountCommon):
    """Without anglo-saxon accounting nothing waits on an interim account: the stock valuation ties, revlog posts
    no settlement."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.anglo_saxon_accounting = False

    def test_written_down_and_zero_percent_units_tie_without_settlement(self):
        self.env["revlog.return.policy.refund"].create(
            {"policy_id": self.policy.id, "grade_id": self.grade_c.id, "refund_percent": 0}
        )
        order = self._deliver_order([(self.product, 2, 40.0)])
        ret = self._return(order, {order.order_line: 2}, reason=self.reason_mind)
        ret.action_approve()
        self._receive(ret)
        self._grade(ret.line_ids, self.grade_c)
        ret._validate_dispositions()
        self.assertFalse(ret.refund_move_ids)
        self.assertFalse(ret.account_move_ids.filtered(lambda m: m.revlog_move_kind == "settlement"))
        self.assertTrue(ret.writedown_move_ids)
        self.assertBooksTie()


@tagged("post_install", "-at_install", "revlog")
class TestBranchBooks(RevlogAccountCommon):
    def test_branch_uses_its_roots_returns_accounts_and_journal(self):
        root = self.company
        root.write({"child_ids": [Command.create({"name": "Returns Branch"})]})
        self.env.cr.precommit.run()  # Odoo loads the branch's chart (its root's)
        branch = root.child_ids.filtered(lambda c: c.name == "Returns Branch")
        root_accounts = self.env["account.account"].search([("company_ids", "parent_of", root.id)])
        branch_accounts = self.env["account.account"].search([("company_ids", "parent_of", branch.id)])
        self.assertEqual(root_accounts, branch_accounts, "a branch has no accounts of its own")
        for field in (
            "revlog_journal_id",
            "revlog_writedown_account_id",
            "revlog_disposal_account_id",
            "revlog_fee_account_id",
        ):
            self.assertTrue(root[field], field)
            self.assertEqual(branch[field], root[field], field)
