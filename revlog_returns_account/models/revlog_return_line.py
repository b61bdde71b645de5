from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.tools import float_compare, float_is_zero, float_round


def ledger_field(help_text):
    """A figure of the recovery ledger, read from posted journal items (``_compute_ledger``), never stored."""
    return fields.Monetary(
        compute="_compute_ledger",
        compute_sudo=True,
        currency_field="company_currency_id",
        help=help_text,
        groups="base.group_user",
    )


class RevlogReturnLine(models.Model):
    _inherit = "revlog.return.line"

    account_move_line_ids = fields.One2many(
        "account.move.line", "revlog_return_line_id", string="Journal Items", groups="base.group_user"
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    # the recovery ledger: read from the posted journal items that carry the line, never stored twice
    refund_amount = ledger_field("Untaxed amount credited to the customer (posted credit notes).")
    fee_amount = ledger_field("Restocking fee kept (posted credit notes).")
    cost_amount = ledger_field("Value at which the units came back into stock.")
    writedown_amount = ledger_field("Value written down because of the grade, before resale or repair.")
    disposal_loss = ledger_field("Value lost on recycled and scrapped units.")
    repair_cost = ledger_field("Parts spent on repairing the units (posted valuation of the repair orders).")
    vendor_return_value = ledger_field("Value of the units that went back to the vendor.")
    vendor_credit = ledger_field("Credited by the vendor for the units sent back (posted vendor credit notes).")
    shipped_cost = ledger_field("Value of the replacements shipped to the customer.")
    exchange_amount = ledger_field(
        "Price difference of an exchange: invoiced to the customer (positive) or credited (negative)."
    )
    recovered_value = ledger_field(
        "Cost − write-down − disposal loss − repair cost − value returned to the vendor + vendor credit: what the "
        "units are still worth to the company."
    )
    recovery_rate = fields.Float(
        string="Recovery %",
        compute="_compute_ledger",
        compute_sudo=True,
        help="Recovered value as a percentage of cost.",
        groups="base.group_user",
    )
    resold_qty = fields.Float(
        string="Resold",
        readonly=True,
        copy=False,
        digits="Product Unit of Measure",
        help="Returned units sold again (by their lot/serial, or from B-Stock).",
    )
    resale_revenue = fields.Monetary(
        string="Resale Revenue",
        readonly=True,
        copy=False,
        currency_field="company_currency_id",
        groups="base.group_user",
    )
    resale_cost = fields.Monetary(
        string="Resale Cost",
        readonly=True,
        copy=False,
        currency_field="company_currency_id",
        groups="base.group_user",
        help="The value the resold units left stock at, after their write-down.",
    )
    resale_margin = fields.Monetary(
        string="Margin Recovered",
        compute="_compute_resale_margin",
        store=True,
        currency_field="company_currency_id",
        groups="base.group_user",
        help="Resale revenue less the written-down cost of the resold units.",
    )
    date_resold = fields.Datetime(string="Last Resold on", readonly=True, copy=False)
    net_return_cost = ledger_field(
        "Refund − fee + replacements shipped − exchange difference invoiced − recovered value: what the return cost "
        "the company."
    )

    @api.depends("resale_revenue", "resale_cost")
    def _compute_resale_margin(self):
        for line in self:
            line.resale_margin = line.resale_revenue - line.resale_cost

    def _revlog_workflow_fields(self):
        return super()._revlog_workflow_fields() | {"resold_qty", "resale_revenue", "resale_cost", "date_resold"}

    @api.model
    def _revlog_ledger_figures(self):
        """{figure: {journal item kind: sign}}: each figure of the recovery ledger is the signed sum of the
        balances of its kinds' posted journal items. The one definition of every figure: the ledger on the
        return (``_compute_ledger``) and the Recovery Analysis (its SQL view) are both built from it. Extend it
        to add a figure (and its field on both)."""
        figures = {
            "refund_amount": {"refund": 1},
            "fee_amount": {"fee": -1},
            "cost_amount": {"cost": 1},
            "writedown_amount": {"writedown": 1},
            "disposal_loss": {"disposal": 1},
            "repair_cost": {"repair_cost": 1},
            "vendor_return_value": {"vendor_return": 1},
            "vendor_credit": {"vendor_credit": -1},
            "shipped_cost": {"shipped": 1},
            "exchange_amount": {"exchange": -1, "exchange_charge": -1},
        }
        # what the units are still worth: their cost, less what was lost on them, plus the vendor's credit
        figures["recovered_value"] = self._revlog_combine_figures(
            figures,
            {
                "cost_amount": 1,
                "writedown_amount": -1,
                "disposal_loss": -1,
                "repair_cost": -1,
                "vendor_return_value": -1,
                "vendor_credit": 1,
            },
        )
        # what the return cost: the refund less the fee, the replacements shipped less the exchange difference
        # invoiced, less what the units are still worth
        figures["net_return_cost"] = self._revlog_combine_figures(
            figures,
            {"refund_amount": 1, "fee_amount": -1, "shipped_cost": 1, "exchange_amount": -1, "recovered_value": -1},
        )
        return figures

    @api.model
    def _revlog_combine_figures(self, figures, coefficients):
        """The signs of a figure made of others: ``coefficients`` {figure: +1/-1}."""
        signs = defaultdict(int)
        for figure, coefficient in coefficients.items():
            for kind, sign in figures[figure].items():
                signs[kind] += coefficient * sign
        return {kind: sign for kind, sign in signs.items() if sign}

    @api.depends("account_move_line_ids.balance", "account_move_line_ids.parent_state")
    def _compute_ledger(self):
        sums = self.env["account.move.line"]._revlog_ledger_sums(self._origin)
        figures = self._revlog_ledger_figures()
        for line in self:
            amounts = sums.get(line._origin.id, {})
            for figure, signs in figures.items():
                line[figure] = sum(sign * amounts.get(kind, 0.0) for kind, sign in signs.items())
            line.recovery_rate = 100.0 * line.recovered_value / line.cost_amount if line.cost_amount else 0.0

    # credit notes

    def _credit_timing(self):
        """When this line is credited: a refund without return on approval (nothing will arrive), a refund at
        its return's policy timing; other resolutions are not credited."""
        self.ensure_one()
        if not self._credits_customer():
            return False
        return "on_approval" if self.resolution == "refund_no_return" else self.return_id.policy_id.refund_timing

    def _revlog_credited_by_credit_note(self):
        """Whether credit notes settle this line's units on the interim account (see revlog.interim.settlement):
        a refund of an order line, unless graded at 0 % before any credit note held it."""
        self.ensure_one()
        if not self._credits_customer() or not self.sale_line_id or self.return_id.state == "rejected":
            return False
        if self.grade_id and not self.refund_percent:
            return any(
                aml.revlog_kind == "refund" and aml.parent_state != "cancel" for aml in self.account_move_line_ids
            )
        return True

    def _revlog_not_credited_reason(self):
        self.ensure_one()
        if self.return_id.state == "rejected":
            return self.env._("rejected")
        if not self._credits_customer():
            return dict(self._fields["resolution"]._description_selection(self.env))[self.resolution]
        if not self.sale_line_id:
            return self.env._("no order")
        return self.env._("grade %(grade)s refunds 0%%", grade=self.grade_id.code)

    def _qty_to_credit(self):
        """What the line's credit timing lets it credit: the approved quantity on approval, what was received
        afterwards; less what its credit notes already hold."""
        self.ensure_one()
        timing = self._credit_timing()
        if not timing:
            return 0.0
        qty = self.quantity if timing == "on_approval" else self.qty_received
        credited = sum(
            aml.quantity
            for aml in self.account_move_line_ids
            if aml.revlog_kind == "refund" and aml.parent_state != "cancel"
        )
        return max(qty - credited, 0.0)

    def _revlog_fee_percent(self):
        """The restocking fee of this line's credit, as a percent of its refund: its policy's, unless the reason
        waives it or the customer keeps the unit (nothing is restocked)."""
        self.ensure_one()
        if self.reason_id.waive_restocking_fee or not self._needs_receipt():
            return 0.0
        return (self.policy_id or self.return_id.policy_id).restocking_fee_percent

    def _revlog_credit_percent(self):
        """The refund percent a credit note of this line may apply: its grade's, or 100 % when its policy credits
        before the unit is graded."""
        self.ensure_one()
        if self._credit_timing() in ("on_approval", "on_receipt"):
            return max(self.refund_percent, 100.0)
        return self.refund_percent

    def _revlog_credit_qty_allowed(self):
        """The quantity its credit notes may credit: what was approved when crediting on approval, else what came
        back."""
        self.ensure_one()
        return self.quantity if self._credit_timing() == "on_approval" else self.qty_received

    def _revlog_invoiced_unit_prices(self, invoice):
        """(untaxed, taxed) price per unit of the order line on ``invoice`` (else on its newest posted invoice),
        net of discount, in the invoice's currency: what a credit note may give back per unit at 100 %."""
        self.ensure_one()
        amls = self.sale_line_id.invoice_lines.filtered(
            lambda a: a.move_id.move_type == "out_invoice" and a.parent_state == "posted" and a.quantity
        )
        amls = amls.filtered(lambda a: a.move_id == invoice) or amls
        if not amls:
            return 0.0, 0.0
        return (
            max(a.price_subtotal / a.quantity for a in amls),
            max(a.price_total / a.quantity for a in amls),
        )

    def _refund_allocation(self, qty):
        """[(invoice line, quantity)]: ``qty`` spread over the order line's posted invoices, newest first,
        never beyond what each invoice still has uncredited."""
        self.ensure_one()
        amls = self.sale_line_id.invoice_lines.filtered(lambda aml: aml.parent_state != "cancel")
        invoiced = amls.filtered(lambda aml: aml.move_id.move_type == "out_invoice" and aml.parent_state == "posted")
        credited = defaultdict(float)
        unattributed = 0.0
        for aml in amls.filtered(lambda aml: aml.move_id.move_type == "out_refund"):
            if aml.move_id.reversed_entry_id:
                credited[aml.move_id.reversed_entry_id] += aml.quantity
            else:
                unattributed += aml.quantity
        total_open = sum(invoiced.mapped("quantity")) - sum(credited.values()) - unattributed
        qty = min(qty, total_open)
        rounding = self.product_uom_id.rounding
        allocation = []
        for aml in invoiced.sorted(lambda a: (a.move_id.invoice_date or a.date, a.id), reverse=True):
            if float_compare(qty, 0, precision_rounding=rounding) <= 0:
                break
            available = aml.quantity - credited[aml.move_id]
            take = min(available, qty)
            if float_compare(take, 0, precision_rounding=rounding) > 0:
                allocation.append((aml, take))
                credited[aml.move_id] += take
                qty -= take
        return allocation

    def _prepare_refund_line_vals(self, invoice_line, qty):
        """The credit note line(s) for ``qty`` of this line against ``invoice_line``: the refund at the line's
        refund percent, and the restocking fee when the policy charges one and the reason does not waive it."""
        self.ensure_one()
        percent = self.refund_percent / 100.0
        refund = self.sale_line_id._prepare_invoice_line(
            quantity=qty,
            price_unit=invoice_line.price_unit * percent,
            discount=invoice_line.discount,
            tax_ids=[Command.set(invoice_line.tax_ids.ids)],
            account_id=invoice_line.account_id.id,
            name=self.env._(
                "%(ret)s: %(product)s (%(percent)s%% refunded)",
                ret=self.return_id.name,
                product=self.product_id.display_name,
                percent=format(self.refund_percent, "g"),
            ),
            revlog_return_line_id=self.id,
            revlog_kind="refund",
        )
        vals_list = [refund]
        fee_percent = self._revlog_fee_percent()
        if fee_percent:
            currency = invoice_line.currency_id
            base = qty * invoice_line.price_unit * percent * (1 - (invoice_line.discount or 0.0) / 100.0)
            fee = currency.round(base * fee_percent / 100.0)
            if not currency.is_zero(fee):
                company = self.company_id
                vals_list.append(
                    {
                        "display_type": "product",
                        "product_id": company.revlog_fee_product_id.id,
                        "name": self.env._(
                            "Restocking fee %(percent)s%%: %(product)s",
                            percent=format(fee_percent, "g"),
                            product=self.product_id.display_name,
                        ),
                        "quantity": 1.0,
                        "price_unit": -fee,
                        "tax_ids": [Command.set(invoice_line.tax_ids.ids)],
                        "account_id": company.revlog_fee_account_id.id,
                        "revlog_return_line_id": self.id,
                        "revlog_kind": "fee",
                    }
                )
        return vals_list

    # exchanges and returns to the vendor

    def _original_invoice(self):
        """The order line's newest posted invoice: exchanges are settled on its terms."""
        self.ensure_one()
        invoices = self.sale_line_id.invoice_lines.move_id.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        return invoices.sorted(lambda m: (m.invoice_date or m.date, m.id))[-1:]

    def _prepare_exchange_move_vals(self, qty, mode):
        """The entry settling ``qty`` replaced units of this line. ``mode`` "exchange": the price difference
        between the replacement and the returned unit, an invoice when the replacement costs more (on the original
        invoice's payment terms), a credit note against the original invoice when it costs less, nothing when it
        costs the same. "charge": the replacement's full price, its unit having not come back. The replacement is
        priced by the order's pricelist today and taxed as the order taxes it. Not on the order's lines: the order
        keeps invoicing what it sold."""
        self.ensure_one()
        ret, order = self.return_id, self.return_id.sale_order_id
        product, currency = self.exchange_product_id, order.currency_id
        if order.pricelist_id:
            price = order.pricelist_id._get_product_price(product, qty, currency=currency)
        else:
            price = product.currency_id._convert(product.lst_price, currency, self.company_id, fields.Date.today())
        unit = price if mode == "charge" else price - self.price_unit
        if currency.is_zero(unit * qty):
            return False
        invoice = self._original_invoice()
        credit = unit < 0
        if credit:
            taxes = self.sale_line_id.invoice_lines.filtered(lambda a: a.move_id == invoice).tax_ids
        else:
            taxes = order.fiscal_position_id.map_tax(product.taxes_id._filter_taxes_by_company(self.company_id))
        today = fields.Date.context_today(self)
        label = (
            self.env._(
                "%(ret)s: %(product)s exchanged for %(replacement)s, price difference",
                ret=ret.name,
                product=self.product_id.display_name,
                replacement=product.display_name,
            )
            if mode == "exchange"
            else self.env._(
                "%(ret)s: replacement %(replacement)s, the returned unit did not come back",
                ret=ret.name,
                replacement=product.display_name,
            )
        )
        vals = order.with_company(self.company_id)._prepare_invoice()
        vals.pop("transaction_ids", None)
        vals.update(
            {
                "move_type": "out_refund" if credit else "out_invoice",
                "invoice_date": today,
                "date": today,  # given: see _prepare_refund_vals
                "invoice_payment_term_id": False if credit else invoice.invoice_payment_term_id.id,
                "invoice_date_due": today if credit else False,
                "reversed_entry_id": invoice.id if credit else False,
                "invoice_origin": f"{ret.name}, {order.name}",
                "ref": label,
                "revlog_return_id": ret.id,
                "revlog_move_kind": "exchange",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "display_type": "product",
                            "product_id": (self.product_id if credit else product).id,
                            "name": label,
                            "quantity": qty,
                            "price_unit": abs(unit),
                            "tax_ids": [Command.set(taxes.ids)],
                            "revlog_return_line_id": self.id,
                            "revlog_kind": "exchange" if mode == "exchange" else "exchange_charge",
                        }
                    )
                ],
            }
        )
        if not vals["invoice_date_due"]:
            vals.pop("invoice_date_due")
        return vals

    def _prepare_vendor_refund_line_vals(self, move):
        """The vendor credit note line of a unit sent back through ``move``: its purchase line at the price it
        was bought (so the purchase's billed quantity follows), else the vendor's price for the product."""
        self.ensure_one()
        qty = move.product_uom._compute_quantity(move.quantity, move.product_id.uom_id)
        pol = move.purchase_line_id
        if pol:
            vals = pol._prepare_account_move_line()
            vals["quantity"] = move.product_id.uom_id._compute_quantity(qty, pol.product_uom)
        else:
            seller = self.product_id._prepare_sellers().filtered(lambda s: s.partner_id == move.picking_id.partner_id)[
                :1
            ]
            vals = {
                "display_type": "product",
                "product_id": self.product_id.id,
                "quantity": qty,
                "price_unit": seller.price or self.product_id.standard_price,
                "tax_ids": [
                    Command.set(self.product_id.supplier_taxes_id._filter_taxes_by_company(self.company_id).ids)
                ],
            }
        vals.update(
            name=self.env._(
                "%(ret)s: %(product)s sent back (%(reason)s)",
                ret=self.return_id.name,
                product=self.product_id.display_name,
                reason=self.reason_id.name or self.disposition_trace or "",
            ),
            revlog_return_line_id=self.id,
            revlog_kind="vendor_credit",
        )
        return vals

    # value adjustments

    def _revlog_interim_products(self):
        """The products whose units this line returns and credits, on the interim (delivered) account: its own
        (a kit's components in the glue addon that knows kits)."""
        self.ensure_one()
        return self.product_id

    def _returned_unit_value(self):
        """Value per unit (product unit, company currency) at which this line's units came back into stock: the
        valuation layers of its done receipt moves (their own, not the write-downs posted later); for units
        still on their way, the value Odoo will give them (the delivery they return). None when no unit comes
        back (a refund without return)."""
        self.ensure_one()
        value, qty = self._returned_value()
        if float_is_zero(qty, precision_rounding=self.product_id.uom_id.rounding):
            return None
        return value / qty

    def _returned_value(self, product=None):
        """(value in company currency, quantity in the product's unit) of the units of this line (of ``product``
        only, when given) back or coming back through its receipts (see ``_returned_unit_value``)."""
        self.ensure_one()
        value = qty = 0.0
        for move in (
            self.sudo()
            ._receipt_moves()
            .filtered(
                lambda m: (
                    m.state != "cancel"
                    and m.location_id.usage == "customer"
                    and (product is None or m.product_id == product)
                )
            )
        ):
            if move.state == "done":
                layers = move.stock_valuation_layer_ids.filtered(lambda svl: svl.quantity > 0)
                value += sum(layers.mapped("value"))
                qty += sum(layers.mapped("quantity"))
            elif move.origin_returned_move_id:
                prices = move._get_price_unit()
                unit = sum(prices.values()) / len(prices) if prices else 0.0
                value += unit * move.product_qty
                qty += move.product_qty
        return value, qty

    def _writedown_plan(self, move):
        """[(receipt layer, amount)] to write down for ``move`` (a done disposition move of this line): the
        value at which the units came back × (1 − the grade's recovery %), layer by layer (lot by lot for
        lot-valuated products), never more than a layer still holds."""
        self.ensure_one()
        loss_share = 1.0 - self.grade_id.recovery_percent / 100.0
        layers = self._done_receipt_moves().stock_valuation_layer_ids.filtered(
            lambda svl: svl.quantity > 0 and svl.remaining_qty > 0 and svl.product_id == move.product_id
        )
        if move.product_id.lot_valuated:
            layers = layers.filtered(lambda svl: svl.lot_id in move.move_line_ids.lot_id)
        qty = move.product_uom._compute_quantity(move.quantity, move.product_id.uom_id)
        currency = self.company_id.currency_id
        plan = []
        for layer in layers:
            if float_compare(qty, 0, precision_rounding=move.product_id.uom_id.rounding) <= 0:
                break
            take = min(qty, layer.remaining_qty)
            amount = min(currency.round(layer.unit_cost * take * loss_share), layer.remaining_value)
            if not currency.is_zero(amount):
                plan.append((layer, amount))
            qty = float_round(qty - take, precision_rounding=move.product_id.uom_id.rounding)
        return plan
