from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    revlog_default_policy_id = fields.Many2one(
        "revlog.return.policy",
        string="Default Return Policy",
        domain="[('company_id', '=', id)]",
        help="Applies to returns no policy's scope matches.",
    )
    revlog_auto_approve = fields.Boolean(
        string="Auto-Approve Returns",
        default=True,
        help="Let policies that say so approve eligible returns at once.",
    )
    revlog_sla_days = fields.Integer(string="Default Return SLA (days)", default=14)
