from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import InspectionCommon


@tagged("revlog")
class TestBadInput(InspectionCommon):
    """What a form, an import or a JSON-RPC call may send: each bad value is refused with a message naming the
    record and the rule, before it reaches a computation or the database, and nothing is half-written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._deliver_order([(cls.product, 3)])

    def _new_return_vals(self, quantity, reason=None):
        return {
            "partner_id": self.customer.id,
            "sale_order_id": self.order.id,
            "line_ids": [
                Command.create(
                    {
                        "sale_line_id": self.order.order_line.id,
                        "quantity": quantity,
                        "reason_id": (reason or self.reason_damaged).id,
                    }
                )
            ],
        }

    def test_quantities_that_are_not_numbers_are_refused_at_create(self):
        Return = self.env["revlog.return"].with_user(self.clerk)
        for qty, message in (
            (float("nan"), "is not a usable number"),
            (float("inf"), "is not a usable number"),
            (1e308, "is not a usable number"),
            (True, "True is not a number"),
            ("2", "'2' is not a number"),
        ):
            with self.subTest(qty=qty), self.assertRaisesRegex(ValidationError, f"Return Line: Quantity .*{message}"):
                Return.create(self._new_return_vals(qty))
        self.assertFalse(self.env["revlog.return"].search([("sale_order_id", "=", self.order.id)]))

    def test_the_return_wizard_refuses_a_quantity_that_is_not_a_number(self):
        action = self.order.with_user(self.clerk).action_revlog_return()
        wizard = Form(self.env[action["res_model"]].with_user(self.clerk).with_context(**action["context"])).save()
        for qty in (float("nan"), float("inf"), 1e308):
            with (
                self.subTest(qty=qty),
                self.assertRaisesRegex(
                    ValidationError, "Line of the Return Wizard: To Return .*is not a usable number"
                ),
            ):
                wizard.line_ids.write({"quantity": qty})
        self.assertEqual(wizard.line_ids.quantity, 0.0)

    def test_malformed_dates_in_the_wizards(self):
        ret = self.env["revlog.return"].create(self._new_return_vals(1))
        for value in ("2026-13-01", "yesterday"):
            with self.subTest(value=value), self.assertRaisesRegex(ValidationError, f"{value} is not a date"):
                self.env["revlog.return.date.wizard"].with_user(self.manager).create(
                    {"return_ids": [Command.set(ret.ids)], "date_request": value}
                )

    def test_the_dashboard_refuses_a_period_it_cannot_read(self):
        Dashboard = self.env["revlog.dashboard"].with_user(self.manager)
        for kwargs in (
            {"days": "abc"},
            {"days": 1e9},
            {"days": -5},
            {"date_from": "2026-13-01"},
            {"date_from": "2026-02-01", "date_to": "2026-01-01"},
        ):
            with self.subTest(**kwargs), self.assertRaisesRegex(UserError, "Returns dashboard: the period"):
                Dashboard.get_dashboard_data(**kwargs)
        self.assertIn("kpis", Dashboard.get_dashboard_data(days="30"))

    def test_configuration_values_beyond_what_a_field_holds(self):
        Policy = self.env["revlog.return.policy"].with_user(self.manager)
        with self.assertRaisesRegex(
            ValidationError, r"Return Policy: Return Window \(days\) 1099511627776 is not a usable"
        ):
            Policy.create({"name": "Huge", "return_window_days": 2**40})
        with self.assertRaisesRegex(ValidationError, "Return Policy: .*NUL character"):
            Policy.create({"name": "Bad\x00name"})
        criterion = self.template_general.criterion_ids[:1].with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "Inspection Criterion .*Weight .*nan is not a usable number"):
            criterion.weight = float("nan")
        self.assertTrue(criterion.weight == criterion.weight, "no NaN stored")
        with self.assertRaisesRegex(ValidationError, "background threshold is a number of records, 0 or more"):
            self.company.revlog_background_threshold = -1
        self.assertFalse(self.env["revlog.return.policy"].search([("name", "=", "Huge")]))

    def test_no_inspection_of_a_draft(self):
        ret = self.env["revlog.return"].create(self._new_return_vals(1))
        with self.assertRaisesRegex(UserError, f"{ret.name}: a unit is inspected once its return is approved"):
            ret.line_ids.with_user(self.clerk).action_inspect()
        self.assertFalse(ret.line_ids.inspection_id)

    def test_an_archived_reason_stays_on_past_returns_only(self):
        old_reason = self.env["revlog.return.reason"].create({"name": "Discontinued reason", "code": "T_GONE"})
        past = self.env["revlog.return"].create(self._new_return_vals(1, old_reason))
        past.action_approve()
        old_reason.active = False
        with self.assertRaisesRegex(ValidationError, "Discontinued reason is archived; choose a current one"):
            self.env["revlog.return"].with_user(self.clerk).create(self._new_return_vals(1, old_reason))
        self.assertEqual(past.line_ids.reason_id, old_reason, "the past return keeps it")
