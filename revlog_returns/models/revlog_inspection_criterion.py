from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RevlogInspectionCriterion(models.Model):
    _name = "revlog.inspection.criterion"
    _inherit = ["revlog.input.mixin"]
    _description = "Inspection Criterion"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one("revlog.inspection.template", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    description = fields.Char(translate=True, help="What to look at, shown to the inspector.")
    kind = fields.Selection(
        [("pass_fail", "Pass / Fail"), ("score", "Score 0-5")],
        required=True,
        default="pass_fail",
    )
    weight = fields.Float(default=1.0, required=True, help="Relative weight of this criterion in the score.")
    critical = fields.Boolean(help="Failing this criterion gives the lowest grade, whatever the score.")
    pass_score = fields.Integer(
        default=3,
        help="For a score criterion: the lowest score that counts as passed (for critical criteria).",
    )

    @api.constrains("weight", "pass_score")
    def _check_weight(self):
        for criterion in self:
            if criterion.weight <= 0:
                raise ValidationError(
                    self.env._(
                        "Criterion %(name)s of template %(template)s: the weight must be positive.",
                        name=criterion.name,
                        template=criterion.template_id.name,
                    )
                )
            if not 0 <= criterion.pass_score <= 5:
                raise ValidationError(
                    self.env._("Criterion %(name)s: the passing score lies between 0 and 5.", name=criterion.name)
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        self.env["revlog.workflow.mixin"]._revlog_check_unused(
            self,
            [("revlog.inspection.answer", "criterion_id")],
        )
