from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RevlogCommon

WINDOW = "window %(days)s d: %(product)s delivered %(delivered)s, requested %(requested)s, %(elapsed)s d"


@tagged("revlog")
class TestTraceLanguage(RevlogCommon):
    """The eligibility trace is kept as data and read in each reader's language, whoever wrote it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("fr_FR", "de_DE"):
            cls.env["res.lang"]._activate_lang(code)

    def _french_request(self, order):
        """A return asked in French, as a French customer's portal request is evaluated."""
        return (
            self.env["revlog.return"]
            .with_context(lang="fr_FR")
            .create(
                {
                    "partner_id": order.partner_id.id,
                    "sale_order_id": order.id,
                    "line_ids": [
                        Command.create(
                            {
                                "sale_line_id": order.order_line.id,
                                "product_id": order.order_line.product_id.id,
                                "quantity": 1,
                                "reason_id": self.reason_damaged.id,
                            }
                        )
                    ],
                }
            )
        )

    def test_a_trace_written_in_french_reads_in_each_readers_language(self):
        order = self._deliver_order([(self.product, 1)], days_ago=45)
        ret = self._french_request(order)
        delivered = self.company._revlog_today() - timedelta(days=45)
        window = next(check for check in ret.eligibility_checks if check["rule"] == "window")
        self.assertFalse(window["ok"])
        self.assertEqual(window["text"]["msg"], WINDOW, "the rule's English source is kept, not its French text")
        self.assertEqual(window["text"]["args"]["delivered"], {"date": delivered.isoformat()})

        english = ret.with_context(lang="en_US")
        self.assertIn(f"window 30 d: {self.product.display_name} delivered {delivered}", english.eligibility_trace)
        self.assertIn("45 d: refused", english.eligibility_trace, "a refused rule reads refused, not ok")
        self.assertNotIn("refusé", english.eligibility_trace)
        rows = english.env["revlog.policy.engine"]._trace_rows(english.eligibility_checks)
        self.assertEqual(rows[0][0], "window 30 d")
        self.assertTrue(rows[0][2], "refused first")
        html = str(english.eligibility_html)
        self.assertIn('<tr class="table-danger fw-bold"><td>window 30 d</td>', html)
        self.assertIn(delivered.strftime("%m/%d/%Y"), html, "the English reader's date format")

        french = ret.with_context(lang="fr_FR")
        self.assertIn("délai 30 j : ", french.eligibility_trace)
        self.assertIn(": refusé", french.eligibility_trace)
        self.assertIn(delivered.strftime("%d/%m/%Y"), str(french.eligibility_html), "the French reader's dates")

        german = ret.with_context(lang="de_DE")
        self.assertIn("Frist 30 Tage: ", german.eligibility_trace)
        self.assertIn(": abgelehnt", german.eligibility_trace)

        # the English clerk who tries to approve it is told why in English
        with self.assertRaisesRegex(UserError, r"window 30 d: .* 45 d: refused"):
            ret.with_user(self.clerk).with_context(lang="en_US").action_approve()
        self.assertEqual(ret.state, "draft")

    def test_the_customer_reads_the_refusal_in_their_language(self):
        order = self._deliver_order([(self.product, 1)], days_ago=45)
        ret = self._french_request(order)
        engine = self.env["revlog.policy.engine"]
        for lang, sentence in (
            ("en_US", "returns are accepted within 30 days of delivery"),
            ("de_DE", "30 Tage"),
            ("fr_FR", "30 jours"),
        ):
            ok, __, words = engine.with_context(lang=lang)._evaluate(ret.with_context(lang=lang), customer=True)[ret]
            self.assertFalse(ok)
            self.assertIn(sentence, dict(words)["window"], lang)

    def test_an_eligible_trace_reads_ok_in_english_after_a_german_check(self):
        order = self._deliver_order([(self.product, 1)], days_ago=3)
        ret = self._french_request(order)
        ret.with_context(lang="de_DE")._check_eligibility()
        self.assertTrue(ret.eligibility_ok)
        trace = ret.with_context(lang="en_US").eligibility_trace
        self.assertIn("3 d: ok", trace)
        self.assertNotIn("refused", trace)
        self.assertNotIn("Frist", trace)
