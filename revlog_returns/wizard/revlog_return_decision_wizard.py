from odoo import api, fields, models


class RevlogReturnDecisionWizard(models.TransientModel):
    _name = "revlog.return.decision.wizard"
    _description = "Reject a Return, or Approve it against the Policy"

    return_ids = fields.Many2many("revlog.return", string="Returns", required=True)
    decision = fields.Selection(
        [("reject", "Reject"), ("approve_override", "Approve against the policy")],
        required=True,
    )
    eligibility_trace = fields.Text(compute="_compute_eligibility_trace")
    reason = fields.Text(required=True, help="Kept on the return and logged in its chatter.")

    @api.depends("return_ids")
    def _compute_eligibility_trace(self):
        for wizard in self:
            wizard.eligibility_trace = "\n\n".join(
                f"{ret.name}\n{ret.eligibility_trace or ''}" for ret in wizard.return_ids
            )

    def action_confirm(self):
        self.ensure_one()
        if self.decision == "reject":
            self.return_ids.action_reject(self.reason)
        else:
            self.return_ids.action_approve_override(self.reason)
        return {"type": "ir.actions.act_window_close"}
