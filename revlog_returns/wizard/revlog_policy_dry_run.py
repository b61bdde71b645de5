import json

from odoo import Command, api, fields, models


class RevlogPolicyDryRun(models.TransientModel):
    _name = "revlog.policy.dry.run"
    _inherit = ["revlog.input.mixin"]
    _description = "Return Policy Dry Run"

    policy_id = fields.Many2one("revlog.return.policy", readonly=True)
    policy_values = fields.Text(
        default="{}", readonly=True, help="The form's unsaved changes the dry run tries (JSON, write format)."
    )
    policy_name = fields.Char(compute="_compute_policy_name")
    line_ids = fields.One2many("revlog.policy.dry.run.line", "dry_run_id", readonly=True)
    sample_size = fields.Integer(default=50, readonly=True)
    line_count = fields.Integer(compute="_compute_counts", help="Order lines tried.")
    applies_count = fields.Integer(compute="_compute_counts")
    eligible_count = fields.Integer(compute="_compute_counts")

    @api.depends("policy_id", "policy_values")
    def _compute_policy_name(self):
        for dry_run in self:
            dry_run.policy_name = dry_run._trial_policy().name

    def _compute_counts(self):
        for dry_run in self:
            dry_run.line_count = len(dry_run.line_ids)
            dry_run.applies_count = len(dry_run.line_ids.filtered("applies"))
            dry_run.eligible_count = len(dry_run.line_ids.filtered(lambda ln: ln.applies and ln.eligible))

    def _trial_policy(self):
        """The policy as the form shows it: the saved one with the unsaved changes on top, in memory only."""
        self.ensure_one()
        values = json.loads(self.policy_values or "{}")
        Policy = self.env["revlog.return.policy"]
        if self.policy_id:
            return Policy.new(values, origin=self.policy_id)
        return Policy.new({**Policy.default_get(list(Policy._fields)), **values})

    def _sample_domain(self, policy):
        domain = [
            ("company_id", "=", policy.company_id.id),
            ("state", "=", "sale"),
            ("qty_delivered", ">", 0),
            ("display_type", "=", False),
        ]
        if policy.product_category_ids:
            domain.append(("product_id.categ_id", "child_of", policy.product_category_ids.ids))
        if policy.partner_category_ids:
            domain.append(("order_partner_id.commercial_partner_id.category_id", "in", policy.partner_category_ids.ids))
        if policy.team_ids:
            domain.append(("order_id.team_id", "in", policy.team_ids.ids))
        return domain

    def action_run(self):
        """Simulate a one-unit return today of each of the last delivered order lines in the policy's scope:
        which policy would apply (the one tried in place of its saved version), and its verdict. Nothing is
        saved but this report."""
        self.ensure_one()
        policy = self._trial_policy()
        sale_lines = self.env["sale.order.line"].search(
            self._sample_domain(policy), order="id desc", limit=self.sample_size
        )
        Return = self.env["revlog.return"].with_context(revlog_dry_run_policy=policy)
        simulated = Return.concat(
            *(
                Return.new(
                    {
                        "company_id": sol.company_id.id,
                        "partner_id": sol.order_id.partner_id.id,
                        "sale_order_id": sol.order_id.id,
                        "line_ids": [
                            Command.create({"sale_line_id": sol.id, "product_id": sol.product_id.id, "quantity": 1.0})
                        ],
                    }
                )
                for sol in sale_lines
            )
        )
        verdicts = self.env["revlog.policy.engine"].with_context(revlog_dry_run_policy=policy)._evaluate(simulated)
        self.line_ids = [Command.clear()] + [
            Command.create(
                {
                    "sale_line_id": sol.id,
                    "applied_policy_name": ret.policy_id.name,
                    "applies": ret.policy_id == policy,
                    "eligible": verdicts[ret][0],
                    "checks": verdicts[ret][1],
                }
            )
            for sol, ret in zip(sale_lines, simulated, strict=True)
        ]
        return True
