import re
from datetime import timedelta

from odoo import Command, fields
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
        self.own_return.action_approve()
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

    def test_what_the_policy_refuses_is_explained_not_offered(self):
        self.product.write({"non_returnable": True, "non_returnable_reason": "for hygiene reasons"})
        late_lamp = self._revlog_product("Lamp", 30.0, 10.0, self.categ_root)
        order = self._deliver_order([(self.product, 1), (late_lamp, 1)])
        order.picking_ids.move_ids.filtered(lambda m: m.product_id == late_lamp).date = (
            fields.Datetime.now() - timedelta(days=60)
        )
        order.message_subscribe(partner_ids=self.customer.ids)
        page = self.url_open(f"/my/orders/{order.id}/return").text
        self.assertIn("Kettle cannot be returned for hygiene reasons.", page)
        self.assertRegex(page, r"Lamp was delivered on .*: returns are accepted within 30 days of delivery\.")
        self.assertNotIn(f'name="qty_{order.order_line[0].id}"', page, "no quantity to type for a refused line")
        self.assertNotIn(f'name="qty_{order.order_line[1].id}"', page)
        # forcing one in anyway creates nothing
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        kettle = order.order_line[0]
        self.url_open(
            f"/my/orders/{order.id}/return",
            data={"csrf_token": token, f"qty_{kettle.id}": "1", f"reason_{kettle.id}": str(self.reason_mind.id)},
        )
        self.assertFalse(self.env["revlog.return"].search([("sale_order_id", "=", order.id)]))

    def test_refusal_in_the_customers_words_keeps_the_answers(self):
        self.policy.write({"max_returns_per_partner": 1, "returns_period_days": 30})
        response = self._post_request(self.order, 2, note="Too big for my kitchen")
        self.assertIn("We cannot accept this return", response.text)
        self.assertIn("You have reached the 1 return(s) we accept online in 30 days", response.text)
        self.assertNotIn("refused", response.text, "the customer never reads the trace")
        self.assertIn('value="2"', response.text, "the quantity typed is kept")
        self.assertIn("Too big for my kitchen", response.text)
        self.assertRegex(response.text, rf'<option value="{self.reason_mind.id}" selected')
        self.assertEqual(self.env["revlog.return"].search_count([("sale_order_id", "=", self.order.id)]), 1)

    def test_request_more_than_returnable_is_refused(self):
        response = self._post_request(self.order, 5)
        # in the words the clerk's trace and the Return wizard use
        self.assertRegex(response.text, r"Kettle 5 of 2 returnable \(\d+ delivered, \d+ on other returns\)")
        self.assertEqual(self.env["revlog.return"].search_count([("sale_order_id", "=", self.order.id)]), 1)

    def test_order_page_offers_the_request_and_the_request_form_preselects_no_reason(self):
        order_page = self.url_open(self.order.get_portal_url()).text
        self.assertIn(f'href="/my/orders/{self.order.id}/return"', order_page)
        self.assertIn("Request a return", order_page)
        form = self.url_open(f"/my/orders/{self.order.id}/return").text
        self.assertRegex(form, r'<option value="">Choose a reason…</option>\s*<option value="\d+">')
        self.assertIn('<td class="text-end">2</td>', form, "quantities without .0")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        sol = self.order.order_line
        response = self.url_open(
            f"/my/orders/{self.order.id}/return",
            data={"csrf_token": token, f"qty_{sol.id}": "1", f"reason_{sol.id}": ""},
        )
        self.assertIn("Tell us why you return Kettle.", response.text)
        # a sale order's page says so in its breadcrumb (purchase's reads any "order" as a purchase order)
        self.assertNotIn("Purchase Orders", form)
        self.assertIn(f"Return from {self.order.name}", form)

    def test_confirmation_statuses_and_slip_once_approved(self):
        response = self._post_request(self.order, 1)
        created = self.env["revlog.return"].search([("sale_order_id", "=", self.order.id)], order="id desc", limit=1)
        self.assertIn("Thank you, we have your request.", response.text)
        self.assertIn("Requested", response.text)
        self.assertNotIn("Draft", response.text)
        self.assertNotIn("report_type=pdf", response.text, "no slip before approval")
        slip = self.url_open(f"/my/returns/{created.id}?report_type=pdf&download=true")
        self.assertNotEqual(slip.headers["Content-Type"], "application/pdf")
        created.action_approve()
        page = self.url_open(f"/my/returns/{created.id}").text
        self.assertIn("Approved — send it back", page)
        self.assertIn("report_type=pdf", page)
        html = self.url_open(f"/my/returns/{created.id}?report_type=html").text
        self.assertIn("Too small", html, "the slip shows the customer's note")
        self.assertNotIn("Customer's note</th>", html, "no empty column: the one note prints below the lines")
        # once approved, the request's confirmation page no longer says "we write to you when it is approved"
        confirmed = self.url_open(f"/my/returns/{created.id}?requested=1").text
        self.assertNotIn("as soon as it is approved", confirmed)
        self.assertIn("Approved: print the return slip", confirmed)

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
