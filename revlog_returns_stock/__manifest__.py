{
    "name": "Returns (RMA): Stock",
    "summary": "Receipts of returned goods with lot/serial checks, and the moves that send each unit to resale, "
    "repair, recycle or scrap",
    "version": "18.0.1.1.0",
    "category": "Inventory/Returns",
    "author": "revlog",
    "website": "https://github.com/revlog/revlog",
    "license": "LGPL-3",
    "depends": ["revlog_returns", "sale_stock", "repair", "purchase_stock"],
    "data": [
        "security/ir.model.access.csv",
        "views/revlog_return_views.xml",
        "views/revlog_disposition_rule_views.xml",
        "views/revlog_inspection_views.xml",
        "views/stock_picking_views.xml",
        "views/repair_order_views.xml",
        "views/stock_quant_views.xml",
        "views/stock_picking_type_views.xml",
        "views/stock_scrap_views.xml",
        "views/stock_warehouse_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "web.assets_tests": ["revlog_returns_stock/static/tests/tours/*.js"],
    },
    "post_init_hook": "_create_warehouse_returns_data",
    "installable": True,
}
