from odoo import fields, models


class StockPickingType(models.Model):
    _inherit = "stock.picking.type"

    revlog_count_to_inspect = fields.Integer(compute="_compute_revlog_count_to_inspect")
    revlog_count_scraps = fields.Integer(
        compute="_compute_revlog_count_scraps", help="Scrap dispositions of returns waiting for warehouse staff."
    )

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

    def _compute_revlog_count_scraps(self):
        disposition_types = self.filtered(lambda t: t.warehouse_id.revlog_disposition_type_id == t)
        counts = dict(
            self.env["stock.scrap"]._read_group(
                self._revlog_scraps_domain(disposition_types.warehouse_id), ["location_id"], ["__count"]
            )
        )
        for picking_type in self:
            inspection = picking_type.warehouse_id.revlog_inspection_loc_id
            picking_type.revlog_count_scraps = counts.get(inspection, 0) if picking_type in disposition_types else 0

    def _revlog_scraps_domain(self, warehouses):
        # a return's scrap leaves from its warehouse's inspection location
        return [
            ("state", "=", "draft"),
            ("revlog_return_id", "!=", False),
            ("location_id", "in", warehouses.revlog_inspection_loc_id.ids),
        ]

    def action_revlog_scraps(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_stock_scrap")
        action.update(
            {
                "name": self.env._("Scraps to Validate"),
                "domain": self._revlog_scraps_domain(self.warehouse_id),
                "context": {"create": False},
            }
        )
        return action
