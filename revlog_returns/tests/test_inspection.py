from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import InspectionCommon


@tagged("revlog")
class TestInspectionScore(InspectionCommon):
    def test_weighted_score_both_kinds(self):
        line = self._received_lines([(self.phone, 1)])
        line.action_inspect()
        inspection = line.inspection_id
        self.assertEqual(inspection.template_id, self.template_phone)
        self.assertEqual(inspection.answer_ids.mapped("name"), ["Powers on", "Screen", "Accessories", "Packaging"])
        self._answer(inspection, powers_on=True, screen=3, accessories=True, packaging=False)
        # (4×1 + 3×3/5 + 1×1 + 2×0) / 10 = 68 %
        self.assertAlmostEqual(inspection.score, 68.0)
        self.assertEqual(inspection.grade_id, self.grade_c)
        self._answer(inspection, powers_on=True, screen=5, accessories=True, packaging=True)
        self.assertAlmostEqual(inspection.score, 100.0)
        self.assertEqual(inspection.grade_id, self.grade_a)
        self._answer(inspection, powers_on=True, screen=0, accessories=False, packaging=True)
        self.assertAlmostEqual(inspection.score, 60.0)

    def test_each_grade_threshold_at_and_below(self):
        main, rest = self.template_general.criterion_ids
        cases = [
            (90, self.grade_a),
            (89, self.grade_b),
            (70, self.grade_b),
            (69, self.grade_c),
            (40, self.grade_c),
            (39, self.grade_d),
            (15, self.grade_d),
            (14, self.grade_x),
        ]
        lines = self._received_lines([(self.product, 1)] * len(cases))
        lines.inspection_id.unlink()
        for line, (score, grade) in zip(lines, cases, strict=True):
            with self.subTest(score=score):
                main.weight, rest.weight = score, 100 - score
                line.action_inspect()  # the checklist copies the template's weights of the day
                self._answer(line.inspection_id, main=True, rest=False)
                self.assertAlmostEqual(line.inspection_id.score, score)
                self.assertEqual(line.inspection_id.grade_id, grade)
        grades = self.env["revlog.grade"].search([("id", "in", (self.grade_a | self.grade_b | self.grade_x).ids)])
        self.assertEqual(grades._grade_for_score(89.99), self.grade_b)
        self.assertEqual(grades._grade_for_score(90), self.grade_a)

    def test_critical_failure_forces_lowest_grade(self):
        line = self._received_lines([(self.phone, 1)])
        line.action_inspect()
        self._answer(line.inspection_id, powers_on=False, screen=5, accessories=True, packaging=True)
        self.assertAlmostEqual(line.inspection_id.score, 60.0)
        self.assertTrue(line.inspection_id.critical_failed)
        self.assertEqual(line.inspection_id.grade_id, self.grade_x)
        line.inspection_id.action_done()
        self.assertEqual(line.grade_id, self.grade_x)
        self.assertEqual(line.disposition, "scrap")

    def test_override_needs_a_reason_and_is_logged(self):
        line = self._received_lines([(self.phone, 1)])
        line.action_inspect()
        inspection = line.inspection_id
        self._answer(inspection, powers_on=True, screen=4, accessories=True, packaging=True)
        self.assertEqual(inspection.grade_id, self.grade_a)  # 94 %
        inspection.grade_override_id = self.grade_b
        self.assertEqual(inspection.grade_id, self.grade_b)
        with self.assertRaisesRegex(UserError, "write why the grade is overridden"):
            inspection.action_done()
        self.assertEqual(inspection.state, "draft")
        self.assertFalse(line.grade_id)
        inspection.override_reason = "Scratch on the back the checklist does not cover"
        inspection.action_done()
        self.assertEqual(line.grade_id, self.grade_b)
        log = line.return_id.message_ids.filtered(lambda m: "grade overridden" in (m.body or ""))
        self.assertIn("from A (score 94) to B", log.body)
        self.assertIn("Scratch on the back", log.body)

    def test_refund_percent_from_policy(self):
        self.env["revlog.return.policy.refund"].create(
            {"policy_id": self.policy.id, "grade_id": self.grade_b.id, "refund_percent": 80}
        )
        lines = self._received_lines([(self.phone, 1), (self.phone, 1)])
        lines.action_inspect()
        self._answer(lines[0].inspection_id, powers_on=True, screen=5, accessories=True, packaging=False)  # 80 B
        self._answer(lines[1].inspection_id, powers_on=True, screen=5, accessories=True, packaging=True)  # 100 A
        lines.inspection_id.action_done()
        self.assertEqual(lines.mapped("refund_percent"), [80.0, 100.0])
        self.assertEqual(lines.return_id.state, "inspected", "every line graded: the return is inspected")


