"""`make core-suites`, the Python side (tools/dev.sh runs the databases and the order of things):

    python3 tools/core_suites.py deps ROOT ADDON...                  the Odoo modules the addons depend on
    python3 tools/core_suites.py same-apps CONF DB_WITHOUT DB_WITH ADDON...
                                                                     fail unless the databases differ by ADDONs only
    python3 tools/core_suites.py odoo ODOO_ARGUMENT...               Odoo's server and test runner (`python3 -m odoo`),
                                                                     HttpCase tests left out
    python3 tools/core_suites.py report LOG_WITHOUT LOG_WITH MODULES  compare two logs of Odoo's runner

`report` prints, per module, the tests run and failed on each side, then the tests that fail on one side only and
the ERROR lines logged on one side only; it exits with 1 when a test fails with revlog only, 2 when a log is not
complete (Odoo stopped before the end of its tests), 0 otherwise.
"""

import ast
import logging
import os
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field

_logger = logging.getLogger("revlog.core_suites")


# --- the databases ------------------------------------------------------------------------------------------------


def odoo_deps(root, addons):
    """Odoo modules named in the addons' manifests (not the addons themselves), sorted."""
    deps = set()
    for addon in addons:
        with open(os.path.join(root, addon, "__manifest__.py")) as f:
            deps.update(ast.literal_eval(f.read()).get("depends", []))
    return sorted(deps - set(addons))


def load_config(conf):
    import odoo

    odoo.tools.config.parse_config(["-c", conf, "--log-level=warn"])
    return odoo


def installed_modules(odoo, db):
    with odoo.sql_db.db_connect(db).cursor() as cr:
        cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
        return {name for (name,) in cr.fetchall()}


def same_apps(conf, db_without, db_with, addons):
    """The two databases have the same Odoo modules installed, and the second one the addons too."""
    odoo = load_config(conf)
    without, with_ = installed_modules(odoo, db_without), installed_modules(odoo, db_with)
    problems = []
    if set(addons) & without:
        problems.append(f"{db_without} has {sorted(set(addons) & without)}")
    if set(addons) - with_:
        problems.append(f"{db_with} lacks {sorted(set(addons) - with_)}")
    if without != with_ - set(addons):
        problems.append(
            f"other modules differ: {sorted(without - with_)} in {db_without} only, "
            f"{sorted(with_ - without - set(addons))} in {db_with} only"
        )
    if problems:
        sys.exit("revlog: the two databases do not have the same Odoo apps: " + "; ".join(problems))
    print(f"{len(without)} Odoo modules installed in both databases")


# --- Odoo's runner, model-level cases only ------------------------------------------------------------------------


def run_odoo(argv):
    """`python3 -m odoo ARGV`, with HttpCase tests (browser tours and HTTP controllers) left out of every suite."""
    from odoo.cli.command import main
    from odoo.service import server

    preload_registries = server.preload_registries

    def preload_model_level(dbnames):
        # the test framework is imported once the configuration is read (test mode), as Odoo's server does
        from odoo.tests import common, loader

        make_suite = loader.make_suite

        def model_level_suite(module_names, position="at_install"):
            suite = make_suite(module_names, position)
            kept = [test for test in suite if not isinstance(test, common.HttpCase)]
            left_out = Counter(test.test_module for test in suite if isinstance(test, common.HttpCase))
            for module, count in sorted(left_out.items()):
                _logger.info("%s: %d %s HttpCase tests left out", module, count, position)
            return type(suite)(kept)

        # load_module_graph (at_install) and preload_registries (post_install) look make_suite up at each call
        loader.make_suite = model_level_suite
        return preload_registries(dbnames)

    # the server looks preload_registries up when it starts, after parsing the configuration
    server.preload_registries = preload_model_level
    sys.argv = ["odoo", *argv]
    main()


# --- the logs -----------------------------------------------------------------------------------------------------

