from odoo import fields, models


class RevlogDispositionRule(models.Model):
    _inherit = "revlog.disposition.rule"

    location_dest_id = fields.Many2one(
        "stock.location",
        string="Destination",
        check_company=True,
        domain="[('usage', 'in', ('internal', 'inventory'))]",
        help="Where matching units go. Empty: the warehouse's location for the disposition (stock or B-Stock "
        "for resale, Repair, Recycle, Return to Vendor, or the company's scrap location).",
    )
