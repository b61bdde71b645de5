{
    "name": "Returns (RMA): Kits",
    "summary": "Return a kit sold on an order as the kit: its components come back, are routed and valued "
    "together, and the kit is credited at its price",
    "version": "18.0.1.0.0",
    "category": "Inventory/Returns",
    "author": "revlog",
    "website": "https://github.com/revlog/revlog",
    "license": "LGPL-3",
    "depends": ["revlog_returns_account", "sale_mrp"],
    "data": [],
    "installable": True,
    "auto_install": True,
}
