"""Races, really raced: two requests in two threads, each on its own database cursor and wrapped in Odoo's own
``retrying`` (what a worker does with a request that fails to serialise), started together, many rounds,
duplicates counted. The fixtures are committed (each thread sees only committed data), in a product category,
customers and policy of their own, so that nothing else in the database matters or is disturbed."""

import logging
import threading
import unittest
from datetime import date

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import new_test_user
from odoo.tests.common import get_db_name

_logger = logging.getLogger(__name__)

ROUNDS = 20


class RaceCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            cls._setup_fixtures(env)

    @classmethod
    def _setup_fixtures(cls, env):
        company = env.ref("base.main_company")
        cls.company_id = company.id
        suffix = fields.Datetime.now().strftime("%H%M%S%f")
        categ = env["product.category"].create({"name": f"Race {suffix}"})
        cls.categ_id = categ.id
        cls.policy_id = (
            env["revlog.return.policy"]
            .create(
                {
                    "name": f"Race policy {suffix}",
                    "sequence": -1000,
                    "company_id": company.id,
                    "product_category_ids": [Command.link(categ.id)],
                    "return_window_days": 0,
                    "refund_timing": "on_inspection",
                    "require_lot_match": False,
                }
            )
            .id
        )
        env["revlog.inspection.template"].create(
            {
                "name": f"Race template {suffix}",
                "company_id": company.id,
                "product_category_ids": [Command.link(categ.id)],
                "criterion_ids": [Command.create({"name": "Works", "kind": "pass_fail", "weight": 1})],
            }
        )
        cls.reason_id = env["revlog.return.reason"].create({"name": "Race", "code": f"RACE{suffix}"}).id
        products = env["product.product"].create(
            [
                {
                    "name": f"Race {name} {suffix}",
                    "is_storable": True,
                    "categ_id": categ.id,
                    "list_price": 50.0,
                    "standard_price": 20.0,
                    "invoice_policy": "order",
                }
                for name in ("kettle", "toaster")
            ]
        )
        cls.product_ids = products.ids
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        for product in products:
            env["stock.quant"].with_context(inventory_mode=True).create(
                {"product_id": product.id, "location_id": warehouse.lot_stock_id.id, "inventory_quantity": 10_000}
            ).action_apply_inventory()
        login = f"race_{suffix}"
        cls.clerk_id = new_test_user(
            env, login=f"{login}_clerk", groups="revlog_returns.group_returns_user,sales_team.group_sale_salesman"
        ).id
        cls.warehouse_id = new_test_user(env, login=f"{login}_wh", groups="stock.group_stock_user").id
        cls.accountant_id = new_test_user(env, login=f"{login}_acc", groups="account.group_account_invoice").id

    # helpers

    def _committed(self, func):
        """Run ``func(env)`` as the superuser in a transaction of its own, committed."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            result = func(env)
            env.flush_all()  # the cursor flushes through the environments it still knows: keep this one alive
            return result

    def _race(self, *calls):
        """Run each ``(uid, func)`` in its own thread and cursor, all starting together; each ``func(env)`` is
        retried by Odoo's ``retrying`` on serialisation failures, as in a worker. Returns each result, or the
        exception it ended with."""
        barrier = threading.Barrier(len(calls))
        outcomes = [None] * len(calls)

        def run(index, uid, func):
            threading.current_thread().dbname = self.registry.db_name
            cr = self.registry.cursor()
            env = api.Environment(cr, uid, {})
            first = [True]

            def attempt():
                if first[0]:
                    first[0] = False
                    barrier.wait(timeout=60)
                return func(env)

            try:
                outcomes[index] = retrying(attempt, env)  # commits when it succeeds
            except Exception as error:
                cr.rollback()  # what a worker does with a failed request
                outcomes[index] = error
            finally:
                cr.close()

        threads = [threading.Thread(target=run, args=(i, uid, func)) for i, (uid, func) in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        self.assertFalse(any(thread.is_alive() for thread in threads), "a racing request hung")
        return outcomes

    def _delivered_order(self, env, partner, quantities):
        """A confirmed order of ``{product id: qty}`` delivered and invoiced (posted)."""
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "company_id": self.company_id,
                "order_line": [
                    Command.create({"product_id": product_id, "product_uom_qty": qty})
                    for product_id, qty in quantities.items()
                ],
            }
        )
        order.action_confirm()
        for move in order.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
        order.picking_ids.move_ids.picked = True
        order.picking_ids._action_done()
        order._create_invoices().action_post()
        return order

    def _return_vals(self, order, qty=1):
        return {
            "partner_id": order.partner_id.id,
            "sale_order_id": order.id,
            "line_ids": [
                Command.create({"sale_line_id": sol.id, "quantity": qty, "reason_id": self.reason_id})
                for sol in order.order_line
            ],
        }

    def _report(self, label, rounds, duplicates):
        message = f"race {label}: {rounds} rounds, {duplicates} duplicates"
        _logger.info(message)
        print(message)  # the figures docs/people.md quotes
        self.assertEqual(duplicates, 0, message)


class TestNumberingRaces(RaceCase):
    def test_first_returns_of_a_new_company_get_distinct_names(self):
        duplicates = 0
        for round_no in range(ROUNDS):
            company_id, partner_id = self._committed(
                lambda env, n=round_no: (
                    env["res.company"].create({"name": f"Race company {n} {fields.Datetime.now()}"}).id,
                    env["res.partner"].create({"name": f"Race customer {n}"}).id,
                )
            )

            # built once, as a JSON-RPC request carries them: Odoo's retry replays the same dictionaries
            sent = {
                "company_id": company_id,
                "partner_id": partner_id,
                "line_ids": [Command.create({"product_id": self.product_ids[0], "quantity": 1})],
            }

            def create(env, company_id=company_id, sent=sent):
                return env["revlog.return"].with_company(company_id).create(sent).name

            names = self._race((SUPERUSER_ID, create), (SUPERUSER_ID, create))
            self.assertTrue(all(isinstance(name, str) for name in names), names)
            duplicates += len(names) - len(set(names))
        self._report("first returns of a new company", ROUNDS, duplicates)

    def test_first_returns_of_a_new_year_get_distinct_names(self):
        def setup(env):
            sequence = env["ir.sequence"]._revlog_return_sequence(env["res.company"].browse(self.company_id))
            last_year = max([2099, *(r.date_to.year for r in sequence.date_range_ids)])
            return env["res.partner"].create({"name": "Race year customer"}).id, last_year + 1

        partner_id, first_year = self._committed(setup)  # years no return was numbered in yet

        duplicates = 0
        for round_no in range(ROUNDS):
            day = date(first_year + round_no, 6, 1)

            def create(env, day=day):
                ret = env["revlog.return"].create(
                    {
                        "company_id": self.company_id,
                        "partner_id": partner_id,
                        "date_request": day,
                        "line_ids": [Command.create({"product_id": self.product_ids[0], "quantity": 1})],
                    }
                )
                return ret.name

            names = self._race((SUPERUSER_ID, create), (SUPERUSER_ID, create))
            self.assertTrue(all(isinstance(name, str) for name in names), names)
            self.assertTrue(all(f"/{day.year}/" in name for name in names))
            duplicates += len(names) - len(set(names))
        self._report("first returns of a new year", ROUNDS, duplicates)


class TestWorkflowRaces(RaceCase):
    def test_one_return_per_customer_is_auto_approved_once(self):
        self._committed(
            lambda env: (
                env["revlog.return.policy"]
                .browse(self.policy_id)
                .write({"max_returns_per_partner": 1, "returns_period_days": 90, "auto_approve": True})
            )
        )
        duplicates = 0
        try:
            for round_no in range(ROUNDS):

                def setup(env, n=round_no):
                    partner = env["res.partner"].create({"name": f"Race limited customer {n}"})
                    return [self._delivered_order(env, partner, {self.product_ids[0]: 1}).id for __ in range(2)]

                order_ids = self._committed(setup)

                # one request's values each, replayed as sent when Odoo retries it
                sent = self._committed(
                    lambda env, o=order_ids: [self._return_vals(order) for order in env["sale.order"].browse(o)]
                )

                def create(env, vals):
                    return env["revlog.return"].create(vals).state

                states = self._race(*((self.clerk_id, lambda env, v=v: create(env, v)) for v in sent))
                self.assertTrue(all(isinstance(state, str) for state in states), states)
                approved = self._committed(
                    lambda env, o=order_ids: env["revlog.return"].search_count(
                        [("sale_order_id", "in", o), ("state", "=", "approved")]
                    )
                )
                self.assertGreaterEqual(approved, 1, "one of the two is approved")
                duplicates += approved - 1
        finally:
            self._committed(
                lambda env: (
                    env["revlog.return.policy"]
                    .browse(self.policy_id)
                    .write({"max_returns_per_partner": 0, "auto_approve": False})
                )
            )
        self._report("auto-approvals beyond one per customer", ROUNDS, duplicates)

    def _received_return(self, env, products=None):
        """A return of one unit of each product, approved and received, committed; its inspections answered."""
        partner = env["res.partner"].create({"name": "Race receipt customer"})
        order = self._delivered_order(env, partner, dict.fromkeys(products or self.product_ids[:1], 1))
        ret = env["revlog.return"].create(self._return_vals(order))
        ret.action_approve()
        receipt = ret.receipt_picking_ids
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
        receipt.move_ids.picked = True
        return ret, receipt

    def test_two_inspectors_finishing_one_return(self):
        stuck = 0
        for __ in range(ROUNDS):

            def setup(env):
                ret, receipt = self._received_return(env, self.product_ids)
                receipt.button_validate()
                ret.line_ids.inspection_id.answer_ids.write({"passed": True})
                return ret.id, ret.line_ids.inspection_id.ids

            return_id, inspection_ids = self._committed(setup)
            self.assertEqual(len(inspection_ids), 2)

            def finish(env, inspection_id):
                env["revlog.inspection"].browse(inspection_id).action_done()
                return True

            outcomes = self._race(*((self.warehouse_id, lambda env, i=i: finish(env, i)) for i in inspection_ids))
            self.assertEqual(outcomes, [True, True])
            state = self._committed(lambda env, r=return_id: env["revlog.return"].browse(r).state)
            self.assertIn(state, ("inspected", "done"))
            stuck += state == "received"
        self._report("returns left received by two inspectors", ROUNDS, stuck)

    def test_receipt_validated_twice_at_once(self):
        duplicates = 0
        for __ in range(ROUNDS):

            def setup(env):
                ret, receipt = self._received_return(env)
                return ret.id, receipt.id

            return_id, receipt_id = self._committed(setup)

            def validate(env, receipt_id=receipt_id):
                return env["stock.picking"].browse(receipt_id).button_validate()

            outcomes = self._race((self.warehouse_id, validate), (self.warehouse_id, validate))
            errors = [o for o in outcomes if isinstance(o, Exception)]
            self.assertEqual(len(errors), 1, outcomes)
            self.assertIsInstance(errors[0], UserError)
            self.assertIn("already validated", str(errors[0]))

            def count(env, return_id=return_id):
                ret = env["revlog.return"].browse(return_id)
                return ret.state, len(ret.line_ids.inspection_ids), ret.line_ids.qty_received

            state, inspections, received = self._committed(count)
            self.assertEqual(state, "received")
            duplicates += (inspections - 1) + int(received - 1)
        self._report("receipts validated twice", ROUNDS, duplicates)

    def test_credit_now_twice_at_once(self):
        duplicates = 0
        for __ in range(ROUNDS):

            def setup(env):
                ret, receipt = self._received_return(env)
                receipt.button_validate()
                ret.line_ids.inspection_id.answer_ids.write({"passed": True})
                ret.line_ids.inspection_id.action_done()
                # the credit note of the inspection is withdrawn: Credit Now must make exactly one again
                ret.refund_move_ids.unlink()
                return ret.id

            return_id = self._committed(setup)

            def credit(env, return_id=return_id):
                env["revlog.return"].browse(return_id).action_create_refunds()
                return True

            outcomes = self._race((self.accountant_id, credit), (self.accountant_id, credit))
            self.assertIn(True, outcomes)
            for outcome in outcomes:
                if isinstance(outcome, Exception):
                    self.assertIn("nothing is left to credit", str(outcome))
            refunds = self._committed(lambda env, r=return_id: len(env["revlog.return"].browse(r).refund_move_ids))
            self.assertGreaterEqual(refunds, 1)
            duplicates += refunds - 1
        self._report("credit notes made twice", ROUNDS, duplicates)
