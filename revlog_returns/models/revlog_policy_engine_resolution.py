from odoo import models
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)


class RevlogPolicyEngine(models.AbstractModel):
    """The resolution rule: what a line asks for other than a refund, which its policy must offer and which must
    be possible. A new resolution is one ``_resolution_<name>`` method here."""

    _inherit = "revlog.policy.engine"

    def _rule_resolution(self, ret, ctx):
        """What each line asks for other than a refund: the line's policy must offer it, and it must be
        possible (an exchange or a refund credits the order's invoice, a replacement is a product one can ship)."""
        checks = []
        for line in ret.line_ids.filtered(lambda ln: ln.resolution != "refund"):
            checks.append(
                getattr(self, f"_resolution_{line.resolution}")(ret, line, line.policy_id or ret.policy_id, ctx)
            )
        return checks

    def _resolution_exchange(self, ret, line, policy, ctx):
        label, replacement = self._line_label(line), line.exchange_product_id
        customer = _lt("%(product)s cannot be exchanged: choose a refund.", product=line.product_id.display_name)
        if not ret.sale_order_id:
            problem = _lt("needs a sale order (the replacement ships and is settled on it)")
        elif not policy.exchange_allowed:
            problem = _lt("policy %(policy)s offers no exchanges", policy=policy.display_name)
        elif not replacement or replacement.type != "consu" or not replacement.sale_ok:
            problem = _lt("the replacement must be a product that is sold and shipped")
        elif replacement.company_id and replacement.company_id != ret.company_id:
            problem = _lt("%(product)s belongs to another company", product=replacement.display_name)
        else:
            how = (
                _lt("advance, unit back within %(days)s d", days=policy.advance_exchange_days)
                if policy.advance_exchange
                else _lt("ships once the unit is back")
            )
            return (
                True,
                _lt(
                    "exchange %(product)s: for %(replacement)s, %(how)s",
                    product=label,
                    replacement=self._product_label(replacement),
                    how=how,
                ),
            )
        return (False, _lt("exchange %(product)s: %(problem)s", product=label, problem=problem), customer)

    def _resolution_repair_return(self, ret, line, policy, ctx):
        label = self._line_label(line)
        if not policy.repair_return_allowed or line.product_id.type != "consu":
            return (
                False,
                _lt(
                    "repair and send back %(product)s: policy %(policy)s offers no repairs of it",
                    product=label,
                    policy=policy.display_name,
                ),
                _lt("%(product)s cannot be sent in for repair online.", product=line.product_id.display_name),
            )
        warranty = (
            _lt("under warranty (%(days)s d)", days=policy.warranty_days)
            if line._under_warranty(ctx["delivery"])
            else _lt("warranty over (%(days)s d): parts charged", days=policy.warranty_days)
        )
        return (True, _lt("repair and send back %(product)s: %(warranty)s", product=label, warranty=warranty))

    def _resolution_refund_no_return(self, ret, line, policy, ctx):
        label = self._line_label(line)
        limit = policy.keep_max_amount
        currency = ret.currency_id
        if ret.sale_order_id and line.reason_id.refund_without_return:
            return (
                True,
                _lt("refund without return %(product)s: reason %(reason)s", product=label, reason=line.reason_id.name),
            )
        if ret.sale_order_id and limit and currency.compare_amounts(line.price_subtotal, limit) <= 0:
            return (
                True,
                _lt(
                    "refund without return %(product)s: %(amount)s within %(limit)s",
                    product=label,
                    amount=format(line.price_subtotal, ".2f"),
                    limit=format(limit, ".2f"),
                ),
            )
        return (
            False,
            _lt(
                "refund without return %(product)s: %(amount)s, policy %(policy)s keeps none above %(limit)s",
                product=label,
                amount=format(line.price_subtotal, ".2f"),
                policy=policy.display_name,
                limit=format(limit, ".2f"),
            ),
            _lt("%(product)s must be sent back to be refunded.", product=line.product_id.display_name),
        )

    def _product_label(self, product):
        return product.default_code and f"[{product.default_code}]" or product.display_name
