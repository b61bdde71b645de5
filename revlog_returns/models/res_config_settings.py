from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    revlog_default_policy_id = fields.Many2one(related="company_id.revlog_default_policy_id", readonly=False)
    revlog_auto_approve = fields.Boolean(related="company_id.revlog_auto_approve", readonly=False)
    revlog_sla_days = fields.Integer(related="company_id.revlog_sla_days", readonly=False)
    revlog_target_release_days = fields.Float(related="company_id.revlog_target_release_days", readonly=False)
    revlog_target_sla_percent = fields.Float(related="company_id.revlog_target_sla_percent", readonly=False)
    revlog_background_threshold = fields.Integer(related="company_id.revlog_background_threshold", readonly=False)
    revlog_mail_requested = fields.Boolean(related="company_id.revlog_mail_requested", readonly=False)
    revlog_mail_approved = fields.Boolean(related="company_id.revlog_mail_approved", readonly=False)
    revlog_mail_received = fields.Boolean(related="company_id.revlog_mail_received", readonly=False)
    revlog_mail_rejected = fields.Boolean(related="company_id.revlog_mail_rejected", readonly=False)
