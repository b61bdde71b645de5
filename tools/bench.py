# revlog benchmark, run by `make bench` inside `odoo shell` (``env`` is given) on a throwaway database with the
# three addons and no demo data. For each N of REVLOG_BENCH_SIZES it creates N delivered and invoiced one-line
# orders, one customer each (setup, not timed), then runs the whole flow for all N in batch, each phase in its
# own committed transaction as a user's request, and prints per phase and in total the milliseconds and SQL
# queries per return. Then one flow per other way a return ends, and Odoo alone making a return's receipt and
# credit note its own way: the floor under revlog's figures. Last, posting credit notes in the transaction that
# made them, with and without ANALYZE (run_posting). tools/bench_oca.py measures OCA `rma` alike.
import os
import sys

from odoo import Command

sys.path.insert(0, os.environ["REVLOG_TOOLS"])
from bench_common import make_category, make_order_lines, measure, print_phases, save, totals

SIZES = [int(n) for n in os.environ.get("REVLOG_BENCH_SIZES", "100,1000").split(",")]
# REVLOG_BENCH_POSTING: 1 (default) also measures posting in the transaction that made the credit notes, 0 leaves
# it out, "only" measures it alone
POSTING = os.environ.get("REVLOG_BENCH_POSTING", "1")
POSTING_SIZES = [int(n) for n in os.environ.get("REVLOG_BENCH_POSTING_SIZES", "200,1000").split(",")]


def setup_company(env):
    company = env.company
    # the flow alone: customer mails (a composer each, the slip rendered on approval) are measured apart
    company.write({name: False for name in company._fields if name.startswith("revlog_mail_")})
    categ = make_category(env)
    env["revlog.return.policy"].search([]).active = False
    env["revlog.return.policy"].create(
        {
            "name": "Bench 30 days",
            "return_window_days": 30,
            "refund_timing": "on_inspection",
            "restocking_fee_percent": 10,
            "refund_line_ids": [
                Command.create({"grade_id": env.ref("revlog_returns.grade_b").id, "refund_percent": 80})
            ],
        }
    )
    env["revlog.inspection.template"].create(
        {
            "name": "Bench",
            "product_category_ids": [Command.link(categ.id)],
            "criterion_ids": [
                Command.create({"name": "Works", "kind": "pass_fail", "weight": 3}),
                Command.create({"name": "Looks", "kind": "score", "weight": 1}),
            ],
        }
    )
    reason = env["revlog.return.reason"].create({"name": "Changed mind", "code": "BENCH_MIND"})
    env.cr.commit()
    return categ, reason


def create_returns(env, sale_lines, reason, **line_vals):
    """One return of one unit per order line, through the scripting contract."""
    return env["revlog.return"].create(
        [
            {
                "partner_id": sol.order_id.partner_id.id,
                "sale_order_id": sol.order_id.id,
                "line_ids": [
                    Command.create(
                        {
                            "sale_line_id": sol.id,
                            "product_id": sol.product_id.id,
                            "quantity": 1,
                            "reason_id": reason.id,
                            **line_vals,
                        }
                    )
                ],
            }
            for sol in sale_lines
        ]
    )


def run(env, n, categ, reason):
    sale_lines = make_order_lines(env, n, categ)
    phases = []
    state = {}

    def create():
        state["returns"] = create_returns(env, sale_lines, reason)

    def approve():
        state["returns"].action_approve()

    def receive():
        receipts = state["returns"].receipt_picking_ids
        receipts.move_ids.picked = True
        receipts.with_context(skip_sms=True).button_validate()

    def inspect():
        lines = state["returns"].line_ids
        lines.action_inspect()
        inspections = lines.inspection_id
        inspections.answer_ids.filtered(lambda a: a.kind == "pass_fail").write({"passed": True})
        inspections.answer_ids.filtered(lambda a: a.kind == "score").write({"score": 0})  # 75 %: grade B
        inspections.action_done()

    def dispose():
        state["returns"]._validate_dispositions()

    def post_credit_notes():
        # all at once, as an accountant selecting them in Odoo's Credit Notes list and pressing Post does
        state["returns"].refund_move_ids.action_post()

    measure(env, n, phases, "create returns", create)
    measure(env, n, phases, "approve (receipts)", approve)
    measure(env, n, phases, "validate receipts", receive)
    measure(env, n, phases, "inspect and grade", inspect)
    measure(env, n, phases, "dispositions + write-downs", dispose)
    measure(env, n, phases, "post credit notes", post_credit_notes)
    returns = state["returns"]
    assert set(returns.mapped("state")) == {"done"}, set(returns.mapped("state"))
    assert len(returns.refund_move_ids) == n and len(returns.writedown_move_ids) == n
    return phases


