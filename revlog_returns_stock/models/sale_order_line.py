from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _revlog_foreign_return_moves(self, moves):
        # receipts made by revlog returns are counted on the returns themselves
        return super()._revlog_foreign_return_moves(moves).filtered(lambda m: not m.revlog_return_line_id)
