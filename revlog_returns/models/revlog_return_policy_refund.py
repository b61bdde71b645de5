from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RevlogReturnPolicyRefund(models.Model):
    _name = "revlog.return.policy.refund"
    _inherit = ["revlog.input.mixin"]
    _description = "Refund Percent per Grade"
    _order = "policy_id, grade_id"

    policy_id = fields.Many2one("revlog.return.policy", required=True, ondelete="cascade", index=True)
    grade_id = fields.Many2one("revlog.grade", required=True, ondelete="restrict")
    refund_percent = fields.Float(string="Refund %", required=True, default=100.0)

    _sql_constraints = [
        ("policy_grade_uniq", "unique(policy_id, grade_id)", "A grade appears once per policy."),
    ]

    @api.constrains("refund_percent")
    def _check_refund_percent(self):
        for line in self:
            if not 0 <= line.refund_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s, grade %(grade)s: the refund must lie between 0 and 100%%.",
                        policy=line.policy_id.display_name,
                        grade=line.grade_id.display_name,
                    )
                )
