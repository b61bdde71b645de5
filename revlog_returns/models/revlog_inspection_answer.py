from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RevlogInspectionAnswer(models.Model):
    _name = "revlog.inspection.answer"
    _description = "Inspection Answer"
    _inherit = ["revlog.workflow.mixin"]
    _order = "inspection_id, sequence, id"

    inspection_id = fields.Many2one("revlog.inspection", required=True, ondelete="cascade", index=True)
    criterion_id = fields.Many2one("revlog.inspection.criterion", required=True, ondelete="restrict")
    # sequence and weight are copied when the checklist is made: a template edited later changes the
    # inspections still to make, never the score of those made
    sequence = fields.Integer(compute="_compute_from_criterion", store=True)
    name = fields.Char(related="criterion_id.name")
    description = fields.Char(related="criterion_id.description")
    kind = fields.Selection(related="criterion_id.kind")
    weight = fields.Float(compute="_compute_from_criterion", store=True)
    critical = fields.Boolean(related="criterion_id.critical")
    passed = fields.Boolean()
    score = fields.Integer(help="0 (worst) to 5 (best).")
    is_answered = fields.Boolean(
        string="Answered", readonly=True, help="Set as soon as the inspector answers (pass, fail or a score)."
    )
    answer_display = fields.Char(string="Answer", compute="_compute_answer_display")

    @api.depends("criterion_id")
    def _compute_from_criterion(self):
        for answer in self:
            answer.sequence = answer.criterion_id.sequence
            answer.weight = answer.criterion_id.weight

    def _revlog_workflow_fields(self):
        return super()._revlog_workflow_fields() | {
            "inspection_id",
            "criterion_id",
            "sequence",
            "weight",
            "is_answered",
        }

    @api.constrains("score")
    def _check_score(self):
        for answer in self:
            if not 0 <= answer.score <= 5:
                raise ValidationError(
                    self.env._(
                        "%(inspection)s, %(criterion)s: a score lies between 0 and 5 (got %(score)s).",
                        inspection=answer.inspection_id.name,
                        criterion=answer.name,
                        score=answer.score,
                    )
                )

    @api.depends("is_answered", "passed", "score", "kind")
    def _compute_answer_display(self):
        for answer in self:
            if not answer.is_answered:
                answer.answer_display = "—"
            elif answer.kind == "pass_fail":
                answer.answer_display = self.env._("Pass") if answer.passed else self.env._("Fail")
            else:
                answer.answer_display = f"{answer.score}/5"

    @api.model_create_multi
    def create(self, vals_list):
        self._revlog_check_vals(vals_list)
        # new dictionaries: the caller's stay as sent (a replayed request sends them again)
        vals_list = [
            dict(vals, is_answered=True) if "passed" in vals or "score" in vals else vals for vals in vals_list
        ]
        return super().create(vals_list)

    def write(self, vals):
        self._revlog_check_vals([vals])
        if "passed" in vals or "score" in vals:
            vals = dict(vals, is_answered=True)
        if self.inspection_id.filtered(lambda i: i.state == "done"):
            raise ValidationError(
                self.env._(
                    "%(names)s: the inspection is done; its answers are final.",
                    names=", ".join(self.inspection_id.mapped("name")),
                )
            )
        return super().write(vals)

    def _value(self):
        """This answer's share of its weight, 0..1 (unanswered counts as 0)."""
        if not self.is_answered:
            return 0.0
        return (1.0 if self.passed else 0.0) if self.kind == "pass_fail" else self.score / 5.0

    def _failed(self):
        return not self.passed if self.kind == "pass_fail" else self.score < self.criterion_id.pass_score

    # one tap per answer on the tablet form

    def action_pass(self):
        self.write({"passed": True})

    def action_fail(self):
        self.write({"passed": False})

    def action_set_score(self):
        self.write({"score": int(self.env.context.get("revlog_score", 0))})
