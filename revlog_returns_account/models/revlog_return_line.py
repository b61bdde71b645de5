from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.tools import float_compare, float_round

LEDGER_FIELDS = [
    "refund_amount",
    "fee_amount",
    "cost_amount",
    "writedown_amount",
    "disposal_loss",
    "recovered_value",
    "recovery_rate",
    "net_return_cost",
]


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
    recovered_value = ledger_field("Cost − write-down − disposal loss: what the units are still worth.")
    recovery_rate = fields.Float(
        string="Recovery %",
        compute="_compute_ledger",
        compute_sudo=True,
        help="Recovered value as a percentage of cost.",
        groups="base.group_user",
    )
    net_return_cost = ledger_field("Refund − fee − recovered value: what the return cost the company.")

    @api.depends("account_move_line_ids.balance", "account_move_line_ids.parent_state")
    def _compute_ledger(self):
        sums = self.env["account.move.line"]._revlog_ledger_sums(self._origin)
        for line in self:
            amounts = sums.get(line._origin.id, {})
            line.refund_amount = amounts.get("refund", 0.0)
            line.fee_amount = -amounts.get("fee", 0.0)
            line.cost_amount = amounts.get("cost", 0.0)
            line.writedown_amount = amounts.get("writedown", 0.0)
            line.disposal_loss = amounts.get("disposal", 0.0)
            line.recovered_value = line.cost_amount - line.writedown_amount - line.disposal_loss
            line.recovery_rate = 100.0 * line.recovered_value / line.cost_amount if line.cost_amount else 0.0
            line.net_return_cost = line.refund_amount - line.fee_amount - line.recovered_value

    # credit notes

    def _qty_to_credit(self):
        """What the policy's refund timing lets this line credit: the approved quantity on approval, what was
        received afterwards; less what its credit notes already hold."""
        self.ensure_one()
        timing = self.return_id.policy_id.refund_timing
        qty = self.quantity if timing == "on_approval" else self.qty_received
        credited = sum(
            aml.quantity
            for aml in self.account_move_line_ids
            if aml.revlog_kind == "refund" and aml.parent_state != "cancel"
        )
        return max(qty - credited, 0.0)

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
                percent=f"{self.refund_percent:g}",
            ),
            revlog_return_line_id=self.id,
            revlog_kind="refund",
        )
        vals_list = [refund]
        fee_percent = (self.policy_id or self.return_id.policy_id).restocking_fee_percent
        if fee_percent and not self.reason_id.waive_restocking_fee:
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
                            percent=f"{fee_percent:g}",
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

    # value adjustments

    def _writedown_plan(self, move):
        """[(receipt layer, amount)] to write down for ``move`` (a done disposition move of this line): the
        value at which the units came back × (1 − the grade's recovery %), layer by layer (lot by lot for
        lot-valuated products), never more than a layer still holds."""
        self.ensure_one()
        loss_share = 1.0 - self.grade_id.recovery_percent / 100.0
        layers = self._done_receipt_moves().stock_valuation_layer_ids.filtered(
            lambda svl: svl.quantity > 0 and svl.remaining_qty > 0
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
