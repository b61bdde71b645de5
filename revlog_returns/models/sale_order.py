from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # returns figures are for returns users: a salesperson without Returns rights reads the order as before
    revlog_return_ids = fields.One2many(
        "revlog.return", "sale_order_id", string="Returns", groups="revlog_returns.group_returns_user"
    )
    revlog_return_count = fields.Integer(
        string="Return Count", compute="_compute_revlog_return_count", groups="revlog_returns.group_returns_user"
    )
    revlog_can_return = fields.Boolean(compute="_compute_revlog_can_return")

    @api.depends("revlog_return_ids")
    def _compute_revlog_return_count(self):
        counts = dict(
            self.env["revlog.return"]._read_group([("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"])
        )
        for order in self:
            order.revlog_return_count = counts.get(order, 0)

    @api.depends("state", "order_line.qty_delivered")
    def _compute_revlog_can_return(self):
        for order in self:
            order.revlog_can_return = order.state == "sale" and any(line.qty_delivered > 0 for line in order.order_line)

    def action_revlog_return(self):
        """Open the return wizard, prefilled with what each line can still return."""
        self.ensure_one()
        if self.state != "sale":
            raise UserError(self.env._("Order %(order)s is not confirmed: nothing can be returned.", order=self.name))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return from %(order)s", order=self.name),
            "res_model": "revlog.return.create.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_sale_order_id": self.id},
        }

    def action_view_revlog_returns(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("revlog_returns.revlog_return_action")
        action["domain"] = [("sale_order_id", "in", self.ids)]
        action["context"] = {"default_sale_order_id": self.id, "default_partner_id": self.partner_id.id}
        if len(self.revlog_return_ids) == 1:
            action.update({"res_id": self.revlog_return_ids.id, "view_mode": "form", "views": [(False, "form")]})
        return action
