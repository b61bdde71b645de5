# `make load`, setup part, run inside `odoo shell` (``env`` is given) on a fresh database with the three addons
# and no demo data: users for each role with known passwords, and delivered and invoiced order lines for the
# clerks to return. Writes what tools/load.py needs to REVLOG_LOAD_FILE (JSON), and commits.
import json
import os
import sys

from odoo import Command

sys.path.insert(0, os.environ["REVLOG_TOOLS"])
from bench_common import deliver_and_invoice

LINES = int(os.environ.get("REVLOG_LOAD_LINES", "3000"))


def main(env):
    company = env.company
    company.write({name: False for name in company._fields if name.startswith("revlog_mail_")})
    env["revlog.return.policy"].search([]).active = False
    env["revlog.return.policy"].create(
        {"name": "Load, no window", "return_window_days": 0, "refund_timing": "on_receipt", "require_lot_match": False}
    )
    reason = env["revlog.return.reason"].create({"name": "Load", "code": "LOAD", "requires_inspection": False})
    groups = {
        "load_clerk": "revlog_returns.group_returns_user,sales_team.group_sale_salesman",
        "load_warehouse": "stock.group_stock_user",
        "load_accountant": "account.group_account_invoice",
    }
    for login, group_xmlids in groups.items():
        env["res.users"].create(
            {
                "name": login,
                "login": login,
                "password": login,
                "email": f"{login}@example.com",
                "groups_id": [
                    Command.set([env.ref("base.group_user").id, *(env.ref(x).id for x in group_xmlids.split(","))])
                ],
            }
        )
    product = env["product.product"].create(
        {"name": "Load kettle", "is_storable": True, "list_price": 40.0, "standard_price": 15.0}
    )
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    env["stock.quant"].with_context(inventory_mode=True).create(
        {"product_id": product.id, "location_id": warehouse.lot_stock_id.id, "inventory_quantity": LINES}
    ).action_apply_inventory()
    customer = env["res.partner"].create({"name": "Load customer"})
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})] * 10,
            }
            for __ in range(LINES // 10)
        ]
    )
    deliver_and_invoice(orders)
    with open(os.environ["REVLOG_LOAD_FILE"], "w", encoding="utf-8") as out:
        json.dump(
            {
                "reason_id": reason.id,
                "sale_lines": [[sol.id, sol.order_id.id, customer.id] for sol in orders.order_line],
            },
            out,
        )


main(env)  # noqa: F821 - given by `odoo shell`
