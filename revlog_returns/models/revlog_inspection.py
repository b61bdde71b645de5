from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class RevlogInspection(models.Model):
    _name = "revlog.inspection"
    _description = "Return Inspection"
    _inherit = ["mail.thread", "revlog.workflow.mixin"]
    _order = "state, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    return_line_id = fields.Many2one("revlog.return.line", required=True, ondelete="cascade", index=True, readonly=True)
    return_id = fields.Many2one(related="return_line_id.return_id", store=True, index=True, string="Return")
    company_id = fields.Many2one(related="return_line_id.company_id", store=True, index=True)
    product_id = fields.Many2one(related="return_line_id.product_id", store=True)
    product_categ_id = fields.Many2one(related="product_id.categ_id", store=True, string="Product Category")
    reason_id = fields.Many2one(related="return_line_id.reason_id", store=True)
    quantity = fields.Float(related="return_line_id.quantity")
    template_id = fields.Many2one(
        "revlog.inspection.template", required=True, readonly=True, check_company=True, ondelete="restrict"
    )
    photo_required = fields.Boolean(related="template_id.photo_required")
    answer_ids = fields.One2many("revlog.inspection.answer", "inspection_id", string="Checklist")
    answered_count = fields.Integer(compute="_compute_score", store=True)
    criteria_count = fields.Integer(compute="_compute_score", store=True)
    score = fields.Float(
        compute="_compute_score",
        store=True,
        digits=(5, 2),
        aggregator="avg",
        help="Weighted score of the answers, 0-100.",
    )
    critical_failed = fields.Boolean(
        compute="_compute_score", store=True, help="A critical criterion failed: the lowest grade applies."
    )
    grade_computed_id = fields.Many2one(
        "revlog.grade", string="Grade by Score", compute="_compute_grade", store=True, ondelete="restrict"
    )
    grade_override_id = fields.Many2one(
        "revlog.grade",
        string="Override Grade",
        tracking=True,
        ondelete="restrict",
        help="Another grade than the score gives; needs a written reason.",
    )
    override_reason = fields.Text(tracking=True)
    grade_id = fields.Many2one(
        "revlog.grade", string="Grade", compute="_compute_grade", store=True, index=True, ondelete="restrict"
    )
    inspector_id = fields.Many2one(
        "res.users", string="Inspector", tracking=True, index=True, readonly=True, help="Who completed the inspection."
    )
    date_done = fields.Datetime(string="Inspected on", readonly=True, copy=False)
    photo_ids = fields.Many2many(
        "ir.attachment", string="Photos", help="Photos of the unit as received (packaging, damage, labels)."
    )
    note = fields.Text(string="Inspector's Notes")
    # the outcome the inspector sees once done: where the unit goes, and the rule that decided why
    disposition = fields.Selection(related="return_line_id.disposition")
    disposition_rule_id = fields.Many2one(related="return_line_id.disposition_rule_id", string="Decided by")
    disposition_trace = fields.Char(related="return_line_id.disposition_trace", string="Why")
    state = fields.Selection(
        [("draft", "To Do"), ("done", "Done")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )

    _sql_constraints = [
        ("return_line_uniq", "unique(return_line_id)", "A return line has one inspection."),
    ]

    @api.depends("return_line_id.return_id.name", "product_id")
    def _compute_name(self):
        for inspection in self:
            inspection.name = f"{inspection.return_id.name} - {inspection.product_id.display_name}"

    @api.depends("answer_ids.passed", "answer_ids.score", "answer_ids.is_answered", "answer_ids.weight")
    def _compute_score(self):
        self._keep_when_done(["score", "critical_failed", "answered_count", "criteria_count"])
        for inspection in self.filtered(lambda i: i.state != "done"):
            answers = inspection.answer_ids
            total_weight = sum(answers.mapped("weight"))
            earned = sum(a.weight * a._value() for a in answers)
            inspection.score = round(100.0 * earned / total_weight, 2) if total_weight else 0.0
            inspection.critical_failed = any(a.critical and a.is_answered and a._failed() for a in answers)
            inspection.answered_count = len(answers.filtered("is_answered"))
            inspection.criteria_count = len(answers)

    @api.depends("score", "critical_failed", "answered_count", "grade_override_id", "company_id")
    def _compute_grade(self):
        self._keep_when_done(["grade_computed_id", "grade_id"])
        grades = self.env["revlog.grade"]._grades_by_company(self.company_id)
        for inspection in self.filtered(lambda i: i.state != "done"):
            company_grades = grades.get(inspection.company_id, self.env["revlog.grade"])
            if not inspection.answered_count:
                by_score = company_grades.browse()  # nothing answered yet: no grade to show
            elif inspection.critical_failed:
                by_score = company_grades[-1:]
            else:
                by_score = company_grades._grade_for_score(inspection.score)
            inspection.grade_computed_id = by_score
            inspection.grade_id = inspection.grade_override_id or by_score

    def _keep_when_done(self, field_names):
        """A done inspection is a record of what was found: editing a criterion's weight or archiving a grade
        later never rewrites its score or grade (they apply to inspections still to do)."""
        for inspection in self.filtered(lambda i: i.state == "done"):
            for name in field_names:
                inspection[name] = inspection[name]

    def _revlog_workflow_fields(self):
        return super()._revlog_workflow_fields() | {
            "state",
            "date_done",
            "inspector_id",
            "score",
            "critical_failed",
            "answered_count",
            "criteria_count",
            "grade_computed_id",
            "grade_id",
            "template_id",
            "return_line_id",
        }

    @api.model_create_multi
    def create(self, vals_list):
        self._revlog_check_vals(vals_list)
        inspections = super().create(vals_list)
        # an approved return's inspection may be prepared before the parcel arrives (completed once received)
        early = inspections.filtered(lambda i: i.return_id.state in ("draft", "rejected", "cancelled"))
        if early:
            raise UserError(
                self.env._(
                    "%(returns)s: a unit is inspected once its return is approved (rule: no inspection of a draft, "
                    "rejected or cancelled return).",
                    returns=", ".join(early.return_id.mapped("name")),
                )
            )
        return inspections

    def write(self, vals):
        self._revlog_check_vals([vals])
        return super().write(vals)

    @api.model
    def _create_for_lines(self, lines):
        """One inspection per line, its checklist copied from the template of the product's category."""
        if not lines:
            return self
        self.check_access("create")
        templates = self.env["revlog.inspection.template"]._template_for_lines(lines)
        inspections = self.sudo().create(
            [
                {
                    "return_line_id": line.id,
                    "template_id": templates[line].id,
                    "answer_ids": [
                        fields.Command.create({"criterion_id": criterion.id})
                        for criterion in templates[line].criterion_ids
                    ],
                }
                for line in lines
            ]
        )
        return inspections.sudo(self.env.su)

    def action_done(self):
        """Complete the inspections: grade each line, refund percent, disposition; returns whose lines are
        all graded become inspected. Nothing is written unless every inspection is complete."""
        self.check_access("write")
        # two inspectors finishing two lines of one return at once: each would see the other line ungraded
        # and leave the return "received"; locking the returns first makes the later one retry and see both
        self._revlog_touch(self.return_id)
        todo = self.filtered(lambda i: i.state == "draft")
        if not todo:
            return True
        todo._check_complete()
        inspectors = {}
        for inspection in todo:
            inspectors.setdefault(inspection.inspector_id.id or self.env.uid, []).append(inspection.id)
        now = fields.Datetime.now()
        for inspector_id, ids in inspectors.items():
            self.browse(ids).sudo().write({"state": "done", "date_done": now, "inspector_id": inspector_id})
        todo._log_overrides()
        lines = todo.return_line_id
        lines._apply_grades({inspection.return_line_id: inspection.grade_id for inspection in todo})
        todo._log_outcome_on_returns()
        # the return follows its inspections: warehouse staff need no right on returns for that
        lines.sudo()._flag_suspicious_defect_claims()
        lines.return_id.sudo()._on_lines_graded()
        return True

    def _check_complete(self):
        problems = []
        for inspection in self:
            label = inspection.name
            if inspection.return_id.state not in ("received", "inspected"):
                problems.append(self.env._("%(name)s: the return must be received first.", name=label))
            unanswered = inspection.answer_ids.filtered(lambda a: not a.is_answered)
            if unanswered:
                problems.append(
                    self.env._(
                        "%(name)s: answer %(criteria)s.",
                        name=label,
                        criteria=", ".join(unanswered.mapped("name")),
                    )
                )
            if inspection.template_id.photo_required and not inspection.photo_ids:
                problems.append(self.env._("%(name)s: the template requires a photo.", name=label))
            if inspection.grade_override_id and not (inspection.override_reason or "").strip():
                problems.append(self.env._("%(name)s: write why the grade is overridden.", name=label))
            # no grade while answers are missing is the missing answers' fault, said above
            if not inspection.grade_id and not unanswered:
                problems.append(self.env._("%(name)s: no grade is configured for this company.", name=label))
        if problems:
            more = len(problems) - 20
            raise UserError(
                "\n".join(problems[:20]) + ("\n" + self.env._("…and %(count)s more.", count=more) if more > 0 else "")
            )

    def _log_outcome_on_returns(self):
        """Each return's chatter says how its units graded and where they go (one note per return)."""
        bodies = {}
        for inspection in self:
            bodies.setdefault(inspection.return_id.id, []).append(
                self.env._(
                    "%(product)s inspected by %(user)s: %(outcome)s",
                    product=inspection.product_id.display_name,
                    user=inspection.inspector_id.name,
                    outcome=inspection.disposition_trace,
                )
            )
        self.return_id.sudo()._message_log_batch(
            bodies={return_id: Markup("<br/>").join(lines) for return_id, lines in bodies.items()}
        )

    def _log_overrides(self):
        for inspection in self.filtered(lambda i: i.grade_override_id and i.grade_override_id != i.grade_computed_id):
            inspection.return_id.sudo().message_post(
                body=self.env._(
                    "%(inspection)s: grade overridden from %(computed)s (score %(score)s) to %(grade)s by "
                    "%(user)s. Reason: %(reason)s",
                    inspection=inspection.name,
                    computed=inspection.grade_computed_id.code or "-",
                    score=format(inspection.score, "g"),
                    grade=inspection.grade_override_id.code,
                    user=self.env.user.name,
                    reason=inspection.override_reason,
                )
            )

    def action_open_return(self):
        self.ensure_one()
        return self.return_id.get_formview_action()
