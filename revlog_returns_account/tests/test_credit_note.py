from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import format_amount

from odoo.addons.revlog_returns_account.models import account_move as account_move_module

from .common import RevlogAccountCommon


@tagged("post_install", "-at_install", "revlog")
class TestCreditNote(RevlogAccountCommon):
    def _refund_lines(self, ret, kind="refund"):
        return ret.refund_move_ids.line_ids.filtered(lambda aml: aml.revlog_kind == kind)

    def test_credit_notes_leave_no_draft_record_to_compute(self):
        """Credit notes are created with their accounting date: Odoo computes a missing one on a draft (new)
        record and leaves that record marked "to compute" for the rest of the transaction, where every later
        flush walks it again (posting a thousand credit notes then grew faster than the batch)."""
        orders = self.env["sale.order"].concat(*(self._deliver_order([(self.product, 1, 40.0)]) for __ in range(3)))
        returns = self.env["revlog.return"].concat(
            *(self._return(order, {order.order_line: 1}, reason=self.reason_mind) for order in orders)
        )
        returns.action_approve()
        self._receive(returns)
        self.env.flush_all()
        pending = self.env.transaction.tocompute
        name = self.env["account.move"]._fields["name"]
        drafts_before = {id_ for id_ in pending.get(name, ()) if not id_}
        self._grade(returns.line_ids, self.grade_a)
        self.assertEqual(len(returns.refund_move_ids), 3)
        self.assertEqual(returns.refund_move_ids.mapped("date"), returns.refund_move_ids.mapped("invoice_date"))
        self.assertEqual({id_ for id_ in pending.get(name, ()) if not id_}, drafts_before)

    def test_credit_notes_numbered_as_odoo_numbers_them(self):
        """revlog bounds Odoo's last-number lookup by the journal's highest numbered entry, so that posting
        stops walking past drafts and other journals' entries: the numbers stay Odoo's. Credit notes posted
        after a newer invoice, a draft invoice and another journal's entry continue the credit-note sequence,
        from the highest number even when it is on a newer entry; a journal's first credit note starts its own."""
        orders = self.env["sale.order"].concat(*(self._deliver_order([(self.product, 1, 40.0)]) for __ in range(3)))
        returns = self.env["revlog.return"].concat(
            *(self._return(order, {order.order_line: 1}, reason=self.reason_mind) for order in orders)
        )
        returns.action_approve()
        self._receive(returns)
        self._grade(returns.line_ids, self.grade_a)
        first, middle, last = returns.refund_move_ids.sorted("id")
        first.action_post()
        newer_invoice = self._deliver_order([(self.product, 1, 40.0)]).invoice_ids
        draft_invoice = self._deliver_order([(self.product, 1, 40.0)], invoice=False)._create_invoices()
        accounts = self.company_data["default_account_revenue"] | self.company_data["default_account_expense"]
        misc = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": self.env["account.journal"]
                .search([("type", "=", "general"), ("company_id", "=", self.company.id)], limit=1)
                .id,
                "line_ids": [
                    Command.create({"account_id": accounts[0].id, "debit": 10.0}),
                    Command.create({"account_id": accounts[1].id, "credit": 10.0}),
                ],
            }
        )
        misc.action_post()
        self.assertTrue(min(newer_invoice.id, draft_invoice.id, misc.id) > max(returns.refund_move_ids.ids))
        # the newest credit note first: the older one then continues from a number above its own id
        last.action_post()
        middle.action_post()
        self.assertEqual({middle.sequence_prefix, last.sequence_prefix}, {first.sequence_prefix})
        self.assertTrue(first.sequence_prefix.startswith("R"), first.sequence_prefix)
        self.assertEqual(
            (last.sequence_number, middle.sequence_number), (first.sequence_number + 1, first.sequence_number + 2)
        )
        self.assertEqual(draft_invoice.state, "draft")
        self.assertFalse(draft_invoice.name, "a draft has no number yet")
        # a journal without any numbered entry: the bound is empty and Odoo's starting number is used
        desk = self.env["account.journal"].create(
            {"name": "Returns desk", "code": "RDSK", "type": "sale", "refund_sequence": True}
        )
        note = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "journal_id": desk.id,
                "partner_id": orders[0].partner_id.id,
                "invoice_line_ids": [Command.create({"product_id": self.product.id, "price_unit": 40.0})],
            }
        )
        note.action_post()
        self.assertEqual((note.sequence_prefix[:6], note.sequence_number), ("RRDSK/", 1), note.name)
        # Odoo's own: a delivery whose invoice is a draft, a credit note for a unit that never came back
        draft_delivery = draft_invoice.invoice_line_ids.sale_line_ids.move_ids
        self.assertBooksTie(in_transit={self.product: self._value_out(draft_delivery) + 15.0})

    def test_refund_on_inspection_with_grade_percent_and_fee(self):
        self.policy.write({"restocking_fee_percent": 10})
        self.env["revlog.return.policy.refund"].create(
            {"policy_id": self.policy.id, "grade_id": self.grade_b.id, "refund_percent": 80}
        )
        order = self._deliver_order([(self.product, 2, 40.0)])
        invoice = order.invoice_ids
        ret = self._return(order, {order.order_line: 2}, reason=self.reason_mind)
        ret.action_approve()
        self._receive(ret)
        self.assertFalse(ret.refund_move_ids, "the policy credits after inspection")
        self._grade(ret.line_ids, self.grade_b)
        refund = ret.refund_move_ids
        self.assertEqual(len(refund), 1)
        self.assertEqual((refund.move_type, refund.state), ("out_refund", "draft"))
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertEqual(refund.partner_id, invoice.partner_id)
        # what posting would set, set on creation for the whole batch
        self.assertIn(invoice.partner_id, refund.message_partner_ids)
        self.assertEqual(refund.checked, refund.journal_id.autocheck_on_post)
        line = self._refund_lines(ret)
        self.assertEqual((line.quantity, line.price_unit), (2.0, 32.0), "80% of 40 for grade B")
        self.assertEqual(line.name, f"{ret.name}: {self.product.display_name} (80% refunded)")
        self.assertEqual(line.tax_ids, invoice.invoice_line_ids.tax_ids)
        self.assertEqual(line.sale_line_ids, order.order_line)
        fee = self._refund_lines(ret, "fee")
        self.assertEqual(
            (fee.price_unit, fee.account_id, fee.product_id),
            (-6.4, self.fee_account, self.company.revlog_fee_product_id),
        )
        self.assertAlmostEqual(refund.amount_untaxed, 64.0 - 6.4)
        self.assertEqual(ret.refund_amount, 0.0, "drafts are not in the ledger")
        refund.action_post()
        self.assertEqual(order.order_line.qty_invoiced, 0.0, "the credit note gives the invoiced quantity back")
        self.assertAlmostEqual(ret.refund_amount, 64.0)
        self.assertAlmostEqual(ret.fee_amount, 6.4)
        # the customer's page says how much
        self.assertEqual(
            ret.portal_status, f"Refunded: {format_amount(self.env, refund.amount_total, refund.currency_id)}"
        )
        self.assertLedgerTiesOut(ret)
        self.assertValuationTiesOut()

    def test_fee_waived_by_reason(self):
        self.policy.write({"restocking_fee_percent": 10})
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._flow(order, {order.order_line: 1}, reason=self.reason_damaged)
        self.assertTrue(self._refund_lines(ret))
        self.assertFalse(self._refund_lines(ret, "fee"), "damaged in transit waives the fee")

    def test_refund_on_approval_and_on_receipt(self):
        self.policy.refund_timing = "on_approval"
        order = self._deliver_order([(self.product, 3, 40.0)])
        ret = self._return(order, {order.order_line: 2})
        ret.action_approve()
        self.assertEqual(self._refund_lines(ret).quantity, 2.0, "the approved quantity, at 100%")
        self.assertEqual(self._refund_lines(ret).price_unit, 40.0)
        self._receive(ret)
        self._grade(ret.line_ids, self.grade_c)
        self.assertEqual(len(ret.refund_move_ids), 1, "nothing more is credited later")

        self.policy.refund_timing = "on_receipt"
        order = self._deliver_order([(self.product, 3, 40.0)])
        ret = self._return(order, {order.order_line: 3})
        ret.action_approve()
        self.assertFalse(ret.refund_move_ids)
        self._process_backorder(self._receive(ret, quantities={ret.line_ids: 2}), backorder=False)
        self.assertEqual(self._refund_lines(ret).quantity, 2.0, "what was received, not what was approved")

    def test_partial_returns_across_two_invoices(self):
        order = self._deliver_order([(self.product, 2, 40.0)])
        first_invoice = order.invoice_ids
        order.order_line.product_uom_qty = 5
        extra = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        extra.move_ids.quantity = 3
        extra.move_ids.picked = True
        extra._action_done()
        second_invoice = order._create_invoices()
        second_invoice.action_post()
        ret = self._flow(order, {order.order_line: 4})
        refunds = ret.refund_move_ids
        self.assertEqual(len(refunds), 2, "one credit note per invoice")
        by_invoice = {
            r.reversed_entry_id: r.invoice_line_ids.filtered(lambda a: a.revlog_kind).quantity for r in refunds
        }
        self.assertEqual(by_invoice, {second_invoice: 3.0, first_invoice: 1.0})
        refunds.action_post()
        self.assertEqual(order.order_line.qty_invoiced, 1.0)
        # a second return of the last unit credits the first invoice's remaining unit
        last = self._flow(order, {order.order_line: 1})
        self.assertEqual(last.refund_move_ids.reversed_entry_id, first_invoice)
        self.assertLedgerTiesOut(ret | last)

    def test_no_double_credit_on_retry(self):
        order = self._deliver_order([(self.product, 2, 40.0)])
        ret = self._flow(order, {order.order_line: 2})
        refund = ret.refund_move_ids
        ret._create_refunds("on_inspection")
        with self.assertRaisesRegex(UserError, "nothing is left to credit"):
            ret.with_user(self.accountant).action_create_refunds()
        ret._action_inspected()
        self.assertEqual(ret.refund_move_ids, refund)
        self.assertEqual(sum(self._refund_lines(ret).mapped("quantity")), 2.0)

    def test_not_invoiced_yet_then_credit_now(self):
        order = self._deliver_order([(self.product, 2, 40.0)], invoice=False)
        ret = self._flow(order, {order.order_line: 1})
        self.assertFalse(ret.refund_move_ids, "nothing was invoiced, nothing to credit")
        with self.assertRaisesRegex(UserError, "nothing is left to credit"):
            ret.with_user(self.accountant).action_create_refunds()
        # the order's invoice includes the returned unit; posting it lets revlog credit what is due
        order._create_invoices().action_post()
        self.assertEqual(self._refund_lines(ret).quantity, 1.0)
        with self.assertRaisesRegex(UserError, "nothing is left to credit"):
            ret.with_user(self.accountant).action_create_refunds()
        self.assertEqual(self._refund_lines(ret).quantity, 1.0)

    def test_accountant_posts_clerk_cannot(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._return(order, {order.order_line: 1})
        ret.with_user(self.clerk).action_approve()
        self._receive(ret)
        self._grade(ret.line_ids, self.grade_a)
        refund = ret.refund_move_ids
        with self.assertRaises(AccessError):
            refund.with_user(self.clerk).action_post()
        self.assertEqual(refund.state, "draft")
        refund.with_user(self.accountant).action_post()
        self.assertEqual(refund.state, "posted")
        self.assertAlmostEqual(ret.with_user(self.accountant).refund_amount, 40.0)

    def test_accountant_posts_a_selection_of_returns(self):
        orders = self._deliver_order([(self.product, 1, 40.0)]) | self._deliver_order([(self.product, 1, 40.0)])
        returns = self.env["revlog.return"].concat(*(self._flow(o, {o.order_line: 1}) for o in orders))
        self.assertEqual(returns.mapped("refund_draft_count"), [1, 1])
        self.assertEqual(returns.refund_move_ids.mapped("invoice_date"), [fields.Date.context_today(returns)] * 2)
        with self.assertRaisesRegex(AccessError, "Only accountants"):
            returns.with_user(self.clerk).action_post_refunds()
        self.assertEqual(set(returns.refund_move_ids.mapped("state")), {"draft"})
        # one entry per chunk: each chunk is numbered after the previous one
        # from the list's Actions menu: a server action, which must answer with an action
        post_action = self.env.ref("revlog_returns_account.action_revlog_post_refunds").with_user(self.accountant)
        with patch.object(account_move_module, "CHUNK_SIZE", 1):
            result = post_action.with_context(
                active_model="revlog.return", active_ids=returns.ids, active_id=returns[0].id
            ).run()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("2 credit note(s) posted", result["params"]["message"])
        refunds = returns.refund_move_ids
        self.assertEqual(set(refunds.mapped("state")), {"posted"})
        self.assertEqual(len(set(refunds.mapped("name"))), 2, "each credit note has its own number")
        self.assertEqual(returns.mapped("refund_draft_count"), [0, 0])
        with self.assertRaisesRegex(UserError, f"{returns[0].name}: no draft credit note to post"):
            returns[0].with_user(self.accountant).action_post_refunds()
        self.assertLedgerTiesOut(returns)
        self.assertValuationTiesOut()

    def test_posting_setting(self):
        self.company.revlog_post_credit_notes = True
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._flow(order, {order.order_line: 1})
        self.assertEqual(ret.refund_move_ids.state, "posted")
        self.assertLedgerTiesOut(ret)
        self.assertValuationTiesOut()

    def test_foreign_currency_order(self):
        currency = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        pricelist = self.env["product.pricelist"].create({"name": "EUR", "currency_id": currency.id})
        order = self._deliver_order([(self.product, 1, 80.0)], pricelist_id=pricelist.id)
        self.company.revlog_post_credit_notes = True
        ret = self._flow(order, {order.order_line: 1})
        refund = ret.refund_move_ids
        self.assertEqual(refund.currency_id, currency)
        self.assertAlmostEqual(refund.amount_untaxed, 80.0)
        self.assertAlmostEqual(ret.refund_amount, 40.0, msg="the ledger is in company currency")
        self.assertLedgerTiesOut(ret)

    def test_customer_hears_of_the_credit_note(self):
        self.company.revlog_mail_refunded = True
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._flow(order, {order.order_line: 1})
        refund = ret.refund_move_ids
        mails = self.env["mail.mail"].search([("model", "=", "revlog.return"), ("res_id", "=", ret.id)])
        self.assertFalse(mails.filtered(lambda m: "credit note" in (m.subject or "")), "a draft is not news yet")
        refund.with_user(self.accountant).action_post()
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "revlog.return"),
                ("res_id", "=", ret.id),
                ("subject", "ilike", "credit note"),
                ("recipient_ids", "in", self.customer.ids),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertAlmostEqual(refund.amount_total, 46.0, msg="40 and 15 % tax")
        self.assertRegex(mail.body_html, r"credit note of\s*<strong[^>]*>\$(\s|&nbsp;|\xa0)?46\.00</strong>")