def run_core_only(env, n, categ):
    """The floor under revlog's figures: Odoo 18 alone (no revlog method is called) making the two documents
    of a refunded return of one unit, the way core makes them: a receipt from the delivery's return wizard,
    validated, and the order's credit note for the returned quantity, posted. Orders have one line each, so
    core makes one receipt and one credit note per return, as revlog does."""
    orders = make_order_lines(env, n, categ).order_id
    phases = []
    state = {}

    def create_receipts():
        receipts = env["stock.picking"]
        for delivery in orders.picking_ids:
            wizard = (
                env["stock.return.picking"]
                .with_context(active_id=delivery.id, active_ids=delivery.ids, active_model="stock.picking")
                .create({})
            )
            wizard.product_return_moves.quantity = 1
            receipts |= wizard._create_return()
        state["receipts"] = receipts

    def validate_receipts():
        state["receipts"].move_ids.picked = True
        state["receipts"].with_context(skip_sms=True).button_validate()

    def create_credit_notes():
        state["refunds"] = orders._create_invoices(grouped=True, final=True)

    def post_credit_notes():
        state["refunds"].action_post()

    measure(env, n, phases, "return wizard (receipts)", create_receipts)
    measure(env, n, phases, "validate receipts", validate_receipts)
    measure(env, n, phases, "credit notes from the orders", create_credit_notes)
    measure(env, n, phases, "post credit notes", post_credit_notes)
    refunds = state["refunds"]
    assert len(refunds) == n and set(refunds.mapped("move_type")) == {"out_refund"}, refunds
    assert set(refunds.mapped("state")) == {"posted"}, set(refunds.mapped("state"))
    return phases


def validate(pickings):
    pickings.move_ids.picked = True
    pickings.with_context(skip_sms=True, cancel_backorder=True).button_validate()


def run_resolutions(env, n, categ):
    """One flow per other way a return ends (resolution or disposition that reaches another app), N returns of
    one unit each, from creation to the last document: {flow: phases}."""
    vendor = env["res.partner"].create({"name": "Bench vendor"})
    reasons = {
        code: env["revlog.return.reason"].create({"name": f"Bench {code}", "code": f"BENCH_{code.upper()}"})
        for code in ("exchange", "keep", "warranty", "refurbish", "vendor")
    }
    reasons["keep"].refund_without_return = True
    rules = env["revlog.disposition.rule"]
    rules.create(
        {"name": "Bench repair", "sequence": -2, "reason_ids": [reasons["refurbish"].id], "disposition": "repair"}
    )
    rules.create(
        {"name": "Bench vendor", "sequence": -1, "reason_ids": [reasons["vendor"].id], "disposition": "vendor"}
    )
    flows = {
        "exchange (same product)": ("exchange", "exchange"),
        "refund without return": ("refund_no_return", "keep"),
        "repair and send back": ("repair_return", "warranty"),
        "refurbishing repair": ("refund", "refurbish"),
        "return to vendor": ("refund", "vendor"),
    }
    return {
        flow: run_resolution_flow(env, n, categ, vendor, resolution, reasons[code], code)
        for flow, (resolution, code) in flows.items()
    }


def run_resolution_flow(env, n, categ, vendor, resolution, reason, code):
    sale_lines = make_order_lines(env, n, categ)
    product = sale_lines.product_id
    product.seller_ids = [Command.create({"partner_id": vendor.id, "price": 14.0})]
    if resolution == "exchange":  # the replacements ship from stock, which the orders emptied
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        env["stock.quant"].with_context(inventory_mode=True).create(
            {"product_id": product.id, "location_id": warehouse.lot_stock_id.id, "inventory_quantity": n}
        ).action_apply_inventory()
    env.cr.commit()
    phases, state = [], {}

    def create():
        state["returns"] = create_returns(env, sale_lines, reason, resolution=resolution)

    def inspect():
        inspections = state["returns"].line_ids.inspection_id
        inspections.answer_ids.filtered(lambda a: a.kind == "pass_fail").write({"passed": True})
        inspections.answer_ids.filtered(lambda a: a.kind == "score").write({"score": 0})
        inspections.action_done()

    def repair():
        repairs = state["returns"].repair_order_ids
        repairs.action_repair_start()
        repairs.action_repair_end()

    steps = [("create returns", create), ("approve", lambda: state["returns"].action_approve())]
    if resolution != "refund_no_return":
        steps.append(("validate receipts", lambda: validate(state["returns"].receipt_picking_ids)))
    if resolution in ("exchange", "refund"):
        steps.append(("inspect and grade", inspect))
    if resolution == "exchange":
        steps.append(("ship replacements", lambda: validate(state["returns"].exchange_picking_ids)))
    if resolution != "refund_no_return":
        steps.append(("validate dispositions", lambda: state["returns"]._validate_dispositions()))
    if resolution == "repair_return" or code == "refurbish":
        steps.append(("repair orders", repair))
    if resolution == "repair_return":
        steps.append(("ship repaired units back", lambda: validate(state["returns"].shipback_picking_ids)))
    if code == "vendor":
        steps.append(("ship to the vendor", lambda: validate(state["returns"].vendor_picking_ids)))
        steps.append(("post vendor credit notes", lambda: state["returns"].vendor_refund_move_ids.action_post()))
    if resolution in ("refund", "refund_no_return"):
        steps.append(("post credit notes", lambda: state["returns"].action_post_refunds()))
    for name, func in steps:
        measure(env, n, phases, name, func)
    returns = state["returns"]
    assert set(returns.mapped("state")) == {"done"}, (resolution, code, set(returns.mapped("state")))
    return phases


