from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_amount, split_every
from odoo.tools.sql import create_index

# entries created and posted per call in a batch (see _revlog_create_in_chunks)
CHUNK_SIZE = 100
# indexes of numbered entries (name -> columns); dropped by the uninstall hook
NUMBERING_INDEXES = {
    "revlog_account_move_numbered_journal_idx": ["journal_id", "id DESC"],
    "revlog_account_move_numbered_date_idx": ["date DESC"],
}

MOVE_KINDS = [
    ("credit_note", "Credit Note"),
    ("stock", "Stock Valuation"),
    ("writedown", "Write-down"),
    ("disposal", "Disposal Loss"),
    ("exchange", "Exchange Difference"),
    ("vendor_refund", "Vendor Credit Note"),
    ("provision", "Expected Returns Provision"),
    ("settlement", "Return Settlement"),
]


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "revlog.workflow.mixin"]

    revlog_return_id = fields.Many2one(
        "revlog.return", string="Return", index="btree_not_null", readonly=True, copy=False, check_company=True
    )
    revlog_move_kind = fields.Selection(MOVE_KINDS, string="Return Entry", readonly=True, copy=False)

    # the tags that tie an entry to a return make the recovery ledger: only revlog sets them, as the system

    def _revlog_workflow_fields(self):
        return super()._revlog_workflow_fields() | {"revlog_return_id", "revlog_move_kind"}

    @api.model_create_multi
    def create(self, vals_list):
        self._revlog_check_forged(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._revlog_check_forged([vals])
        return super().write(vals)

    def _post(self, soft=True):
        self.filtered(lambda m: m.revlog_move_kind == "credit_note")._revlog_check_credit_limits()
        posted = super()._post(soft=soft)
        posted.filtered(lambda m: m.revlog_move_kind == "credit_note")._revlog_log_lowered_credits()
        refunded = posted.filtered(lambda m: m.move_type == "out_refund" and m.revlog_move_kind == "credit_note")
        refunded.revlog_return_id._on_refund_posted()
        # what these credit notes reversed is trued up to the value their units came back at
        self.env["revlog.interim.settlement"]._settle(refunded.line_ids.revlog_return_line_id)
        # the customer hears of their credit note, whoever posts it and from wherever
        posted.filtered(lambda m: m.move_type == "out_refund").revlog_return_id._revlog_notify_customer(
            "refunded", "revlog_returns_account.mail_template_return_refunded"
        )
        # an order invoiced after its units came back: revlog credits what its policy says is due by now
        invoiced_lines = posted.filtered(lambda m: m.move_type == "out_invoice").invoice_line_ids.sale_line_ids
        if invoiced_lines:
            returns = (
                self.env["revlog.return.line"]
                .sudo()
                .search(
                    [
                        ("sale_line_id", "in", invoiced_lines.ids),
                        ("state", "in", ("approved", "received", "inspected", "done")),
                    ]
                )
                .return_id
            )
            returns._create_due_refunds()
        return posted

    # a revlog credit note credits what its return lines allow, however it was edited before posting

    def _revlog_check_credit_limits(self):
        """Refuse to post (or re-post) revlog credit notes that credit a return line more than it allows (its
        quantity, the invoiced price net of discount at its refund percent, less its restocking fee), or an order
        line more than was invoiced and not yet credited. Lowering a refund stays possible."""
        figures = self.env["revlog.credit.limit"]._figures(self)
        problems = []
        for line, fig in figures.items():
            currency = fig["currency"]
            label = f"{line.return_id.name} {line.product_id.display_name}"
            if fig["foreign_currency"]:
                problems.append(
                    self.env._(
                        "%(line)s: credited in %(currency)s, invoiced in %(invoiced)s",
                        line=label,
                        currency=fig["foreign_currency"],
                        invoiced=currency.name,
                    )
                )
            if float_compare(fig["qty"], fig["qty_allowed"], precision_rounding=line.product_uom_id.rounding) > 0:
                problems.append(
                    self.env._(
                        "%(line)s: %(qty)s credited, %(allowed)s allowed (received or approved)",
                        line=label,
                        qty=format(fig["qty"], "g"),
                        allowed=format(fig["qty_allowed"], "g"),
                    )
                )
            for item, price, allowed in fig["prices_over"]:
                problems.append(
                    self.env._(
                        "%(line)s: %(price)s per unit on %(move)s, at most %(allowed)s (invoiced price net of "
                        "discount at %(percent)s%%, taxes as invoiced)",
                        line=label,
                        price=format_amount(self.env, price, currency),
                        move=item.move_id.name or item.move_id.display_name,
                        allowed=format_amount(self.env, allowed, currency),
                        percent=format(fig["percent"], "g"),
                    )
                )
            if currency.compare_amounts(fig["net"], fig["net_allowed"]) > 0:
                problems.append(
                    self.env._(
                        "%(line)s: %(net)s credited net of restocking fee, at most %(allowed)s",
                        line=label,
                        net=format_amount(self.env, fig["net"], currency),
                        allowed=format_amount(self.env, fig["net_allowed"], currency),
                    )
                )
        for sale_line, invoiced, credited in self.env["revlog.credit.limit"]._sale_lines_overcredited(self):
            problems.append(
                self.env._(
                    "order line %(line)s: %(credited)s credited, %(invoiced)s invoiced",
                    line=sale_line.display_name,
                    credited=format(credited, "g"),
                    invoiced=format(invoiced, "g"),
                )
            )
        if problems:
            raise UserError(
                self.env._(
                    "%(moves)s credits more than its return allows (rule: a return credit note credits at most what "
                    "its lines returned, at the invoiced price and refund percent, less the restocking fee):"
                    "\n%(problems)s",
                    moves=", ".join(self.mapped("display_name")),
                    problems="\n".join(problems),
                )
            )

    def _revlog_log_lowered_credits(self):
        """A refund lowered before posting (a goodwill cut) is allowed, and said on the return."""
        figures = self.env["revlog.credit.limit"]._figures(self, posted_only=True)
        for line, fig in figures.items():
            currency = fig["currency"]
            label = f"{line.return_id.name} {line.product_id.display_name}"
            if currency.compare_amounts(fig["this_net"], fig["this_net_allowed"]) < 0:
                line.return_id.message_post(
                    body=self.env._(
                        "%(moves)s credits %(net)s for %(line)s instead of %(allowed)s: lowered by %(user)s.",
                        moves=", ".join(fig["moves"].mapped("name")),
                        net=format_amount(self.env, fig["this_net"], currency),
                        line=label,
                        allowed=format_amount(self.env, fig["this_net_allowed"], currency),
                        user=self.env.user.name,
                    )
                )

    def _reconcile_reversed_moves(self, reverse_moves, move_reverse_cancel):
        """revlog's credit notes (and exchange credits) are reconciled with the invoice each one reverses, all in
        one plan: Odoo runs one reconciliation per credit note (a third of a credit note's posting) and, when it
        posts them, pairs the credit notes with their invoices by position, so that the second credit note of an
        invoice posted together with another invoice's would settle that other customer's invoice."""
        notes = reverse_moves.filtered(
            lambda move: move.revlog_move_kind in ("credit_note", "exchange") and move.reversed_entry_id
        )
        others = reverse_moves - notes
        if others:
            reversed_ids = set(others.reversed_entry_id.ids)
            super(AccountMove, self.filtered(lambda move: move.id in reversed_ids))._reconcile_reversed_moves(
                others, move_reverse_cancel
            )
        groups = defaultdict(lambda: self.env["account.move.line"])
        for note in notes:
            for line in note.line_ids | note.reversed_entry_id.line_ids:
                account = line.account_id
                if not line.reconciled and (
                    account.reconcile or account.account_type in ("asset_cash", "liability_credit_card")
                ):
                    groups[note.reversed_entry_id, account, line.currency_id] |= line
        plan = [lines for lines in groups.values() if len(lines.move_id) > 1]
        # a plan per CHUNK_SIZE invoices: Odoo reads the payment state of every entry of a plan in one query,
        # which PostgreSQL may plan badly over thousands of entries its statistics do not know yet
        for chunk in split_every(CHUNK_SIZE, plan, list):
            self.env["account.move.line"].with_context(move_reverse_cancel=move_reverse_cancel)._reconcile_plan(chunk)
        return reverse_moves

    def init(self):
        res = super().init()
        # Odoo numbers an entry from its journal's last numbered one (sequence.mixin._get_last_sequence) and
        # dates it from a reference entry found by date: PostgreSQL finds both by walking the primary key or
        # the date index past every later entry, drafts still to post and other journals' entries included,
        # so posting N credit notes in one call cost N^2. Indexes of numbered entries only end those walks.
        for indexname, expressions in NUMBERING_INDEXES.items():
            create_index(self.env.cr, indexname, "account_move", expressions, where="name <> '/'")
        return res

    def _get_last_sequence_domain(self, relaxed=False):
        where_string, param = super()._get_last_sequence_domain(relaxed)
        # only where the lookup is still per journal (l10n_cl, for one, numbers across the company's journals)
        if "journal_id = %(journal_id)s" in where_string:
            # the last numbered entry of the journal cannot lie above the journal's highest numbered id: this
            # bound (read from the index above) lets the lookup start there instead of at the newest entry
            where_string += (
                " AND id <= (SELECT MAX(id) FROM account_move WHERE journal_id = %(journal_id)s AND name <> '/')"
            )
        return where_string, param

    # Odoo numbers, balances and checks each new entry against every entry of the same call still waiting to
    # be flushed: one call for thousands of entries costs quadratic time, chunks keep a large batch linear.

    @api.model
    def _revlog_create_in_chunks(self, vals_list, post=False):
        """Create entries ``CHUNK_SIZE`` at a time, and post them when ``post``."""
        moves = self.browse()
        for chunk in split_every(CHUNK_SIZE, vals_list, list):
            moves |= self.create(chunk)
            self.env.flush_all()
        if post:
            moves._revlog_post_in_chunks()
        return moves

    def _revlog_post_in_chunks(self):
        for chunk in split_every(CHUNK_SIZE, self.ids, self.browse):
            chunk.action_post()
            self.env.flush_all()
