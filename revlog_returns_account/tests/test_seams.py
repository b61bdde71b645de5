from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.revlog_returns.tests.web_client import WebClientAssertions
from odoo.addons.revlog_returns_account.models import account_move

from .common import RevlogAccountCommon


@tagged("post_install", "-at_install", "revlog")
class TestCreditChannel(RevlogAccountCommon):
    """The order and revlog never both credit a unit: after every step of every refund timing, Odoo's own
    Create Invoice on the order credits (or invoices) nothing revlog handles, and the order ends
    consistent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy.restocking_fee_percent = 10
        cls.env["revlog.return.policy.refund"].create(
            [
                {"policy_id": cls.policy.id, "grade_id": cls.grade_b.id, "refund_percent": 80},
                {"policy_id": cls.policy.id, "grade_id": cls.grade_d.id, "refund_percent": 0},
            ]
        )
        cls.on_order = cls._revlog_product("Kettle on order", 40.0, 15.0, cls.categ_root, invoice_policy="order")

    def _order_flow_checking_each_step(self, product, grade, reason):
        order = self._deliver_order([(product, 2, 40.0)])
        self.assertOneCreditChannel(order)
        ret = self._return(order, {order.order_line: 1}, reason)
        ret.action_approve()
        self.assertOneCreditChannel(order)
        self._receive(ret)
        self.assertOneCreditChannel(order)
        self._grade(ret.line_ids, grade)
        self.assertOneCreditChannel(order)
        ret.refund_move_ids.action_post()
        self.assertOneCreditChannel(order)
        ret._validate_dispositions()
        self.assertOneCreditChannel(order)
        self.assertLedgerTiesOut(ret)
        self.assertValuationTiesOut()
        return order, ret

    def test_every_timing_both_invoicing_policies(self):
        for timing in ("on_approval", "on_receipt", "on_inspection"):
            for product in (self.product, self.on_order):
                with self.subTest(timing=timing, invoicing=product.invoice_policy):
                    self.policy.refund_timing = timing
                    order, ret = self._order_flow_checking_each_step(product, self.grade_b, self.reason_mind)
                    credited = ret.refund_move_ids.invoice_line_ids.filtered(lambda a: a.revlog_kind == "refund")
                    expected_percent = 100 if timing != "on_inspection" else 80
                    self.assertEqual(credited.quantity, 1.0)
                    self.assertAlmostEqual(credited.price_unit, 40.0 * expected_percent / 100)
                    self.assertAlmostEqual(ret.fee_amount, 40.0 * expected_percent / 100 * 0.1)
                    self.assertEqual(order.order_line.qty_invoiced, 1.0)

    def test_zero_percent_grade_credits_nothing_and_leaves_nothing_to_invoice(self):
        self.policy.refund_timing = "on_inspection"
        for product in (self.product, self.on_order):
            with self.subTest(invoicing=product.invoice_policy):
                order, ret = self._order_flow_checking_each_step(product, self.grade_d, self.reason_mind)
                self.assertFalse(ret.refund_move_ids, "grade D refunds 0 %")
                self.assertEqual(ret.state, "done")
                self.assertEqual(order.order_line.qty_invoiced, 2.0)

    def test_returned_before_invoicing_is_invoiced_then_credited_by_revlog(self):
        """Units returned before the order was invoiced: Create Invoice invoices what was delivered (revlog's
        units included), and posting it lets revlog credit them at their grade."""
        self.policy.refund_timing = "on_inspection"
        order = self._deliver_order([(self.product, 2, 40.0)], invoice=False)
        ret = self._return(order, {order.order_line: 1}, self.reason_mind)
        ret.action_approve()
        self._receive(ret)
        self._grade(ret.line_ids, self.grade_b)
        self.assertFalse(ret.refund_move_ids)
        self.assertEqual(order.order_line.qty_to_invoice, 2.0, "both units were delivered and none invoiced")
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.quantity, 2.0)
        invoice.action_post()
        refund = ret.refund_move_ids
        self.assertEqual(len(refund), 1, "revlog credits once the invoice is posted")
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertAlmostEqual(refund.invoice_line_ids.filtered("revlog_kind").mapped("price_unit")[0], 32.0)
        refund.action_post()
        self.assertOneCreditChannel(order)
        self.assertLedgerTiesOut(ret)

    def test_odoo_credit_note_of_unrelated_units_still_works(self):
        """What revlog does not handle stays Odoo's: a core return credited by Create Invoice."""
        order = self._deliver_order([(self.product, 3, 40.0)])
        ret = self._flow(order, {order.order_line: 1})
        ret.refund_move_ids.action_post()
        delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self._odoo_return(delivery, quantity=1)
        self.assertEqual(order.order_line.qty_to_invoice, -1.0, "Odoo's own return, Odoo's own credit")
        credit = order._create_invoices(final=True)
        self.assertEqual((credit.move_type, credit.invoice_line_ids.quantity), ("out_refund", 1.0))
        credit.action_post()
        self.assertOneCreditChannel(order)

    def test_locked_order_flows_to_its_credit_note(self):
        self.env.user.groups_id += self.env.ref("sale.group_auto_done_setting")
        self.policy.refund_timing = "on_inspection"
        order, ret = self._order_flow_checking_each_step(self.product, self.grade_a, self.reason_damaged)
        self.assertTrue(order.locked)
        self.assertEqual(ret.state, "done")
        self.assertAlmostEqual(ret.refund_amount, 40.0)

    def _assertEachSettlesItsInvoice(self, notes):
        for note in notes:
            receivable = note.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
            self.assertTrue(receivable.reconciled, f"{note.name} is settled")
            matched = receivable.matched_debit_ids.debit_move_id
            self.assertEqual(matched.move_id, note.reversed_entry_id, f"{note.name} settles its own invoice")

    def test_credit_notes_posted_together_settle_their_own_invoices(self):
        """An accountant selects the credit notes of several returns in Odoo's list and presses Post: two of
        them reverse one invoice. Each settles the invoice it reverses, and no other customer's."""
        first = self._deliver_order([(self.product, 2, 40.0)])
        second = self._deliver_order([(self.product, 1, 40.0)], partner=self.env["res.partner"].create({"name": "Bo"}))
        invoices = first.invoice_ids | second.invoice_ids
        returns = (
            self._flow(first, {first.order_line: 1})
            | self._flow(first, {first.order_line: 1})
            | self._flow(second, {second.order_line: 1})
        )
        notes = returns.refund_move_ids
        self.assertEqual(notes.reversed_entry_id, invoices)
        notes.with_user(self.accountant).action_post()
        self._assertEachSettlesItsInvoice(notes)
        self.assertEqual(invoices.mapped("payment_state"), ["reversed", "reversed"])
        self.assertLedgerTiesOut(returns)

    def test_credit_notes_posted_together_across_reconciliation_plans(self):
        """A batch posted in one call is reconciled in plans of CHUNK_SIZE invoices (here one): across the
        plans' boundaries each credit note settles its own invoice, the two of one invoice together, and a
        credit note lowered before posting is logged on its own return, naming itself alone."""
        orders = self._deliver_order([(self.product, 2, 40.0)])
        for name in ("Bo", "Cy"):
            partner = self.env["res.partner"].create({"name": name})
            orders |= self._deliver_order([(self.product, 1, 40.0)], partner=partner)
        first, second, third = orders
        invoices = orders.invoice_ids
        returns = (
            self._flow(first, {first.order_line: 1})
            | self._flow(first, {first.order_line: 1})
            | self._flow(second, {second.order_line: 1})
            | self._flow(third, {third.order_line: 1})
        )
        notes = returns.refund_move_ids
        lowered = returns[3].refund_move_ids
        refund_line = lowered.invoice_line_ids.filtered(lambda line: line.revlog_kind == "refund")
        lowered.write({"invoice_line_ids": [Command.update(refund_line.id, {"price_unit": 30.0})]})
        with patch.object(account_move, "CHUNK_SIZE", 1):
            notes.with_user(self.accountant).action_post()
        self._assertEachSettlesItsInvoice(notes)
        self.assertEqual(invoices.mapped("payment_state"), ["reversed", "reversed", "partial"])
        for ret in returns:
            logged = ret.message_ids.filtered(lambda m: "lowered by Alice Accountant" in m.body)
            self.assertEqual(len(logged), ret == returns[3], ret.name)
        logged = returns[3].message_ids.filtered(lambda m: "lowered by Alice Accountant" in m.body)
        self.assertEqual([name for name in notes.mapped("name") if name in logged.body], [lowered.name])
        self.assertLedgerTiesOut(returns)


