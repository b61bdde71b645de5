from odoo import models


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    def _prepare_move_values(self):
        vals = super()._prepare_move_values()
        if self.revlog_return_line_id:
            vals["revlog_return_line_id"] = self.revlog_return_line_id.id
        return vals
