from odoo import fields, models


class RevlogInspection(models.Model):
    _inherit = "revlog.inspection"

    warehouse_id = fields.Many2one(related="return_id.warehouse_id", store=True, index=True)
    lot_ids = fields.Many2many(related="return_line_id.lot_ids", string="Lots/Serials")
    location_dest_id = fields.Many2one(related="return_line_id.location_dest_id", string="Destination")