@tagged("post_install", "-at_install", "revlog")
class TestCompanySetup(RevlogAccountCommon):
    def test_each_company_gets_its_own_accounts(self):
        company = self.env["res.company"].create({"name": "Revlog Second", "country_id": self.company.country_id.id})
        self.env.user.company_ids |= company
        self.env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)
        accounts = (
            company.revlog_writedown_account_id | company.revlog_disposal_account_id | company.revlog_fee_account_id
        )
        self.assertEqual(len(accounts), 3)
        self.assertEqual(accounts.company_ids, company)
        self.assertEqual(company.revlog_journal_id.company_id, company)
        self.assertNotEqual(company.revlog_writedown_account_id, self.company.revlog_writedown_account_id)
        recycle = self.env["stock.warehouse"].search([("company_id", "=", company.id)]).revlog_recycle_loc_id
        self.assertEqual(recycle.revlog_loss_account_id, company.revlog_disposal_account_id)


@tagged("post_install", "-at_install", "revlog")
class TestCreditNowSaysWhy(RevlogAccountCommon):
    def test_credit_now_before_the_policys_moment_says_so(self):
        self.policy.refund_timing = "on_inspection"
        order = self._deliver_order([(self.product, 1, 40.0)])
        ret = self._return(order, {order.order_line: 1})
        ret.action_approve()
        with self.assertRaisesRegex(UserError, r"is Approved, its policy credits after inspection"):
            ret.with_user(self.accountant).action_create_refunds()
        self.assertFalse(ret.refund_move_ids)


