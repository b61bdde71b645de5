import math

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_is_zero, float_round
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)


class RevlogReturnLine(models.Model):
    """The quantity engine of return lines: what each line may still take back of its order line (delivered,
    less what other live returns hold), its rule in words, and the lock that keeps two returns of one order
    line from both passing."""

    _inherit = "revlog.return.line"

    @api.depends("sale_line_id", "quantity", "return_id")
    def _compute_quantities(self):
        delivery = self.sale_line_id._revlog_delivery_data()
        before = self._qty_on_other_returns()
        for line in self:
            if not line.sale_line_id:
                line.qty_delivered = line.qty_returned_before = line.qty_returnable = 0.0
                continue
            data = delivery[line.sale_line_id.id]
            line.qty_delivered = data["qty"] - data["returned_elsewhere"]
            line.qty_returned_before = before.get((line.sale_line_id.id, line.return_id._origin.id), 0.0)
            line.qty_returnable = max(line.qty_delivered - line.qty_returned_before, 0.0)

    def _qty_on_other_returns(self):
        """{(sale line id, return id): quantity on the *other* live returns of that sale line}."""
        sale_lines = self.sale_line_id
        if not sale_lines:
            return {}
        groups = self._read_group(
            [("sale_line_id", "in", sale_lines.ids), *self._holding_units_domain()],
            ["sale_line_id", "return_id"],
            ["quantity:sum"],
        )
        totals, per_return = {}, {}
        for sol, ret, qty in groups:
            totals[sol.id] = totals.get(sol.id, 0.0) + qty
            per_return[sol.id, ret.id] = qty
        return {
            (line.sale_line_id.id, line.return_id._origin.id): totals.get(line.sale_line_id.id, 0.0)
            - per_return.get((line.sale_line_id.id, line.return_id._origin.id), 0.0)
            for line in self.filtered("sale_line_id")
        }

    @api.model
    def _holding_units_domain(self):
        """Lines that take delivered units out of what can still be returned: those of live returns, but a unit
        repaired and sent back is the customer's again."""
        return [
            ("state", "not in", ("cancelled", "rejected")),
            "!",
            "&",
            ("resolution", "=", "repair_return"),
            ("state", "=", "done"),
        ]

    # constraints

    @api.constrains("quantity", "sale_line_id", "product_id")
    def _check_quantity_returnable(self):
        """No order line is ever returned beyond what was delivered, across all its live returns."""
        for line in self:
            if line.sale_line_id and line.sale_line_id.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "Return %(ret)s: product %(product)s is not the product of order line %(sol)s.",
                        ret=line.return_id.name,
                        product=line.product_id.display_name,
                        sol=line.sale_line_id.display_name,
                    )
                )
            if line.sale_line_id and line.return_id.sale_order_id != line.sale_line_id.order_id:
                raise ValidationError(
                    self.env._(
                        "Return %(ret)s: order line %(sol)s belongs to order %(order)s, not to the return's order.",
                        ret=line.return_id.name,
                        sol=line.sale_line_id.display_name,
                        order=line.sale_line_id.order_id.name,
                    )
                )
            problem = line._quantity_problem()
            if problem:
                raise ValidationError(
                    self.env._("Return %(ret)s: %(problem)s.", ret=line.return_id.name, problem=problem)
                )
        self.filtered(
            lambda ln: ln.sale_line_id and ln.return_id.state not in ("cancelled", "rejected")
        )._check_fits_deliveries()

    def _quantity_problem(self):
        """Why this line's quantity is not one its unit allows (a lazy message, no final stop), or False."""
        self.ensure_one()
        qty, uom = self.quantity, self.product_uom_id
        if not math.isfinite(qty):
            return _lt("the quantity of %(product)s is not a number", product=self.product_id.display_name)
        rounding = uom.rounding or 0.01
        closed_empty = self.return_id.state not in (False, "draft") and float_is_zero(qty, precision_rounding=rounding)
        if float_compare(qty, 0, precision_rounding=rounding) <= 0 and not closed_empty:
            return _lt(
                "the quantity of %(product)s must be positive (got %(qty)s)",
                product=self.product_id.display_name,
                qty=format(qty, "g"),
            )
        if not float_is_zero(qty - float_round(qty, precision_rounding=rounding), precision_digits=6):
            return _lt(
                "%(qty)s %(uom)s of %(product)s is finer than the unit allows (%(rounding)s)",
                qty=format(qty, "g"),
                uom=uom.name,
                product=self.product_id.display_name,
                rounding=format(rounding, "g"),
            )
        # the id alone (cached): a record from env.ref costs a query on every line checked
        unit_category_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "uom.product_uom_categ_unit", raise_if_not_found=False
        )
        counted = uom.category_id.id == unit_category_id
        if (counted or self.product_id.tracking == "serial") and uom.factor:
            units = qty / uom.factor
            if abs(units - round(units)) > 1e-6:
                return _lt(
                    "%(qty)s %(uom)s of %(product)s is not a whole number of units (rule: units come back whole)",
                    qty=format(qty, "g"),
                    uom=uom.name,
                    product=self.product_id.display_name,
                )
        return False

    @api.model
    def _quantity_rule_text(self, label, qty, returnable, delivered, before):
        """The quantity rule in the one wording the form, the wizard, the portal and errors share (a lazy message:
        each reader reads it in their language)."""
        return _lt(
            "%(product)s %(qty)s of %(returnable)s returnable (%(delivered)s delivered, %(before)s on other returns)",
            product=label,
            qty=format(qty, "g"),
            returnable=format(max(returnable, 0.0), "g"),
            delivered=format(delivered, "g"),
            before=format(before, "g"),
        )

    def _check_fits_deliveries(self, reviving=None):
        """Raise when the live returns of the order lines of ``self`` (plus ``reviving``, lines about to
        become live again) ask for more than was delivered."""
        lines = self | (reviving or self.browse())
        sale_lines = lines.sale_line_id
        if not sale_lines:
            return
        self._lock_sale_lines(sale_lines)
        delivery = sale_lines._revlog_delivery_data()
        totals = dict(
            self._read_group(
                [("sale_line_id", "in", sale_lines.ids), *self._holding_units_domain()],
                ["sale_line_id"],
                ["quantity:sum"],
            )
        )
        for line in reviving or ():
            totals[line.sale_line_id] = totals.get(line.sale_line_id, 0.0) + line.quantity
        for sol in sale_lines:
            deliverable = delivery[sol.id]["qty"] - delivery[sol.id]["returned_elsewhere"]
            total = totals.get(sol, 0.0)
            if float_compare(total, deliverable, precision_rounding=sol.product_uom.rounding) > 0:
                asking = lines.filtered(lambda ln, s=sol: ln.sale_line_id == s)
                asked = sum(asking.mapped("quantity"))
                label = self.env["revlog.policy.engine"]._line_label(asking[:1])
                raise ValidationError(
                    self.env._(
                        "Return %(ret)s, quantity: %(rule)s: refused (a return never takes back more than was "
                        "delivered and not returned yet).",
                        ret=", ".join(asking.return_id.mapped("name")),
                        rule=self._quantity_rule_text(
                            label, asked, deliverable - (total - asked), deliverable, total - asked
                        ),
                    )
                )

    def _lock_sale_lines(self, sale_lines):
        """Touch the order lines so that two transactions returning the same line cannot both pass the
        check above: the second fails to serialise and is retried once the first has committed."""
        self._revlog_touch(sale_lines)
