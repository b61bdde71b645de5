from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError


class RevlogReturn(models.Model):
    """The customer's credit notes of returns: when they are due, what they credit, who posts them."""

    _inherit = "revlog.return"

    def _refund_timing_states(self):
        """{refund timing (the policy's): the return states in which it has come}. A new timing is one entry
        here (and its value on the policy's selection)."""
        return {
            "on_approval": ("approved", "received", "inspected", "done"),
            "on_receipt": ("received", "inspected", "done"),
            "on_inspection": ("inspected", "done"),
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
        reached = self._refund_timing_states()
        early = self.filtered(lambda r: r.policy_id.refund_timing and r.state not in reached[r.policy_id.refund_timing])
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
        for timing, states in self._refund_timing_states().items():
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
