from odoo import api, fields, models
from odoo.exceptions import ValidationError

DISPOSITIONS = [
    ("resale", "Resale"),
    ("repair", "Repair"),
    ("recycle", "Recycle"),
    ("scrap", "Scrap"),
    ("vendor", "Return to Vendor"),
]


class RevlogGrade(models.Model):
    _name = "revlog.grade"
    _inherit = ["revlog.input.mixin"]
    _description = "Return Grade"
    _order = "min_score desc, sequence, id"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", help="Leave empty to share the grade between companies.")
    min_score = fields.Float(
        string="Minimum Score",
        required=True,
        help="An inspection scoring at least this much (0-100) gets this grade, unless a higher grade applies.",
    )
    recovery_percent = fields.Float(
        string="Recovery %",
        default=100.0,
        help="Value kept, as a percentage of cost: below 100 the difference is written down.",
    )
    default_disposition = fields.Selection(DISPOSITIONS, required=True, default="resale")
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "A grade code must be unique per company."),
    ]

    @api.constrains("min_score", "recovery_percent")
    def _check_percentages(self):
        for grade in self:
            if not 0 <= grade.min_score <= 100 or not 0 <= grade.recovery_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "Grade %(grade)s: minimum score and recovery %% must lie between 0 and 100.",
                        grade=grade.display_name,
                    )
                )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for grade in self:
            grade.display_name = f"{grade.code} - {grade.name}" if grade.name else grade.code

    @api.model
    def _grades_by_company(self, companies):
        """Active grades usable by each company, best first: {company: grades}."""
        grades = self.search([("company_id", "in", [*companies.ids, False])])
        return {
            company: grades.filtered(lambda g, c=company: g.company_id in (c, self.env["res.company"]))
            for company in companies
        }

    def _grade_for_score(self, score):
        """The best grade of ``self`` (sorted best first) whose threshold ``score`` reaches."""
        for grade in self:
            if score >= grade.min_score:
                return grade
        return self[-1:] if self else self

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        self.env["revlog.workflow.mixin"]._revlog_check_unused(
            self,
            [
                ("revlog.return.line", "grade_id"),
                ("revlog.inspection", "grade_id"),
                ("revlog.inspection", "grade_override_id"),
                ("revlog.return.policy.refund", "grade_id"),
                ("revlog.disposition.rule", "grade_ids"),
            ],
        )
