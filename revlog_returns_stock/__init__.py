from . import models, wizard


def _create_warehouse_returns_data(env):
    """Give the warehouses that exist before this addon their returns locations and operation types, and
    receipts to the returns approved before it was installed."""
    warehouses = env["stock.warehouse"].with_context(active_test=False).search([])
    warehouses._create_missing_locations({})
    for warehouse in warehouses:
        warehouse.write(warehouse._create_or_update_sequences_and_picking_types())
    env["revlog.return"].search([("state", "=", "approved")])._create_receipts()


def _archive_warehouse_returns_data(env):
    """Uninstalling leaves the returns locations and operation types to the transfers that cite them, archived
    (as Odoo's mrp does with its routes); a location still holding units stays active, its stock being the
    company's. Installing again takes them back (``stock.warehouse._revlog_reuse_earlier_install``)."""
    warehouses = env["stock.warehouse"].with_context(active_test=False).search([])
    (warehouses.revlog_return_type_id | warehouses.revlog_disposition_type_id).write({"active": False})
    locations = env["stock.location"].browse(
        [loc.id for field in warehouses._revlog_locations() for loc in warehouses[field]]
    )
    stocked = (
        env["stock.quant"]
        .sudo()
        ._read_group(
            ["&", ("location_id", "in", locations.ids), "|", ("quantity", "!=", 0), ("reserved_quantity", "!=", 0)],
            ["location_id"],
        )
    )
    (locations - env["stock.location"].union(*(location for (location,) in stocked))).write({"active": False})
