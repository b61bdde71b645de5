from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models

# returns whose units are, or are about to be, back: what a customer really sends back
LIVE_STATES = ("approved", "received", "inspected", "done")


class RevlogProvisionFigures(models.AbstractModel):
    """What the expected-returns provision of ``company_id`` at ``date`` is made of, per product category.
    Every read is one grouped query for the whole company, whatever the number of categories and lines."""

    _name = "revlog.provision.figures"
    _inherit = ["revlog.input.mixin"]
    _description = "Expected Returns Figures"

    company_id = fields.Many2one("res.company", required=True)
    date = fields.Date(required=True)

    def _provision_lines_vals(self):
        company, currency = self.company_id, self.company_id.currency_id
        date_from = self.date - timedelta(days=company.revlog_provision_period_days - 1)
        revenue = self._trailing_revenue(date_from)
        returned = self._trailing_returned_value(date_from)
        recovery = self._trailing_recovery_rates(date_from)
        window = self._window_figures()
        vals_list = []
        for category in self.env["product.category"].browse(sorted(window)):
            # returns of sales older than the period can exceed its revenue: no more than everything comes back
            rate = min(returned[category.id] / revenue[category.id], 1.0) if revenue[category.id] > 0 else 0.0
            window_revenue, window_cost = window[category.id]
            recovery_rate = recovery.get(category.id, 100.0)  # nothing graded yet: the goods are worth their cost
            expected_refund = currency.round(max(rate * window_revenue, 0.0))
            expected_recovery = currency.round(max(rate * window_cost * recovery_rate / 100, 0.0))
            if currency.is_zero(expected_refund) and currency.is_zero(expected_recovery):
                continue
            vals_list.append(
                {
                    "category_id": category.id,
                    "revenue": revenue[category.id],
                    "returned_value": returned[category.id],
                    "return_rate": rate * 100,
                    "window_revenue": window_revenue,
                    "window_cost": window_cost,
                    "recovery_rate": recovery_rate,
                    "expected_refund": expected_refund,
                    "expected_cost": currency.round(max(rate * window_cost, 0.0)),
                    "expected_recovery": expected_recovery,
                    "income_account_id": category.property_account_income_categ_id.id,
                    "expense_account_id": category.property_account_expense_categ_id.id,
                }
            )
        return vals_list

    def _invoice_line_domain(self, move_types=("out_invoice", "out_refund")):
        """Product lines of posted customer invoices (and credit notes) of the company up to the date."""
        return [
            ("company_id", "=", self.company_id.id),
            ("parent_state", "=", "posted"),
            ("move_id.move_type", "in", move_types),
            ("display_type", "=", "product"),
            ("date", "<=", self.date),
        ]

    def _return_line_domain(self, date_from):
        # a refund liability counts what is refunded: exchanges and warranty repairs give no money back
        return [
            ("company_id", "=", self.company_id.id),
            ("state", "in", LIVE_STATES),
            ("resolution", "in", ("refund", "refund_no_return")),
            ("date_request", ">=", date_from),
            ("date_request", "<=", self.date),
        ]

    def _trailing_revenue(self, date_from):
        """{category id: untaxed revenue invoiced net of credit notes since ``date_from``}, company currency."""
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [*self._invoice_line_domain(), ("date", ">=", date_from), ("product_id", "!=", False)],
                ["product_category_id"],
                ["balance:sum"],
            )
        )
        revenue = defaultdict(float)
        revenue.update({category.id: -balance for category, balance in groups})
        return revenue

    def _trailing_returned_value(self, date_from):
        """{category id: untaxed value of the live returns requested since ``date_from``}, company currency."""
        company = self.company_id
        returned = defaultdict(float)
        for category, currency, amount in (
            self.env["revlog.return.line"]
            .sudo()
            ._read_group(
                self._return_line_domain(date_from), ["product_categ_id", "currency_id"], ["price_subtotal:sum"]
            )
        ):
            if currency and currency != company.currency_id:
                amount = currency._convert(amount, company.currency_id, company, self.date)
            returned[category.id] += amount
        return returned

    def _trailing_recovery_rates(self, date_from):
        """{category id: quantity-weighted recovery % of the grades given since ``date_from``}."""
        quantities, kept = defaultdict(float), defaultdict(float)
        for category, grade, quantity in (
            self.env["revlog.return.line"]
            .sudo()
            ._read_group(
                [*self._return_line_domain(date_from), ("grade_id", "!=", False)],
                ["product_categ_id", "grade_id"],
                ["quantity:sum"],
            )
        ):
            quantities[category.id] += quantity
            kept[category.id] += quantity * grade.recovery_percent
        return {category_id: kept[category_id] / qty for category_id, qty in quantities.items() if qty}

    def _window_figures(self):
        """{category id: (revenue, cost of goods)} of the order lines still within their return window at the
        date: the days of the policy that would judge a return of the line, counted from its last delivery (its
        last invoice when not delivered by stock), as the eligibility check counts them."""
        company, date = self.company_id, self.date
        policies = self.env["revlog.policy.engine"]._active_policies(company)
        default = company.revlog_default_policy_id
        unlimited = company.revlog_provision_period_days  # a window of 0 days (no limit): the trailing period
        longest = max([policy.return_window_days or unlimited for policy in policies | default], default=0)
        if not longest:
            return {}
        since = date - timedelta(days=longest)
        served_on = {**self._last_invoice_dates(since), **self._last_delivery_dates(since)}
        matched = {}

        def window_days(sale_line):
            order = sale_line.order_id
            key = (order.partner_id, order.team_id, sale_line.product_id.categ_id)
            if key not in matched:
                policy = next((p for p in policies if p._matches(*key)), default)
                matched[key] = (policy.return_window_days or unlimited) if policy else -1
            return matched[key]

        sale_lines = (
            self.env["sale.order.line"]
            .sudo()
            .browse(list(served_on))
            .filtered(lambda sol: (date - served_on[sol.id]).days <= window_days(sol))
        )
        revenue = self._revenue_by_sale_line(sale_lines)
        cost = self._delivered_cost_by_sale_line(sale_lines)
        figures = defaultdict(lambda: (0.0, 0.0))
        for sale_line in sale_lines:
            category_revenue, category_cost = figures[sale_line.product_id.categ_id.id]
            figures[sale_line.product_id.categ_id.id] = (
                category_revenue + revenue.get(sale_line.id, 0.0),
                category_cost + cost.get(sale_line.id, 0.0),
            )
        return figures

    def _utc_start_of(self, day):
        """When ``day`` begins in the company's time zone, as stock moves are stored (UTC)."""
        start = self.company_id._revlog_tz().localize(datetime.combine(day, time.min))
        return start.astimezone(pytz.utc).replace(tzinfo=None)

    def _delivery_domain(self):
        return [
            ("company_id", "=", self.company_id.id),
            ("state", "=", "done"),
            ("location_dest_usage", "=", "customer"),
            ("location_usage", "!=", "customer"),
            ("date", "<", self._utc_start_of(self.date + timedelta(days=1))),
        ]

    def _last_delivery_dates(self, since):
        """{sale line id: day of its last delivery up to the date}, for the lines delivered since ``since``."""
        groups = (
            self.env["stock.move"]
            .sudo()
            ._read_group(
                [*self._delivery_domain(), ("sale_line_id", "!=", False), ("date", ">=", self._utc_start_of(since))],
                ["sale_line_id"],
                ["date:max"],
            )
        )
        return {sale_line.id: self.company_id._revlog_local_date(last) for sale_line, last in groups}

    def _last_invoice_dates(self, since):
        """{sale line id: date of its last invoice}, for the lines not delivered by stock invoiced since ``since``."""
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    *self._invoice_line_domain(move_types=("out_invoice",)),
                    ("date", ">=", since),
                    ("sale_line_ids.qty_delivered_method", "!=", "stock_move"),
                ],
                ["sale_line_ids"],
                ["date:max"],
            )
        )
        return {
            sale_line.id: last
            for sale_line, last in groups
            if sale_line and sale_line.qty_delivered_method != "stock_move"
        }

    def _revenue_by_sale_line(self, sale_lines):
        """{sale line id: untaxed revenue invoiced on it, net of credit notes, up to the date}."""
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [*self._invoice_line_domain(), ("sale_line_ids", "in", sale_lines.ids)],
                ["sale_line_ids"],
                ["balance:sum"],
            )
        )
        return {sale_line.id: -balance for sale_line, balance in groups if sale_line in sale_lines}

    def _delivered_cost_by_sale_line(self, sale_lines):
        """{sale line id: cost of goods delivered on it up to the date}: the delivery moves' valuation layers,
        or the standard cost of the quantity delivered for a move that was not valued."""
        moves = self.env["stock.move"].sudo().search([*self._delivery_domain(), ("sale_line_id", "in", sale_lines.ids)])
        layer_values = dict(
            self.env["stock.valuation.layer"]
            .sudo()
            ._read_group([("stock_move_id", "in", moves.ids)], ["stock_move_id"], ["value:sum"])
        )
        cost = defaultdict(float)
        for move in moves:
            if move in layer_values:
                cost[move.sale_line_id.id] -= layer_values[move]
            else:
                quantity = move.product_uom._compute_quantity(move.quantity, move.product_id.uom_id)
                cost[move.sale_line_id.id] += move.product_id.standard_price * quantity
        return cost