def run_posting(env, n, categ, reason, analyze):
    """N credit notes made and posted in one transaction, as a script or an import does: N orders delivered
    and invoiced, N refunds without return approved (their draft credit notes), optionally ``ANALYZE``, then all
    N credit notes posted in one call, timed, and committed. Unless ``analyze``, the database statistics know
    none of the transaction's rows."""
    sale_lines = make_order_lines(env, n, categ, commit=False)
    returns = create_returns(env, sale_lines, reason, resolution="refund_no_return")
    returns.action_approve()
    notes = returns.refund_move_ids
    assert len(notes) == n and set(notes.mapped("state")) == {"draft"}, notes
    env.flush_all()
    if analyze:
        env.cr.execute("ANALYZE")
    phases = []
    measure(env, n, phases, "post credit notes", notes.action_post)
    # each credit note settles its own invoice in full (a refund of its one unit at its price)
    assert set(notes.mapped("state")) == {"posted"} and not any(notes.mapped("amount_residual")), notes
    assert set(notes.reversed_entry_id.mapped("payment_state")) == {"reversed"}, notes
    return phases[0][1:]


def main_posting(env, categ):
    reason = env["revlog.return.reason"].create(
        {"name": "Bench keep", "code": "BENCH_POSTING", "refund_without_return": True}
    )
    env.cr.commit()
    results = {
        (n, analyze): run_posting(env, n, categ, reason, analyze) for analyze in (False, True) for n in POSTING_SIZES
    }
    print("\nposting N credit notes in one call, in the transaction that made them, per credit note:")
    print(f"  {'N':>6} {'ANALYZE after setup':>20} {'ms':>8} {'queries':>8}")
    for (n, analyze), (ms, queries) in results.items():
        print(f"  {n:>6} {'yes' if analyze else 'no':>20} {ms:8.1f} {queries:8.1f}")
    if len(POSTING_SIZES) > 1:
        small, large = POSTING_SIZES[0], POSTING_SIZES[-1]
        for analyze in (False, True):
            ratio = results[large, analyze][0] / results[small, analyze][0]
            print(
                f"  per credit note at N = {large} / N = {small}, {'with' if analyze else 'without'} ANALYZE: "
                f"{ratio:.2f}x (target <= 1.25)"
            )


def main(env):
    categ, reason = setup_company(env)
    if POSTING == "only":
        main_posting(env, categ)
        return
    results = {}
    for n in SIZES:
        results[n] = run(env, n, categ, reason)
        print_phases(f"revlog full flow, N = {n}: per return", results[n])
    small, large = SIZES[0], SIZES[-1]
    if os.environ.get("REVLOG_BENCH_OTHER_FLOWS", "1") != "0":
        resolution_n = int(os.environ.get("REVLOG_BENCH_RESOLUTION_SIZE", min(SIZES)))
        for flow, phases in run_resolutions(env, resolution_n, categ).items():
            print_phases(f"{flow}, N = {resolution_n}: per return", phases)
        core = run_core_only(env, large, categ)
        print_phases(f"Odoo alone, N = {large}: receipt and credit note of a return, per return (no revlog code)", core)
    posting = {n: {name: (ms, q) for name, ms, q in results[n]}["post credit notes"] for n in SIZES}
    print("\nposting the credit notes in one call (Odoo's Post on the whole selection), per entry:")
    for n, (ms, queries) in posting.items():
        print(f"  N = {n:>6}: {ms:6.1f} ms, {queries:5.1f} queries")
    if len(SIZES) > 1:
        ratio = totals(results[large])[0] / totals(results[small])[0]
        print(f"per-return time of the full flow at N = {large} / N = {small}: {ratio:.2f}x (target <= 1.25)")
        print(f"posting per entry at N = {large} / N = {small}: {posting[large][0] / posting[small][0]:.2f}x")
    save({str(n): phases for n, phases in results.items()})
    if POSTING != "0":
        main_posting(env, categ)


main(env)  # noqa: F821 - given by `odoo shell`
