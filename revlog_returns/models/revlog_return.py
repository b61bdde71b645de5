from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("received", "Received"),
    ("inspected", "Inspected"),
    ("done", "Done"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]


class RevlogReturn(models.Model):
    _name = "revlog.return"
    _description = "Return (RMA)"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "revlog.sla.mixin",
        "revlog.outcome.mixin",
        "revlog.customer.mail.mixin",
        "revlog.workflow.mixin",
    ]
    _order = "date_request desc, id desc"
    _check_company_auto = True

    _sql_constraints = [
        ("name_company_uniq", "unique(company_id, name)", "A return reference must be unique per company."),
    ]

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id", store=True, index=True)
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('state', '=', 'sale')]",
        help="Leave empty for a warranty return of a product not sold through an order here.",
    )
    sale_order_readable = fields.Boolean(
        compute="_compute_sale_order_readable",
        help="Whether the user may open the order (a clerk with own documents only handles others' returns too).",
    )
    team_id = fields.Many2one(related="sale_order_id.team_id", store=True, string="Sales Team")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    date_request = fields.Date(
        string="Requested on",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env.company._revlog_today(),
        tracking=True,
        help="The day the return was created, in the company's time zone. Only a returns manager changes it, "
        "with a reason (logged).",
    )
    date_deadline = fields.Date(
        string="Deadline",
        tracking=True,
        compute="_compute_date_deadline",
        store=True,
        precompute=True,
        help="Service level: the request date plus the policy's SLA days.",
    )
    date_approved = fields.Datetime(string="Approved on", readonly=True, copy=False)
    policy_id = fields.Many2one(
        "revlog.return.policy",
        string="Policy",
        tracking=True,
        check_company=True,
        index=True,
        ondelete="restrict",
        compute="_compute_policy_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Picked by the policies' scope; a returns manager may choose another one.",
    )
    line_ids = fields.One2many("revlog.return.line", "return_id", string="Lines", copy=True)
    state = fields.Selection(
        STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand="_expand_states",
    )
    eligibility_ok = fields.Boolean(
        string="Eligible",
        compute="_compute_eligibility",
        store=True,
        copy=False,
    )
    eligibility_checks = fields.Json(
        compute="_compute_eligibility",
        store=True,
        copy=False,
        help="The policy's checks as data (rule, verdict, the clerk's and the customer's wording as messages and "
        "values), rendered in each reader's language.",
    )
    eligibility_trace = fields.Text(
        compute="_compute_eligibility_trace",
        help="One line per rule the policy evaluated: rule, values, verdict (in the reader's language).",
    )
    portal_status = fields.Char(
        string="Status for the Customer", compute="_compute_portal_status", help="The state in the customer's words."
    )
    eligibility_html = fields.Html(
        string="Eligibility Rules",
        compute="_compute_eligibility_html",
        sanitize=False,
        help="The trace as a table: rule, values, verdict; refused rules first.",
    )
    override_reason = fields.Text(
        string="Override Reason",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Why a returns manager approved this return although a policy rule refused it.",
    )
    reject_reason = fields.Text(readonly=True, copy=False)
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        precompute=True,
    )
    amount_untaxed = fields.Monetary(
        string="Untaxed Amount",
        compute="_compute_amount_untaxed",
        store=True,
        help="Quantity × unit price (discount included) of every line.",
    )
    line_count = fields.Integer(compute="_compute_amount_untaxed", store=True)
    to_review = fields.Boolean(
        string="Flagged for Review",
        copy=False,
        groups="base.group_user",
        tracking=True,
        help="Set when something looks wrong, e.g. a unit claimed defective that inspects as perfect.",
    )
    review_note = fields.Text(copy=False, groups="base.group_user")
    note = fields.Html(string="Internal Note", groups="base.group_user")
    customer_note = fields.Text(string="Customer's Note")

    # computes

    @api.depends("sale_order_id")
    def _compute_partner_id(self):
        for ret in self.filtered("sale_order_id"):
            ret.partner_id = ret.sale_order_id.partner_id

    @api.depends("company_id", "partner_id", "sale_order_id", "line_ids.product_id")
    def _compute_policy_id(self):
        drafts = self.filtered(lambda r: r.state == "draft")
        for ret, policy in self.env["revlog.policy.engine"]._select_policies(drafts).items():
            ret.policy_id = policy

    @api.depends("date_request", "policy_id.sla_days", "company_id")
    def _compute_date_deadline(self):
        for ret in self:
            days = ret.policy_id.sla_days if ret.policy_id else ret.company_id.revlog_sla_days
            ret.date_deadline = ret.date_request and ret.date_request + timedelta(days=days)

    @api.depends(
        "policy_id",
        "partner_id",
        "sale_order_id.state",
        "date_request",
        "line_ids.quantity",
        "line_ids.product_id",
        "line_ids.sale_line_id",
        "line_ids.policy_id",
        "line_ids.resolution",
        "line_ids.exchange_product_id",
        "line_ids.reason_id",
    )
    def _compute_eligibility(self):
        drafts = self.filtered(lambda r: r.state == "draft")
        for ret in self - drafts:
            # frozen once decided: a later change of the order, its deliveries or the policies never rewrites
            # the verdict a return was approved (or rejected) on
            ret.eligibility_ok = ret.eligibility_ok
            ret.eligibility_checks = ret.eligibility_checks
        for ret, (ok, checks) in self.env["revlog.policy.engine"]._evaluate(drafts).items():
            ret.eligibility_ok = ok
            ret.eligibility_checks = checks

    @api.depends("eligibility_checks")
    @api.depends_context("lang")
    def _compute_eligibility_trace(self):
        engine = self.env["revlog.policy.engine"]
        for ret in self:
            ret.eligibility_trace = engine._trace_text(ret.eligibility_checks)

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_sale_order_readable(self):
        readable = self.sale_order_id._filtered_access("read")
        for ret in self:
            ret.sale_order_readable = bool(ret.sale_order_id) and ret.sale_order_id in readable

    @api.depends("state")
    def _compute_portal_status(self):
        labels = {
            "draft": self.env._("Requested"),
            "approved": self.env._("Approved — send it back"),
            "received": self.env._("Received"),
            "inspected": self.env._("Checked"),
            "done": self.env._("Completed"),
            "rejected": self.env._("Rejected"),
            "cancelled": self.env._("Cancelled"),
        }
        for ret in self:
            ret.portal_status = labels.get(ret.state, "")

    def _slip_available(self):
        """The return slip goes in the parcel: there is one once the return is approved, when a unit comes
        back."""
        self.ensure_one()
        return self.state in ("approved", "received", "inspected", "done") and any(
            line._needs_receipt() for line in self.line_ids
        )

    @api.depends("eligibility_checks")
    @api.depends_context("lang")
    def _compute_eligibility_html(self):
        engine = self.env["revlog.policy.engine"]
        for ret in self:
            ret.eligibility_html = engine._trace_html(ret.eligibility_checks)

    @api.depends("sale_order_id.currency_id", "company_id")
    def _compute_currency_id(self):
        for ret in self:
            ret.currency_id = ret.sale_order_id.currency_id or ret.company_id.currency_id

    @api.depends("line_ids.price_subtotal")
    def _compute_amount_untaxed(self):
        for ret in self:
            ret.amount_untaxed = sum(ret.line_ids.mapped("price_subtotal"))
            ret.line_count = len(ret.line_ids)

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for ret in self:
            ret.access_url = f"/my/returns/{ret.id}"

    @api.model
    def _expand_states(self, states, domain):
        return [key for key, __ in STATES]

    # CRUD

    def _revlog_workflow_fields(self):
        return super()._revlog_workflow_fields() | {
            "name",
            "state",
            "eligibility_ok",
            "eligibility_checks",
            "override_reason",
            "reject_reason",
            "date_request",
            "date_approved",
            "date_deadline",
            "amount_untaxed",
            "line_count",
            "date_received",
            "date_graded",
            "date_released",
        }

    @api.model_create_multi
    def create(self, vals_list):
        self._revlog_check_vals(vals_list)
        # the caller's values stay as sent: Odoo replays a request that failed to serialise with the same
        # dictionaries, and a name or date written into them would then read as forged
        vals_list = [dict(vals) for vals in vals_list]
        for company_id, vals_group in self._group_vals_by_company(vals_list).items():
            company = self.env["res.company"].browse(company_id)
            today = company._revlog_today()
            for vals in vals_group:
                vals["date_request"] = vals.get("date_request") or today
            sequence = self.env["ir.sequence"]._revlog_return_sequence(
                company, [vals["date_request"] for vals in vals_group]
            )
            for vals in vals_group:
                if vals.get("name", self.env._("New")) == self.env._("New"):
                    vals["name"] = sequence.next_by_id(sequence_date=vals["date_request"])
        returns = super().create(vals_list)
        returns._lock_customers_with_limits()
        returns._auto_approve()
        drafts = returns.filtered(lambda r: r.state == "draft")
        drafts._schedule_review_activity()
        # the customer hears of a request they made themselves (the portal); a draft a clerk saves is internal
        if self.env.context.get("revlog_customer_request"):
            drafts._revlog_notify_customer("requested")
        return returns

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals=msg_vals, **kwargs)
        if self.env.context.get("revlog_customer_mail"):
            # a mail to the customer (revlog.customer.mail.mixin) reaches the customer: the clerks following the
            # return read it in the chatter, without a copy in their inbox
            customers = set((self.partner_id | self.partner_id.commercial_partner_id).ids)
            recipients = [recipient for recipient in recipients if recipient["id"] in customers]
        return recipients

    def _group_vals_by_company(self, vals_list):
        groups = {}
        for vals in vals_list:
            if vals.get("company_id"):
                company_id = vals["company_id"]
            elif vals.get("sale_order_id"):
                company_id = self.env["sale.order"].browse(vals["sale_order_id"]).company_id.id
                vals["company_id"] = company_id
            else:
                company_id = self.env.company.id
            groups.setdefault(company_id, []).append(vals)
        return groups

    def write(self, vals):
        self._revlog_check_vals([vals])
        if (
            "policy_id" in vals
            and not self.env.su
            and not self._is_returns_manager()
            and any(ret.policy_id.id != vals["policy_id"] for ret in self)
        ):
            raise AccessError(self.env._("Only a returns manager can change the policy of a return."))
        if {"partner_id", "sale_order_id", "company_id"} & vals.keys():
            self._check_state({"draft"}, self.env._("change the customer, order or company of"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_processed(self):
        processed = self.filtered(lambda r: r.state not in ("draft", "cancelled"))
        if processed:
            raise UserError(
                self.env._(
                    "Only draft or cancelled returns can be deleted; cancel these first: %(names)s",
                    names=", ".join(processed.mapped("name")),
                )
            )

    # helpers

    def _is_returns_manager(self):
        return self.env.user.has_group("revlog_returns.group_returns_manager")

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Return slip %(name)s", name=self.name)

    def _slip_ship_to(self):
        """The warehouse the customer ships the parcel to (printed on the return slip)."""
        self.ensure_one()
        warehouse = self.sudo().sale_order_id.warehouse_id
        return warehouse or self.env["stock.warehouse"].sudo().search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
