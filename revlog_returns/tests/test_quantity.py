from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import RevlogCommon


@tagged("revlog")
class TestQuantity(RevlogCommon):
    """No line is ever returned beyond what was delivered and not yet returned."""

    def setUp(self):
        super().setUp()
        self.order = self._deliver_order([(self.product, 3)])
        self.sol = self.order.order_line

    def _count(self):
        return self.env["revlog.return"].search_count([("sale_order_id", "=", self.order.id)])

    def test_two_returns_never_exceed_delivered(self):
        first = self._return(self.order, {self.sol: 2})
        self.assertEqual(first.line_ids.qty_returnable, 3.0)
        with self.assertRaisesRegex(
            ValidationError, r"quantity: Kettle 2 of 1 returnable \(3 delivered, 2 on other returns\): refused"
        ):
            self._return(self.order, {self.sol: 2})
        self.assertEqual(self._count(), 1, "the refused return was not written")
        second = self._return(self.order, {self.sol: 1})
        self.assertEqual(second.line_ids.qty_returned_before, 2.0)
        self.assertEqual(second.line_ids.qty_returnable, 1.0)
        self.assertEqual(first.line_ids.qty_returned_before, 1.0)
        # raising a quantity later is checked the same way
        with self.assertRaisesRegex(ValidationError, r"of \d+ returnable .*: refused"):
            first.line_ids.quantity = 3
        self.assertEqual(first.line_ids.quantity, 2.0)

    def test_cancelled_returns_free_their_quantity(self):
        first = self._return(self.order, {self.sol: 3})
        first.action_cancel()
        second = self._return(self.order, {self.sol: 3})
        self.assertEqual(second.line_ids.qty_returnable, 3.0)
        # bringing the cancelled one back would exceed the delivery: refused, and it stays cancelled
        with self.assertRaisesRegex(ValidationError, r"of \d+ returnable .*: refused"):
            first.action_reset_draft()
        self.assertEqual(first.state, "cancelled")

    def test_zero_negative_and_over_quantities(self):
        for qty, message in ((0, "must be positive"), (-1, "must be positive"), (4, r"of \d+ returnable .*: refused")):
            with self.subTest(qty=qty), self.assertRaisesRegex(ValidationError, message):
                self._return(self.order, {self.sol: qty})
        self.assertEqual(self._count(), 0, "nothing was written")
        self.assertFalse(self.env["revlog.return.line"].search([("sale_line_id", "=", self.sol.id)]))

    def test_two_lines_of_one_return_on_the_same_order_line(self):
        with self.assertRaisesRegex(ValidationError, r"of \d+ returnable .*: refused"):
            self.env["revlog.return"].create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": self.order.id,
                    "line_ids": [
                        Command.create({"sale_line_id": self.sol.id, "product_id": self.product.id, "quantity": 2}),
                        Command.create({"sale_line_id": self.sol.id, "product_id": self.product.id, "quantity": 2}),
                    ],
                }
            )
        self.assertEqual(self._count(), 0)

    def test_line_from_another_order_refused(self):
        other = self._deliver_order([(self.product, 1)])
        with self.assertRaisesRegex(ValidationError, "belongs to order"):
            self._return(self.order, {other.order_line: 1})
        self.assertEqual(self._count(), 0)

    def test_lines_frozen_after_approval(self):
        ret = self._return(self.order, {self.sol: 1})
        ret.action_approve()
        with self.assertRaisesRegex(UserError, "cannot change the products or quantities"):
            ret.line_ids.quantity = 2
