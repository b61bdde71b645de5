from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    revlog_return_line_id = fields.Many2one(
        "revlog.return.line",
        string="Return Line",
        index="btree_not_null",
        copy=True,
        readonly=True,
    )
