from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.revlog_returns_stock import _archive_warehouse_returns_data, _create_warehouse_returns_data

from .common import RevlogStockCommon


@tagged("revlog")
class TestWarehouse(RevlogStockCommon):
    def test_new_warehouse_gets_locations_and_types(self):
        wh = self.env["stock.warehouse"].create({"name": "Returns Hub", "code": "RHUB"})
        for field in (
            "revlog_inspection_loc_id",
            "revlog_repair_loc_id",
            "revlog_recycle_loc_id",
            "revlog_bstock_loc_id",
            "revlog_vendor_loc_id",
        ):
            self.assertEqual(wh[field].usage, "internal", field)
            self.assertEqual(wh[field].warehouse_id, wh, field)
        self.assertEqual(wh.revlog_inspection_loc_id.complete_name, "RHUB/Returns Inspection")
        self.assertEqual(wh.revlog_return_type_id.code, "incoming")
        self.assertEqual(wh.revlog_return_type_id.default_location_dest_id, wh.revlog_inspection_loc_id)
        self.assertEqual(wh.revlog_return_type_id.sequence_id.prefix, "RHUB/RET/")
        self.assertEqual(wh.revlog_disposition_type_id.code, "internal")
        self.assertEqual(wh.revlog_disposition_type_id.default_location_src_id, wh.revlog_inspection_loc_id)
        # a lost location comes back on the next write, as for Odoo's own ones
        wh.revlog_bstock_loc_id = False
        wh.write({"name": "Returns Hub 2"})
        self.assertTrue(wh.revlog_bstock_loc_id)

    def test_order_warehouse_is_used(self):
        wh2 = self.env["stock.warehouse"].create({"name": "Second", "code": "WH2"})
        self.env["stock.quant"]._update_available_quantity(self.product, wh2.lot_stock_id, 10)
        order = self._deliver_order([(self.product, 1)], warehouse_id=wh2.id)
        ret = self._return(order, {order.order_line: 1})
        self.assertEqual(ret.warehouse_id, wh2)
        ret.action_approve()
        self.assertEqual(ret.receipt_picking_ids.location_dest_id, wh2.revlog_inspection_loc_id)

    def test_other_company_warehouse_never_used(self):
        company_b = self.env["res.company"].create({"name": "Revlog B"})
        wh_b = self.env["stock.warehouse"].search([("company_id", "=", company_b.id)])
        self.assertTrue(wh_b.revlog_return_type_id, "a new company's warehouse gets the returns setup")
        order = self._deliver_order([(self.product, 1)])
        ret = self._return(order, {order.order_line: 1})
        with self.assertRaises(UserError):
            ret.warehouse_id = wh_b
        self.assertNotEqual(ret.warehouse_id, wh_b)
        # a return of company B uses B's warehouse
        self.env["revlog.return.policy"].create({"name": "B policy", "company_id": company_b.id})
        clerk_b = new_test_user(
            self.env,
            login="rl_clerk_b2",
            company_id=company_b.id,
            company_ids=[company_b.id],
            groups="base.group_user,revlog_returns.group_returns_user,stock.group_stock_user",
        )
        partner = self.env["res.partner"].create({"name": "B customer", "company_id": company_b.id})
        ret_b = (
            self.env["revlog.return"]
            .with_user(clerk_b)
            .create(
                {
                    "partner_id": partner.id,
                    "line_ids": [
                        Command.create(
                            {"product_id": self.product.id, "quantity": 1, "reason_id": self.reason_damaged.id}
                        )
                    ],
                }
            )
        )
        self.assertEqual(ret_b.warehouse_id, wh_b)
        ret_b.action_approve()
        self.assertEqual(ret_b.receipt_picking_ids.picking_type_id, wh_b.revlog_return_type_id)
        self.assertEqual(ret_b.receipt_picking_ids.company_id, company_b)

    def test_uninstall_archives_and_a_new_install_takes_back(self):
        wh = self.env["stock.warehouse"].create({"name": "Returns Hub", "code": "RHUB"})
        fields = [*wh._revlog_locations(), "revlog_return_type_id", "revlog_disposition_type_id"]
        before = {field: wh[field] for field in fields}
        self.env["stock.quant"]._update_available_quantity(self.product, wh.revlog_bstock_loc_id, 2)
        Location = self.env["stock.location"].with_context(active_test=False)
        PickingType = self.env["stock.picking.type"].with_context(active_test=False)
        locations_before = Location.search_count([("location_id", "=", wh.view_location_id.id)])
        types_before = PickingType.search_count([("warehouse_id", "=", wh.id)])

        _archive_warehouse_returns_data(self.env)
        self.assertFalse(wh.revlog_return_type_id.active or wh.revlog_disposition_type_id.active)
        self.assertFalse(wh.revlog_repair_loc_id.active, "an empty returns location is archived")
        self.assertTrue(wh.revlog_bstock_loc_id.active, "a location still holding units stays")

        # what uninstalling leaves: the warehouse no longer knows them (its columns are dropped); install again
        wh.write(dict.fromkeys(fields, False))
        _create_warehouse_returns_data(self.env)
        self.assertEqual({field: wh[field] for field in fields}, before, "the same records, taken back")
        self.assertTrue(all(wh[field].active for field in fields))
        self.assertEqual(Location.search_count([("location_id", "=", wh.view_location_id.id)]), locations_before)
        self.assertEqual(PickingType.search_count([("warehouse_id", "=", wh.id)]), types_before, "no second set")
