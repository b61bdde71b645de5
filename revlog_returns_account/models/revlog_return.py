from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount

from odoo.addons.revlog_returns.models.revlog_outcome_mixin import days_between

from .revlog_return_line import ledger_field

# the return states in which each refund timing has come
REFUND_REACHED = {
    "on_approval": ("approved", "received", "inspected", "done"),
    "on_receipt": ("received", "inspected", "done"),
    "on_inspection": ("inspected", "done"),
}


class RevlogReturn(models.Model):
    _inherit = "revlog.return"

    account_move_ids = fields.One2many(
        "account.move", "revlog_return_id", string="Journal Entries", groups="base.group_user"
    )
    refund_move_ids = fields.One2many(
        "account.move",
        "revlog_return_id",
        string="Credit Notes",
        domain=[("move_type", "=", "out_refund")],
        groups="base.group_user",
    )
    vendor_refund_move_ids = fields.One2many(
        "account.move",
        "revlog_return_id",
        string="Vendor Credit Notes",
        domain=[("move_type", "=", "in_refund")],
        groups="base.group_user",
    )
    exchange_move_ids = fields.One2many(
        "account.move",
        "revlog_return_id",
        string="Exchange Settlements",
        domain=[("revlog_move_kind", "=", "exchange")],
        groups="base.group_user",
    )
    writedown_move_ids = fields.One2many(
        "account.move",
        "revlog_return_id",
        string="Write-downs",
        domain=[("revlog_move_kind", "in", ("writedown", "disposal"))],
        groups="base.group_user",
    )
    refund_count = fields.Integer(compute="_compute_move_counts", compute_sudo=True, groups="base.group_user")
    refund_draft_count = fields.Integer(compute="_compute_move_counts", compute_sudo=True, groups="base.group_user")
    writedown_count = fields.Integer(compute="_compute_move_counts", compute_sudo=True, groups="base.group_user")
    settlement_count = fields.Integer(
        compute="_compute_move_counts",
        compute_sudo=True,
        groups="base.group_user",
        help="Exchange differences, replacements invoiced and vendor credit notes.",
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    date_refunded = fields.Datetime(
        string="Refunded on", readonly=True, copy=False, help="When its first credit note was posted."
    )
    days_to_refund = fields.Float(
        string="Days to Refund",
        compute="_compute_days_to_refund",
        store=True,
        aggregator="avg",
        digits=(16, 2),
        help="Refund lead time: from the receipt (the approval when nothing comes back) to the first credit note "
        "posted.",
    )
    refund_amount = ledger_field("Untaxed amount credited, over the lines.")
    fee_amount = ledger_field("Restocking fees kept, over the lines.")
    cost_amount = ledger_field("Value at which the units came back, over the lines.")
    writedown_amount = ledger_field("Write-downs, over the lines.")
    disposal_loss = ledger_field("Disposal losses, over the lines.")
    repair_cost = ledger_field("Parts spent on repairs, over the lines.")
    vendor_return_value = ledger_field("Value of the units sent back to the vendor, over the lines.")
    vendor_credit = ledger_field("Vendor credits, over the lines.")
    shipped_cost = ledger_field("Value of the replacements shipped, over the lines.")
    exchange_amount = ledger_field("Exchange differences invoiced (credited when negative), over the lines.")
    recovered_value = ledger_field("What the returned units are still worth to the company, over the lines.")
    recovery_rate = fields.Float(
        string="Recovery %", compute="_compute_ledger", compute_sudo=True, groups="base.group_user"
    )
    net_return_cost = ledger_field("What the return cost the company, over the lines.")

    @api.depends("date_refunded", "date_received", "date_approved")
    def _compute_days_to_refund(self):
        for ret in self:
            ret.days_to_refund = days_between(ret.date_received or ret.date_approved, ret.date_refunded)

    def _revlog_workflow_fields(self):
        return super()._revlog_workflow_fields() | {"date_refunded"}

    def _on_refund_posted(self):
        """A credit note of these returns was posted: the first one dates the refund."""
        self.filtered(lambda r: not r.date_refunded).sudo().date_refunded = fields.Datetime.now()

    @api.depends("account_move_ids.move_type", "account_move_ids.revlog_move_kind", "account_move_ids.state")
    def _compute_move_counts(self):
        for ret in self:
            ret.refund_count = len(ret.refund_move_ids)
            ret.refund_draft_count = len(ret.refund_move_ids.filtered(lambda m: m.state == "draft"))
            ret.writedown_count = len(ret.writedown_move_ids)
            ret.settlement_count = len(ret.exchange_move_ids | ret.vendor_refund_move_ids)

    @api.depends("line_ids.account_move_line_ids.balance", "line_ids.account_move_line_ids.parent_state")
    def _compute_ledger(self):
        figures = self.env["revlog.return.line"]._revlog_ledger_figures()
        for ret in self:
            for field in figures:
                ret[field] = sum(ret.line_ids.mapped(field))
            ret.recovery_rate = 100.0 * ret.recovered_value / ret.cost_amount if ret.cost_amount else 0.0

    def _revlog_credited_total(self):
        """What the posted credit notes of this return give back, taxes included, in its currency."""
        self.ensure_one()
        return sum(self.sudo().refund_move_ids.filtered(lambda m: m.state == "posted").mapped("amount_total"))

    @api.depends("state", "refund_move_ids.state", "refund_move_ids.amount_total")
    def _compute_portal_status(self):
        res = super()._compute_portal_status()
        for ret in self.filtered(lambda r: r.state in ("received", "inspected", "done")):
            if any(move.state == "posted" for move in ret.sudo().refund_move_ids):
                ret.portal_status = self.env._(
                    "Refunded: %(amount)s",
                    amount=format_amount(self.env, ret._revlog_credited_total(), ret.currency_id),
                )
        return res

    # refund timing (the policy says when)

    def _action_approve(self):
        res = super()._action_approve()
        self._create_refunds("on_approval")
        return res

    def _on_receipt_done(self):
        res = super()._on_receipt_done()
        self.filtered(lambda r: r.state != "approved")._create_refunds("on_receipt")
        self.env["revlog.interim.settlement"]._settle(self.line_ids)
        return res

    def _action_inspected(self):
        res = super()._action_inspected()
        self._create_refunds("on_inspection")
        # a unit graded at 0 % is credited by nobody: its cost of goods is settled now
        self.env["revlog.interim.settlement"]._settle(self.line_ids)
        return res

    def _on_disposition_done(self, moves):
        self._post_value_adjustments(moves)
        return super()._on_disposition_done(moves)

    def _on_repair_done(self, repairs):
        res = super()._on_repair_done(repairs)
        self.env["revlog.interim.settlement"]._settle(repairs.revlog_return_line_id)
        return res

    def _before_reject(self):
        credited = self.filtered(lambda r: r.sudo().refund_move_ids.filtered(lambda m: m.state == "posted"))
        if credited:
            raise UserError(
                self.env._(
                    "%(names)s: already credited (%(moves)s): reverse the credit note before rejecting the return.",
                    names=", ".join(credited.mapped("name")),
                    moves=", ".join(credited.sudo().refund_move_ids.mapped("name")),
                )
            )
        res = super()._before_reject()
        self.sudo().refund_move_ids.filtered(lambda m: m.state == "draft").button_cancel()
        return res

    def _on_shipment_done(self, role, moves):
        if role in ("exchange", "shipback"):
            if role == "exchange":
                self._create_exchange_settlements(moves)
            self.env["revlog.interim.settlement"]._settle(moves.revlog_return_line_id)
        elif role == "vendor":
            self._create_vendor_refunds(moves)
        return super()._on_shipment_done(role, moves)

    # exchanges: the price difference, and the replacement of a unit that never came back

    def _create_exchange_settlements(self, moves):
        """For replacements of another product shipped through ``moves``: the price difference with the returned
        unit, invoiced to the customer on the original invoice's terms, or credited against that invoice. The
        same product ships at no difference. A retry settles nothing twice."""
        lines = moves.revlog_return_line_id.filtered(
            lambda ln: (
                ln.exchange_product_id != ln.product_id
                and not ln.account_move_line_ids.filtered(
                    lambda a: a.revlog_kind == "exchange" and a.parent_state != "cancel"
                )
            )
        )
        vals_list = []
        for line in lines:
            qty = sum(
                m.product_uom._compute_quantity(m.quantity, line.exchange_product_id.uom_id)
                for m in moves.filtered(lambda m, ln=line: m.revlog_return_line_id == ln)
            )
            vals = line._prepare_exchange_move_vals(qty, "exchange")
            if vals:
                vals_list.append(vals)
        return self._revlog_create_settlements(vals_list)

    def _revlog_create_settlements(self, vals_list):
        moves = self.env["account.move"].sudo()._revlog_create_in_chunks(vals_list)
        self._revlog_post_as_acting_user(moves)
        for move in moves:
            move.revlog_return_id.message_post(
                body=self.env._(
                    "%(move)s: %(label)s, %(amount)s.",
                    move=move.name or move.display_name,
                    label=move.ref,
                    amount=format_amount(self.env, move.amount_total, move.currency_id),
                )
            )
        return moves

    @api.model
    def _cron_charge_overdue_exchanges(self):
        """Advance exchanges whose unit did not come back by its deadline: the customer is invoiced for the
        replacement, the receipt still waiting is cancelled and the return closes."""
        lines = (
            self.env["revlog.return.line"]
            .sudo()
            .search([("resolution", "=", "exchange"), ("exchange_deadline", "!=", False), ("state", "=", "approved")])
        )
        # overdue in the company's days, as the deadline was set
        overdue = lines.filtered(lambda ln: ln.exchange_deadline < ln.company_id._revlog_today())
        return overdue.return_id._charge_overdue_exchanges(overdue)

    def _charge_overdue_exchanges(self, lines):
        lines = lines.filtered(
            lambda ln: (
                ln.qty_received < ln.quantity
                and ln.move_ids.filtered(lambda m: m.picking_id.revlog_role == "exchange" and m.state == "done")
                and not ln.account_move_line_ids.filtered(
                    lambda a: a.revlog_kind == "exchange_charge" and a.parent_state != "cancel"
                )
            )
        )
        if not lines:
            return self.env["account.move"]
        self._revlog_touch(lines.return_id)
        vals_list = [
            vals
            for line in lines
            if (vals := line._prepare_exchange_move_vals(line.quantity - line.qty_received, "charge"))
        ]
        charges = self._revlog_create_settlements(vals_list)
        waiting = lines._receipt_moves().filtered(lambda m: m.state not in ("done", "cancel"))
        waiting.with_context(revlog_stopping=True)._action_cancel()
        for ret in lines.return_id:
            ret.message_post(
                body=self.env._(
                    "The unit did not come back by %(deadline)s: the replacement is invoiced and the receipt "
                    "cancelled.",
                    deadline=", ".join(
                        sorted(
                            {
                                str(d)
                                for d in lines.filtered(lambda ln, r=ret: ln.return_id == r).mapped("exchange_deadline")
                            }
                        )
                    ),
                )
            )
        lines.return_id._settle_after_exchange_charge()
        return charges

    def _settle_after_exchange_charge(self):
        """A return whose receipts are all closed follows what arrived (or, nothing having arrived, closes: the
        customer kept the unit and paid for its replacement)."""
        closed = self.filtered(
            lambda r: r.state == "approved" and all(p.state in ("done", "cancel") for p in r.receipt_picking_ids)
        )
        nothing = closed.filtered(lambda r: not any(line.qty_received > 0 for line in r.line_ids))
        nothing._action_done()
        (closed - nothing)._on_receipt_done()

    # returns to the vendor: their credit notes

    def _create_vendor_refunds(self, moves):
        """A draft vendor credit note per vendor transfer done through ``moves``, at the purchase price of each
        unit (its purchase line when there is one, else the vendor's price), for the accountant to review."""
        moves = moves.filtered(
            lambda m: (
                not m.revlog_return_line_id.account_move_line_ids.filtered(
                    lambda a, m=m: a.revlog_kind == "vendor_credit" and a.parent_state != "cancel"
                )
            )
        )
        vals_list = []
        for picking in moves.picking_id:
            picking_moves = moves.filtered(lambda m, p=picking: m.picking_id == p)
            vals_list.append(picking.revlog_return_id._prepare_vendor_refund_vals(picking, picking_moves))
        refunds = self.env["account.move"].sudo()._revlog_create_in_chunks(vals_list)
        for refund in refunds:
            refund.revlog_return_id.message_post(
                body=self.env._(
                    "Vendor credit note %(move)s to review: %(amount)s.",
                    move=refund.display_name,
                    amount=format_amount(self.env, refund.amount_total, refund.currency_id),
                )
            )
        return refunds

    def _prepare_vendor_refund_vals(self, picking, moves):
        self.ensure_one()
        purchase_lines = moves.purchase_line_id
        currency = purchase_lines.currency_id[:1] or self.company_id.currency_id
        journal = self.env["account.journal"].search(
            [("type", "=", "purchase"), ("company_id", "=", self.company_id.id)], limit=1
        )
        return {
            "move_type": "in_refund",
            "partner_id": picking.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": currency.id,
            "journal_id": journal.id,
            "invoice_date": fields.Date.context_today(self),
            "invoice_origin": ", ".join(filter(None, [picking.name, *purchase_lines.order_id.mapped("name")])),
            "ref": self.env._("Return %(ret)s to the vendor (%(picking)s)", ret=self.name, picking=picking.name),
            "revlog_return_id": self.id,
            "revlog_move_kind": "vendor_refund",
            "invoice_line_ids": [
                Command.create(move.revlog_return_line_id._prepare_vendor_refund_line_vals(move)) for move in moves
            ],
        }

    def action_create_refunds(self):
        """Credit Now: credit what is due by now and not credited yet (e.g. the order was invoiced after the
        receipt). Says so when nothing is left to credit."""
        if not self.env.su and not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(self.env._("Only accountants (Invoicing) create the returns' credit notes."))
        self.check_access("read")
        if not self._create_due_refunds():
            raise UserError(self._nothing_to_credit_message())
        return self.action_view_refunds()

    def _nothing_to_credit_message(self):
        """Why Credit Now has nothing to do: the policy's moment is not reached yet, or everything due is
        credited (or the order is not invoiced yet)."""
        timings = dict(self.env["revlog.return.policy"]._fields["refund_timing"]._description_selection(self.env))
        states = dict(self._fields["state"]._description_selection(self.env))
        early = self.filtered(
            lambda r: r.policy_id.refund_timing and r.state not in REFUND_REACHED[r.policy_id.refund_timing]
        )
        why = [
            self.env._(
                "%(ret)s is %(state)s, its policy credits %(timing)s",
                ret=ret.name,
                state=states[ret.state],
                timing=timings[ret.policy_id.refund_timing].lower(),
            )
            for ret in early
        ]
        if self - early:
            why.append(
                self.env._(
                    "%(names)s: its credit notes already hold every unit due, or the order is not invoiced yet",
                    names=", ".join((self - early).mapped("name")),
                )
            )
        return self.env._(
            "%(names)s: nothing is left to credit now. %(why)s.",
            names=", ".join(self.mapped("name")),
            why="; ".join(why),
        )

    def _create_due_refunds(self):
        """The credit notes due by now at each line's credit timing and not created yet."""
        refunds = self.env["account.move"]
        for timing, states in REFUND_REACHED.items():
            refunds |= self.filtered(lambda r, s=states: r.state in s)._create_refunds(timing)
        return refunds

    def action_post_refunds(self):
        """Accountant: post the draft credit notes of these returns once reviewed, in one click for a whole
        selection (by chunks, so that thousands post in linear time)."""
        if not self.env.su and not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(self.env._("Only accountants (Invoicing) post the returns' credit notes."))
        drafts = self.refund_move_ids.filtered(lambda m: m.state == "draft")
        if not drafts:
            raise UserError(
                self.env._("%(names)s: no draft credit note to post.", names=", ".join(self.mapped("name")))
            )
        drafts._revlog_post_in_chunks()
        # an action, not True: the list's Actions menu runs this through a server action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s credit note(s) posted.", count=len(drafts)),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # credit notes

    def _create_refunds(self, timing):
        """One credit note per return and original invoice, for the lines credited at ``timing`` (their
        return's policy timing; on approval for a refund without return). Amounts: quantity × price × refund
        percent, the restocking fee on its own line; a retry credits nothing twice. Created as the system (a
        clerk's approval may trigger it), posted only when the company says so."""
        lines = (
            self.filtered("sale_order_id")
            .sudo()
            .line_ids.filtered(lambda ln: ln.sale_line_id and ln._credit_timing() == timing)
        )
        returns = lines.return_id
        # two requests crediting one return at once (Credit Now twice, an invoice posted meanwhile) would each
        # see nothing credited yet: the later one waits, is retried, and then sees the first one's credit note
        self._revlog_touch(returns)
        groups = defaultdict(list)  # (return, invoice) -> [line vals]
        # many2many fields are not prefetched: the invoice lines' taxes of the whole batch in one read
        lines.sale_line_id.invoice_lines.fetch(["tax_ids"])
        for line in lines:
            qty = line._qty_to_credit()
            if not qty or not line.refund_percent:
                continue
            for invoice_line, taken in line._refund_allocation(qty):
                groups[line.return_id, invoice_line.move_id] += line._prepare_refund_line_vals(invoice_line, taken)
        if not groups:
            return self.env["account.move"]
        missing = {ret.company_id for ret, __ in groups if not ret.company_id.revlog_fee_account_id}
        if missing and any(vals.get("revlog_kind") == "fee" for lines in groups.values() for vals in lines):
            raise UserError(
                self.env._(
                    "Set a restocking fee product and income account in the Returns settings of %(companies)s.",
                    companies=", ".join(c.name for c in missing),
                )
            )
        refunds = (
            self.env["account.move"]
            .sudo()
            ._revlog_create_in_chunks(
                [ret._prepare_refund_vals(invoice, line_vals) for (ret, invoice), line_vals in groups.items()]
            )
        )
        self._revlog_post_as_acting_user(refunds)
        return refunds

    def _revlog_post_as_acting_user(self, moves):
        """Post ``moves`` (created as the system) where the company posts return credit notes at once, as the
        user whose action made them, when that user may post invoices (an accountant, a script or scheduled
        action of the system); otherwise they wait in draft for an accountant, and their chatter and their
        return's say who made them and why they wait. Who posted shows in the entry's own tracking."""
        moves = moves.filtered(lambda m: m.company_id.revlog_post_credit_notes)
        if not moves:
            return
        user = self.env.user
        if user._is_superuser() or user.has_group("account.group_account_invoice"):
            moves.with_user(user)._revlog_post_in_chunks()
            return
        note = self.env._(
            "Made by %(user)s, who may not post invoices: it waits in draft for an accountant to review and post it.",
            user=user.name,
        )
        for move in moves:
            move.message_post(body=note)
        for ret in moves.revlog_return_id:
            ret.message_post(
                body=self.env._(
                    "%(moves)s waits in draft for an accountant: %(user)s, whose action made it, may not post "
                    "invoices.",
                    moves=", ".join(moves.filtered(lambda m, r=ret: m.revlog_return_id == r).mapped("display_name")),
                    user=user.name,
                )
            )

    def _prepare_refund_vals(self, invoice, line_vals):
        self.ensure_one()
        vals = self.sale_order_id.with_company(self.company_id)._prepare_invoice()
        vals.pop("transaction_ids", None)
        today = fields.Date.context_today(self)
        term = invoice.invoice_payment_term_id
        vals.update(
            {
                "move_type": "out_refund",
                # dated on creation as Odoo's reversal wizard does (posting an undated one rewrites each entry)
                "invoice_date": today,
                # given rather than computed: Odoo computes a missing date on a draft new record and leaves it
                # marked "to compute" for the rest of the transaction, which every later flush walks again
                "date": today,
                # like Odoo's reversal: due on its date, no term and no early-payment discount (a "mixed"
                # discount term stays, its taxes are computed on the discounted base)
                "invoice_payment_term_id": term.id if term.early_pay_discount_computation == "mixed" else False,
                "invoice_date_due": today,
                "reversed_entry_id": invoice.id,
                "journal_id": invoice.journal_id.id,
                # what posting sets, given here: Odoo sets both entry by entry when posting (a write, and a
                # subscription with its access checks, per entry)
                "checked": invoice.journal_id.autocheck_on_post,
                "message_follower_ids": [
                    Command.create({"res_model": "account.move", "partner_id": invoice.partner_id.id})
                ],
                "partner_id": invoice.partner_id.id,
                "currency_id": invoice.currency_id.id,
                "fiscal_position_id": invoice.fiscal_position_id.id,
                "invoice_origin": f"{self.name}, {self.sale_order_id.name}",
                "ref": self.env._("Return %(ret)s of %(invoice)s", ret=self.name, invoice=invoice.name),
                "revlog_return_id": self.id,
                "revlog_move_kind": "credit_note",
                "invoice_line_ids": [Command.create(vals) for vals in line_vals],
            }
        )
        return vals

    # write-downs and disposal losses

    def _post_value_adjustments(self, moves):
        """For units that reached resale, repair or recycle through ``moves``: a value-only valuation layer and
        an entry Dr write-down (or the location's disposal loss account) / Cr stock valuation for the value the
        grade lost. Scrap posts its loss through Odoo's scrap valuation. Standard-cost products are not
        written down (their units stay at standard; see docs/accounting.md).

        This does what Odoo's ``stock.valuation.layer.revaluation`` does for the layers it is given (a
        value-only layer, the layers' remaining value, the unit cost of AVCO/FIFO products and lots, one entry
        against stock valuation) with the same refusals: no standard cost, no product or lot without
        quantity in stock, no layer below zero. It is not called because it revalues one product by one value
        per call, creating and posting one entry each time, and returns nothing to tie to the return line:
        a batch writes down thousands of units, each on its own receipt layer, return line and percent, and
        creates and posts their entries 100 at a time with the ledger tags on them."""
        moves = moves.filtered(
            lambda m: (
                m.state == "done"
                and not m.scrapped
                and m.revlog_return_line_id.disposition in ("resale", "repair", "recycle")
                and m.revlog_return_line_id.grade_id
                and m.product_id.with_company(m.company_id).cost_method != "standard"
            )
        ).sudo()
        if not moves:
            return self.env["account.move"]
        posted = (
            self.env["account.move"]
            .sudo()
            .search([("stock_move_id", "in", moves.ids), ("revlog_move_kind", "in", ("writedown", "disposal"))])
        )
        moves -= posted.stock_move_id
        # the receipt layers of the whole batch in one read rather than line by line
        moves.revlog_return_line_id._done_receipt_moves().stock_valuation_layer_ids.fetch(
            ["quantity", "remaining_qty", "remaining_value", "unit_cost", "lot_id"]
        )
        plans = [
            (move, layer, amount)
            for move in moves
            for layer, amount in move.revlog_return_line_id._writedown_plan(move)
        ]
        if not plans:
            return self.env["account.move"]
        products = {move.product_id.with_company(move.company_id) for move, __, __ in plans}
        quantities = {product: product.quantity_svl for product in products}
        plans = self._drop_plans_without_stock(plans, quantities)
        if not plans:
            return self.env["account.move"]
        svls = (
            self.env["stock.valuation.layer"]
            .sudo()
            .create(
                [
                    {
                        "company_id": move.company_id.id,
                        "product_id": move.product_id.id,
                        "description": self.env._(
                            "%(ret)s: %(trace)s",
                            ret=move.revlog_return_line_id.return_id.name,
                            trace=move.revlog_return_line_id.disposition_trace,
                        ),
                        "value": -amount,
                        "quantity": 0,
                        "lot_id": layer.lot_id.id,
                        # not linked to the receipt layer (stock_valuation_layer_id), as Odoo's own revaluation
                        # does not link its layers: Odoo counts a linked layer in the unit's cost of goods (a
                        # credit note would reverse the written-down value and book the write-down twice)
                        "stock_move_id": move.id,
                    }
                    for move, layer, amount in plans
                ]
            )
        )
        lost_by_product, lost_by_lot = defaultdict(float), defaultdict(float)
        remaining = {layer: layer.remaining_value for __, layer, __ in plans}
        for move, layer, amount in plans:
            remaining[layer] -= amount
            lost_by_product[move.product_id.with_company(move.company_id)] += amount
            if layer.lot_id and move.product_id.lot_valuated:
                lost_by_lot[layer.lot_id.with_company(move.company_id)] += amount
        # one write per resulting value rather than one per layer (each write checks the layer's company)
        layers_by_value = defaultdict(lambda: self.env["stock.valuation.layer"].sudo())
        for layer, value in remaining.items():
            layers_by_value[value] |= layer
        for value, layers in layers_by_value.items():
            layers.remaining_value = value
        # AVCO and FIFO keep a unit cost: spread the loss over what is in stock, as Odoo's revaluation does
        for product, amount in lost_by_product.items():
            if quantities[product] > 0:
                product.with_context(disable_auto_svl=True).standard_price -= amount / quantities[product]
        for lot, amount in lost_by_lot.items():
            if lot.quantity_svl > 0:
                lot.with_context(disable_auto_svl=True).standard_price -= amount / lot.quantity_svl
        entries = [
            self._prepare_value_adjustment_move(move, layer, amount, svl)
            for (move, layer, amount), svl in zip(plans, svls, strict=True)
            if move.product_id.with_company(move.company_id).valuation == "real_time"
        ]
        return self.env["account.move"].sudo()._revlog_create_in_chunks(entries, post=True)

    def _drop_plans_without_stock(self, plans, quantities):
        """Never a value-only layer on a product (or a valuated lot) with no quantity left in stock: the value
        would sit on nothing. Such units are not written down; their return says why."""
        kept, skipped = [], defaultdict(list)
        for move, layer, amount in plans:
            product = move.product_id.with_company(move.company_id)
            lot = layer.lot_id.with_company(move.company_id) if product.lot_valuated else None
            if quantities[product] > 0 and (lot is None or lot.quantity_svl > 0):
                kept.append((move, layer, amount))
            else:
                skipped[move.revlog_return_line_id.return_id].append(product.display_name)
        for ret, products in skipped.items():
            ret.message_post(
                body=self.env._(
                    "No write-down for %(products)s: no quantity of it is left in stock valuation.",
                    products=", ".join(sorted(set(products))),
                )
            )
        return kept

    def _reduce_to_received(self):
        reductions = super()._reduce_to_received()
        for ret, changes in reductions.items():
            over = []
            for line, __, received in changes:
                credited = sum(
                    aml.quantity
                    for aml in line.sudo().account_move_line_ids
                    if aml.revlog_kind == "refund" and aml.parent_state != "cancel"
                )
                if credited > received:
                    over.append(f"{line.product_id.display_name}: {credited:g} credited, {received:g} received")
            if over:
                note = self.env._(
                    "Credited before arrival for more than arrived (%(lines)s): invoice the difference or keep it "
                    "as a goodwill credit.",
                    lines="; ".join(over),
                )
                ret.sudo().write(
                    {"to_review": True, "review_note": "\n".join(filter(None, [ret.sudo().review_note, note]))}
                )
                ret.message_post(body=note)
        return reductions

    def _prepare_value_adjustment_move(self, move, layer, amount, svl):
        line = move.revlog_return_line_id
        company = move.company_id
        accounts = move.product_id.product_tmpl_id.with_company(company).get_product_accounts()
        if line.disposition == "recycle":
            kind = "disposal"
            account = move.location_dest_id.revlog_loss_account_id or company.revlog_disposal_account_id
        else:
            kind = "writedown"
            account = company.revlog_writedown_account_id
        journal = company.revlog_journal_id or accounts["stock_journal"]
        if not account or not accounts.get("stock_valuation"):
            raise UserError(
                self.env._(
                    "%(ret)s: set the returns write-down and disposal accounts (Returns settings) and the stock "
                    "valuation account of %(category)s.",
                    ret=line.return_id.name,
                    category=move.product_id.categ_id.display_name,
                )
            )
        label = self.env._(
            "%(kind)s %(ret)s: %(product)s, grade %(grade)s (%(recovery)s%% kept)",
            kind=dict(self.env["account.move"]._fields["revlog_move_kind"].selection)[kind],
            ret=line.return_id.name,
            product=move.product_id.display_name,
            grade=line.grade_id.code,
            recovery=format(line.grade_id.recovery_percent, "g"),
        )
        common = {"name": label, "product_id": move.product_id.id, "revlog_return_line_id": line.id}
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "company_id": company.id,
            "date": fields.Date.context_today(self),
            "ref": label,
            "revlog_return_id": line.return_id.id,
            "revlog_move_kind": kind,
            "checked": journal.autocheck_on_post,  # what posting sets, entry by entry: see _prepare_refund_vals
            "team_id": False,  # not a sale: spares the sales team lookup per entry
            "stock_move_id": move.id,
            "stock_valuation_layer_ids": [Command.set(svl.ids)],
            "line_ids": [
                Command.create({**common, "account_id": account.id, "balance": amount, "revlog_kind": kind}),
                Command.create({**common, "account_id": accounts["stock_valuation"].id, "balance": -amount}),
            ],
        }

    # smart buttons

    def action_view_refunds(self):
        # the return credit notes list: each with its return
        action = self.env["ir.actions.act_window"]._for_xml_id("revlog_returns_account.revlog_credit_note_action")
        action["domain"] = [("id", "in", self.refund_move_ids.ids)]
        action["context"] = {"create": False, "default_move_type": "out_refund"}
        if len(self.refund_move_ids) == 1:
            action.update(res_id=self.refund_move_ids.id, view_mode="form", views=[(False, "form")])
        return action

    def action_view_settlements(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_journal_line")
        action["domain"] = [("id", "in", (self.exchange_move_ids | self.vendor_refund_move_ids).ids)]
        action["context"] = {"create": False}
        return action

    def action_view_writedowns(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_journal_line")
        action["domain"] = [("id", "in", self.writedown_move_ids.ids)]
        action["context"] = {"create": False}
        return action
