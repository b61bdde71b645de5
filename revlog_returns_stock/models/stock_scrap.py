from odoo import fields, models


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    revlog_return_line_id = fields.Many2one(
        "revlog.return.line", string="Return Line", index="btree_not_null", readonly=True, copy=False
    )
    revlog_return_id = fields.Many2one(
        related="revlog_return_line_id.return_id", store=True, string="Return", index="btree_not_null"
    )

    def do_scrap(self):
        res = super().do_scrap()
        scraps = self.sudo().filtered("revlog_return_id")
        scraps.revlog_return_id._on_disposition_done(scraps.move_ids)
        return res