@tagged("post_install", "-at_install", "revlog")
class TestAccountingSeams(RevlogAccountCommon):
    def test_two_lines_of_one_order_line_credited_and_written_down_apart(self):
        self.env["revlog.return.policy.refund"].create(
            {"policy_id": self.policy.id, "grade_id": self.grade_b.id, "refund_percent": 80}
        )
        order = self._deliver_order([(self.product, 2, 40.0)])
        ret = self._return_split(order, self.reason_damaged | self.reason_mind)
        ret.action_approve()
        self._receive(ret)
        damaged, mind = ret.line_ids
        self._grade(damaged, self.grade_b)
        self._grade(mind, self.grade_a)
        ret._validate_dispositions()
        ret.refund_move_ids.action_post()
        refunds = ret.refund_move_ids.invoice_line_ids.filtered(lambda a: a.revlog_kind == "refund")
        self.assertEqual(
            sorted((a.revlog_return_line_id.id, a.quantity, a.price_unit) for a in refunds),
            sorted([(damaged.id, 1.0, 32.0), (mind.id, 1.0, 40.0)]),
        )
        self.assertAlmostEqual(damaged.writedown_amount, 4.5, msg="B keeps 70 % of 15")
        self.assertAlmostEqual(mind.writedown_amount, 0.0)
        self.assertEqual(order.order_line.qty_invoiced, 0.0)
        self.assertLedgerTiesOut(ret)
        self.assertValuationTiesOut()

    def test_odoo_return_of_a_disposition_writes_down_nothing_twice(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._flow(order, {order.order_line: 1}, grade=self.grade_b)
        entry = ret.writedown_move_ids
        self._odoo_return(ret.disposition_picking_ids)
        self.assertEqual(ret.writedown_move_ids, entry)
        self.assertAlmostEqual(ret.writedown_amount, 4.5)
        self.assertLedgerTiesOut(ret)
        self.assertValuationTiesOut()

    def test_only_revlog_scraps_post_to_the_returns_disposal_account(self):
        scrap_location = self.env["stock.location"].search(
            [("scrap_location", "=", True), ("company_id", "=", self.company.id)], limit=1
        )
        self.assertFalse(scrap_location.valuation_in_account_id, "the install leaves scrap locations alone")
        ordinary = self.env["stock.scrap"].create(
            {"product_id": self.product.id, "scrap_qty": 1, "location_id": self.warehouse.lot_stock_id.id}
        )
        ordinary.action_validate()
        ordinary_items = ordinary.move_ids.account_move_ids.line_ids
        self.assertTrue(ordinary_items)
        self.assertNotIn(self.disposal_account, ordinary_items.account_id)
        stock_output = self.categ_root.property_stock_account_output_categ_id
        self.assertEqual(ordinary_items.filtered(lambda a: a.debit).account_id, stock_output, "as before the install")
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._flow(order, {order.order_line: 1}, grade=self.grade_x)
        revlog_items = ret.scrap_ids.move_ids.account_move_ids.line_ids
        self.assertEqual(revlog_items.filtered(lambda a: a.debit).account_id, self.disposal_account)
        self.assertAlmostEqual(ret.disposal_loss, 15.0)
        self.assertLedgerTiesOut(ret)
        self.assertValuationTiesOut()
        # Odoo's own scrap location has no account: its loss waits on the interim account, as without revlog
        self.assertBooksTie(in_transit={self.product: self._value_out(ordinary.move_ids)})

    def test_sync_flags_describe_no_field_and_tracked_edits_still_log(self):
        """Each sync of an entry's dynamic lines writes Odoo's dirty flags alone on its lines; for those, Odoo's
        tracking would describe every field of the model (fields_get([])) and log nothing. revlog skips that
        work for its credit notes and every other entry; an edit of a tracked field still logs."""
        described = []
        lines_class = type(self.env["account.move.line"])
        fields_get = lines_class.fields_get

        def counting_fields_get(records, allfields=None, attributes=None):
            described.append(allfields)
            return fields_get(records, allfields, attributes)

        order = self._deliver_order([(self.product, 1, 40.0)])
        with patch.object(lines_class, "fields_get", counting_fields_get):
            ret = self._flow(order, {order.order_line: 1})
            ret.refund_move_ids.with_user(self.accountant).action_post()
        self.assertEqual(ret.refund_move_ids.mapped("state"), ["posted"])
        self.assertTrue(described, "Odoo's tracking ran on the credit note's lines")
        self.assertNotIn([], described, "no write described every field of the journal items")
        note = ret.refund_move_ids
        note.button_draft()
        item = note.invoice_line_ids[:1]
        item.name = "Kettle, returned"
        logged = note.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.model == "account.move.line" and v.field_id.name == "name"
        )
        self.assertIn("Kettle, returned", logged.mapped("new_value_char"))

    def test_credit_notes_carry_no_payment_term(self):
        terms = (
            self.env.ref("account.account_payment_term_30days"),
            self.env["account.payment.term"].create(
                {
                    "name": "2/10 net 30",
                    "early_discount": True,
                    "discount_percentage": 2,
                    "discount_days": 10,
                    "line_ids": [Command.create({"value": "percent", "value_amount": 100, "nb_days": 30})],
                }
            ),
        )
        for term in terms:
            with self.subTest(term=term.name):
                order = self._deliver_order([(self.product, 1, 40.0)], payment_term_id=term.id)
                self.assertEqual(order.invoice_ids.invoice_payment_term_id, term)
                ret = self._flow(order, {order.order_line: 1})
                refund = ret.refund_move_ids
                self.assertFalse(refund.invoice_payment_term_id)
                self.assertEqual(refund.invoice_date_due, refund.invoice_date)
                refund.action_post()
                self.assertEqual(refund.invoice_date_due, fields.Date.context_today(refund))
                self.assertFalse(refund.line_ids.filtered(lambda a: a.display_type == "epd"))

    def test_mixed_return_charges_each_line_its_own_fee(self):
        phones = self._phones_policy()
        self.env["revlog.return.policy.refund"].create(
            [
                {"policy_id": phones.id, "grade_id": self.grade_b.id, "refund_percent": 50},
                {"policy_id": self.policy.id, "grade_id": self.grade_b.id, "refund_percent": 90},
            ]
        )
        order = self._deliver_order([(self.product, 1, 40.0), (self.phone, 1, 300.0)])
        ret = self._flow(
            order, {order.order_line[0]: 1, order.order_line[1]: 1}, grade=self.grade_b, reason=self.reason_mind
        )
        kettle, phone = ret.line_ids
        self.assertEqual((kettle.policy_id, phone.policy_id), (self.policy, phones))
        self.assertEqual((kettle.refund_percent, phone.refund_percent), (90.0, 50.0), "each policy's grade table")
        ret.refund_move_ids.action_post()
        self.assertAlmostEqual(phone.refund_amount, 150.0)
        self.assertAlmostEqual(phone.fee_amount, 22.5, msg="15 % of the 150 refunded: the phones policy")
        self.assertAlmostEqual(kettle.refund_amount, 36.0)
        self.assertAlmostEqual(kettle.fee_amount, 0.0, msg="the kettle's policy charges no fee")
        self.assertLedgerTiesOut(ret)
        self.assertValuationTiesOut()

    def test_no_writedown_layer_on_a_product_with_no_quantity_left(self):
        product = self._revlog_product("Last kettle", 40.0, 15.0, self.categ_root)
        self._add_stock(product, 1)  # the inventory now says 1 in stock: deliver it, take it back
        order = self._deliver_order([(product, 1, 40.0)])
        ret = self._return(order, {order.order_line: 1})
        ret.action_approve()
        self._receive(ret)
        self._grade(ret.line_ids, self.grade_b)
        # the returned unit's value leaves the books before its disposition is validated (sold from a
        # location where the stock had run out)
        out = self.env["stock.move"].create(
            {
                "name": "forced out",
                "product_id": product.id,
                "product_uom_qty": 1,
                "product_uom": product.uom_id.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            }
        )
        out._action_confirm()
        out.quantity = 1
        out.picked = True
        out._action_done()
        self.assertLessEqual(product.with_company(self.company).quantity_svl, 0.0)
        layers_before = self.env["stock.valuation.layer"].search_count([("product_id", "=", product.id)])
        ret._validate_dispositions()
        self.assertEqual(
            self.env["stock.valuation.layer"].search_count([("product_id", "=", product.id)]),
            layers_before,
            "no value-only layer on a product with nothing left",
        )
        self.assertFalse(ret.writedown_move_ids)
        self.assertValuationTiesOut()
        # the forced delivery is not invoiced; the inventory that set the stock to 1 took the rest out (Odoo posts
        # both to the interim account, the inventory location having no account of its own)
        inventory = self.env["stock.move"].search(
            [("product_id", "=", product.id), ("is_inventory", "=", True), ("location_dest_id.usage", "=", "inventory")]
        )
        self.assertBooksTie(in_transit={product: self._value_out(out | inventory)})

    def test_ledger_tags_are_set_by_revlog_only(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._flow(order, {order.order_line: 1})
        refund = ret.refund_move_ids.with_user(self.accountant)
        with self.assertRaises(AccessError):
            refund.invoice_line_ids[:1].write({"revlog_kind": "fee"})
        with self.assertRaises(AccessError):
            refund.write({"revlog_return_id": False})
        invoice = order.invoice_ids.with_user(self.accountant)
        with self.assertRaises(AccessError):
            invoice.invoice_line_ids.write({"revlog_return_line_id": ret.line_ids.id, "revlog_kind": "refund"})
        self.assertEqual(ret.refund_move_ids.revlog_return_id, ret)

    def test_each_role_sees_only_the_accounting_buttons_it_can_open(self):
        def buttons(user):
            arch = self.env["revlog.return"].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
            return {
                name for name in ("action_view_refunds", "action_post_refunds", "action_create_refunds") if name in arch
            }

        self.assertFalse(buttons(self.warehouse_user), "no right on journal entries")
        self.assertFalse(buttons(self.clerk))
        self.assertEqual(
            buttons(self.accountant), {"action_view_refunds", "action_post_refunds", "action_create_refunds"}
        )


@tagged("post_install", "-at_install", "revlog")
class TestRoleScreens(WebClientAssertions, RevlogAccountCommon):
    """Each role opens its screens with exactly its groups, on a return with a serial, a write-down and a scrap,
    the way the web client does (its view, then web_read of what it shows; buttons: what they open)."""

    def test_clerk_accountant_and_warehouse_open_their_screens(self):
        self.env.ref("base.group_user").implied_ids |= self.env.ref("stock.group_production_lot")
        order = self._deliver_serials(self.serials[:1])
        order._create_invoices().action_post()
        ret = self._return(order, {order.order_line: 1}, reason=self.reason_mind)
        ret.action_approve()
        # the clerk's receipts button, before and after the parcel arrives
        self._open_action_as(self.clerk, ret.with_user(self.clerk).action_view_receipts())
        self._receive(ret, lots={ret.line_ids: self.serials[:1]})
        self._grade(ret.line_ids, self.grade_b)
        ret.with_user(self.warehouse_user).action_validate_dispositions()
        # the clerk opens the return with its serial; the accountant from the credit note's Return link
        read = self._open_as(self.clerk, ret)
        self.assertEqual(read[0]["line_ids"][0]["lot_names"], self.serials[0].name)
        self._open_as(self.accountant, ret)
        self._open_action_as(self.clerk, ret.with_user(self.clerk).action_view_receipts())
        # the accountant reads the write-down's journal items: accounts and amounts
        writedown = ret.writedown_move_ids
        read = self._open_as(self.accountant, writedown)
        items = read[0]["line_ids"]
        self.assertEqual(
            {(item["account_id"]["id"], item["debit"]) for item in items if item["debit"]},
            {(self.writedown_account.id, ret.writedown_amount)},
        )
        self._open_action_as(self.accountant, ret.with_user(self.accountant).action_view_writedowns())
        # warehouse staff see where a disposition transfer goes, without Storage Locations
        self.assertFalse(self.warehouse_user.has_group("stock.group_stock_multi_locations"))
        transfer = ret.disposition_picking_ids
        read = self._open_as(self.warehouse_user, transfer)
        self.assertEqual(read[0]["location_dest_id"]["id"], self.warehouse.revlog_bstock_loc_id.id)
        self._open_action_as(self.warehouse_user, ret.with_user(self.warehouse_user).action_view_dispositions())
