from odoo import fields, models


class StockPickingType(models.Model):
    _inherit = "stock.picking.type"

    revlog_count_to_inspect = fields.Integer(compute="_compute_revlog_count_to_inspect")

    def _compute_revlog_count_to_inspect(self):
        return_types = self.filtered(lambda t: t.warehouse_id.revlog_return_type_id == t)
        counts = dict(
            self.env["revlog.inspection"]._read_group(
                [("state", "=", "draft"), ("warehouse_id", "in", return_types.warehouse_id.ids)],
                ["warehouse_id"],
                ["__count"],
            )
        )
        for picking_type in self:
            picking_type.revlog_count_to_inspect = (
                counts.get(picking_type.warehouse_id, 0) if picking_type in return_types else 0
            )

    def action_revlog_to_inspect(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("revlog_returns.revlog_inspection_action")
        action["domain"] = [("warehouse_id", "in", self.warehouse_id.ids)]
        return action
