import json

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RevlogReturnPolicy(models.Model):
    _name = "revlog.return.policy"
    _description = "Return Policy"
    _inherit = ["mail.thread", "revlog.input.mixin"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10, help="The first policy (lowest sequence) whose scope matches applies.")
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    note = fields.Html(string="Terms", translate=True, help="Terms shown to customers on the return slip.")

    # scope: empty means "all"
    product_category_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="The policy applies when every returned product lies in one of these categories (or below).",
    )
    partner_category_ids = fields.Many2many(
        "res.partner.category",
        string="Customer Tags",
        help="The policy applies to customers carrying one of these tags.",
    )
    team_ids = fields.Many2many("crm.team", string="Sales Teams", check_company=True)

    # terms
    return_window_days = fields.Integer(
        string="Return Window (days)",
        default=30,
        tracking=True,
        help="Days after the delivery date within which a return may be requested (0 = no limit).",
    )
    refund_timing = fields.Selection(
        [("on_approval", "On approval"), ("on_receipt", "On receipt"), ("on_inspection", "After inspection")],
        default="on_inspection",
        required=True,
        tracking=True,
        help="When the credit note is created.",
    )
    refund_line_ids = fields.One2many(
        "revlog.return.policy.refund",
        "policy_id",
        string="Refund per Grade",
        help="Percentage of the price refunded for each grade; grades not listed are refunded in full.",
    )
    restocking_fee_percent = fields.Float(string="Restocking Fee %", tracking=True)
    auto_approve = fields.Boolean(
        tracking=True,
        help="Eligible returns are approved as soon as they are created, up to the amount below.",
    )
    auto_approve_max_amount = fields.Monetary(
        string="Auto-approve up to",
        currency_field="currency_id",
        help="Returns worth more than this (untaxed) wait for a clerk. 0 means no limit.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    require_lot_match = fields.Boolean(
        string="Require Lot/Serial Match",
        default=True,
        help="Received lots/serials must be ones delivered to this customer on this order; "
        "otherwise a mismatch is only flagged.",
    )
    max_returns_per_partner = fields.Integer(
        string="Max Returns per Customer",
        help="Over this many returns in the period below, approval needs a returns manager (0 = no limit).",
    )
    returns_period_days = fields.Integer(string="Period (days)", default=90)
    sla_days = fields.Integer(string="SLA (days)", default=14, help="The return's deadline, from its request date.")

    # resolutions other than a refund
    exchange_allowed = fields.Boolean(
        string="Exchanges", default=True, tracking=True, help="Customers may ask for a replacement instead of a refund."
    )
    advance_exchange = fields.Boolean(
        tracking=True,
        help="The replacement ships on approval, before the unit comes back. If the unit has not arrived within the "
        "days below, the customer is invoiced for the replacement.",
    )
    advance_exchange_days = fields.Integer(string="Unit Back Within (days)", default=14)
    repair_return_allowed = fields.Boolean(
        string="Repairs", default=True, tracking=True, help="Customers may send a unit to be repaired and sent back."
    )
    warranty_days = fields.Integer(
        string="Warranty (days)",
        default=365,
        tracking=True,
        help="A unit repaired within this many days of its delivery is under warranty: its parts are not charged.",
    )
    keep_max_amount = fields.Monetary(
        string="Refund Without Return up to",
        currency_field="currency_id",
        tracking=True,
        help="Lines worth no more than this (untaxed) may be refunded without sending the unit back (0: only for "
        "reasons that say so).",
    )

    @api.constrains(
        "return_window_days",
        "restocking_fee_percent",
        "auto_approve_max_amount",
        "max_returns_per_partner",
        "returns_period_days",
        "sla_days",
        "advance_exchange_days",
        "warranty_days",
        "keep_max_amount",
    )
    def _check_terms(self):
        for policy in self:
            if (
                min(
                    policy.return_window_days,
                    policy.auto_approve_max_amount,
                    policy.max_returns_per_partner,
                    policy.returns_period_days,
                    policy.sla_days,
                    policy.advance_exchange_days,
                    policy.warranty_days,
                    policy.keep_max_amount,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: days, amounts and counts cannot be negative.",
                        policy=policy.display_name,
                    )
                )
            if not 0 <= policy.restocking_fee_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: the restocking fee must lie between 0 and 100%%.",
                        policy=policy.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        policies = super().create(vals_list)
        policies._recheck_drafts()
        return policies

    def write(self, vals):
        res = super().write(vals)
        # names, notes and the chatter change no verdict
        if set(vals) - {"name", "note", "message_follower_ids"}:
            self._recheck_drafts()
        return res

    def _recheck_drafts(self):
        """The drafts of these companies read their eligibility against the policies of now: the trace a clerk
        opens never tells of a rule that has changed (which policy applies may change too)."""
        drafts = self.env["revlog.return"].search([("state", "=", "draft"), ("company_id", "in", self.company_id.ids)])
        drafts._check_eligibility()

    def _refund_percent_by_grade(self):
        """{(policy id, grade id): percent} for the grades each policy of ``self`` lists."""
        return {(line.policy_id.id, line.grade_id.id): line.refund_percent for line in self.refund_line_ids}

    def _matches(self, partner, team, categories):
        """Whether this policy's scope covers a return of ``categories`` for ``partner`` sold by ``team``."""
        self.ensure_one()
        if self.team_ids and team not in self.team_ids:
            return False
        if (
            self.partner_category_ids
            and not (partner.category_id | partner.commercial_partner_id.category_id) & self.partner_category_ids
        ):
            return False
        if self.product_category_ids:
            if not categories:
                return False  # a return with no product yet is not in a product scope
            scope_ids = set(self.product_category_ids.ids)
            for categ in categories:
                if not scope_ids.intersection(int(i) for i in categ.parent_path.split("/") if i):
                    return False
        return True

    def action_dry_run(self, values=None):
        """What this policy would decide on the last delivered order lines in its scope, as the form shows it:
        ``values`` are the form's unsaved changes (the Dry Run button sends them without saving). Nothing
        is written but the dry run's own report."""
        wizard = self.env["revlog.policy.dry.run"].create(
            {"policy_id": self[:1].id, "policy_values": json.dumps(values or {})}
        )
        wizard.action_run()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dry run: %(policy)s", policy=wizard.policy_name),
            "res_model": "revlog.policy.dry.run",
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            # the rules that refuse a line read in full
            "context": {"dialog_size": "extra-large"},
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        self.env["revlog.workflow.mixin"]._revlog_check_unused(
            self,
            [("revlog.return", "policy_id"), ("revlog.return.line", "policy_id")],
        )
