from markupsafe import Markup

from odoo import api, fields, models


class RevlogReturnDecisionWizard(models.TransientModel):
    _name = "revlog.return.decision.wizard"
    _inherit = ["revlog.input.mixin"]
    _description = "Reject a Return, or Approve it against the Policy"

    return_ids = fields.Many2many("revlog.return", string="Returns", required=True)
    decision = fields.Selection(
        [("reject", "Reject"), ("approve_override", "Approve against the policy")],
        required=True,
    )
    eligibility_html = fields.Html(compute="_compute_eligibility_html", sanitize=False)
    reason = fields.Text(required=True, help="Kept on the return and logged in its chatter.")

    @api.depends("return_ids")
    def _compute_eligibility_html(self):
        engine = self.env["revlog.policy.engine"]
        for wizard in self:
            wizard.eligibility_html = Markup("").join(
                Markup("<h5>%s</h5>%s") % (ret.name, engine._trace_html(ret.eligibility_checks) or "")
                for ret in wizard.return_ids
            )

    def action_confirm(self):
        self.ensure_one()
        if self.decision == "reject":
            self.return_ids.action_reject(self.reason)
        else:
            self.return_ids.action_approve_override(self.reason)
        return {"type": "ir.actions.act_window_close"}
