from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _prepare_phantom_move_values(self, bom_line, product_qty, quantity_done):
        vals = super()._prepare_phantom_move_values(bom_line, product_qty, quantity_done)
        if self.revlog_return_line_id:
            # a kit's disposition or scrap is exploded into its components: each moves for the kit's return line
            # (the link is not copied with the move)
            vals["revlog_return_line_id"] = self.revlog_return_line_id.id
        return vals
