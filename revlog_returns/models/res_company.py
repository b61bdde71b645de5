from datetime import datetime

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
    # targets the Returns dashboard measures outcomes against
    revlog_target_release_days = fields.Float(
        string="Target Days to Release", default=10.0, help="From the request to the last unit where it goes."
    )
    revlog_target_sla_percent = fields.Float(string="Target Closed within SLA (%)", default=90.0)
    revlog_background_threshold = fields.Integer(
        string="Run in the Background Above",
        default=100,
        help="A mass action started from a list on more records than this runs in the background, in chunks that "
        "each commit, so that no request outlives the server's time limits (0: always at once).",
    )
    revlog_mail_requested = fields.Boolean(string="Mail: Request Received", default=True)
    revlog_mail_approved = fields.Boolean(string="Mail: Approved, with the Slip", default=True)
    revlog_mail_received = fields.Boolean(string="Mail: Parcel Received", default=True)
    revlog_mail_rejected = fields.Boolean(string="Mail: Rejected", default=True)

    # Return windows count days in one time zone: a delivery stored at 20:00 UTC is the next morning in
    # Auckland. The company's address decides; without one, the user's; else UTC.

    @api.constrains("revlog_background_threshold")
    def _check_revlog_background_threshold(self):
        negative = self.filtered(lambda c: c.revlog_background_threshold < 0)
        if negative:
            raise ValidationError(
                self.env._(
                    "%(companies)s: the background threshold is a number of records, 0 or more (0: always at once).",
                    companies=", ".join(negative.mapped("name")),
                )
            )

    def _revlog_tz(self):
        self.ensure_one()
        return pytz.timezone(self.partner_id.tz or self.env.user.tz or self.env.context.get("tz") or "UTC")

    def _revlog_local_date(self, value):
        """The day ``value`` (a UTC datetime as Odoo stores it) falls on in the company's time zone."""
        if not value:
            return False
        if not isinstance(value, datetime):
            return value
        return pytz.utc.localize(value).astimezone(self._revlog_tz()).date()

    def _revlog_today(self):
        """Today in the company's time zone: the request date of a return created now."""
        return self._revlog_local_date(fields.Datetime.now())
