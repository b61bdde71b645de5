from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import RevlogAccountCommon


@tagged("post_install", "-at_install", "revlog")
class TestProvision(RevlogAccountCommon):
    """The expected-returns provision on known figures, in the Returnables category (kettles, cost 15):

    - invoiced in the trailing year: 12 kettles at 50 (delivered 60 days ago) + 10 at 40 (today) = 1000;
    - returned: 2 of the older kettles at 50 = 100, graded B (70 % recovery): return rate 10 % (a third one
      exchanged gives no money back and does not count);
    - within the 30-day window at the month end: the 10 kettles of today, revenue 400, cost 10 x 15 = 150;
    - refund liability 10 % x 400 = 40.00; expected cost 10 % x 150 = 15.00; right to recover 70 % x 15 = 10.50.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.liability_account = cls.company.revlog_refund_liability_account_id
        cls.asset_account = cls.company.revlog_return_asset_account_id
        cls.income_account = cls.company_data["default_account_revenue"]
        cls.expense_account = cls.company_data["default_account_expense"]
        (cls.categ_root | cls.categ_phones).write(
            {
                "property_account_income_categ_id": cls.income_account.id,
                "property_account_expense_categ_id": cls.expense_account.id,
            }
        )
        # the month end of today: today's deliveries are within 30 days of it, those of 60 days ago are not
        cls.month_end = fields.Date.context_today(cls.env.user) + relativedelta(day=31)

    def _sales_and_returns(self):
        older = self._deliver_order([(self.product, 12, 50.0)], days_ago=60)
        self._deliver_order([(self.product, 10, 40.0)])
        # phones sold, none returned: nothing expected, the category is left out
        self._deliver_order([(self.phone, 1, 300.0)])
        ret = self._return(older, {older.order_line: 2}, reason=self.reason_mind)
        ret.action_approve_override("Goodwill, past the window")
        self._receive(ret)
        self._grade(ret.line_ids, self.grade_b)
        self.assertEqual(ret.refund_move_ids.state, "draft", "a credit note in draft is no revenue reversed yet")
        # an exchange gives no money back: it is no part of the refund liability
        exchange = self._return(older, {older.order_line: 1}, reason=self.reason_mind)
        exchange.line_ids.resolution = "exchange"
        exchange.action_approve_override("Goodwill exchange")
        return ret

    def _post(self, day=None, user=None):
        Wizard = self.env["revlog.provision.wizard"].with_user(user or self.env.user)
        wizard = Wizard.create({"company_id": self.company.id, "date": day or self.month_end})
        wizard.action_post()
        return wizard

    def _provisions(self):
        return self.env["account.move"].search(
            [("company_id", "=", self.company.id), ("revlog_move_kind", "=", "provision")]
        )

    def _balances(self, move):
        balances = {}
        for item in move.line_ids:
            balances[item.account_id] = balances.get(item.account_id, 0.0) + item.balance
        return balances

    def test_setup_creates_the_accounts(self):
        self.assertEqual(self.liability_account.account_type, "liability_current")
        self.assertEqual(self.liability_account.name, "Refund Liabilities (expected returns)")
        self.assertEqual(self.asset_account.account_type, "asset_current")
        self.assertEqual(self.asset_account.name, "Right to Recover Returned Goods")
        self.assertEqual(self.company.revlog_provision_period_days, 365)

    def test_preview_figures_and_entry(self):
        self._sales_and_returns()
        wizard = self.env["revlog.provision.wizard"].create({"company_id": self.company.id, "date": self.month_end})
        wizard.action_compute()
        line = wizard.line_ids
        self.assertEqual(line.category_id, self.categ_root, "phones: sold but never returned, nothing expected")
        self.assertAlmostEqual(line.revenue, 1000.0)
        self.assertAlmostEqual(line.returned_value, 100.0)
        self.assertAlmostEqual(line.return_rate, 10.0)
        self.assertAlmostEqual(line.window_revenue, 400.0, msg="only today's kettles are within 30 days")
        self.assertAlmostEqual(line.window_cost, 150.0)
        self.assertAlmostEqual(line.recovery_rate, 70.0, msg="grade B keeps 70 %")
        self.assertEqual((line.expected_refund, line.expected_cost, line.expected_recovery), (40.0, 15.0, 10.5))
        self.assertFalse(self._provisions(), "the preview posts nothing")

        wizard.action_post()
        move = wizard.move_id
        self.assertEqual(
            (move.state, move.date, move.revlog_move_kind, move.journal_id),
            ("posted", self.month_end, "provision", self.company.revlog_journal_id),
        )
        self.assertEqual(
            self._balances(move),
            {
                self.income_account: 40.0,  # Dr revenue
                self.liability_account: -40.0,  # Cr refund liability
                self.asset_account: 10.5,  # Dr right to recover returned goods
                self.expense_account: -10.5,  # Cr cost of goods sold
            },
        )
        reversal = wizard.reversal_move_id
        self.assertEqual(reversal.date, self.month_end + timedelta(days=1))
        self.assertEqual(reversal.date.day, 1)
        self.assertEqual((reversal.state, reversal.reversed_entry_id), ("posted", move))
        self.assertEqual(reversal.revlog_move_kind, "provision")
        opposite = {account: -amount for account, amount in self._balances(move).items()}
        self.assertEqual(self._balances(reversal), opposite)
        self.assertEqual(self._provisions(), move | reversal)

    def test_twice_posts_nothing_twice(self):
        self._sales_and_returns()
        first = self._post().move_id
        with self.assertRaisesRegex(UserError, f"already posted: {first.name}"):
            self._post()
        # another day of the same month would count the same expected returns twice as well
        with self.assertRaisesRegex(UserError, f"already posted: {first.name}"):
            self._post(self.month_end - timedelta(days=1))
        self.assertEqual(len(self._provisions()), 2, "the entry and its reversal, once")
        # cancelled (with its reversal), the month can be provisioned again
        (first | first.reversal_move_ids).button_draft()
        (first | first.reversal_move_ids).button_cancel()
        self.assertEqual(self._post().move_id.amount_total, 50.5)

    def test_nothing_to_post(self):
        self._sales_and_returns()
        with self.assertRaisesRegex(UserError, "Nothing to provision"):
            self._post(self.month_end - relativedelta(years=3, day=31))
        self.assertFalse(self._provisions())
        wizard = self.env["revlog.provision.wizard"]
        self.assertEqual(wizard._reversal_date(date(2027, 2, 28)), date(2027, 3, 1))
        self.assertEqual(wizard._reversal_date(date(2027, 1, 15)), date(2027, 2, 1), "next period's first day")

    def test_cron_posts_last_month_once(self):
        self._sales_and_returns()
        cron = self.env.ref("revlog_returns_account.ir_cron_post_provisions").sudo()
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "months"))
        # a few days into next month, the cron provisions this month's end, once
        with freeze_time(self.month_end + timedelta(days=3)):
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        provision = self._provisions().filtered(lambda m: not m.reversed_entry_id)
        self.assertEqual(provision.date, self.month_end)
        self.assertEqual(provision.amount_total, 50.5, "40.00 refund liability + 10.50 right to recover")
        self.assertEqual(len(self._provisions()), 2)

    def test_accountant_posts_clerk_cannot(self):
        self._sales_and_returns()
        with self.assertRaises(AccessError):
            self.env["revlog.provision.wizard"].with_user(self.clerk).create(
                {"company_id": self.company.id, "date": self.month_end}
            )
        wizard = self._post(user=self.accountant)
        self.assertEqual(wizard.move_id.state, "posted")
        self.assertEqual(wizard.move_id.create_uid, self.accountant)
        with self.assertRaises(AccessError):
            wizard.with_user(self.clerk).action_post()
        other = self.env["res.company"].create({"name": "Not the accountant's"})
        with self.assertRaisesRegex(AccessError, "a company you do not work in"):
            self.env["revlog.provision.wizard"].with_user(self.accountant).create(
                {"company_id": other.id, "date": self.month_end}
            ).action_compute()

    def test_reads_do_not_grow_with_lines_or_categories(self):
        self._sales_and_returns()

        def compute_queries():
            wizard = self.env["revlog.provision.wizard"].create({"company_id": self.company.id, "date": self.month_end})
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            wizard.action_compute()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before, wizard

        compute_queries()  # Odoo's own caches (access rules, defaults) warm up once
        few, __ = compute_queries()
        orders = [self._deliver_order([(self.product, 1, 40.0), (self.phone, 1, 300.0)]) for __ in range(5)]
        phones = orders[0].order_line.filtered(lambda sol: sol.product_id == self.phone)
        self._flow(orders[0], {phones: 1}, dispose=False)
        more, wizard = compute_queries()
        self.assertEqual(wizard.line_ids.category_id, self.categ_root | self.categ_phones)
        self.assertEqual(more, few, "grouped reads: the same queries for 3 or 13 order lines, 1 or 2 categories")
