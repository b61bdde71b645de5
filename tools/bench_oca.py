# OCA `rma` (the newest 18.0 release on PyPI, installed by `make bench` into the data folder) on the same
# setup as tools/bench.py, run inside `odoo shell` on its own throwaway database with `rma` and `sale_stock`:
# N returns of one unit, one customer each, through rma's refund flow (create → confirm, which makes the
# receipt → receive → refund → post), each phase in its own committed transaction. Then, with revlog's figures
# of tools/bench.py (REVLOG_BENCH_REVLOG), the comparison and the targets.
import json
import os
import sys

sys.path.insert(0, os.environ["REVLOG_TOOLS"])
from bench_common import make_category, make_order_lines, measure, print_phases, totals

SIZES = [int(n) for n in os.environ.get("REVLOG_BENCH_SIZES", "100,1000").split(",")]


def run(env, n, categ, operation):
    sale_lines = make_order_lines(env, n, categ)
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    phases, state = [], {}

    def create():
        state["rmas"] = env["rma"].create(
            [
                {
                    "partner_id": line.order_id.partner_id.id,
                    "picking_id": line.move_ids.picking_id.id,
                    "move_id": line.move_ids.id,
                    "product_id": line.product_id.id,
                    "product_uom_qty": 1,
                    "location_id": warehouse.rma_loc_id.id,
                    "operation_id": operation.id,
                }
                for line in sale_lines
            ]
        )

    def receive():
        receipts = state["rmas"].reception_move_id.picking_id
        for move in receipts.move_ids:
            move.quantity = move.product_uom_qty
        receipts.move_ids.picked = True
        receipts.with_context(skip_sms=True).button_validate()

    measure(env, n, phases, "create", create)
    measure(env, n, phases, "confirm (receipts)", lambda: state["rmas"].action_confirm())
    measure(env, n, phases, "validate receipts", receive)
    measure(env, n, phases, "refund (credit notes)", lambda: state["rmas"].action_refund())
    measure(env, n, phases, "post credit notes", lambda: state["rmas"].refund_id.action_post())
    rmas = state["rmas"]
    assert set(rmas.mapped("state")) == {"refunded"}, set(rmas.mapped("state"))
    assert len(rmas.refund_id) == n and set(rmas.refund_id.mapped("state")) == {"posted"}
    return phases


def main(env):
    env.company.write({"send_rma_confirmation": False})  # revlog's bench sends no customer mail either
    categ = make_category(env)
    operation = env.ref("rma.rma_operation_refund")
    env.cr.commit()
    results = {}
    for n in SIZES:
        results[n] = run(env, n, categ, operation)
        print_phases(f"OCA rma flow, N = {n}: per return", results[n])
    with open(os.environ["REVLOG_BENCH_REVLOG"], encoding="utf-8") as saved:
        revlog = {int(n): phases for n, phases in json.load(saved).items()}
    print("\nrevlog full flow against OCA rma's flow, per return:")
    print(f"  {'N':>6} {'revlog ms':>10} {'rma ms':>8} {'ratio':>6} {'revlog q':>9} {'rma q':>7} {'ratio':>6}")
    for n in SIZES:
        (rms, rq), (oms, oq) = totals(revlog[n]), totals(results[n])
        print(f"  {n:>6} {rms:10.1f} {oms:8.1f} {rms / oms:6.2f} {rq:9.1f} {oq:7.1f} {rq / oq:6.2f}")
    print("  target at N = 1,000: both ratios <= 0.80")
    if len(SIZES) > 1:
        small, large = SIZES[0], SIZES[-1]
        print(
            f"  OCA rma per-return time at N = {large} / N = {small}: "
            f"{totals(results[large])[0] / totals(results[small])[0]:.2f}x"
        )


main(env)  # noqa: F821 - given by `odoo shell`
