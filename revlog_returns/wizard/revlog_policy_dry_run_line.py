from odoo import api, fields, models


class RevlogPolicyDryRunLine(models.TransientModel):
    _name = "revlog.policy.dry.run.line"
    _description = "Return Policy Dry Run Line"

    dry_run_id = fields.Many2one("revlog.policy.dry.run", required=True, ondelete="cascade")
    sale_line_id = fields.Many2one("sale.order.line", readonly=True)
    order_id = fields.Many2one(related="sale_line_id.order_id", string="Order")
    partner_id = fields.Many2one(related="sale_line_id.order_partner_id", string="Customer")
    product_id = fields.Many2one(related="sale_line_id.product_id")
    applied_policy_name = fields.Char(string="Policy", readonly=True, help="The policy that judges this line.")
    applies = fields.Boolean(string="Tried Policy Applies", readonly=True)
    eligible = fields.Boolean(string="Accepted", readonly=True)
    verdict = fields.Char(compute="_compute_verdict")
    refusal = fields.Char(string="Refused By", compute="_compute_verdict", help="The rules that refuse it.")
    checks = fields.Json(readonly=True, help="The policy's checks as data, as a return keeps them.")
    trace = fields.Text(compute="_compute_verdict")

    @api.depends("eligible", "checks")
    @api.depends_context("lang")
    def _compute_verdict(self):
        engine = self.env["revlog.policy.engine"]
        for line in self:
            line.verdict = self.env._("Accepted") if line.eligible else self.env._("Refused")
            line.trace = engine._trace_text(line.checks)
            # the refusing rules as the return form shows them: dates in the reader's format
            line.refusal = engine._refused_text(line.checks, verdict=False)
