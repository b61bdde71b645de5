import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    revlog_journal_id = fields.Many2one(
        "account.journal",
        string="Returns Journal",
        domain="[('type', '=', 'general'), ('company_id', 'parent_of', id)]",
        # a journal with entries cannot be deleted (Odoo's own rule); one without may go, as a change of chart
        # of accounts deletes the company's journals
        ondelete="set null",
        help="Journal of the write-down and disposal-loss entries of returns.",
    )
    revlog_writedown_account_id = fields.Many2one(
        "account.account",
        string="Returns Write-down Account",
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="Charged with the value a graded unit loses before resale or repair.",
    )
    revlog_disposal_account_id = fields.Many2one(
        "account.account",
        string="Returns Disposal Loss Account",
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="Default loss account of the Recycle and scrap locations.",
    )
    revlog_fee_product_id = fields.Many2one(
        "product.product",
        string="Restocking Fee Product",
        domain="[('type', '=', 'service')]",
    )
    revlog_fee_account_id = fields.Many2one(
        "account.account",
        string="Restocking Fee Income Account",
        domain="[('account_type', 'in', ('income', 'income_other'))]",
    )
    # the expected-returns provision (IFRS 15 / ASC 606), see revlog.provision.wizard
    revlog_refund_liability_account_id = fields.Many2one(
        "account.account",
        string="Refund Liability Account",
        domain="[('account_type', '=', 'liability_current')]",
        help="Credited at period end with the refunds expected on sales still within their return window.",
    )
    revlog_return_asset_account_id = fields.Many2one(
        "account.account",
        string="Right to Recover Returned Goods",
        domain="[('account_type', '=', 'asset_current')]",
        help="Debited at period end with the cost of the goods expected back, at the recovery of the grades given.",
    )
    revlog_provision_period_days = fields.Integer(
        string="Provision Trailing Period (days)",
        default=365,
        help="Days before the provision date whose invoices, returns and grades give the return and recovery rates.",
    )
    revlog_mail_refunded = fields.Boolean(string="Mail: Credit Note Issued", default=True)
    revlog_target_recovery_percent = fields.Float(
        string="Target Value Recovered (%)",
        default=60.0,
        help="The Returns dashboard compares the value recovered from returned units (as % of their cost) to this.",
    )
    revlog_post_credit_notes = fields.Boolean(
        string="Post Return Credit Notes",
        help="Post credit notes of returns at once instead of leaving them in draft for an accountant to review.",
    )

    @api.constrains("revlog_provision_period_days")
    def _check_revlog_provision_period_days(self):
        for company in self:
            if company.revlog_provision_period_days < 1:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the provision's trailing period must be at least one day.",
                        company=company.name,
                    )
                )

    @api.model
    def _revlog_setup_all_accounting(self):
        self.search([("chart_template", "!=", False)])._revlog_setup_accounting()

    def _revlog_setup_accounting(self, only=None):
        """Give each company (with a chart of accounts) what returns post to, keeping whatever is set; ``only``
        (field names) limits it to those accounts, for an upgrade that adds some."""
        fee_product = self.env.ref("revlog_returns_account.product_restocking_fee", raise_if_not_found=False)
        branches = self.filtered(lambda c: c.chart_template and c.parent_id)
        if branches:
            branches._revlog_share_root_accounting(only)
        for company in self.filtered("chart_template") - branches:
            env_company = self.env["account.account"].with_company(company)
            categ = self.env.ref("product.product_category_all").with_company(company)
            expense = categ.property_account_expense_categ_id
            income = categ.property_account_income_categ_id
            vals = {}
            # field -> (name, account next to which it is numbered, type)
            wanted = {
                "revlog_writedown_account_id": (self.env._("Returns Write-downs"), expense, "expense"),
                "revlog_disposal_account_id": (self.env._("Returns Disposal Losses"), expense, "expense"),
                "revlog_fee_account_id": (self.env._("Restocking Fees"), income, "income_other"),
            }
            # the provision's accounts are numbered next to the first account of their type
            for field, name, account_type in (
                (
                    "revlog_refund_liability_account_id",
                    self.env._("Refund Liabilities (expected returns)"),
                    "liability_current",
                ),
                ("revlog_return_asset_account_id", self.env._("Right to Recover Returned Goods"), "asset_current"),
            ):
                if not company[field]:
                    neighbour = env_company.search(
                        [*env_company._check_company_domain(company), ("account_type", "=", account_type)],
                        order="code",
                        limit=1,
                    )
                    wanted[field] = (name, neighbour, account_type)
            if only:
                wanted = {field: spec for field, spec in wanted.items() if field in only}
            # an earlier install's accounts (uninstalling keeps them: entries cite them) are taken back
            earlier = {
                (account.name, account.account_type): account
                for account in env_company.search(
                    [
                        *env_company._check_company_domain(company),
                        ("name", "in", [name for name, __, __ in wanted.values()]),
                    ]
                )
            }
            for field, (name, neighbour, account_type) in wanted.items():
                if not company[field] and (name, account_type) in earlier:
                    vals[field] = earlier[name, account_type].id
                elif not company[field] and neighbour:
                    vals[field] = env_company.create(
                        {
                            "name": name,
                            "code": env_company._search_new_account_code(neighbour.code),
                            "account_type": account_type,
                        }
                    ).id
            if only:
                company.write(vals)
                continue
            if not company.revlog_journal_id:
                journal = self.env["account.journal"].search(
                    [("company_id", "=", company.id), ("code", "=", "RET")], limit=1
                )
                vals["revlog_journal_id"] = (
                    journal
                    or self.env["account.journal"].create(
                        {
                            "name": self.env._("Returns"),
                            "code": "RET",
                            "type": "general",
                            "company_id": company.id,
                        }
                    )
                ).id
            if not company.revlog_fee_product_id and fee_product:
                vals["revlog_fee_product_id"] = fee_product.id
            company.write(vals)
            company._revlog_setup_locations()

    def _revlog_share_root_accounting(self, only=None):
        """Branches share their root company's chart of accounts and journals (Odoo 18): a branch posts its
        returns to its root's returns accounts and journal, unless one is set on the branch already."""
        fields_shared = [
            "revlog_journal_id",
            "revlog_writedown_account_id",
            "revlog_disposal_account_id",
            "revlog_fee_account_id",
            "revlog_refund_liability_account_id",
            "revlog_return_asset_account_id",
            "revlog_fee_product_id",
        ]
        if only:
            fields_shared = [field for field in fields_shared if field in only]
        roots = self.root_id
        (roots - self)._revlog_setup_accounting(only)
        for branch in self:
            vals = {
                field: branch.root_id[field].id
                for field in fields_shared
                if not branch[field] and branch.root_id[field]
            }
            if vals:
                branch.write(vals)
        self._revlog_setup_locations()

    def _revlog_setup_locations(self):
        """Recycle locations without a loss account post their losses to the company's disposal account.
        Scrap locations are left alone: only revlog's own scraps post to that account (see stock.move)."""
        for company in self.filtered("revlog_disposal_account_id"):
            recycle = self.env["stock.warehouse"].search([("company_id", "=", company.id)]).revlog_recycle_loc_id
            recycle.filtered(lambda loc: not loc.revlog_loss_account_id).write(
                {"revlog_loss_account_id": company.revlog_disposal_account_id.id}
            )

    @api.model
    def _cron_revlog_post_provisions(self):
        """Monthly: the expected-returns provision of last month's end, for each company whose provision accounts
        are set; a month already provisioned (by hand or an earlier run) is skipped."""
        Wizard = self.env["revlog.provision.wizard"]
        companies = self.search(
            [("revlog_refund_liability_account_id", "!=", False), ("revlog_return_asset_account_id", "!=", False)]
        )
        for company in companies:
            date = company._revlog_today().replace(day=1) - timedelta(days=1)
            if Wizard._existing_provision(company, date):
                continue
            try:
                with self.env.cr.savepoint():
                    Wizard.with_company(company).create({"company_id": company.id, "date": date}).action_post()
            except UserError as error:
                # nothing expected, a locked period, an account missing: the accountant sees it when posting by hand
                _logger.info("revlog: no expected-returns provision for %s at %s: %s", company.name, date, error)
