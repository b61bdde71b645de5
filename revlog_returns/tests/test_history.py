from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import InspectionCommon


@tagged("revlog")
class TestHistory(InspectionCommon):
    """Configuration that history cites cannot be deleted (archive it); archived or edited configuration
    applies to new work only, never rewriting a decided return or a done inspection."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule_catch_all.active = True
        main, rest = cls.template_general.criterion_ids
        main.weight, rest.weight = 82, 18
        cls.lines = cls._received_lines_cls([(cls.product, 1)], cls.reason_mind)
        cls.lines.action_inspect()
        inspection = cls.lines.inspection_id
        inspection.answer_ids.filtered(lambda a: a.name == "Main").passed = True
        inspection.answer_ids.filtered(lambda a: a.name == "Rest").passed = False
        inspection.action_done()

    @classmethod
    def _received_lines_cls(cls, lines, reason):
        order = cls._deliver_order(lines)
        ret = cls.env["revlog.return"].create(
            {
                "partner_id": order.partner_id.id,
                "sale_order_id": order.id,
                "line_ids": [
                    Command.create({"sale_line_id": sol.id, "quantity": qty, "reason_id": reason.id})
                    for sol, (__, qty) in zip(order.order_line, lines, strict=True)
                ],
            }
        )
        ret.action_approve()
        ret.action_receive()
        return ret.line_ids

    def test_in_use_configuration_cannot_be_deleted(self):
        line = self.lines
        self.assertEqual((line.grade_id, line.inspection_id.score), (self.grade_b, 82.0))
        cases = {
            "policy": self.policy,
            "grade": self.grade_b,
            "reason": self.reason_mind,
            "rule": self.rule_catch_all,
            "template": self.template_general,
            "criterion": self.template_general.criterion_ids[:1],
        }
        for label, record in cases.items():
            with self.subTest(label=label), self.assertRaisesRegex(UserError, "in use, archive instead"):
                record.with_user(self.manager).unlink()
        self.assertEqual(line.return_id.policy_id, self.policy)
        self.assertEqual(
            (line.reason_id, line.grade_id, line.disposition_rule_id),
            (self.reason_mind, self.grade_b, self.rule_catch_all),
        )
        # the message names the record and what cites it
        with self.assertRaisesRegex(UserError, r"Test 30 days \(1 × Return \(RMA\), 1 × Return Line\)"):
            self.policy.unlink()
        # unused configuration goes
        unused = self.env["revlog.return.reason"].create({"name": "Unused", "code": "T_UNUSED"})
        unused.with_user(self.manager).unlink()
        self.assertFalse(unused.exists())

    def test_archived_grade_and_edited_template_apply_to_new_inspections_only(self):
        done = self.lines.inspection_id
        self.grade_b.active = False
        self.template_general.criterion_ids[0].weight = 10
        self.env.flush_all()
        done.invalidate_recordset()
        self.assertEqual((done.score, done.grade_id, self.lines.grade_id), (82.0, self.grade_b, self.grade_b))
        # a new inspection scoring 82 on today's grades: B is archived, C applies
        main, rest = self.template_general.criterion_ids
        main.weight, rest.weight = 82, 18
        new_line = self._received_lines_cls([(self.product, 1)], self.reason_mind)
        new_line.action_inspect()
        inspection = new_line.inspection_id
        inspection.answer_ids.filtered(lambda a: a.name == "Main").passed = True
        inspection.answer_ids.filtered(lambda a: a.name == "Rest").passed = False
        inspection.action_done()
        self.assertEqual((inspection.score, inspection.grade_id), (82.0, self.grade_c))
