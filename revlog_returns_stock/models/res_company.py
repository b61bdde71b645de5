from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    revlog_auto_validate_dispositions = fields.Boolean(
        string="Validate Disposition Moves Automatically",
        help="Disposition moves (to resale, repair, recycle, scrap) are done as soon as a return is inspected, "
        "instead of waiting for warehouse staff to validate them.",
    )