# 2025-05-06 10:00:00,123 4242 ERROR dbname odoo.addons.sale.tests.test_x: message
LINE = re.compile(r"^[\d-]+ [\d:,]+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>\S+): (?P<msg>.*)$")
ADDON_LOGGER = re.compile(r"^odoo\.addons\.(\w+)\.")
STARTING = re.compile(r"^Starting (?P<test>\S+) \.\.\.$")
TEST_FAILURE = re.compile(r"^(?:FAIL|ERROR): (?P<desc>.+)$")
CLASS_LEVEL = re.compile(r"^(?P<method>setUpClass|tearDownClass) \(odoo\.addons\.(?P<module>\w+)\.\S*\.(?P<cls>\w+)\)$")
SUBTEST = re.compile(r"^Subtest (?P<test>\S+) ")
LEFT_OUT = re.compile(r"^(?P<module>\w+): (?P<count>\d+) \w+ HttpCase tests left out$")
SUMMARY = re.compile(r"^\d+ failed, \d+ error\(s\) of \d+ tests when loading database")
MODULE_SUMMARY = re.compile(r"^Module \w+: \d+ failures, \d+ errors of \d+ tests$")
# loggers whose lines say no test is running any more (a module loads, the post-install tests start)
OUTSIDE_TESTS = ("odoo.modules.loading", "odoo.modules.registry", "odoo.service.server")
NOT_AN_ERROR_LINE = ("At least one test failed when loading the modules.",)


@dataclass
class Run:
    """What one log of Odoo's runner says."""

    path: str
    run: Counter = field(default_factory=Counter)  # module -> tests started
    left_out: Counter = field(default_factory=Counter)  # module -> HttpCase tests left out
    failed: dict = field(default_factory=lambda: defaultdict(set))  # module -> {Class.method}
    errors: list = field(default_factory=list)  # (module, test, what is said, line as shown)
    summary: str = ""
    databases: set = field(default_factory=set)


def records(path):
    """(level, db, logger, first line, following lines) for each log record."""
    current = None
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = LINE.match(line)
            if m:
                if current:
                    yield current
                current = (m["level"], m["db"], m["logger"], m["msg"].rstrip(), [])
            elif current:
                current[4].append(line)
    if current:
        yield current


def addon_of(logger):
    m = ADDON_LOGGER.match(logger)
    return m[1] if m else None


def failed_test(logger, desc):
    """(module, Class.method) of a FAIL:/ERROR: line; subtests count as their test."""
    m = CLASS_LEVEL.match(desc)
    if m:
        return m["module"], f"{m['cls']}.{m['method']}"
    m = SUBTEST.match(desc)
    return addon_of(logger) or "?", m["test"] if m else desc.split(" ")[0]


def parse(path):
    result = Run(path)
    module, test = "-", None
    for level, db, logger, msg, more in records(path):
        if db != "?":
            result.databases.add(db)
        if logger.startswith(OUTSIDE_TESTS):
            module, test = "-", None
        if logger == "odoo.tests.result" and SUMMARY.match(msg):
            result.summary = msg
            continue
        if logger == _logger.name and LEFT_OUT.match(msg):
            m = LEFT_OUT.match(msg)
            result.left_out[m["module"]] += int(m["count"])
            continue
        m = STARTING.match(msg)
        if m and addon_of(logger):
            module, test = addon_of(logger), m["test"]
            result.run[module] += 1
            continue
        if level not in ("ERROR", "CRITICAL") or msg in NOT_AN_ERROR_LINE or MODULE_SUMMARY.match(msg):
            continue
        m = TEST_FAILURE.match(msg)
        if m:
            failed_module, name = failed_test(logger, m["desc"])
            result.failed[failed_module].add(name)
            continue
        # what is said: the first line, and the last one of a traceback (what was raised); for a query
        # PostgreSQL refused, its answer rather than the query (columns and values differ from side to side)
        last = next((line.strip() for line in reversed(more) if line.strip()), "")
        said = f"{msg} [{last}]"
        if logger == "odoo.sql_db" and msg.startswith("bad query"):
            said = next((line.strip() for line in more if line.startswith("ERROR:")), msg)
        shown = shorten(f"{logger}: {msg}", 200) + (f" [{shorten(last, 200)}]" if last and last != msg else "")
        result.errors.append((module, test or "(no test running)", f"{logger}: {said}", shown))
    return result


