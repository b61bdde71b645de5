from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import RevlogCommon


@tagged("revlog")
class TestMultiCompany(RevlogCommon):
    """A user of company B neither reads nor creates returns on company A's orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Revlog B"})
        cls.clerk_b = new_test_user(
            cls.env,
            login="rl_clerk_b",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
            groups="base.group_user,revlog_returns.group_returns_user,sales_team.group_sale_salesman",
        )
        cls.order_a = cls._deliver_order([(cls.product, 2)])
        cls.return_a = cls.env["revlog.return"].create(
            {
                "partner_id": cls.customer.id,
                "sale_order_id": cls.order_a.id,
                "line_ids": [
                    Command.create(
                        {"sale_line_id": cls.order_a.order_line.id, "product_id": cls.product.id, "quantity": 1}
                    )
                ],
            }
        )

    def test_company_b_cannot_read_company_a_returns(self):
        env_b = self.env(user=self.clerk_b)
        self.assertFalse(env_b["revlog.return"].search([("id", "=", self.return_a.id)]))
        with self.assertRaises(AccessError):
            self.return_a.with_env(env_b).name  # noqa: B018
        with self.assertRaises(AccessError):
            self.return_a.with_env(env_b).action_approve()
        self.assertEqual(self.return_a.state, "draft")

    def test_company_b_cannot_return_company_a_order(self):
        env_b = self.env(user=self.clerk_b)
        with self.assertRaises(AccessError):
            env_b["revlog.return"].create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": self.order_a.id,
                    "company_id": self.company_b.id,
                    "line_ids": [
                        Command.create(
                            {"sale_line_id": self.order_a.order_line.id, "product_id": self.product.id, "quantity": 1}
                        )
                    ],
                }
            )
        self.assertEqual(self.env["revlog.return"].search_count([("sale_order_id", "=", self.order_a.id)]), 1)

    def test_company_b_numbering_and_policies(self):
        policy_b = self.env["revlog.return.policy"].create({"name": "B policy", "company_id": self.company_b.id})
        env_b = self.env(user=self.clerk_b)
        partner = self.env["res.partner"].create({"name": "B customer", "company_id": self.company_b.id})
        ret = env_b["revlog.return"].create({"partner_id": partner.id})
        self.assertEqual(ret.company_id, self.company_b)
        self.assertEqual(ret.policy_id, policy_b, "only company B's policies apply to its returns")
        self.assertTrue(ret.name.startswith("RMA/"))
        self.assertNotEqual(
            self.env["ir.sequence"]._revlog_return_sequence(self.company_b),
            self.env["ir.sequence"]._revlog_return_sequence(self.company),
        )