@tagged("revlog")
class TestInspectionRules(InspectionCommon):
    def test_rule_precedence_and_trace(self):
        rules = self.env["revlog.disposition.rule"]
        b_stock = rules.create(
            {
                "name": "B-stock resale",
                "sequence": 10,
                "grade_ids": [self.grade_b.id],
                "reason_ids": [self.reason_damaged.id],
                "disposition": "resale",
            }
        )
        phone_repair = rules.create(
            {
                "name": "Phones to repair",
                "sequence": 5,
                "product_category_ids": [self.categ_phones.id],
                "grade_ids": [self.grade_c.id],
                "disposition": "repair",
            }
        )
        vendor = rules.create(
            {
                "name": "Defects to vendor",
                "sequence": 8,
                "reason_ids": [self.reason_defective.id],
                "disposition": "vendor",
            }
        )
        self.assertEqual(
            rules.search([("id", "in", (b_stock | self.rule_catch_all).ids)])[0],
            b_stock,
            "at the same sequence, a specific rule is tried before the catch-all",
        )
        damaged = self._received_lines([(self.phone, 1), (self.phone, 1), (self.product, 1)])
        damaged.action_inspect()
        self._answer(damaged[0].inspection_id, powers_on=True, screen=5, accessories=True, packaging=False)  # B
        self._answer(damaged[1].inspection_id, powers_on=True, screen=0, accessories=True, packaging=False)  # 50 C
        self._answer(damaged[2].inspection_id, main=False, rest=True)  # 10 → X
        damaged.inspection_id.action_done()
        self.assertEqual(damaged[0].disposition_rule_id, b_stock)
        self.assertEqual(
            damaged[0].disposition_trace,
            "grade B - Good, signs of use (score 80), reason Damaged, category Phones: rule “B-stock resale” sends "
            "it to resale",
        )
        self.assertEqual(damaged[1].disposition_rule_id, phone_repair, "sequence 5 is tried first")
        self.assertEqual(damaged[1].disposition, "repair")
        self.assertEqual(damaged[2].disposition_rule_id, self.rule_catch_all)
        self.assertEqual(damaged[2].disposition, "scrap", "the catch-all sends a grade X where X says")
        self.assertIn("rule “Grade default” sends it to scrap", damaged[2].disposition_trace)
        defective = self._received_lines([(self.product, 1)], reason=self.reason_defective)
        defective.action_inspect()
        self._answer(defective.inspection_id, main=True, rest=False)  # 90 → A
        defective.inspection_id.action_done()
        self.assertEqual(defective.disposition_rule_id, vendor)
        self.assertTrue(defective.return_id.to_review, "a defect claim graded A is flagged")
        self.assertIn("Claimed defective but graded best", defective.return_id.review_note)

    def test_no_rule_falls_back_to_grade_default(self):
        self.rule_catch_all.active = False
        line = self._received_lines([(self.product, 1)])
        line.action_inspect()
        self._answer(line.inspection_id, main=True, rest=False)
        line.inspection_id.action_done()
        self.assertFalse(line.disposition_rule_id)
        self.assertEqual(line.disposition, "resale")
        self.assertIn("no rule matches, the grade's default sends it to resale", line.disposition_trace)

    def test_reason_without_inspection_is_graded_at_receipt(self):
        self.reason_mind.requires_inspection = False
        line = self._received_lines([(self.product, 1)], reason=self.reason_mind)
        self.assertEqual(line.grade_id, self.grade_a)
        self.assertEqual(line.disposition, "resale")
        self.assertEqual(line.return_id.state, "inspected")
        self.assertFalse(line.inspection_id)


