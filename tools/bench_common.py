# What `make bench` measures revlog and OCA `rma` on alike, imported by tools/bench.py and tools/bench_oca.py
# (each run in `odoo shell` on its own throwaway database): the same valuated product, the same one-line orders
# delivered and invoiced, one customer per return, and every phase timed as a user runs it, in its own
# committed transaction. tools/load_setup.py delivers and invoices its orders the same way.
import json
import os
import time

from odoo import Command

SETUP_CHUNK = 1000


def make_category(env):
    """Automated FIFO valuation, as a shop that values its stock in real time."""
    accounts = env["account.account"].with_company(env.company)
    valuation = accounts.search([("account_type", "=", "asset_current")], limit=1)
    return env["product.category"].create(
        {
            "name": "Bench returnables",
            "property_valuation": "real_time",
            "property_cost_method": "fifo",
            "property_stock_valuation_account_id": valuation.id,
        }
    )


def make_order_lines(env, n, categ, customers=None, commit=True):
    """n delivered and invoiced one-line orders, one invoice each; one customer per order unless
    ``customers`` (one partner for all) is given. Setup: committed, and the tables analysed as autovacuum
    keeps a live database's statistics, so that no phase pays for planning on an empty database; with
    ``commit=False``, neither (the rows stay in the caller's transaction, unknown to the statistics)."""
    product = env["product.product"].create(
        {
            "name": f"Bench kettle {n}",
            "is_storable": True,
            "categ_id": categ.id,
            "list_price": 40.0,
            "standard_price": 15.0,
            "invoice_policy": "delivery",
        }
    )
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    env["stock.quant"].with_context(inventory_mode=True).create(
        {"product_id": product.id, "location_id": warehouse.lot_stock_id.id, "inventory_quantity": n}
    ).action_apply_inventory()
    partners = customers or env["res.partner"].create([{"name": f"Bench customer {n}-{i}"} for i in range(n)])
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partners[i % len(partners)].id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
            }
            for i in range(n)
        ]
    )
    # in committed chunks: Odoo's own delivery and posting of 10,000 documents in one transaction is quadratic
    for start in range(0, n, SETUP_CHUNK):
        deliver_and_invoice(orders[start : start + SETUP_CHUNK], commit)
    if commit:
        env.cr.execute("ANALYZE")
    return orders.order_line


def deliver_and_invoice(orders, commit=True):
    """Confirm ``orders``, deliver them in full and post one invoice per order; committed unless not
    ``commit``."""
    orders.action_confirm()
    moves = orders.picking_ids.move_ids
    for move in moves:
        move.quantity = move.product_uom_qty
    moves.picked = True
    orders.picking_ids.with_context(skip_sms=True)._action_done()
    orders._create_invoices(grouped=True).action_post()
    if commit:
        orders.env.cr.commit()
    else:
        orders.env.flush_all()


def measure(env, n, phases, name, func):
    """Run ``func`` as one request does, committed, and append (name, ms per return, queries per return)."""
    env.invalidate_all()
    queries, started = env.cr.sql_log_count, time.perf_counter()
    func()
    env.cr.commit()  # flushes, runs the chatter tracking Odoo defers to the commit, and ends the transaction
    phases.append((name, (time.perf_counter() - started) * 1000 / n, (env.cr.sql_log_count - queries) / n))


def totals(phases):
    return sum(p[1] for p in phases), sum(p[2] for p in phases)


def print_phases(title, phases):
    print(f"\n{title}")
    print(f"  {'phase':34} {'ms':>8} {'queries':>8}")
    for name, ms, queries in phases:
        print(f"  {name:34} {ms:8.1f} {queries:8.1f}")
    ms, queries = totals(phases)
    print(f"  {'total':34} {ms:8.1f} {queries:8.1f}")


def save(results):
    """{label: phases} to REVLOG_BENCH_OUT (JSON), for the comparison `make bench` prints at the end."""
    path = os.environ.get("REVLOG_BENCH_OUT")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(results, out)
