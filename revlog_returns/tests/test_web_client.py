from datetime import timedelta

from lxml import etree

from odoo import Command, fields
from odoo.tests import Form, tagged

from .common import InspectionCommon


@tagged("revlog")
class TestWebClient(InspectionCommon):
    """What each role meets in the views: kanban progress bars, a blank return, buttons a role may use."""

    def _arch(self, model, user, view_type="form"):
        views = self.env[model].with_user(user).get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_kanban_progress_bars_count_late_due_soon_on_time(self):
        order = self._deliver_order([(self.product, 3)])
        returns = self.env["revlog.return"].concat(*(self._return(order, {order.order_line: 1}) for __ in range(3)))
        today = fields.Date.context_today(returns)
        for ret, days in zip(returns, (-3, 1, 10), strict=True):
            ret.sudo().date_deadline = today + timedelta(days=days)
        self.assertEqual(returns.mapped("deadline_state"), ["late", "due_soon", "on_time"])
        colors = {"late": "danger", "due_soon": "warning", "on_time": "success"}
        bars = self.env["revlog.return"].read_progress_bar(
            [("id", "in", returns.ids)], "state", {"field": "deadline_state", "colors": colors}
        )
        self.assertEqual(bars, {"draft": {"late": 1, "due_soon": 1, "on_time": 1}})
        Return = self.env["revlog.return"]
        self.assertEqual(Return.search([("id", "in", returns.ids), ("deadline_state", "=", "late")]), returns[0])
        self.assertEqual(Return.search([("id", "in", returns.ids), ("is_late", "=", True)]), returns[0])
        self.assertEqual(Return.search([("id", "in", returns.ids), ("is_late", "=", False)]), returns[1:])
        # a decided return has no deadline to keep
        returns[0].action_cancel()
        self.assertFalse(returns[0].deadline_state)

    def test_blank_return_takes_the_default_policy_and_says_nothing_yet(self):
        scoped = self.env["revlog.return.policy"].create(
            {"name": "Phones first", "sequence": -5, "product_category_ids": [Command.set(self.categ_phones.ids)]}
        )
        default = self.env["revlog.return.policy"].create({"name": "Company default", "sequence": 99})
        # the test policy covers everything and comes first: still, a blank return is judged by the default
        self.company.revlog_default_policy_id = default
        form = Form(self.env["revlog.return"].with_user(self.clerk))
        form.partner_id = self.customer
        self.assertEqual(form.policy_id, default, "no product yet: the default policy of Settings")
        self.assertNotEqual(form.policy_id, scoped)
        # with its products, the policies' scope decides
        order = self._deliver_order([(self.phone, 1)])
        form.sale_order_id = order
        with form.line_ids.new() as line:
            line.sale_line_id = order.order_line
            line.reason_id = self.reason_mind
        self.assertEqual(form.policy_id, scoped)

    def test_each_role_sees_only_the_buttons_it_can_open(self):
        warehouse = self._arch("revlog.return", self.warehouse_user)
        self.assertFalse(warehouse.xpath("//button[@name='action_view_sale_order']"), "no right on sale orders")
        self.assertFalse(warehouse.xpath("//button[@name='action_open_date_wizard']"))
        self.assertFalse(warehouse.xpath("//button[@name='action_approve']"), "warehouse staff do not approve")
        clerk = self._arch("revlog.return", self.clerk)
        self.assertTrue(clerk.xpath("//button[@name='action_view_sale_order']"))
        self.assertFalse(clerk.xpath("//button[@name='action_open_date_wizard']"), "managers move request dates")
        manager = self._arch("revlog.return", self.manager)
        self.assertTrue(manager.xpath("//button[@name='action_open_date_wizard']"))
        # a done inspection offers no answer to tap
        checklist = self._arch("revlog.inspection", self.warehouse_user).xpath("//field[@name='answer_ids']//button")
        self.assertTrue(checklist)
        self.assertTrue(all("parent.state == 'done'" in button.get("column_invisible", "") for button in checklist))

    def test_eligibility_reads_as_rows_refused_first(self):
        order = self._deliver_order([(self.product, 1)], days_ago=45)
        ret = self._return(order, {order.order_line: 1})
        self.assertFalse(ret.eligibility_ok)
        rows = self.env["revlog.policy.engine"]._trace_rows(ret.eligibility_checks)
        self.assertEqual(rows[0][:1], ("window 30 d",), "the refused rule comes first")
        self.assertTrue(rows[0][2])
        self.assertFalse(any(refused for __, __, refused in rows[1:]))
        delivered = fields.Date.to_string(self.company._revlog_today() - timedelta(days=45))
        self.assertIn(delivered, ret.eligibility_trace, "the trace keeps ISO dates")
        html = str(ret.with_context(lang="en_US").eligibility_html)
        self.assertIn('<tr class="table-danger fw-bold"><td>window 30 d</td>', html)
        self.assertNotIn(delivered, html, "shown in the reader's date format")
        self.assertIn(fields.Date.to_date(delivered).strftime("%m/%d/%Y"), html)

    def test_inspection_shows_and_logs_its_outcome(self):
        self.rule_catch_all.active = True
        line = self._received_lines([(self.product, 1)], self.reason_mind)
        line.action_inspect()
        inspection = line.inspection_id.with_user(self.warehouse_user)
        self.assertFalse(inspection.answered_count, "the form hides the score until the first answer")
        inspection.answer_ids.action_pass()
        inspection.action_done()
        self.assertEqual(inspection.disposition, "resale")
        self.assertEqual(inspection.disposition_rule_id, self.rule_catch_all)
        self.assertIn("Changed mind", inspection.disposition_trace, "reason names, not codes")
        self.assertIn("“Grade default”", inspection.disposition_trace)
        note = line.return_id.message_ids.filtered(lambda m: "inspected by Walt Warehouse" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn(inspection.disposition_trace, note.body)
