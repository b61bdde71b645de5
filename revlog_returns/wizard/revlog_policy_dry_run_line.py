from odoo import api, fields, models
from odoo.tools import format_date

from ..models.revlog_policy_engine import TRACE_DATE


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
    trace = fields.Text(readonly=True)

    @api.depends("eligible", "trace")
    def _compute_verdict(self):
        refused = self.env._("refused")
        for line in self:
            line.verdict = self.env._("Accepted") if line.eligible else self.env._("Refused")
            # the refusing rules as the return form shows them: dates in the reader's format
            line.refusal = TRACE_DATE.sub(
                lambda match: format_date(self.env, match.group(0)),
                "; ".join(text.rsplit(":", 1)[0] for text in (line.trace or "").splitlines() if text.endswith(refused)),
            )
