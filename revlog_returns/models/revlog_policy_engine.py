from datetime import timedelta

from odoo import models
from odoo.tools import float_compare
from odoo.tools.translate import LazyTranslate

from ..tools.trace import SelectionValue, dump, render

_lt = LazyTranslate(__name__)


class RevlogPolicyEngine(models.AbstractModel):
    """Picks the policy of each return and evaluates its eligibility rules, in batch.

    Every rule returns one check per thing it checked, kept as data on the return (``eligibility_checks``):
    the rule, its verdict, the clerk's wording ``rule: values`` and, for a refusal, the customer's, both as
    lazy messages (``_lt``) so that each reader reads them in their own language (:mod:`..tools.trace`). A
    return is eligible when no check refuses it. Add a rule by extending :meth:`_rules` and writing a
    ``_rule_<name>(ret, ctx)`` method returning ``[(ok, text), ...]``, or ``(ok, text, customer_text)``
    where a refusal has words for the customer (the portal shows those, never the trace).
    """

    _name = "revlog.policy.engine"
    _description = "Return Policy Engine"

    # policy selection

    def _select_policies(self, returns):
        """{return: policy} — the first active policy of the return's company whose scope covers all its
        lines, else the company's default policy. It sets the return-level terms: SLA, auto-approval, refund
        timing, returns per customer. A return with no product yet takes the company's default policy: no scope
        can be judged before its lines."""
        policies = self._active_policies(returns.company_id)
        return {
            ret: (
                self._first_matching(policies, ret, ret.line_ids.product_id.categ_id)
                if ret.line_ids or not ret.company_id.revlog_default_policy_id
                else ret.company_id.revlog_default_policy_id
            )
            for ret in returns
        }

    def _select_line_policies(self, lines):
        """{line: policy} — the first active policy whose scope covers the line's own product: its window,
        refund per grade, fee and lot rule judge that line, whatever else the return holds. A policy a returns
        manager picked for the return (another than the scope gives) judges all its lines."""
        policies = self._active_policies(lines.return_id.company_id)
        returns = lines.return_id
        by_scope = {ret: self._first_matching(policies, ret, ret.line_ids.product_id.categ_id) for ret in returns}
        return {
            line: (
                line.return_id.policy_id
                if line.return_id.policy_id and line.return_id.policy_id != by_scope[line.return_id]
                else self._first_matching(policies, line.return_id, line.product_id.categ_id)
            )
            for line in lines
        }

    def _active_policies(self, companies):
        """The active policies of ``companies`` in the order they apply. A dry run puts the policy it tries
        (``revlog_dry_run_policy`` in the context: an unsaved copy, edits included) in place of the saved one."""
        policies = self.env["revlog.return.policy"].search([("company_id", "in", companies.ids)])
        trial = self.env.context.get("revlog_dry_run_policy")
        if trial:
            policies = (policies - trial._origin) | trial
            policies = policies.sorted(lambda p: (p.sequence, p._origin.id or 0))
        return policies

    def _first_matching(self, policies, ret, categories):
        company = ret.company_id
        return next(
            (
                p
                for p in policies
                if p.company_id == company and p._matches(ret.partner_id, ret.sale_order_id.team_id, categories)
            ),
            company.revlog_default_policy_id,
        )

    # eligibility

    def _rules(self):
        return [
            "policy",
            "lines",
            "order",
            "customer",
            "window",
            "non_returnable",
            "quantity",
            "resolution",
            "frequency",
        ]

    def _evaluate(self, returns, customer=False):
        """{return: (ok, [checks])} for every return of ``returns`` (real or new records), each check a dict
        ``{rule, ok, text, customer}`` to store (see :meth:`_trace_text`); with ``customer``, a third item lists
        the refusals in the customer's words, in the current language: [(rule, sentence)]."""
        ctx = self._prepare_context(returns)
        generic = _lt("This return needs a word with our team: please contact us.")
        result = {}
        for ret in returns:
            checks = []
            for rule in self._rules():
                for ok, text, *words in getattr(self, f"_rule_{rule}")(ret, ctx):
                    checks.append(
                        {
                            "rule": rule,
                            "ok": ok,
                            "text": dump(text),
                            "customer": None if ok else dump(words[0] if words else generic),
                        }
                    )
                if rule == "policy" and not ret.policy_id:
                    break
            ok = all(check["ok"] for check in checks)
            if customer:
                words = [(check["rule"], render(self.env, check["customer"])) for check in checks if not check["ok"]]
                result[ret] = (ok, checks, words)
            else:
                result[ret] = (ok, checks)
        return result

    def _prepare_context(self, returns):
        """Everything the rules read, fetched once for the whole batch."""
        sale_lines = returns.line_ids.sale_line_id
        ctx = {"delivery": sale_lines._revlog_delivery_data(), "recent_returns": {}}
        limited = returns.filtered(lambda r: r.policy_id.max_returns_per_partner)
        if limited:
            since = min(r.date_request - timedelta(days=r.policy_id.returns_period_days) for r in limited)
            partners = limited.partner_id.commercial_partner_id
            others = self.env["revlog.return"].search_read(
                [
                    ("commercial_partner_id", "in", partners.ids),
                    ("date_request", ">=", since),
                    ("state", "not in", ("cancelled", "rejected")),
                ],
                ["commercial_partner_id", "date_request"],
            )
            for other in others:
                ctx["recent_returns"].setdefault(other["commercial_partner_id"][0], []).append(
                    (other["id"], other["date_request"])
                )
        return ctx

    def _line_label(self, line):
        return line.product_id.default_code and f"[{line.product_id.default_code}]" or line.product_id.display_name

    def _rule_policy(self, ret, ctx):
        if not ret.policy_id:
            return [
                (
                    False,
                    _lt(
                        "policy: none applies to this return (configure one, or a default policy "
                        "in the Returns settings)"
                    ),
                    _lt("Returns of this order cannot be requested online: please contact us."),
                )
            ]
        checks = [(True, _lt("policy: %(policy)s", policy=ret.policy_id.display_name))]
        for line in ret.line_ids.filtered(lambda ln: ln.policy_id != ret.policy_id):
            checks.append(
                (
                    bool(line.policy_id),
                    _lt(
                        "policy of %(product)s: %(policy)s",
                        product=self._line_label(line),
                        policy=line.policy_id.display_name or _lt("none applies"),
                    ),
                    _lt(
                        "%(product)s cannot be returned online: please contact us.",
                        product=line.product_id.display_name,
                    ),
                )
            )
        return checks

    def _rule_lines(self, ret, ctx):
        if not ret.line_ids:
            return [
                (
                    False,
                    _lt("lines: the return has no product to return"),
                    _lt("Choose at least one product to return."),
                )
            ]
        return []

    def _rule_order(self, ret, ctx):
        order = ret.sale_order_id
        if not order:
            return [(True, _lt("order: none (return without a sale order)"))]
        if order.state != "sale":
            return [
                (
                    False,
                    _lt(
                        "order %(order)s: %(state)s, not a confirmed order",
                        order=order.name,
                        state=SelectionValue("sale.order", "state", order.state),
                    ),
                    _lt("Order %(order)s cannot be returned.", order=order.name),
                )
            ]
        # locked means "not editable" (Lock Confirmed Sales locks every order): returns go on
        if order.locked:
            return [(True, _lt("order %(order)s: confirmed, locked", order=order.name))]
        return [(True, _lt("order %(order)s: confirmed", order=order.name))]

    def _rule_customer(self, ret, ctx):
        order = ret.sale_order_id
        if not order:
            return []
        customer, ordered_by = ret.partner_id.commercial_partner_id, order.partner_id.commercial_partner_id
        return [
            (
                customer == ordered_by,
                _lt(
                    "customer: %(customer)s, order placed by %(ordered_by)s",
                    customer=customer.display_name,
                    ordered_by=ordered_by.display_name,
                ),
                _lt("This order was placed by another customer."),
            )
        ]

    def _rule_window(self, ret, ctx):
        checks = []
        for line in ret.line_ids.filtered("sale_line_id"):
            # each line within the window of the policy covering its product; both dates are days in the
            # company's time zone (the delivery is stored in UTC)
            days = (line.policy_id or ret.policy_id).return_window_days
            delivered_on = ret.company_id._revlog_local_date(ctx["delivery"].get(line.sale_line_id.id, {}).get("date"))
            if not delivered_on:
                checks.append(
                    (
                        False,
                        _lt(
                            "window %(days)s d: %(product)s not delivered yet",
                            days=days,
                            product=self._line_label(line),
                        ),
                        _lt("%(product)s has not been delivered yet.", product=line.product_id.display_name),
                    )
                )
                continue
            elapsed = (ret.date_request - delivered_on).days
            checks.append(
                (
                    not days or elapsed <= days,
                    _lt(
                        "window %(days)s d: %(product)s delivered %(delivered)s, "
                        "requested %(requested)s, %(elapsed)s d",
                        days=days or "∞",
                        product=self._line_label(line),
                        elapsed=elapsed,
                        delivered=delivered_on,
                        requested=ret.date_request,
                    ),
                    _lt(
                        "%(product)s was delivered on %(delivered)s: returns are accepted within %(days)s days of "
                        "delivery.",
                        product=line.product_id.display_name,
                        delivered=delivered_on,
                        days=days,
                    ),
                )
            )
        return checks

    def _rule_non_returnable(self, ret, ctx):
        blocked = ret.line_ids.product_id.filtered("non_returnable")
        if not blocked:
            return [(True, _lt("non-returnable products: none"))]
        return [
            (
                False,
                _lt("non-returnable product: %(product)s", product=product.display_name),
                _lt(
                    "%(product)s cannot be returned %(why)s.",
                    product=product.display_name,
                    why=product.non_returnable_reason or _lt("according to our return policy"),
                ),
            )
            for product in blocked
        ]

    def _rule_quantity(self, ret, ctx):
        checks = []
        for line in ret.line_ids:
            rounding = line.product_uom_id.rounding or 0.01
            problem = line._quantity_problem()
            if problem:
                checks.append(
                    (
                        False,
                        _lt("quantity: %(problem)s", problem=problem),
                        _lt("%(rule)s.", rule=problem),
                    )
                )
            elif line.sale_line_id:
                checks.append(
                    (
                        float_compare(line.quantity, line.qty_returnable, precision_rounding=rounding) <= 0,
                        _lt(
                            "quantity: %(rule)s",
                            rule=line._quantity_rule_text(
                                self._line_label(line),
                                line.quantity,
                                line.qty_returnable,
                                line.qty_delivered,
                                line.qty_returned_before,
                            ),
                        ),
                        # the customer reads the rule in the same words as the clerk
                        _lt(
                            "%(rule)s.",
                            rule=line._quantity_rule_text(
                                line.product_id.display_name,
                                line.quantity,
                                line.qty_returnable,
                                line.qty_delivered,
                                line.qty_returned_before,
                            ),
                        ),
                    )
                )
        return checks

    def _rule_frequency(self, ret, ctx):
        policy = ret.policy_id
        if not policy.max_returns_per_partner:
            return []
        since = ret.date_request - timedelta(days=policy.returns_period_days)
        own_id = ret._origin.id
        count = (
            sum(
                1
                for other_id, date in ctx["recent_returns"].get(ret.partner_id.commercial_partner_id.id, [])
                if other_id != own_id and since <= date <= ret.date_request
            )
            + 1
        )
        return [
            (
                count <= policy.max_returns_per_partner,
                _lt(
                    "returns per customer: %(count)s in %(days)s d (this one included), at most %(max)s",
                    count=count,
                    days=policy.returns_period_days,
                    max=policy.max_returns_per_partner,
                ),
                _lt(
                    "You have reached the %(max)s return(s) we accept online in %(days)s days: please contact us.",
                    max=policy.max_returns_per_partner,
                    days=policy.returns_period_days,
                ),
            )
        ]

    # decisions

    def _refusal_message(self, refused):
        """Why the policy refuses ``refused`` (returns), for the clerk who tried to approve them."""
        details = "\n".join(f"{ret.name}: {self._refused_text(ret.eligibility_checks)}" for ret in refused[:20])
        return self.env._(
            "The return policy refuses %(count)s return(s):\n%(details)s\n"
            "A returns manager can approve with a written reason (Override).",
            count=len(refused),
            details=details,
        )

    def _auto_approvable(self, returns):
        """The eligible drafts of ``returns`` whose policy approves them at once, within its amount."""
        return returns.filtered(
            lambda r: (
                r.state == "draft"
                and r.eligibility_ok
                and r.policy_id.auto_approve
                and r.company_id.revlog_auto_approve
                and (
                    not r.policy_id.auto_approve_max_amount
                    or r.currency_id.compare_amounts(
                        r.amount_untaxed,
                        r.company_id.currency_id._convert(
                            r.policy_id.auto_approve_max_amount, r.currency_id, r.company_id, r.date_request
                        ),
                    )
                    <= 0
                )
            )
        )
