from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "revlog")
class TestDemoRoles(HttpCase):
    """The demo logins, each with exactly its role's groups, through their main screens in the browser: a return
    with a serial number, a write-down and a scrap waiting. A screen or button answering with an access error
    fails the tour."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.clerk = ref("revlog_returns.user_returns_clerk", raise_if_not_found=False)
        if not cls.clerk:
            return
        # the portal customer sends back a phone by its serial number, received by the warehouse
        order = ref("revlog_returns.demo_so_portal")
        phone_line = order.order_line.filtered(lambda ln: ln.product_id == ref("revlog_returns.product_smartphone"))
        cls.serial_return = (
            cls.env["revlog.return"]
            .with_user(cls.clerk)
            .create(
                {
                    "partner_id": order.partner_id.id,
                    "sale_order_id": order.id,
                    "line_ids": [
                        Command.create(
                            {
                                "sale_line_id": phone_line.id,
                                "quantity": 1,
                                "reason_id": ref("revlog_returns.reason_defective").id,
                            }
                        )
                    ],
                }
            )
        )
        cls.serial_return.action_approve()
        receipt = cls.serial_return.receipt_picking_ids
        move = receipt.move_ids
        move.move_line_ids = [Command.clear()] + [
            Command.create(
                {
                    "product_id": move.product_id.id,
                    "lot_id": order.picking_ids.move_line_ids.lot_id[:1].id,
                    "quantity": 1,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "picking_id": receipt.id,
                }
            )
        ]
        move.picked = True
        receipt.with_user(ref("revlog_returns.user_warehouse")).with_context(skip_sms=True).button_validate()
        cls.written_down = ref("revlog_returns.demo_return_damaged_headphones")
        cls.scrapped = ref("revlog_returns_account.demo_return_dead_headphone")

    def setUp(self):
        super().setUp()
        if not self.clerk:
            self.skipTest("the demo logins come with the demo data")

    def _form_url(self, action_xmlid, record):
        return f"/odoo/action-{action_xmlid}/{record.id}"

    def test_clerk(self):
        self.assertTrue(self.serial_return.line_ids.lot_names, "a serial is on the return")
        self.assertEqual(self.serial_return.state, "received")
        self.start_tour(
            self._form_url("revlog_returns.revlog_return_action", self.serial_return),
            "revlog_demo_clerk_tour",
            login="clerk",
        )

    def test_manager(self):
        self.start_tour(
            "/odoo/action-revlog_returns.revlog_dashboard_action", "revlog_demo_manager_tour", login="manager"
        )
        late = self.env.ref("revlog_returns.demo_return_late_lamp")
        self.assertFalse(late.eligibility_ok)
        self.start_tour(
            self._form_url("revlog_returns.revlog_return_action", late),
            "revlog_demo_manager_override_tour",
            login="manager",
        )

    def test_warehouse(self):
        self.assertTrue(self.scrapped.scrap_ids.filtered(lambda s: s.state == "draft"), "a scrap waits")
        self.start_tour("/odoo/action-stock.stock_picking_type_action", "revlog_demo_warehouse_tour", login="warehouse")
        disposition = self.written_down.disposition_picking_ids
        self.start_tour(
            self._form_url("stock.action_picking_tree_all", disposition),
            "revlog_demo_warehouse_transfer_tour",
            login="warehouse",
        )

    def test_accountant(self):
        self.assertTrue(self.written_down.writedown_move_ids)
        credit_note = self.written_down.refund_move_ids[:1]
        self.start_tour(
            self._form_url("revlog_returns_account.revlog_credit_note_action", credit_note),
            "revlog_demo_accountant_tour",
            login="accountant",
        )
