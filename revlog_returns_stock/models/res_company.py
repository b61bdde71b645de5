from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    revlog_auto_validate_dispositions = fields.Boolean(
        string="Validate Disposition Moves Automatically",
        help="Disposition moves (to resale, repair, recycle, scrap) are done as soon as a return is inspected, "
        "instead of waiting for warehouse staff to validate them.",
    )
    revlog_dwell_days = fields.Integer(
        string="Returned Units Waiting Too Long (days)",
        default=7,
        help="Units in a returns location (inspection, repair, recycle, return to vendor) for longer than this are "
        "listed as waiting too long.",
    )
