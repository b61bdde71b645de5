"""`make load`, client part: concurrent clerks, warehouse staff and accountants working through JSON-RPC against
a running Odoo for a bounded time, each logged in once as in the web client; prints returns per minute, p50/p95
latency per kind of request, and errors.

    python3 tools/load.py URL DB DATA_FILE [--seconds 45] [--clerks 4] [--warehouse 1] [--accountants 1]

Clerks create a return of one delivered unit and approve it; warehouse staff validate the receipts of the returns
approved during this run; accountants post the credit notes those receipts made (`--warehouse 0 --accountants 0`:
clerks alone). Loopback only: it talks to URL and nothing else.
"""

import argparse
import http.cookiejar
import json
import statistics
import threading
import time
import urllib.request
from collections import defaultdict
from datetime import UTC, datetime


class Client:
    """One user's browser: logs in once and calls models through the web client's JSON-RPC route with its
    session cookie. (``/jsonrpc`` with the password on every call would make each request verify the password
    hash, about 0.5 s of CPU at Odoo's 600,000 rounds: a cost the web client never pays.)"""

    def __init__(self, url, db, login):
        self.url = url.rstrip("/")
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.uid = self._post("/web/session/authenticate", {"db": db, "login": login, "password": login})["uid"]

    def _post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(self.url + path, body, {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=120) as response:
            reply = json.load(response)
        if "error" in reply:
            raise RuntimeError(reply["error"].get("data", {}).get("message") or reply["error"].get("message"))
        return reply["result"]

    def execute(self, model, method, *args, **kwargs):
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.errors = defaultdict(int)
        self.returns_approved = 0

    def timed(self, kind, func):
        started = time.perf_counter()
        try:
            result = func()
        except Exception as error:
            with self.lock:
                self.errors[f"{kind}: {str(error)[:80]}"] += 1
            return None
        with self.lock:
            self.latency[kind].append(time.perf_counter() - started)
        return result


def clerk(client, stats, lines, reason_id, deadline):
    while time.monotonic() < deadline:
        try:
            sale_line_id, order_id, partner_id = next(lines)
        except StopIteration:
            return
        vals = {
            "partner_id": partner_id,
            "sale_order_id": order_id,
            "line_ids": [[0, 0, {"sale_line_id": sale_line_id, "quantity": 1, "reason_id": reason_id}]],
        }
        return_id = stats.timed("clerk: create", lambda v=vals: client.execute("revlog.return", "create", v))
        if (
            return_id
            and stats.timed(
                "clerk: approve", lambda r=return_id: client.execute("revlog.return", "action_approve", [r])
            )
            is not None
        ):
            with stats.lock:
                stats.returns_approved += 1


def staff(client, stats, role, model, domain, action, deadline):
    """Warehouse staff or an accountant: take the next five records of ``domain`` and run ``action`` on them."""
    find, act = f"{role}: find", f"{role}: {action.removeprefix('action_').replace('_', ' ')}"
    while time.monotonic() < deadline:
        ids = stats.timed(find, lambda: client.execute(model, "search", domain, limit=5))
        if ids:
            stats.timed(act, lambda i=ids: client.execute(model, action, i))
        else:
            time.sleep(0.5)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("db")
    parser.add_argument("data_file")
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--clerks", type=int, default=4)
    parser.add_argument("--warehouse", type=int, default=1)
    parser.add_argument("--accountants", type=int, default=1)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    with open(args.data_file, encoding="utf-8") as data_file:
        data = json.load(data_file)
    done_file = args.data_file + ".used"
    try:
        with open(done_file, encoding="utf-8") as used:
            skip = int(used.read() or 0)
    except FileNotFoundError:
        skip = 0
    lines_lock, lines_iter = threading.Lock(), iter(data["sale_lines"][skip:])
    taken = [0]

    def lines():
        while True:
            with lines_lock:
                item = next(lines_iter)
                taken[0] += 1
            yield item

    shared_lines = lines()
    stats = Stats()
    # Odoo's stored datetimes are UTC; client and server share this machine's clock (loopback)
    since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    # staff work on this run's returns only: a backlog left by an earlier run (clerks alone) would change the mix
    receipts = [("state", "=", "approved"), ("date_approved", ">=", since)]
    credit_notes = [("revlog_return_id", "!=", False), ("state", "=", "draft"), ("create_date", ">=", since)]
    # log in first (once per user, as in the browser), then run for the whole bounded time
    roles = [
        *((clerk, "load_clerk", (shared_lines, data["reason_id"])) for __ in range(args.clerks)),
        *(
            (staff, "load_warehouse", ("warehouse", "revlog.return", receipts, "action_validate_receipts"))
            for __ in range(args.warehouse)
        ),
        *(
            (staff, "load_accountant", ("accountant", "account.move", credit_notes, "action_post"))
            for __ in range(args.accountants)
        ),
    ]
    clients = [Client(args.url, args.db, login) for __, login, __ in roles]
    deadline = time.monotonic() + args.seconds
    workers = [
        threading.Thread(target=target, args=(client, stats, *extra, deadline))
        for (target, __, extra), client in zip(roles, clients, strict=True)
    ]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    with open(done_file, "w", encoding="utf-8") as used:
        used.write(str(skip + taken[0]))
    print(
        f"\n{args.label}: {args.clerks} clerks, {args.warehouse} warehouse, {args.accountants} accountants, "
        f"{elapsed:.0f} s"
    )
    print(f"  returns created and approved per minute: {stats.returns_approved * 60 / elapsed:.0f}")
    for kind, values in sorted(stats.latency.items()):
        values = sorted(values)
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        print(f"  {kind:32} {len(values):6d} calls  p50 {statistics.median(values):6.2f} s  p95 {p95:6.2f} s")
    errors = sum(stats.errors.values())
    print(f"  errors: {errors}")
    for message, count in sorted(stats.errors.items(), key=lambda item: -item[1])[:5]:
        print(f"    {count} x {message}")


if __name__ == "__main__":
    main()
