from odoo import api, fields, models


class RevlogPolicyDryRunLine(models.TransientModel):
    _name = "revlog.policy.dry.run.line"
    _description = "Return Policy Dry Run Line"

    dry_run_id = fields.Many2one("revlog.policy.dry.run", required=True, ondelete="cascade")
    sale_line_id = fields.Many2one("sale.order.line", readonly=True)
    order_id = fields.Many2one(related="sale_line_id.order_id", string="Order")
    partner_id = fields.Many2one(related="sale_line_id.order_partner_id", string="Customer")
    product_id = fields.Many2one(related="sale_line_id.product_id")
    applied_policy_id = fields.Many2one("revlog.return.policy", string="Policy That Applies", readonly=True)
    applies = fields.Boolean(string="This Policy Applies", compute="_compute_applies")
    eligible = fields.Boolean(readonly=True)
    trace = fields.Text(readonly=True)

    @api.depends("applied_policy_id", "dry_run_id.policy_id")
    def _compute_applies(self):
        for line in self:
            line.applies = line.applied_policy_id == line.dry_run_id.policy_id
