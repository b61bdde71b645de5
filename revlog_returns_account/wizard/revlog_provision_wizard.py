from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date


class RevlogProvisionWizard(models.TransientModel):
    """The period-end provision for the right of return (IFRS 15 B20-B27, ASC 606-10-55-22): a refund liability
    for the sales still within their return window that are expected back, and an asset for the goods expected
    to be recovered, reversed on the first day of the next period. One per company and month."""

    _name = "revlog.provision.wizard"
    _inherit = ["revlog.provision.figures"]
    _description = "Expected Returns Provision"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date = fields.Date(
        required=True,
        default=lambda self: self.env.company._revlog_today().replace(day=1) - timedelta(days=1),
        help="Period end: the provision is dated that day and reversed on the first day of the next month.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_days = fields.Integer(related="company_id.revlog_provision_period_days", string="Trailing Period (days)")
    line_ids = fields.One2many("revlog.provision.wizard.line", "wizard_id", string="Preview", readonly=True)
    move_id = fields.Many2one("account.move", string="Provision Entry", readonly=True)
    reversal_move_id = fields.Many2one("account.move", string="Reversal", readonly=True)

    @api.model
    def _reversal_date(self, date):
        """The first day of the period after ``date``: the next day when ``date`` is a month end."""
        return date + relativedelta(months=1, day=1)

    @api.model
    def _existing_provision(self, company, date):
        """The provision of ``company`` already posted (or in draft) for the month of ``date``: a second one
        would count the same expected returns twice until the reversals."""
        first = date.replace(day=1)
        return (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("revlog_move_kind", "=", "provision"),
                    ("reversed_entry_id", "=", False),
                    ("state", "!=", "cancel"),
                    ("date", ">=", first),
                    ("date", "<", first + relativedelta(months=1)),
                ],
                limit=1,
            )
        )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self._description,
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def _check_company_allowed(self):
        # the figures are read as the system: only for a company the user works in
        if not self.env.su and self.company_id not in self.env.user.company_ids:
            raise AccessError(self.env._("You cannot provision the returns of a company you do not work in."))

    def action_compute(self):
        """Fill the preview: one line per product category with an expected return."""
        self.ensure_one()
        self._check_company_allowed()
        # category accounts and standard costs are the company's own
        vals_list = self.with_company(self.company_id)._provision_lines_vals()
        self.line_ids = [Command.clear()] + [Command.create(vals) for vals in vals_list]
        return self._reopen()

    def action_post(self):
        """Post the provision at ``date`` and its reversal on the first day of the next period, from figures
        computed afresh. A month already provisioned is refused, naming its entry: nothing is posted twice."""
        self.ensure_one()
        self._check_company_allowed()
        self.env["account.move"].check_access("create")
        company = self.company_id
        # two accountants posting the same month: the later one waits, is retried and sees the first entry
        self.env["revlog.workflow.mixin"]._revlog_touch(company)
        existing = self._existing_provision(company, self.date)
        if existing:
            raise UserError(
                self.env._(
                    "The expected-returns provision of %(company)s for %(date)s is already posted: %(entry)s "
                    "(dated %(entry_date)s). Cancel it and its reversal to post it again.",
                    company=company.name,
                    date=format_date(self.env, self.date),
                    entry=existing.name,
                    entry_date=format_date(self.env, existing.date),
                )
            )
        journal = company.revlog_journal_id or self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "general")], limit=1
        )
        self._check_can_post(journal)
        self.action_compute()
        if not self.line_ids:
            raise UserError(
                self.env._(
                    "Nothing to provision for %(company)s at %(date)s: no product category has sales within their "
                    "return window with returns in the last %(days)s days.",
                    company=company.name,
                    date=format_date(self.env, self.date),
                    days=company.revlog_provision_period_days,
                )
            )
        unmapped = self.line_ids.filtered(lambda ln: not ln.income_account_id or not ln.expense_account_id)
        if unmapped:
            raise UserError(
                self.env._(
                    "Set the income and expense accounts of the product categories %(categories)s.",
                    categories=", ".join(unmapped.category_id.mapped("display_name")),
                )
            )
        # the entry kind is the returns workflow's tag: written as the system, once the caller's rights are checked
        move = self.env["account.move"].sudo().create(self._prepare_move_vals(journal))
        move.action_post()
        reversal_date = self._reversal_date(self.date)
        reversal = move._reverse_moves(
            [
                {
                    "date": reversal_date,
                    "ref": self.env._("Reversal of %(entry)s", entry=move.name),
                    "revlog_move_kind": "provision",
                }
            ]
        )
        reversal.action_post()
        self.write({"move_id": move.id, "reversal_move_id": reversal.id})
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_journal_line")
        action.update(res_id=move.id, view_mode="form", views=[(False, "form")], context={"create": False})
        return action

    def _check_can_post(self, journal):
        company = self.company_id
        if not (company.revlog_refund_liability_account_id and company.revlog_return_asset_account_id and journal):
            raise UserError(
                self.env._(
                    "%(company)s: set the refund liability and right-to-recover accounts of the expected-returns "
                    "provision (Settings > Returns > Accounting) and a miscellaneous journal.",
                    company=company.name,
                )
            )
        # Odoo would move an entry out of a locked period silently: the month would then look unprovisioned
        if company._get_violated_lock_dates(self.date, False, journal):
            raise UserError(
                self.env._(
                    "%(company)s: %(date)s is in a locked period; the provision cannot be dated that day.",
                    company=company.name,
                    date=format_date(self.env, self.date),
                )
            )

    def _prepare_move_vals(self, journal):
        company = self.company_id
        liability = company.revlog_refund_liability_account_id
        asset = company.revlog_return_asset_account_id
        items = []
        for line in self.line_ids:
            category = line.category_id.display_name
            if line.expected_refund:
                name = self.env._(
                    "Expected refunds %(category)s: %(rate)s%% of %(revenue)s within the return window",
                    category=category,
                    rate=format(line.return_rate, ".2f"),
                    revenue=format(line.window_revenue, ".2f"),
                )
                items += [
                    Command.create(
                        {"name": name, "account_id": line.income_account_id.id, "balance": line.expected_refund}
                    ),
                    Command.create({"name": name, "account_id": liability.id, "balance": -line.expected_refund}),
                ]
            if line.expected_recovery:
                name = self.env._(
                    "Goods expected back %(category)s: %(cost)s at %(recovery)s%% recovery",
                    category=category,
                    cost=format(line.expected_cost, ".2f"),
                    recovery=format(line.recovery_rate, ".2f"),
                )
                items += [
                    Command.create({"name": name, "account_id": asset.id, "balance": line.expected_recovery}),
                    Command.create(
                        {"name": name, "account_id": line.expense_account_id.id, "balance": -line.expected_recovery}
                    ),
                ]
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "company_id": company.id,
            "date": self.date,
            "ref": self.env._("Expected returns provision at %(date)s", date=format_date(self.env, self.date)),
            "revlog_move_kind": "provision",
            "line_ids": items,
        }
