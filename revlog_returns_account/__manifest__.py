{
    "name": "Returns (RMA): Accounting",
    "summary": "Credit notes, restocking fees, write-down and disposal-loss entries, and a recovery ledger that "
    "ties to the books",
    "version": "18.0.1.1.0",
    "category": "Accounting/Returns",
    "author": "revlog",
    "website": "https://github.com/revlog/revlog",
    "license": "LGPL-3",
    "depends": ["revlog_returns_stock", "stock_account"],
    "data": [
        "security/ir.model.access.csv",
        "security/revlog_account_security.xml",
        "data/product_data.xml",
        "data/revlog_account_setup.xml",
        "data/mail_template_data.xml",
        "views/revlog_return_views.xml",
        "views/account_move_views.xml",
        "views/stock_location_views.xml",
        "views/res_config_settings_views.xml",
        "report/revlog_recovery_report_views.xml",
        "views/revlog_account_menus.xml",
    ],
    "demo": ["demo/revlog_account_demo.xml"],
    "assets": {
        "web.assets_tests": ["revlog_returns_account/static/tests/tours/*.js"],
    },
    "installable": True,
}
