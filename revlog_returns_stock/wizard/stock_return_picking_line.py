from odoo import fields, models


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    revlog_return_line_id = fields.Many2one("revlog.return.line", string="Return Line")

    def _prepare_move_default_values(self, new_picking):
        vals = super()._prepare_move_default_values(new_picking)
        if self.revlog_return_line_id:
            vals["revlog_return_line_id"] = self.revlog_return_line_id.id
        return vals
