from odoo import Command
from odoo.tests import tagged

from odoo.addons.revlog_returns_account import _drop_numbering_indexes

from .common import RevlogAccountCommon


@tagged("post_install", "-at_install", "revlog")
class TestCompanySetups(RevlogAccountCommon):
    """The set-ups companies run, each from a delivered and invoiced order to its credit note, with the general
    ledger checked as each test ends (assertBooksTie)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.revlog_post_credit_notes = True

    def _validate(self, pickings):
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.move_ids.picked = True
        pickings.with_context(skip_sms=True).button_validate()

    def test_three_step_reception_and_pick_pack_ship_in_a_second_warehouse(self):
        warehouse = self.env["stock.warehouse"].create(
            {"name": "Second", "code": "WH2", "reception_steps": "three_steps", "delivery_steps": "pick_pack_ship"}
        )
        self.assertTrue(warehouse.revlog_return_type_id, "a new warehouse gets its returns operation types")
        self.env["stock.quant"]._update_available_quantity(self.product, warehouse.lot_stock_id, 5)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "warehouse_id": warehouse.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 2, "price_unit": 40})],
            }
        )
        order.action_confirm()
        for __ in range(3):  # pick, pack, ship
            self._validate(order.picking_ids.filtered(lambda p: p.state == "assigned"))
        self.assertEqual(order.order_line.qty_delivered, 2.0)
        order._create_invoices().action_post()
        ret = self._flow(order, {order.order_line: 1})
        receipt = ret.receipt_picking_ids
        self.assertEqual(receipt.picking_type_id, warehouse.revlog_return_type_id)
        ship = order.picking_ids.filtered(lambda p: p.location_dest_id.usage == "customer").move_ids
        self.assertEqual(receipt.move_ids.origin_returned_move_id, ship, "it returns the last step, to the customer")
        self.assertEqual(ret.line_ids.location_dest_id.warehouse_id, warehouse)
        self.assertEqual(order.order_line.qty_delivered, 1.0)
        self.assertEqual(ret.refund_move_ids.state, "posted")
        self.assertOneCreditChannel(order)

    def test_taxes_with_a_discount_and_a_fiscal_position(self):
        tax_export = self.tax.copy({"name": "Export 5 %", "amount": 5.0})
        position = self.env["account.fiscal.position"].create(
            {"name": "Export", "tax_ids": [Command.create({"tax_src_id": self.tax.id, "tax_dest_id": tax_export.id})]}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "fiscal_position_id": position.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 2, "price_unit": 100.0, "discount": 10.0}
                    )
                ],
            }
        )
        order.action_confirm()
        self._validate(order.picking_ids)
        invoice = order._create_invoices()
        invoice.action_post()
        ret = self._flow(order, {order.order_line: 1})
        note = ret.refund_move_ids
        line = note.invoice_line_ids.filtered(lambda a: a.revlog_kind == "refund")
        self.assertEqual(line.tax_ids, tax_export, "the fiscal position's tax, as invoiced")
        self.assertEqual(note.fiscal_position_id, position)
        self.assertAlmostEqual(line.price_subtotal, 90.0, msg="net of the 10 % discount")
        self.assertAlmostEqual(note.amount_total, 94.5)
        self.assertAlmostEqual(ret.refund_amount, 90.0)
        self.assertOneCreditChannel(order)

    def test_tax_included_in_the_price(self):
        included = self.tax.copy({"name": "15 % included", "price_include_override": "tax_included"})
        product = self._revlog_product(
            "Included kettle", 46.0, 15.0, self.categ_root, taxes_id=[Command.set(included.ids)]
        )
        order = self._deliver_order([(product, 1, 46.0)])
        self.assertAlmostEqual(order.invoice_ids.amount_total, 46.0)
        ret = self._flow(order, {order.order_line: 1})
        note = ret.refund_move_ids
        self.assertAlmostEqual(note.amount_total, 46.0)
        self.assertAlmostEqual(note.amount_untaxed, 40.0)
        self.assertAlmostEqual(ret.refund_amount, 40.0, msg="the ledger is untaxed")
        self.assertOneCreditChannel(order)

    def test_units_sold_by_the_dozen(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 2,
                            "product_uom": dozen.id,
                            "price_unit": 400,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        self._validate(order.picking_ids)
        order._create_invoices().action_post()
        ret = self._flow(order, {order.order_line: 1})
        line = ret.line_ids
        self.assertEqual(line.product_uom_id, dozen)
        self.assertEqual(ret.receipt_picking_ids.move_ids.product_qty, 12.0, "a dozen units come back")
        self.assertEqual(line.qty_received, 1.0)
        self.assertAlmostEqual(ret.refund_amount, 400.0)
        self.assertAlmostEqual(ret.cost_amount, 12 * 15.0)
        self.assertEqual(order.order_line.qty_delivered, 1.0)
        self.assertOneCreditChannel(order)

    def test_a_paid_invoice(self):
        order = self._deliver_order([(self.product, 1, 40.0)])
        invoice = order.invoice_ids
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {}
        )._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        ret = self._flow(order, {order.order_line: 1})
        note = ret.refund_move_ids
        self.assertEqual(note.state, "posted")
        self.assertEqual(note.reversed_entry_id, invoice)
        self.assertEqual(note.payment_state, "not_paid", "the customer's credit waits to be paid back or used")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertOneCreditChannel(order)

    def test_a_delivery_split_in_two_shipments(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 4, "price_unit": 40})],
            }
        )
        order.action_confirm()
        first = order.picking_ids
        first.move_ids.quantity = 2
        first.move_ids.picked = True
        self._process_backorder(first.with_context(skip_sms=True).button_validate())
        second = order.picking_ids - first
        self.assertTrue(second, "a backorder for the rest")
        self._validate(second)
        order._create_invoices().action_post()
        ret = self._flow(order, {order.order_line: 3})
        self.assertEqual(
            ret.receipt_picking_ids.move_ids.origin_returned_move_id, (first | second).move_ids, "both shipments"
        )
        self.assertEqual(sum(ret.receipt_picking_ids.move_ids.mapped("quantity")), 3.0)
        self.assertEqual(order.order_line.qty_delivered, 1.0)
        self.assertAlmostEqual(ret.refund_amount, 120.0)
        self.assertOneCreditChannel(order)

    def test_a_consumable_product(self):
        leaflet = self.env["product.product"].create(
            {
                "name": "Leaflet pack",
                "type": "consu",
                "is_storable": False,
                "list_price": 10.0,
                "standard_price": 2.0,
                "categ_id": self.categ_root.id,
                "invoice_policy": "delivery",
            }
        )
        order = self._deliver_order([(leaflet, 3, 10.0)])
        ret = self._flow(order, {order.order_line: 2})
        self.assertEqual(ret.line_ids.qty_received, 2.0)
        self.assertFalse(ret.writedown_move_ids, "a consumable is not valued")
        self.assertEqual(ret.cost_amount, 0.0)
        self.assertAlmostEqual(ret.refund_amount, 20.0)
        self.assertFalse(ret.refund_move_ids.line_ids.filtered(lambda a: a.display_type == "cogs"))
        self.assertOneCreditChannel(order)

    def test_a_lot_tracked_product(self):
        coffee = self._revlog_product("Coffee beans", 12.0, 5.0, self.categ_root, tracking="lot")
        lot = self.env["stock.lot"].create({"name": "BEANS-01", "product_id": coffee.id})
        self._add_stock(coffee, 10, lot)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": coffee.id, "product_uom_qty": 5, "price_unit": 12.0})],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.move_line_ids = [
            Command.clear(),
            Command.create(
                {
                    "product_id": coffee.id,
                    "lot_id": lot.id,
                    "quantity": 5,
                    "location_id": picking.location_id.id,
                    "location_dest_id": picking.location_dest_id.id,
                    "picking_id": picking.id,
                }
            ),
        ]
        picking.move_ids.picked = True
        picking._action_done()
        order._create_invoices().action_post()
        ret = self._return(order, {order.order_line: 2}, reason=self.reason_mind)
        ret.action_approve()
        receipt = ret.receipt_picking_ids
        receipt.move_ids.move_line_ids = [
            Command.clear(),
            Command.create(
                {
                    "product_id": coffee.id,
                    "lot_id": lot.id,
                    "quantity": 2,
                    "location_id": receipt.location_id.id,
                    "location_dest_id": receipt.location_dest_id.id,
                    "picking_id": receipt.id,
                }
            ),
        ]
        receipt.move_ids.picked = True
        receipt.with_context(skip_sms=True).button_validate()
        self.assertEqual(ret.line_ids.lot_ids, lot)
        self._grade(ret.line_ids, self.grade_a)
        ret._validate_dispositions()
        self.assertEqual(ret.state, "done")
        self.assertAlmostEqual(ret.refund_amount, 24.0)
        self.assertEqual(self._quant_qty(coffee, self.warehouse.lot_stock_id, lot), 7.0)
        self.assertOneCreditChannel(order)

    def test_a_second_company(self):
        company = self.env["res.company"].create({"name": "Revlog Two", "country_id": self.company.country_id.id})
        self.env.user.company_ids |= company
        self.env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)
        company.anglo_saxon_accounting = True
        company.revlog_post_credit_notes = True
        env = self.env(context=dict(self.env.context, allowed_company_ids=[company.id]))
        accounts = env["account.account"].with_company(company)
        category = (
            env["product.category"]
            .with_company(company)
            .create(
                {
                    "name": "Two's goods",
                    "property_valuation": "real_time",
                    "property_cost_method": "fifo",
                    "property_stock_valuation_account_id": accounts.search(
                        [("account_type", "=", "asset_current"), ("company_ids", "in", company.id)], limit=1
                    ).id,
                }
            )
        )
        self.assertTrue(category.with_company(company).property_stock_account_output_categ_id)
        product = (
            env["product.product"]
            .with_company(company)
            .create(
                {
                    "name": "Two's kettle",
                    "is_storable": True,
                    "list_price": 40.0,
                    "standard_price": 15.0,
                    "categ_id": category.id,
                    "invoice_policy": "delivery",
                    "company_id": company.id,
                }
            )
        )
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        env["stock.quant"].with_company(company).with_context(inventory_mode=True).create(
            {"product_id": product.id, "location_id": warehouse.lot_stock_id.id, "inventory_quantity": 10}
        ).action_apply_inventory()
        env["revlog.return.policy"].create(
            {"name": "Two, 30 days", "company_id": company.id, "return_window_days": 30, "refund_timing": "on_receipt"}
        )
        customer = env["res.partner"].create({"name": "Two's customer", "company_id": company.id})
        order = (
            env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 2, "price_unit": 40.0})
                    ],
                }
            )
        )
        order.action_confirm()
        self._validate(order.picking_ids)
        order._create_invoices().action_post()
        ret = env["revlog.return"].create(
            {
                "partner_id": customer.id,
                "sale_order_id": order.id,
                "company_id": company.id,
                "line_ids": [
                    Command.create(
                        {"sale_line_id": order.order_line.id, "quantity": 1, "reason_id": self.reason_mind.id}
                    )
                ],
            }
        )
        ret.action_approve()
        self.assertEqual(ret.receipt_picking_ids.picking_type_id.warehouse_id, warehouse)
        self._validate(ret.receipt_picking_ids)
        note = ret.refund_move_ids
        self.assertEqual(note.state, "posted")
        self.assertEqual(note.company_id, company)
        self.assertEqual(ret.name.split("/")[0], "RMA")
        self.assertAlmostEqual(ret.refund_amount, 40.0)
        self.assertOneCreditChannel(order)
        self.assertBooksTie(company=company)

    def test_the_returns_journal_gives_way_to_a_new_chart_of_accounts(self):
        # a change of chart of accounts deletes the company's journals that hold no entry: revlog's is one of them
        journal = self.env["account.journal"].create(
            {"name": "Returns (old chart)", "code": "RLOLD", "type": "general", "company_id": self.company.id}
        )
        self.company.revlog_journal_id = journal
        journal.unlink()
        self.assertFalse(self.company.revlog_journal_id, "the company forgets a deleted journal")

    def test_uninstall_drops_the_numbering_indexes_and_a_new_install_takes_back_the_accounts(self):
        def indexes():
            self.env.cr.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'revlog_account_move_%'")
            return {name for (name,) in self.env.cr.fetchall()}

        self.assertEqual(len(indexes()), 2)
        _drop_numbering_indexes(self.env)
        self.assertFalse(indexes())
        # uninstalling keeps the accounts (entries cite them) and forgets the company's settings: a new install
        # finds the accounts it made before instead of numbering a second set
        names = [
            "revlog_writedown_account_id",
            "revlog_disposal_account_id",
            "revlog_fee_account_id",
            "revlog_refund_liability_account_id",
            "revlog_return_asset_account_id",
            "revlog_journal_id",
        ]
        company = self.company
        before = {name: company[name] for name in names}
        self.assertTrue(all(before.values()))
        accounts = self.env["account.account"].search_count([("company_ids", "in", company.ids)])
        company.write(dict.fromkeys(names, False))
        company._revlog_setup_accounting()
        self.assertEqual({name: company[name] for name in names}, before)
        self.assertEqual(self.env["account.account"].search_count([("company_ids", "in", company.ids)]), accounts)
