from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged, users

from .common import RevlogCommon


@tagged("revlog")
class TestReturnWizard(RevlogCommon):
    """The sale order's Return button, through the form a clerk sees."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._deliver_order([(cls.product, 3), (cls.phone, 1)])

    @users("rl_clerk")
    def test_wizard_proposes_nothing_the_customer_did_not_ask_for(self):
        """Clicked straight through, the wizard returns nothing: every line starts at 0, and a product marked
        non-returnable is not offered at all."""
        tips = self._revlog_product("Earbud tips", 5.0, 1.0, self.categ_root, non_returnable=True)
        order = self._deliver_order([(self.product, 2), (tips, 2)]).with_env(self.env)
        action = order.action_revlog_return()
        wizard_form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual([line["quantity"] for line in wizard_form.line_ids._records], [0.0])
        self.assertEqual(len(wizard_form.line_ids._records), 1, "no line of the non-returnable tips")
        with self.assertRaisesRegex(UserError, "set a quantity on at least one line"):
            wizard_form.save().action_create_return()
        self.assertFalse(order.sudo().revlog_return_ids)

    @users("rl_clerk")
    def test_a_reason_is_needed_before_approval(self):
        action = self.order.with_env(self.env).action_revlog_return()
        wizard_form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        with wizard_form.line_ids.edit(0) as line:
            line.quantity = 1
        ret = self.env["revlog.return"].browse(wizard_form.save().action_create_return()["res_id"])
        self.assertEqual(ret.state, "draft", "saved without a reason")
        with self.assertRaisesRegex(UserError, r"\(Kettle\): give each line its reason before approving"):
            ret.action_approve()
        self.assertEqual(ret.state, "draft")
        ret.line_ids.reason_id = self.reason_mind
        ret.action_approve()
        self.assertEqual(ret.state, "approved")

    @users("rl_clerk")
    def test_wizard_prefilled_with_returnable_quantities(self):
        order = self.order.with_env(self.env)
        self.assertTrue(order.revlog_can_return)
        self._return(order, {order.order_line[0]: 1})
        action = order.action_revlog_return()
        wizard_form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(wizard_form.line_ids._records[0]["qty_returnable"], 2.0)
        self.assertEqual(
            [
                (line["qty_delivered"], line["qty_returned_before"], line["quantity"])
                for line in wizard_form.line_ids._records
            ],
            [(3.0, 1.0, 0.0), (1.0, 0.0, 0.0)],
        )
        wizard_form.reason_id = self.reason_mind
        with wizard_form.line_ids.edit(0) as line:
            line.quantity = 1
        wizard = wizard_form.save()
        result = wizard.action_create_return()
        ret = self.env["revlog.return"].browse(result["res_id"])
        self.assertEqual(ret.sale_order_id, order)
        self.assertEqual(ret.partner_id, order.partner_id)
        self.assertEqual(ret.line_ids.product_id, self.product, "lines left at 0 are skipped")
        self.assertEqual(ret.line_ids.quantity, 1.0)
        self.assertEqual(ret.line_ids.reason_id, self.reason_mind)
        self.assertEqual(ret.line_ids.price_unit, order.order_line[0].price_unit)
        self.assertEqual(order.revlog_return_count, 2)
        self.assertTrue(ret.eligibility_ok)

    @users("rl_clerk")
    def test_wizard_refuses_too_many_units(self):
        action = self.order.with_env(self.env).action_revlog_return()
        wizard_form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        with wizard_form.line_ids.edit(0) as line:
            line.quantity = 5
        with self.assertRaisesRegex(
            ValidationError, r"quantity: .* 5 of 3 returnable \(3 delivered, 0 on other returns\)"
        ):
            wizard_form.save()

    @users("rl_clerk")
    def test_wizard_needs_a_quantity(self):
        action = self.order.with_env(self.env).action_revlog_return()
        wizard_form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        for index in range(2):
            with wizard_form.line_ids.edit(index) as line:
                line.quantity = 0
        with self.assertRaisesRegex(UserError, "set a quantity on at least one line"):
            wizard_form.save().action_create_return()
        self.assertFalse(self.order.revlog_return_ids)

    @users("rl_clerk")
    def test_return_form_for_a_customer(self):
        """From the Returns menu: pick the order, the customer follows, then the lines."""
        form = Form(self.env["revlog.return"])
        form.sale_order_id = self.order
        self.assertEqual(form.partner_id, self.customer)
        with form.line_ids.new() as line:
            line.sale_line_id = self.order.order_line[1]
            self.assertEqual(line.product_id, self.phone)
            line.quantity = 1
            line.reason_id = self.reason_defective
        self.assertTrue(form.eligibility_ok, "the verdict shows before saving")
        ret = form.save()
        self.assertEqual(ret.policy_id, self.policy)
        self.assertEqual(ret.amount_untaxed, self.order.order_line[1].price_subtotal)

    def test_undelivered_order_has_no_return_button(self):
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [Command.create({"product_id": self.product.id})]}
        )
        self.assertFalse(order.revlog_can_return)
        with self.assertRaisesRegex(UserError, "not confirmed"):
            order.action_revlog_return()
