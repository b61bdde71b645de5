from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from odoo.addons.revlog_returns.models.revlog_outcome_mixin import days_between

from .revlog_return_line import ledger_field


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
