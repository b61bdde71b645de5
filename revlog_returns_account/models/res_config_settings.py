from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    revlog_journal_id = fields.Many2one(related="company_id.revlog_journal_id", readonly=False)
    revlog_writedown_account_id = fields.Many2one(related="company_id.revlog_writedown_account_id", readonly=False)
    revlog_disposal_account_id = fields.Many2one(related="company_id.revlog_disposal_account_id", readonly=False)
    revlog_fee_product_id = fields.Many2one(related="company_id.revlog_fee_product_id", readonly=False)
    revlog_fee_account_id = fields.Many2one(related="company_id.revlog_fee_account_id", readonly=False)
    revlog_refund_liability_account_id = fields.Many2one(
        related="company_id.revlog_refund_liability_account_id", readonly=False
    )
    revlog_return_asset_account_id = fields.Many2one(
        related="company_id.revlog_return_asset_account_id", readonly=False
    )
    revlog_provision_period_days = fields.Integer(related="company_id.revlog_provision_period_days", readonly=False)
    revlog_post_credit_notes = fields.Boolean(related="company_id.revlog_post_credit_notes", readonly=False)
    revlog_mail_refunded = fields.Boolean(related="company_id.revlog_mail_refunded", readonly=False)
    revlog_target_recovery_percent = fields.Float(related="company_id.revlog_target_recovery_percent", readonly=False)
