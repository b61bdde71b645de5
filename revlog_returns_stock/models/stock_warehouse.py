from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    revlog_inspection_loc_id = fields.Many2one("stock.location", "Returns Inspection Location", check_company=True)
    revlog_repair_loc_id = fields.Many2one("stock.location", "Repair Location", check_company=True)
    revlog_recycle_loc_id = fields.Many2one("stock.location", "Recycle Location", check_company=True)
    revlog_bstock_loc_id = fields.Many2one("stock.location", "B-Stock Location", check_company=True)
    revlog_vendor_loc_id = fields.Many2one("stock.location", "Return to Vendor Location", check_company=True)
    revlog_return_type_id = fields.Many2one("stock.picking.type", "Returns Type", check_company=True)
    revlog_disposition_type_id = fields.Many2one("stock.picking.type", "Return Dispositions Type", check_company=True)

    def _create_missing_locations(self, vals):
        self._revlog_reuse_earlier_install(skip=vals)
        return super()._create_missing_locations(vals)

    def _create_or_update_sequences_and_picking_types(self):
        self._revlog_reuse_earlier_install()
        return super()._create_or_update_sequences_and_picking_types()

    def _revlog_reuse_earlier_install(self, skip=()):
        """An earlier install of revlog left its returns locations and operation types, archived by the
        uninstall hook (the transfers that used them still cite them): a new install takes them back instead of
        creating a second set beside them. Found by barcode (locations) and sequence code (operation types);
        ``skip``: the fields a write in progress sets."""
        if self.env.context.get("revlog_reusing"):
            return
        location_fields = {f: spec for f, spec in self._revlog_locations().items() if f not in skip}
        type_fields = {
            f: code
            for f, code in {"revlog_return_type_id": "RET", "revlog_disposition_type_id": "RDSP"}.items()
            if f not in skip
        }
        missing = self.filtered(lambda wh: not all(wh[field] for field in (*location_fields, *type_fields)))
        if not missing:
            return
        codes = {wh: (wh.code or "").replace(" ", "").upper() for wh in missing}
        locations = (
            self.env["stock.location"]
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "in", missing.company_id.ids),
                    (
                        "barcode",
                        "in",
                        [code + suffix for code in codes.values() for __, suffix in location_fields.values()],
                    ),
                ]
            )
        )
        by_barcode = {(loc.company_id, loc.barcode): loc for loc in locations}
        types = (
            self.env["stock.picking.type"]
            .with_context(active_test=False)
            .search([("warehouse_id", "in", missing.ids), ("sequence_code", "in", list(type_fields.values()))])
        )
        by_code = {(pt.warehouse_id, pt.sequence_code): pt for pt in types}
        for warehouse in missing:
            vals = {}
            for field, (__, suffix) in location_fields.items():
                left = by_barcode.get((warehouse.company_id, codes[warehouse] + suffix))
                if not warehouse[field] and left:
                    vals[field] = left.id
            for field, sequence_code in type_fields.items():
                left = by_code.get((warehouse, sequence_code))
                if not warehouse[field] and left:
                    vals[field] = left.id
            if vals:
                self.env["stock.location"].browse([vals[f] for f in location_fields if f in vals]).filtered(
                    lambda rec: not rec.active
                ).active = True
                self.env["stock.picking.type"].browse([vals[f] for f in type_fields if f in vals]).filtered(
                    lambda rec: not rec.active
                ).active = True
                warehouse.with_context(revlog_reusing=True).write(vals)

    def _get_locations_values(self, vals, code=False):
        values = super()._get_locations_values(vals, code=code)
        code = (vals.get("code") or code or "").replace(" ", "").upper()
        company_id = vals.get("company_id", self.default_get(["company_id"])["company_id"])
        for field_name, (name, barcode) in self._revlog_locations().items():
            values[field_name] = {
                "name": name,
                "active": True,
                "usage": "internal",
                "barcode": self._valid_barcode(code + barcode, company_id),
            }
        return values

    def _revlog_locations(self):
        """Warehouse field -> (location name, barcode suffix) of the returns locations."""
        return {
            "revlog_inspection_loc_id": (self.env._("Returns Inspection"), "RETINSP"),
            "revlog_repair_loc_id": (self.env._("Repair"), "RETREP"),
            "revlog_recycle_loc_id": (self.env._("Recycle"), "RETRCY"),
            "revlog_bstock_loc_id": (self.env._("B-Stock"), "RETBSTK"),
            "revlog_vendor_loc_id": (self.env._("Return to Vendor"), "RETRTV"),
        }

    def _get_sequence_values(self, name=False, code=False):
        values = super()._get_sequence_values(name=name, code=code)
        name, code = name or self.name, code or self.code
        values.update(
            revlog_return_type_id={
                "name": self.env._("%(name)s Sequence customer returns", name=name),
                "prefix": f"{code}/{self.revlog_return_type_id.sequence_code or 'RET'}/",
                "padding": 5,
                "company_id": self.company_id.id,
            },
            revlog_disposition_type_id={
                "name": self.env._("%(name)s Sequence return dispositions", name=name),
                "prefix": f"{code}/{self.revlog_disposition_type_id.sequence_code or 'RDSP'}/",
                "padding": 5,
                "company_id": self.company_id.id,
            },
        )
        return values

    def _get_picking_type_create_values(self, max_sequence):
        data, next_sequence = super()._get_picking_type_create_values(max_sequence)
        customers = self.env.ref("stock.stock_location_customers")
        data.update(
            revlog_return_type_id={
                "name": self.env._("Customer Returns"),
                "code": "incoming",
                "use_create_lots": False,
                "use_existing_lots": True,
                "default_location_src_id": customers.id,
                "default_location_dest_id": self.revlog_inspection_loc_id.id,
                "sequence": next_sequence + 1,
                "sequence_code": "RET",
                "company_id": self.company_id.id,
            },
            revlog_disposition_type_id={
                "name": self.env._("Return Dispositions"),
                "code": "internal",
                "use_create_lots": False,
                "use_existing_lots": True,
                "default_location_src_id": self.revlog_inspection_loc_id.id,
                "default_location_dest_id": self.lot_stock_id.id,
                "sequence": next_sequence + 2,
                "sequence_code": "RDSP",
                "company_id": self.company_id.id,
            },
        )
        return data, next_sequence + 3

    def _get_picking_type_update_values(self):
        data = super()._get_picking_type_update_values()
        code = self.code.replace(" ", "").upper()
        data.update(
            revlog_return_type_id={"active": self.active, "barcode": code + "RET"},
            revlog_disposition_type_id={"active": self.active, "barcode": code + "RDSP"},
        )
        return data

    def _revlog_destination(self, disposition, best_grade):
        """Default location of a disposition in this warehouse: resale goes to stock for the best grade,
        to B-Stock below it. Scrap is the company's scrap location (see ``stock.scrap``)."""
        self.ensure_one()
        if disposition == "resale":
            return self.lot_stock_id if best_grade else self.revlog_bstock_loc_id
        return {
            "repair": self.revlog_repair_loc_id,
            "recycle": self.revlog_recycle_loc_id,
            "vendor": self.revlog_vendor_loc_id,
        }.get(disposition, self.env["stock.location"])
