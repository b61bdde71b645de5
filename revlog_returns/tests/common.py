import logging
import time
from contextlib import contextmanager
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user

from .books import BooksAssertions

_logger = logging.getLogger(__name__)


class RevlogTestMixin(BooksAssertions):
    """A company with its own test policy and reasons, a customer, storable products in stock, role users,
    and helpers to sell, deliver and return. Mixed into test cases of any base (the accounting tests start
    from Odoo's invoicing test company)."""

    @classmethod
    def _setup_revlog(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, skip_sms=True))
        cls.company = cls.env.company
        # days are counted in the company's time zone: the tests own theirs, whatever the demo or the user says
        cls.company.partner_id.tz = "UTC"
        cls.stock_location = (
            cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1).lot_stock_id
        )
        # tests own their configuration: whatever demo data exists must not decide
        cls.env["revlog.return.policy"].search([]).active = False
        cls.env["revlog.disposition.rule"].search([]).active = False
        cls.env["revlog.inspection.template"].search([]).active = False
        cls.company.revlog_default_policy_id = False
        cls.policy = cls.env["revlog.return.policy"].create(
            {
                "name": "Test 30 days",
                "sequence": 1,
                "company_id": cls.company.id,
                "return_window_days": 30,
                "refund_timing": "on_inspection",
                "require_lot_match": True,
                "sla_days": 7,
            }
        )
        cls.reason_damaged = cls.env["revlog.return.reason"].create(
            {"name": "Damaged", "code": "T_DAMAGED", "fault": "carrier", "waive_restocking_fee": True}
        )
        cls.reason_defective = cls.env["revlog.return.reason"].create(
            {"name": "Defective", "code": "T_DEFECTIVE", "fault": "seller", "is_defect_claim": True}
        )
        cls.reason_mind = cls.env["revlog.return.reason"].create(
            {"name": "Changed mind", "code": "T_MIND", "fault": "customer"}
        )
        cls.categ_root = cls.env["product.category"].create({"name": "Returnables", **cls._category_vals()})
        cls.categ_phones = cls.env["product.category"].create(
            {"name": "Phones", "parent_id": cls.categ_root.id, **cls._category_vals()}
        )
        cls.product = cls._revlog_product("Kettle", 40.0, 15.0, cls.categ_root)
        cls.phone = cls._revlog_product("Phone", 300.0, 180.0, cls.categ_phones)
        cls.customer = cls.env["res.partner"].create({"name": "Ada Customer", "email": "ada@example.com"})
        cls.other_customer = cls.env["res.partner"].create({"name": "Bob Other"})
        cls.clerk = new_test_user(
            cls.env,
            login="rl_clerk",
            name="Rita Clerk",
            groups="base.group_user,revlog_returns.group_returns_user,sales_team.group_sale_salesman",
        )
        cls.manager = new_test_user(
            cls.env,
            login="rl_manager",
            name="Max Manager",
            groups="base.group_user,revlog_returns.group_returns_manager,sales_team.group_sale_salesman",
        )
        cls.warehouse_user = new_test_user(
            cls.env, login="rl_warehouse", name="Walt Warehouse", groups="base.group_user,stock.group_stock_user"
        )

    @classmethod
    def _category_vals(cls):
        """Extra values of the test product categories (the accounting tests value them in real time)."""
        return {}

    @classmethod
    def _add_stock(cls, product, quantity, lot=None):
        """Stock through an inventory adjustment, so that it is valued like real stock."""
        cls.env["stock.quant"].with_context(inventory_mode=True).create(
            {
                "product_id": product.id,
                "location_id": cls.stock_location.id,
                "inventory_quantity": quantity,
                "lot_id": lot and lot.id,
            }
        ).action_apply_inventory()

    @classmethod
    def _revlog_product(cls, name, price, cost, categ, **vals):
        product = cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "is_storable": True,
                "list_price": price,
                "standard_price": cost,
                "categ_id": categ.id,
                "invoice_policy": "delivery",
                **vals,
            }
        )
        cls._add_stock(product, 1000)
        return product

    @classmethod
    def _deliver_order(cls, lines, partner=None, days_ago=0, **order_vals):
        """A confirmed order of ``[(product, qty, price?)]`` fully delivered ``days_ago`` days ago."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            **({"price_unit": extra[0]} if extra else {}),
                        }
                    )
                    for product, qty, *extra in lines
                ],
                **order_vals,
            }
        )
        order.action_confirm()
        pickings = order.picking_ids
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.move_ids.picked = True
        pickings._action_done()
        if days_ago:
            pickings.move_ids.date = fields.Datetime.now() - timedelta(days=days_ago)
        return order

    def _return(self, order, quantities, reason=None, **vals):
        """A draft return of ``{sale line: qty}`` on ``order``."""
        return self.env["revlog.return"].create(
            {
                "partner_id": order.partner_id.id,
                "sale_order_id": order.id,
                "line_ids": [
                    Command.create(
                        {
                            "sale_line_id": sol.id,
                            "product_id": sol.product_id.id,
                            "quantity": qty,
                            "reason_id": (reason or self.reason_damaged).id,
                        }
                    )
                    for sol, qty in quantities.items()
                ],
                **vals,
            }
        )

    def _without_customer_mails(self):
        """Batch tests measure the workflow: the customer mails (a composer each, a slip on approval) have
        their own tests."""
        self.company.write({name: False for name in self.company._fields if name.startswith("revlog_mail_")})

    def _phones_policy(self, **vals):
        """A policy for phones only, ahead of the test policy: 14 days and a 15 % restocking fee."""
        return self.env["revlog.return.policy"].create(
            {
                "name": "Phones 14 days, 15 % fee",
                "sequence": 0,
                "company_id": self.company.id,
                "product_category_ids": [Command.link(self.categ_phones.id)],
                "return_window_days": 14,
                "restocking_fee_percent": 15,
                **vals,
            }
        )

    def _one_return_per_line(self, sale_lines, reason=None):
        """Draft returns of one unit of each order line, created in one call (the batch tests)."""
        return self.env["revlog.return"].create(
            [
                {
                    "partner_id": sol.order_id.partner_id.id,
                    "sale_order_id": sol.order_id.id,
                    "line_ids": [
                        Command.create(
                            {
                                "sale_line_id": sol.id,
                                "product_id": sol.product_id.id,
                                "quantity": 1,
                                "reason_id": (reason or self.reason_damaged).id,
                            }
                        )
                    ],
                }
                for sol in sale_lines
            ]
        )

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Like Odoo's ``assertRaises`` (rolled back to a savepoint, so that "nothing is written" can be
        checked afterwards), and the message must match ``regex``."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)

    def _receive(self, returns):
        """Receive approved returns in full (the stock addon's tests do it through the receipts)."""
        returns.action_receive()

    def _settle(self):
        """Write everything pending, including what Odoo defers to the commit (chatter tracking), so that a
        query count measures the whole cost of what it surrounds."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.flush_all()

    def _batch_cost(self, label, func, count):
        """Run ``func`` on a clean cache and log what it cost per unit: ``(its result, queries per unit)``."""
        self._settle()
        self.env.invalidate_all()
        queries, started = self.env.cr.sql_log_count, time.perf_counter()
        result = func()
        self._settle()
        per_unit = (self.env.cr.sql_log_count - queries) / count
        _logger.info(
            "revlog batch: %-32s x%d: %.1f queries and %.1f ms each",
            label,
            count,
            per_unit,
            (time.perf_counter() - started) * 1000 / count,
        )
        return result, per_unit

    def _list_action(self, returns):
        """A list of just ``returns`` for a tour (the returns list also holds the demo's)."""
        return self.env["ir.actions.act_window"].create(
            {
                "name": "Tour returns",
                "res_model": "revlog.return",
                "view_mode": "list,form",
                "domain": [("id", "in", returns.ids)],
            }
        )

    def _trace_lines(self, ret, rule):
        return [line for line in ret.eligibility_trace.splitlines() if line.startswith(rule)]


class InspectionTestMixin(RevlogTestMixin):
    """Adds the standard grades, two inspection templates and a catch-all disposition rule."""

    @classmethod
    def _setup_inspection(cls):
        cls.grade_a, cls.grade_b, cls.grade_c, cls.grade_d, cls.grade_x = (
            cls.env.ref(f"revlog_returns.grade_{code}") for code in "abcdx"
        )
        cls.template_phone = cls.env["revlog.inspection.template"].create(
            {
                "name": "Phones",
                "product_category_ids": [Command.link(cls.categ_phones.id)],
                "criterion_ids": [
                    Command.create({"name": "Powers on", "kind": "pass_fail", "weight": 4, "critical": True}),
                    Command.create({"name": "Screen", "kind": "score", "weight": 3}),
                    Command.create({"name": "Accessories", "kind": "pass_fail", "weight": 1}),
                    Command.create({"name": "Packaging", "kind": "pass_fail", "weight": 2}),
                ],
            }
        )
        cls.template_general = cls.env["revlog.inspection.template"].create(
            {
                "name": "General",
                "product_category_ids": [Command.link(cls.categ_root.id)],
                "criterion_ids": [
                    Command.create({"name": "Main", "kind": "pass_fail", "weight": 90}),
                    Command.create({"name": "Rest", "kind": "pass_fail", "weight": 10}),
                ],
            }
        )
        cls.rule_catch_all = cls.env["revlog.disposition.rule"].create(
            {"name": "Grade default", "sequence": 10, "use_grade_default": True, "disposition": False}
        )

    def _received_lines(self, lines, reason=None):
        """Received return lines for ``[(product, qty)]`` (one order, one return)."""
        order = self._deliver_order(lines)
        ret = self._return(order, {sol: qty for sol, (__, qty) in zip(order.order_line, lines, strict=True)}, reason)
        ret.action_approve()
        self._receive(ret)
        return ret.line_ids

    def _answer(self, inspection, **answers):
        """Answer criteria by name: True/False for pass/fail, an int for scores."""
        for answer in inspection.answer_ids:
            value = answers[answer.name.replace(" ", "_").lower()]
            answer.write({"passed": value} if answer.kind == "pass_fail" else {"score": value})


class RevlogCommon(RevlogTestMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_revlog()


class InspectionCommon(InspectionTestMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_revlog()
        cls._setup_inspection()
