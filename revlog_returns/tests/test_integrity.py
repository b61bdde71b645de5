from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import InspectionCommon


@tagged("revlog")
class TestIntegrity(InspectionCommon):
    """Workflow fields are written by the workflow only, whatever a user sends; portal users read public
    fields only; bad input gets a clear error and writes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._deliver_order([(cls.product, 4, 45.0)])
        cls.order.date_order = fields.Datetime.now() - timedelta(days=20)
        cls.portal_user = new_test_user(cls.env, login="rl_portal", groups="base.group_portal")
        cls.portal_user.partner_id.parent_id = cls.customer

    def _draft(self, qty=1):
        return self._return(self.order, {self.order.order_line: qty})

    def test_a_request_replayed_with_the_same_values_completes(self):
        """Odoo replays a request that failed to serialise with the caller's dictionaries: creating a return leaves
        them as sent, so the replay is not taken for a forgery (the real race: tests/test_races.py)."""
        sent = {
            "partner_id": self.customer.id,
            "sale_order_id": self.order.id,
            "line_ids": [
                Command.create(
                    {"sale_line_id": self.order.order_line.id, "quantity": 1, "reason_id": self.reason_mind.id}
                )
            ],
        }
        as_sent = repr(sent)
        Return = self.env["revlog.return"].with_user(self.clerk)
        with self.assertRaises(InterruptedError), self.env.cr.savepoint():
            first = Return.create([sent])
            self.assertTrue(first.name)
            raise InterruptedError("the transaction failed to serialise")  # rolled back, as Odoo does
        self.assertEqual(repr(sent), as_sent, "the caller's values are as sent")
        replayed = Return.create([sent])
        self.assertEqual(replayed.state, "draft")
        self.assertEqual(replayed.date_request, self.company._revlog_today())

    def test_clerk_cannot_forge_workflow_fields(self):
        ret = self._draft()
        clerk_ret = ret.with_user(self.clerk)
        forged = {
            "state": "done",
            "eligibility_ok": True,
            "override_reason": "I say so",
            "date_approved": fields.Datetime.now(),
            "date_deadline": "2099-01-01",
            "reject_reason": "forged",
        }
        for field, value in forged.items():
            with self.subTest(field=field), self.assertRaisesRegex(AccessError, "set by the returns workflow"):
                clerk_ret.write({field: value})
        line = clerk_ret.line_ids
        for field, value in {
            "refund_percent": 500.0,
            "grade_id": self.grade_a.id,
            "disposition": "resale",
            "disposition_trace": "forged",
            "disposition_rule_id": self.rule_catch_all.id,
        }.items():
            with self.subTest(field=field), self.assertRaisesRegex(AccessError, "set by the returns workflow"):
                line.write({field: value})
        with self.assertRaisesRegex(UserError, "unit price of a returned order line is the order's"):
            line.write({"price_unit": 450.0})
        # nor on create, through RPC-like values
        with self.assertRaisesRegex(AccessError, "set by the returns workflow"):
            self.env["revlog.return"].with_user(self.clerk).create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": self.order.id,
                    "state": "approved",
                    "line_ids": [Command.create({"sale_line_id": self.order.order_line.id, "quantity": 1})],
                }
            )
        self.assertEqual((ret.state, line.refund_percent, line.price_unit), ("draft", 100.0, 45.0))
        self.assertFalse(line.grade_id)

    def test_the_clerk_writes_their_own_steps_and_cannot_pose_as_the_workflow(self):
        ret = self._draft()
        clerk_ret = ret.with_user(self.clerk)
        # a request's context is JSON: whatever it says, it is not the workflow's pass
        for flag in (True, 1, "1", {"workflow": True}):
            with self.subTest(flag=flag), self.assertRaisesRegex(AccessError, "set by the returns workflow"):
                clerk_ret.with_context(revlog_workflow=flag).write({"state": "approved"})
        self.assertEqual(ret.state, "draft")
        clerk_ret.action_approve()
        self.assertEqual(ret.state, "approved")
        self.assertEqual(ret.write_uid, self.clerk, "the clerk approved it, not the system")
        self.env.cr.precommit.run()  # the chatter's tracking, as at the end of the clerk's request
        state_change = ret.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertEqual(state_change.mail_message_id.author_id, self.clerk.partner_id)
        clerk_ret.action_cancel()
        self.assertEqual((ret.state, ret.write_uid), ("cancelled", self.clerk))

    def test_forged_percent_never_reaches_a_credit(self):
        """The case seen: 500 % written by a clerk would have credited 225.00 on a 45.00 sale."""
        ret = self._draft()
        ret.with_user(self.clerk).action_approve()
        self._receive(ret)
        with self.assertRaises(AccessError):
            ret.line_ids.with_user(self.clerk).refund_percent = 500
        ret.line_ids.with_user(self.warehouse_user).action_inspect()
        inspection = ret.line_ids.inspection_id.with_user(self.warehouse_user)
        inspection.answer_ids.write({"passed": True})
        for field, value in {"state": "done", "score": 100.0, "grade_id": self.grade_a.id}.items():
            with self.subTest(field=field), self.assertRaises(AccessError):
                inspection.write({field: value})
        with self.assertRaises(AccessError):
            inspection.answer_ids[:1].write({"weight": 1000.0})
        inspection.action_done()
        self.assertEqual(ret.line_ids.refund_percent, 100.0)
        self.assertEqual(inspection.inspector_id, self.warehouse_user)

    def test_warehouse_staff_change_no_return_line(self):
        ret = self._draft(2)
        line = ret.line_ids.with_user(self.warehouse_user)
        for vals in ({"quantity": 1}, {"refund_percent": 50}, {"customer_note": "edited"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                line.write(vals)
        with self.assertRaises(AccessError):
            ret.with_user(self.warehouse_user).action_approve()
        self.assertEqual((ret.state, ret.line_ids.quantity), ("draft", 2.0))

    def test_portal_reads_public_fields_only(self):
        ret = self._draft()
        ret.write({"note": "<p>Customer is difficult</p>", "to_review": True, "review_note": "fraud?"})
        portal_ret = ret.with_user(self.portal_user)
        self.assertEqual(portal_ret.name, ret.name)
        for field in ("note", "review_note", "to_review", "override_reason"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                portal_ret.read([field])
        # reading "everything" gives the public fields, none of the internal ones
        values = self.env["revlog.return"].with_user(self.portal_user).search_read([("id", "=", ret.id)])[0]
        self.assertEqual(values["name"], ret.name)
        self.assertFalse({"note", "review_note", "to_review", "override_reason"} & values.keys())
        with self.assertRaises(AccessError):
            portal_ret.write({"customer_note": "forged"})

    def test_request_date_is_the_creation_day(self):
        Return = self.env["revlog.return"].with_user(self.clerk)
        vals = {
            "partner_id": self.customer.id,
            "sale_order_id": self.order.id,
            "line_ids": [Command.create({"sale_line_id": self.order.order_line.id, "quantity": 1})],
        }
        with self.assertRaisesRegex(AccessError, "Requested on"):
            Return.create(dict(vals, date_request="2020-01-01"))
        ret = Return.create(vals)
        self.assertEqual(ret.date_request, self.company._revlog_today())
        with self.assertRaisesRegex(AccessError, "Requested on"):
            ret.write({"date_request": "2020-01-01"})
        yesterday = self.company._revlog_today() - timedelta(days=1)
        wizard_vals = {"return_ids": [Command.set(ret.ids)], "date_request": yesterday, "reason": " "}
        with self.assertRaises(AccessError):
            self.env["revlog.return.date.wizard"].with_user(self.clerk).create(wizard_vals)
        # a returns manager may, with a reason, logged
        wizard = self.env["revlog.return.date.wizard"].with_user(self.manager).create(wizard_vals)
        with self.assertRaisesRegex(UserError, "Write why"):
            wizard.action_confirm()
        wizard.date_request = "2999-01-01"
        wizard.reason = "Customer called on Sunday"
        with self.assertRaisesRegex(UserError, "lies in the future"):
            wizard.action_confirm()
        wizard.date_request = "2001-01-01"
        with self.assertRaisesRegex(UserError, "precedes order"):
            wizard.action_confirm()
        wizard.date_request = yesterday
        wizard.action_confirm()
        self.assertEqual(ret.date_request, yesterday)
        self.assertTrue(ret.message_ids.filtered(lambda m: "Customer called on Sunday" in (m.body or "")))

    def test_nul_bytes_and_bad_numbers_refused_cleanly(self):
        with self.assertRaisesRegex(UserError, "NUL character"):
            self._return(self.order, {self.order.order_line: 1}, customer_note="bad\x00note")
        ret = self._draft()
        with self.assertRaisesRegex(UserError, "NUL character"):
            ret.line_ids.with_user(self.clerk).customer_note = "x\x00"
        line = ret.line_ids.with_user(self.clerk)
        for qty in (float("nan"), float("inf"), 1e308):
            with self.subTest(qty=qty), self.assertRaisesRegex(UserError, "is not a usable number"):
                line.write({"quantity": qty})
        for qty in (-1.0, 0.0):
            with self.subTest(qty=qty), self.assertRaisesRegex(ValidationError, "must be positive"):
                line.write({"quantity": qty})
        with self.assertRaisesRegex(ValidationError, "1.5 Units of Kettle is not a whole number of units"):
            line.write({"quantity": 1.5})
        with self.assertRaisesRegex(UserError, "is not a date"):
            ret.with_user(self.manager).write({"date_request": "2026-13-45"})
        self.assertEqual(ret.line_ids.quantity, 1.0)
        # a unit of 12: half a dozen is six whole units
        dozen = self.env.ref("uom.product_uom_dozen")
        box_product = self._revlog_product("Egg box", 3.0, 1.0, self.categ_root, uom_id=dozen.id, uom_po_id=dozen.id)
        order = self._deliver_order([(box_product, 2)])
        ret = self._return(order, {order.order_line: 0.5})
        self.assertEqual(ret.line_ids.quantity, 0.5)
        with self.assertRaisesRegex(ValidationError, "not a whole number of units"):
            ret.line_ids.quantity = 0.55