def normalise(text, databases):
    """A logged line without what changes from run to run: database names, ids, addresses, counts."""
    for db in sorted(databases, key=len, reverse=True):
        text = text.replace(db, "DB")
    text = re.sub(r"0x[0-9a-fA-F]+|\b[0-9a-f]{8,}\b", "H", text)
    return re.sub(r"\d+", "N", text)


def one_sided(mine, theirs):
    """(module, test, line) of the ERROR lines of ``mine`` that ``theirs`` has not logged in the same test."""
    dbs = mine.databases | theirs.databases
    their_keys = {(module, test, normalise(said, dbs)) for module, test, said, _shown in theirs.errors}
    lines = []
    for module, test, said, shown in mine.errors:
        if (module, test, normalise(said, dbs)) not in their_keys and (module, test, shown) not in lines:
            lines.append((module, test, shown))
    return lines


def shorten(text, width):
    return text if len(text) <= width else text[: width - 1] + "…"


def report(path_without, path_with, modules):
    without, with_ = parse(path_without), parse(path_with)
    out = []
    width = max(len(m) for m in [*modules, "module"]) + 2
    out.append(f"{'':{width}}{'with revlog':>20}{'without revlog':>20}{'HttpCase':>12}")
    out.append(f"{'module':{width}}{'run':>12}{'failed':>8}{'run':>12}{'failed':>8}{'left out':>12}")
    totals = [0, 0, 0, 0]
    for module in modules:
        row = [with_.run[module], len(with_.failed[module]), without.run[module], len(without.failed[module])]
        totals = [t + r for t, r in zip(totals, row, strict=True)]
        out.append(f"{module:{width}}{row[0]:>12}{row[1]:>8}{row[2]:>12}{row[3]:>8}{with_.left_out[module]:>12}")
    out.append(f"{'total':{width}}{totals[0]:>12}{totals[1]:>8}{totals[2]:>12}{totals[3]:>8}")
    out.append(f"Odoo's count, with revlog:    {with_.summary or '(none: the run did not end)'}")
    out.append(f"Odoo's count, without revlog: {without.summary or '(none: the run did not end)'}")

    failing = {}
    for side, mine, theirs in (("with", with_, without), ("without", without, with_)):
        failing[side] = sorted(
            (module, name) for module, names in mine.failed.items() for name in names - theirs.failed[module]
        )
        out.append("")
        out.append(f"Tests failing {side} revlog only: {len(failing[side])}")
        out.extend(f"  {module:{width}}{name}" for module, name in failing[side])
    for side, mine, theirs in (("with", with_, without), ("without", without, with_)):
        lines = one_sided(mine, theirs)
        out.append("")
        out.append(f"ERROR lines logged {side} revlog only: {len(lines)}")
        out.extend(f"  {module:{width}}{test}: {text}" for module, test, text in lines)
    out.append("")
    out.append(f"Logs: {path_with} (with revlog), {path_without} (without)")
    print("\n".join(out))
    if not (with_.summary and without.summary):
        print("revlog: a run did not reach the end of its tests (see the end of its log)", file=sys.stderr)
        return 2
    return 1 if failing["with"] else 0


def main(argv):
    usage = __doc__.split("\n\n")[1]
    if not argv:
        sys.exit(usage)
    command, args = argv[0], argv[1:]
    if command == "deps" and len(args) >= 2:
        print(",".join(odoo_deps(args[0], args[1:])))
    elif command == "same-apps" and len(args) >= 4:
        same_apps(args[0], args[1], args[2], args[3:])
    elif command == "odoo":
        run_odoo(args)
    elif command == "report" and len(args) == 3:
        sys.exit(report(args[0], args[1], [m for m in args[2].split(",") if m]))
    else:
        sys.exit(usage)


if __name__ == "__main__":
    main(sys.argv[1:])