@tagged("revlog")
class TestInspectionCompleteness(InspectionCommon):
    def test_incomplete_inspections_refused_nothing_written(self):
        lines = self._received_lines([(self.phone, 1), (self.phone, 1)])
        lines.action_inspect()
        complete, partial = lines.inspection_id
        self._answer(complete, powers_on=True, screen=5, accessories=True, packaging=True)
        partial.answer_ids[:2].write({"passed": True})
        with self.assertRaisesRegex(UserError, "answer Accessories, Packaging") as caught:
            (complete | partial).action_done()
        self.assertNotIn("no grade is configured", str(caught.exception), "missing answers, not a missing grade")
        self.assertEqual(set((complete | partial).mapped("state")), {"draft"}, "not even the complete one")
        self.assertFalse(lines.grade_id)
        self.assertEqual(lines.return_id.state, "received")

    def test_photo_required(self):
        self.template_general.photo_required = True
        line = self._received_lines([(self.product, 1)])
        line.action_inspect()
        self._answer(line.inspection_id, main=True, rest=True)
        with self.assertRaisesRegex(UserError, "requires a photo"):
            line.inspection_id.action_done()
        line.inspection_id.photo_ids = [
            Command.create({"name": "front.jpg", "raw": b"\xff\xd8\xff", "res_model": "revlog.inspection"})
        ]
        line.inspection_id.action_done()
        self.assertEqual(line.grade_id, self.grade_a)

    def test_not_received_refused_and_no_template(self):
        order = self._deliver_order([(self.product, 1)])
        ret = self._return(order, {order.order_line: 1})
        ret.action_approve()
        ret.line_ids.action_inspect()
        self._answer(ret.line_ids.inspection_id, main=True, rest=True)
        with self.assertRaisesRegex(UserError, "must be received first"):
            ret.line_ids.inspection_id.action_done()
        self.template_general.active = False
        other_order = self._deliver_order([(self.product, 1)])
        other = self._return(other_order, {other_order.order_line: 1})
        with self.assertRaisesRegex(UserError, "No inspection template applies to .*Kettle"):
            other.line_ids.action_inspect()

    def test_done_answers_are_final_and_retry_is_harmless(self):
        line = self._received_lines([(self.product, 1)])
        line.action_inspect()
        line.action_inspect()
        self.assertEqual(len(line.inspection_ids), 1, "inspecting twice opens the same inspection")
        self._answer(line.inspection_id, main=True, rest=True)
        line.inspection_id.action_done()
        line.inspection_id.action_done()
        self.assertEqual(line.grade_id, self.grade_a)
        with self.assertRaisesRegex(Exception, "answers are final"):
            line.inspection_id.answer_ids[0].passed = False


@tagged("revlog")
class TestInspectionAccess(InspectionCommon):
    def test_warehouse_user_inspects_but_cannot_configure(self):
        """Warehouse staff who are not returns clerks fill inspections, nothing more."""
        line = self._received_lines([(self.phone, 1)]).with_user(self.warehouse_user)
        line.action_inspect()
        inspection = line.inspection_id
        for answer in inspection.answer_ids:
            if answer.kind == "pass_fail":
                answer.action_pass()
            else:
                answer.with_context(revlog_score=4).action_set_score()
        self.assertAlmostEqual(inspection.score, 94.0)
        inspection.action_done()
        self.assertEqual(line.grade_id, self.grade_a)
        self.assertEqual(inspection.inspector_id, self.warehouse_user)
        self.assertEqual(line.return_id.state, "inspected")
        env = inspection.env
        with self.assertRaises(AccessError):
            self.grade_a.with_env(env).recovery_percent = 50
        with self.assertRaises(AccessError):
            self.template_phone.with_env(env).photo_required = True
        with self.assertRaises(AccessError):
            self.rule_catch_all.with_env(env).disposition = "scrap"
        order = self._deliver_order([(self.product, 1)])
        draft = self._return(order, {order.order_line: 1})
        with self.assertRaises(AccessError):
            draft.with_env(env).action_approve()


@tagged("revlog", "revlog_batch")
class TestInspectionBatch(InspectionCommon):
    N = 1000

    def test_grade_1000_lines_in_one_call(self):
        self._without_customer_mails()
        order = self._deliver_order([(self.product, 1)] * self.N)
        returns = self.env["revlog.return"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": order.id,
                    "line_ids": [
                        Command.create(
                            {
                                "sale_line_id": sol.id,
                                "product_id": self.product.id,
                                "quantity": 1,
                                "reason_id": self.reason_damaged.id,
                            }
                        )
                        for sol in order.order_line[i : i + 5]
                    ],
                }
                for i in range(0, self.N, 5)
            ]
        )
        returns.action_approve()
        self._receive(returns)
        returns.line_ids.action_inspect()
        inspections = returns.line_ids.inspection_id
        self.assertEqual(len(inspections), self.N)
        main = inspections.answer_ids.filtered(lambda a: a.name == "Main")
        main.write({"passed": True})
        (inspections.answer_ids - main).write({"passed": False})
        __, queries = self._batch_cost("grade inspections (action_done)", inspections.action_done, self.N)
        self.assertEqual(set(returns.line_ids.grade_id.mapped("code")), {"A"})
        self.assertEqual(set(returns.mapped("state")), {"inspected"})
        self.assertLess(queries, 10)
