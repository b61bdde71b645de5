from . import models, wizard


def _create_warehouse_returns_data(env):
    """Give the warehouses that exist before this addon their returns locations and operation types, and
    receipts to the returns approved before it was installed."""
    warehouses = env["stock.warehouse"].with_context(active_test=False).search([])
    warehouses._create_missing_locations({})
    for warehouse in warehouses:
        warehouse.write(warehouse._create_or_update_sequences_and_picking_types())
    env["revlog.return"].search([("state", "=", "approved")])._create_receipts()
