from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    revlog_auto_validate_dispositions = fields.Boolean(
        related="company_id.revlog_auto_validate_dispositions",
        readonly=False,
    )
    revlog_dwell_days = fields.Integer(related="company_id.revlog_dwell_days", readonly=False)