@tagged("post_install", "-at_install", "revlog")
class TestCreditNoteLimits(RevlogAccountCommon):
    """A draft revlog credit note can be edited by the accountant: posting it (or posting it again) stays within
    what its return lines allow and what the order line invoiced; lowering it is allowed and logged."""

    def _draft_note(self, qty=2, fee=0.0):
        self.policy.restocking_fee_percent = fee
        order = self._deliver_order([(self.product, qty, 100.0)])
        ret = self._flow(order, {order.order_line: qty}, reason=self.reason_mind)
        note = ret.refund_move_ids.with_user(self.accountant)
        self.assertEqual(note.state, "draft")
        return order, ret, note

    def _refund_line(self, note):
        return note.invoice_line_ids.filtered(lambda aml: aml.revlog_kind == "refund")

    def test_price_raised_is_refused_and_nothing_is_posted(self):
        __, ret, note = self._draft_note()
        note.write({"invoice_line_ids": [Command.update(self._refund_line(note).id, {"price_unit": 5000.0})]})
        with self.assertRaisesRegex(UserError, r"RMA/\d+/\d+ Kettle: \$\s5,000\.00 per unit .* at most \$\s100\.00"):
            note.action_post()
        self.assertEqual(note.state, "draft")
        self.assertEqual(ret.refund_amount, 0.0)

    def test_quantity_raised_on_a_reposted_note_is_refused(self):
        __, __, note = self._draft_note()
        note.action_post()
        note.button_draft()
        note.write({"invoice_line_ids": [Command.update(self._refund_line(note).id, {"quantity": 20.0})]})
        with self.assertRaisesRegex(UserError, r"Kettle: 20 credited, 2 allowed"):
            note.action_post()
        self.assertEqual(note.state, "draft")
        self.assertEqual(note.revlog_return_id.refund_amount, 0.0)

    def test_fee_removed_is_refused(self):
        __, __, note = self._draft_note(fee=10.0)
        fee = note.invoice_line_ids.filtered(lambda aml: aml.revlog_kind == "fee")
        self.assertTrue(fee)
        note.write({"invoice_line_ids": [Command.delete(fee.id)]})
        with self.assertRaisesRegex(UserError, r"credited net of restocking fee, at most"):
            note.action_post()

    def test_order_line_credited_beyond_what_was_invoiced_is_refused(self):
        order, __, note = self._draft_note()
        # the order line is credited in full by Odoo's own reversal meanwhile
        invoice = order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "error"})
        )
        reversal.refund_moves()
        odoo_note = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund" and not m.revlog_move_kind)
        odoo_note.action_post()
        with self.assertRaisesRegex(UserError, r"4 credited, 2 invoiced"):
            note.action_post()
        # Odoo's reversal reversed the cost of goods of units that came back through revlog's receipt
        self.assertBooksTie(in_transit={self.product: 30.0})

    def test_lowered_refund_posts_and_is_logged(self):
        __, ret, note = self._draft_note()
        note.write({"invoice_line_ids": [Command.update(self._refund_line(note).id, {"price_unit": 60.0})]})
        note.action_post()
        self.assertEqual(note.state, "posted")
        self.assertAlmostEqual(ret.refund_amount, 120.0)
        logged = ret.message_ids.filtered(lambda m: "lowered by Alice Accountant" in m.body)
        self.assertEqual(len(logged), 1)
        self.assertIn("200.00", logged.body, "what the return allowed")

    def test_posting_setting_posts_as_the_user_or_waits_for_the_accountant(self):
        self.company.revlog_post_credit_notes = True
        self.policy.refund_timing = "on_approval"
        order = self._deliver_order([(self.product, 1, 40.0)])
        by_clerk = self._return(order, {order.order_line: 1}, reason=self.reason_mind)
        by_clerk.with_user(self.clerk).action_approve()
        note = by_clerk.refund_move_ids
        self.assertEqual(note.state, "draft", "a clerk may not post invoices")
        self.assertTrue(note.message_ids.filtered(lambda m: "Rita Clerk" in m.body and "may not post" in m.body))
        self.assertTrue(by_clerk.message_ids.filtered(lambda m: "Rita Clerk" in m.body and "waits in draft" in m.body))
        # a returns manager who is also an accountant posts, as themselves
        poster = self.env["res.users"].create(
            {
                "name": "Paula Poster",
                "login": "rl_poster",
                "email": "paula@example.com",
                "groups_id": [
                    Command.set(
                        (
                            self.env.ref("base.group_user")
                            | self.env.ref("revlog_returns.group_returns_manager")
                            | self.env.ref("sales_team.group_sale_salesman_all_leads")
                            | self.env.ref("account.group_account_invoice")
                        ).ids
                    )
                ],
            }
        )
        order2 = self._deliver_order([(self.product, 1, 40.0)])
        by_poster = self._return(order2, {order2.order_line: 1}, reason=self.reason_mind)
        by_poster.with_user(poster).action_approve()
        self.assertEqual(by_poster.refund_move_ids.state, "posted")
        self.assertEqual(by_poster.refund_move_ids.write_uid, poster)
