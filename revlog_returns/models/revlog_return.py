from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

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

    # actions

    def action_approve(self):
        """Approve draft returns; the policy must accept them (see the trace). Already approved returns
        are left as they are, so a double click or a retry does nothing twice."""
        self.check_access("write")
        to_approve = self._filter_for_transition("approved", {"draft"})
        if not to_approve:
            return True
        to_approve._lock_customers_with_limits()
        to_approve._check_eligibility()
        refused = to_approve.filtered(lambda r: not r.eligibility_ok)
        if refused:
            raise UserError(self.env["revlog.policy.engine"]._refusal_message(refused))
        to_approve._action_approve()
        return True

    def action_approve_override(self, reason):
        """Approve despite failed eligibility: returns managers only, with a written reason."""
        if not self._is_returns_manager():
            raise AccessError(self.env._("Only a returns manager can approve a return the policy refuses."))
        self.check_access("write")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Write why you approve %(names)s against the policy.",
                    names=", ".join(self.mapped("name")),
                )
            )
        to_approve = self._filter_for_transition("approved", {"draft"})
        to_approve._lock_customers_with_limits()
        to_approve._check_eligibility()
        engine = self.env["revlog.policy.engine"]
        for ret in to_approve:
            ret.message_post(
                body=self.env._(
                    "Approved by %(user)s against the policy. Reason: %(reason)s\nRules overridden:\n%(rules)s",
                    user=self.env.user.name,
                    reason=reason,
                    rules=engine._refused_text(ret.eligibility_checks) or self.env._("none"),
                )
            )
        to_approve._revlog_as_workflow().override_reason = reason
        to_approve._action_approve()
        return True

    def action_reject(self, reason):
        self.check_access("write")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Write why %(names)s is rejected: the customer will read it.",
                    names=", ".join(self.mapped("name")),
                )
            )
        to_reject = self._filter_for_transition("rejected", self._rejectable_states())
        to_reject._before_reject()
        to_reject._revlog_as_workflow().write({"state": "rejected", "reject_reason": reason})
        to_reject._close_review_activity()
        for ret in to_reject:
            ret.message_post(body=self.env._("Rejected: %(reason)s", reason=reason))
        to_reject._revlog_notify_customer("rejected")
        return True

    def action_cancel(self):
        self.check_access("write")
        to_cancel = self._filter_for_transition("cancelled", {"draft", "approved"})
        to_cancel._before_stop()
        to_cancel._revlog_as_workflow().state = "cancelled"
        to_cancel._close_review_activity()
        return True

    def action_reset_draft(self):
        self.check_access("write")
        to_reset = self._filter_for_transition("draft", {"rejected", "cancelled"})
        # back in the count of returned quantities: the lines must fit again
        self.env["revlog.return.line"]._check_fits_deliveries(reviving=to_reset.line_ids)
        to_reset._revlog_as_workflow().write(
            {"state": "draft", "reject_reason": False, "override_reason": False, "date_approved": False}
        )
        to_reset._check_eligibility()
        to_reset._schedule_review_activity()
        return True

    def action_receive(self):
        """Mark approved returns as received (the stock addon does this when the receipt is validated)."""
        self.check_access("write")
        self._filter_for_transition("received", {"approved"})._action_receive()
        return True

    def action_check_eligibility(self):
        self._check_eligibility()
        return True

    def action_open_date_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "revlog.return.date.wizard",
            "name": self.env._("Change the Request Date"),
            "view_mode": "form",
            "target": "new",
            "context": {"default_return_ids": self.ids, "default_date_request": self[:1].date_request},
        }

    def _change_date_request(self, new_date, reason):
        """Move the request date (checked by the date wizard), logged with its reason; eligibility follows."""
        for ret in self:
            ret.message_post(
                body=self.env._(
                    "Request date changed from %(old)s to %(new)s by %(user)s. Reason: %(reason)s",
                    old=format_date(self.env, ret.date_request),
                    new=format_date(self.env, new_date),
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        self._revlog_as_workflow().date_request = new_date
        self._check_eligibility()

    def action_open_override_wizard(self):
        return self._open_decision_wizard("approve_override")

    def action_open_reject_wizard(self):
        return self._open_decision_wizard("reject")

    def _open_decision_wizard(self, decision):
        titles = {
            "approve_override": self.env._("Approve against the Policy"),
            "reject": self.env._("Reject the Return"),
        }
        return {
            "type": "ir.actions.act_window",
            "name": titles[decision],
            "res_model": "revlog.return.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_return_ids": self.ids, "default_decision": decision},
        }

    def action_view_sale_order(self):
        self.ensure_one()
        return self.sale_order_id.get_formview_action() if self.sale_order_id else False

    def action_view_inspections(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("revlog_returns.revlog_inspection_action")
        action["domain"] = [("return_id", "in", self.ids)]
        action["context"] = {"create": False}
        return action

    # engine

    def _check_eligibility(self):
        """Re-evaluate the policy rules now; returns the trace (a dict by return for several returns)."""
        # deliveries and other returns may have changed since the quantities were last computed
        self.line_ids.invalidate_recordset(["qty_delivered", "qty_returned_before", "qty_returnable"])
        self.env.add_to_compute(self._fields["eligibility_ok"], self)
        self.env.add_to_compute(self._fields["eligibility_checks"], self)
        self._recompute_recordset(["eligibility_ok", "eligibility_checks"])
        # recomputed on demand, not modified: their readings follow by hand
        self.invalidate_recordset(["eligibility_trace", "eligibility_html"])
        if len(self) == 1:
            return self.eligibility_trace
        return {ret.id: ret.eligibility_trace for ret in self}

    def _auto_approve(self):
        """Approve at once the eligible drafts whose policy auto-approves them, within its amount."""
        candidates = (
            self.env["revlog.policy.engine"]
            ._auto_approvable(self)
            .filtered(lambda r: all(line.reason_id for line in r.line_ids))
        )
        if candidates:
            candidates._action_approve()
            for ret in candidates:
                ret.message_post(
                    body=self.env._("Approved automatically by policy %(policy)s.", policy=ret.policy_id.display_name)
                )
        return candidates

    # transitions (extension points for the stock and account addons)

    def _filter_for_transition(self, target, allowed):
        """The returns of ``self`` that can move to ``target``; those already there are skipped (a retry
        is harmless), any other state is an error naming the returns."""
        wrong = self.filtered(lambda r: r.state not in allowed and r.state != target)
        if wrong:
            labels = dict(STATES)
            # each return with its own state: a mixed selection says which is which
            raise UserError(
                self.env._(
                    "%(returns)s cannot become %(target)s from there.",
                    returns=", ".join(f"{ret.name} ({labels[ret.state]})" for ret in wrong),
                    target=labels[target],
                )
            )
        return self.filtered(lambda r: r.state in allowed)

    def _check_state(self, allowed, doing):
        wrong = self.filtered(lambda r: r.state not in allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "You cannot %(doing)s %(names)s in this state.",
                    doing=doing,
                    names=", ".join(wrong.mapped("name")),
                )
            )

    def _action_approve(self):
        self._check_reasons()
        self._lock_for_update()
        # approving is the clerk's own step: the clerk writes it (a portal request is approved by the system)
        self._revlog_as_workflow().write({"state": "approved", "date_approved": fields.Datetime.now()})
        self.line_ids._record_approved_quantities()
        self._close_review_activity()
        self._set_exchange_deadlines()
        kept = self._close_without_goods()
        # the approval mail carries the slip for the parcel: none when the customer keeps everything
        (self - kept)._revlog_notify_customer("approved")

    def _check_reasons(self):
        """Every line says why it comes back before its return is approved: the reason decides the fee, the
        inspection and the route."""
        missing = self.filtered(lambda r: any(not line.reason_id for line in r.line_ids))
        if missing:
            labels = [
                "{} ({})".format(
                    ret.name,
                    ", ".join(ret.line_ids.filtered(lambda ln: not ln.reason_id).product_id.mapped("display_name")),
                )
                for ret in missing
            ]
            raise UserError(
                self.env._(
                    "%(returns)s: give each line its reason before approving (rule: a return is approved with the "
                    "reason of every line).",
                    returns=", ".join(labels),
                )
            )

    def _set_exchange_deadlines(self):
        """Advance exchanges: the unit must be back within the policy's days, or the replacement is invoiced."""
        by_days = defaultdict(lambda: self.env["revlog.return.line"])
        for line in self.line_ids.filtered(
            lambda ln: ln.resolution == "exchange" and (ln.policy_id or ln.return_id.policy_id).advance_exchange
        ):
            by_days[(line.policy_id or line.return_id.policy_id).advance_exchange_days] |= line
        for days, lines in by_days.items():
            # days of the company's calendar, as the return window
            for company in lines.company_id:
                lines.filtered(lambda ln, c=company: ln.company_id == c)._revlog_as_workflow().exchange_deadline = (
                    company._revlog_today() + timedelta(days=days)
                )

    def _close_without_goods(self):
        """A return whose every line is refunded without sending the unit back has nothing to receive, grade or
        move: it is done once approved (its credit notes follow the approval)."""
        closing = self.filtered(lambda r: r.line_ids and not any(line._needs_receipt() for line in r.line_ids))
        if closing:
            closing._action_done()
            for ret in closing:
                ret.message_post(body=self.env._("Refunded without return: the customer keeps the items."))
        return closing

    def _action_receive(self):
        # warehouse staff receive returns without any returns rights: the system records it
        self.sudo().write({"state": "received", "date_received": fields.Datetime.now()})
        self._revlog_notify_customer("received")
        self.line_ids._route_without_grading()
        self.line_ids._grade_without_inspection()
        self._on_lines_graded()

    def _lines_to_grade(self):
        """The lines inspection decides: units that came back to become the company's again (lines closed
        with nothing received have nothing to grade)."""
        return self.line_ids.filtered(lambda ln: ln.quantity and ln._needs_grading())

    def _on_lines_graded(self):
        """Returns whose every line to grade is graded become inspected."""
        graded = self.filtered(
            lambda r: (
                r.state == "received"
                and r.line_ids.filtered(lambda ln: ln.quantity and ln._needs_receipt())
                and all(line.grade_id for line in r._lines_to_grade())
            )
        )
        if graded:
            graded._action_inspected()
        return graded

    def _action_inspected(self):
        self.sudo().write({"state": "inspected", "date_graded": fields.Datetime.now()})

    def action_close(self):
        """Close inspected returns whose work is complete (the stock addon closes them by itself once
        their dispositions are done)."""
        self.check_access("write")
        to_close = self._filter_for_transition("done", {"inspected"})
        incomplete = to_close.filtered(lambda r: not r._is_complete())
        if incomplete:
            raise UserError(
                self.env._(
                    "%(names)s still have work open (dispositions or credit notes).",
                    names=", ".join(incomplete.mapped("name")),
                )
            )
        to_close._action_done()
        return True

    def _try_close(self):
        """Move the returns whose work is complete to done."""
        done = self.filtered(lambda r: r.state == "inspected" and r._is_complete())
        done._action_done()
        return done

    def _is_complete(self):
        """Whether nothing is left to do on this return once inspected (stock/account add conditions)."""
        self.ensure_one()
        return True

    def _before_stop(self):
        """Hook before a return is rejected or cancelled (the stock addon cancels open pickings)."""

    def _rejectable_states(self):
        """The states a return may be rejected from (the stock addon adds those after receipt)."""
        return {"draft", "approved"}

    def _before_reject(self):
        """Hook before a return is rejected: as before any stop (the stock addon sends received units back)."""
        self._before_stop()

    def _lock_for_update(self):
        """Serialise concurrent work on the same returns (approvals, inspections finishing together, credit
        notes): the later transaction is retried by Odoo and sees what the first one left."""
        self._revlog_touch(self)

    def _lock_customers_with_limits(self):
        """Two returns of one customer judged at once must not both pass ``max_returns_per_partner``, each
        blind to the other: touching the customer serialises them."""
        self._revlog_touch(self.filtered(lambda r: r.policy_id.max_returns_per_partner).commercial_partner_id)

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
