from odoo import Command, api, fields, models
from odoo.tools import format_amount


class RevlogReturn(models.Model):
    """Exchanges (the price difference, the replacement of a unit that never came back) and returns to the
    vendor (their credit notes)."""

    _inherit = "revlog.return"

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
