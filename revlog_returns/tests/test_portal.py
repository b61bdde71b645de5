import re

from odoo import Command
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import RevlogTestMixin


@tagged("post_install", "-at_install", "revlog")
class TestPortal(RevlogTestMixin, HttpCase):
    """Customers see their own returns on /my, print the slip, and request returns within policy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_revlog()
        cls.portal_user = new_test_user(
            cls.env,
            login="rl_portal",
            password="rl_portal",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.order = cls._deliver_order([(cls.product, 3)])
        cls.other_order = cls._deliver_order([(cls.product, 1)], partner=cls.other_customer)
        for order in cls.order | cls.other_order:
            order.message_subscribe(partner_ids=order.partner_id.ids)
        cls.own_return = cls.env["revlog.return"].create(
            {
                "partner_id": cls.customer.id,
                "sale_order_id": cls.order.id,
                "line_ids": [
                    Command.create(
                        {
                            "sale_line_id": cls.order.order_line.id,
                            "product_id": cls.product.id,
                            "quantity": 1,
                            "reason_id": cls.reason_damaged.id,
                        }
                    )
                ],
            }
        )
        cls.other_return = cls.env["revlog.return"].create(
            {
                "partner_id": cls.other_customer.id,
                "sale_order_id": cls.other_order.id,
                "line_ids": [
                    Command.create(
                        {"sale_line_id": cls.other_order.order_line.id, "product_id": cls.product.id, "quantity": 1}
                    )
                ],
            }
        )

    def setUp(self):
        super().setUp()
        self.authenticate("rl_portal", "rl_portal")

    def test_list_and_detail_show_only_own_returns(self):
        response = self.url_open("/my/returns")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.own_return.name, response.text)
        self.assertNotIn(self.other_return.name, response.text)
        self.assertIn(f"/my/orders/{self.order.id}/return", response.text, "delivered orders can be returned")
        detail = self.url_open(f"/my/returns/{self.own_return.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn(self.product.display_name, detail.text)
        other = self.url_open(f"/my/returns/{self.other_return.id}")
        self.assertNotIn(self.other_return.name, other.text)
        self.assertTrue(other.url.endswith("/my"), "another customer's return redirects home")
        self.assertEqual(
            self.env["revlog.return"].with_user(self.portal_user).search([]),
            self.own_return,
            "the record rule gives a portal user their own returns only",
        )

    def test_return_slip_pdf(self):
        response = self.url_open(f"/my/returns/{self.own_return.id}?report_type=pdf&download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # Odoo serves reports as HTML while testing unless forced: render the real PDF (wkhtmltopdf) here
        pdf, __ = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("revlog_returns.action_report_revlog_return", self.own_return.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        html = self.url_open(f"/my/returns/{self.own_return.id}?report_type=html").text
        self.assertIn(self.own_return.name, html)
        self.assertIn(self.reason_damaged.name, html)
        self.assertIn(f'alt="Barcode {self.own_return.name}"', html, "the slip carries the return number as a barcode")

    def _post_request(self, order, quantity, note="Too small"):
        page = self.url_open(f"/my/orders/{order.id}/return")
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        sol = order.order_line
        return self.url_open(
            f"/my/orders/{order.id}/return",
            data={
                "csrf_token": token,
                f"qty_{sol.id}": str(quantity),
                f"reason_{sol.id}": str(self.reason_mind.id),
                "customer_note": note,
            },
        )

    def test_request_a_return_within_policy(self):
        before = self.env["revlog.return"].search([("sale_order_id", "=", self.order.id)])
        response = self._post_request(self.order, 2)
        created = self.env["revlog.return"].search([("sale_order_id", "=", self.order.id)]) - before
        self.assertEqual(len(created), 1)
        self.assertIn(f"/my/returns/{created.id}", response.url)
        self.assertEqual((created.line_ids.quantity, created.line_ids.reason_id), (2.0, self.reason_mind))
        self.assertEqual(created.commercial_partner_id, self.customer)
        self.assertEqual(created.customer_note, "Too small")
        self.assertTrue(created.eligibility_ok)

    def test_request_outside_policy_is_refused_and_not_written(self):
        late = self._deliver_order([(self.product, 1)], days_ago=60)
        late.message_subscribe(partner_ids=self.customer.ids)
        response = self._post_request(late, 1)
        self.assertIn("outside our return policy", response.text)
        self.assertIn("60 d: refused", response.text)
        self.assertFalse(self.env["revlog.return"].search([("sale_order_id", "=", late.id)]))

    def test_request_more_than_returnable_is_refused(self):
        response = self._post_request(self.order, 5)
        self.assertIn("5 of 2 returnable", response.text)
        self.assertEqual(self.env["revlog.return"].search_count([("sale_order_id", "=", self.order.id)]), 1)

    def test_bad_input_answers_the_form_again(self):
        """Never a server error: each bad value gets the form back with a message, and nothing is written."""
        for raw in ("nan", "inf", "-inf", "1e308", "abc", "-1"):
            with self.subTest(raw=raw):
                response = self._post_request(self.order, raw)
                self.assertEqual(response.status_code, 200)
                self.assertIn(f"{raw} is not a quantity", response.text)
        response = self._post_request(self.order, "1.5")
        self.assertEqual(response.status_code, 200)
        self.assertIn("1.5 Units of Kettle is not a whole number of units", response.text)
        response = self._post_request(self.order, 1, note="bad\x00note")
        self.assertEqual(response.status_code, 200)
        self.assertIn("NUL character", response.text)
        self.assertEqual(self.env["revlog.return"].search_count([("sale_order_id", "=", self.order.id)]), 1)

    def test_internal_fields_stay_internal_through_json_rpc(self):
        self.own_return.write({"note": "<p>Difficult customer</p>", "to_review": True, "review_note": "fraud?"})
        call = "/web/dataset/call_kw/revlog.return/"
        for field in ("note", "review_note", "to_review"):
            with self.subTest(field=field), self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.make_jsonrpc_request(
                    call + "read",
                    {"model": "revlog.return", "method": "read", "args": [self.own_return.ids, [field]], "kwargs": {}},
                )
        records = self.make_jsonrpc_request(
            call + "search_read",
            {"model": "revlog.return", "method": "search_read", "args": [[]], "kwargs": {}},
        )
        self.assertEqual([r["id"] for r in records], self.own_return.ids)
        self.assertFalse({"note", "review_note", "to_review", "override_reason"} & records[0].keys())
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.make_jsonrpc_request(
                call + "write",
                {
                    "model": "revlog.return",
                    "method": "write",
                    "args": [self.own_return.ids, {"state": "done"}],
                    "kwargs": {},
                },
            )
        self.assertEqual(self.own_return.state, "draft")

    def test_cannot_request_on_another_customers_order(self):
        response = self.url_open(f"/my/orders/{self.other_order.id}/return")
        self.assertTrue(response.url.endswith("/my"))
