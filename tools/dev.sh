#!/usr/bin/env bash
# revlog developer entry point, called by the Makefile:
#   run    serve Odoo with every revlog addon and demo data on a private local database
#   test   fresh cluster + database, Odoo's test runner on our addons, pytest-odoo on tests/, linters
#   bench  the batch benchmark (N=100 and N=1000) on a fresh database
#   lint   ruff + pylint-odoo
#   load   a bounded load test: clerks, warehouse staff and accountants over JSON-RPC against 1, 2, 4 workers
#   core-suites  Odoo's own model-level suites of the modules revlog touches, with and without revlog, compared
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${REVLOG_DATA:-$ROOT/.data}
ADDONS=revlog_returns,revlog_returns_stock,revlog_returns_account,revlog_returns_mrp
TEST_TAGS=/revlog_returns,/revlog_returns_stock,/revlog_returns_account,/revlog_returns_mrp
PYTHON=${PYTHON:-python3}

die() { echo "revlog: $*" >&2; exit 1; }
say() { echo "revlog: $*" >&2; }

has_odoo() { "$1" -c 'import odoo.release as r, sys; sys.exit(r.version_info[:2] != (18, 0))' 2>/dev/null; }

# check_odoo [bootstrap]: the Python that imports Odoo 18.0; with "bootstrap" (make run), an Odoo brought
# into the data folder earlier, or, when the user agrees (or REVLOG_BOOTSTRAP=1), brought now.
check_odoo() {
    if ! has_odoo "$PYTHON" && [ "${1:-}" = bootstrap ]; then
        if has_odoo "$DATA/venv/bin/python"; then
            PYTHON="$DATA/venv/bin/python"
        elif [ "${REVLOG_BOOTSTRAP:-}" = 1 ] || { [ -z "${REVLOG_BOOTSTRAP:-}" ] && [ -t 0 ] && ask_bootstrap; }; then
            bootstrap_odoo
        fi
    fi
    has_odoo "$PYTHON" || die \
"'$PYTHON -c \"import odoo\"' failed or is not Odoo 18.0.
Install Odoo 18.0 from source first (https://www.odoo.com/documentation/18.0/administration/on_premise/source.html):
    git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo /opt/odoo18
    pip install -r /opt/odoo18/requirements.txt && pip install -e /opt/odoo18
or let 'make run' bring it into $DATA: REVLOG_BOOTSTRAP=1 make run"
    # Odoo's own addons live inside the package (a packaged nightly) or beside it (a source checkout).
    ODOO_ADDONS=$("$PYTHON" - <<'PY'
import os, odoo
pkg = os.path.dirname(os.path.abspath(odoo.__file__))
inside, beside = os.path.join(pkg, "addons"), os.path.normpath(os.path.join(pkg, "..", "addons"))
paths = [inside] if os.path.isdir(os.path.join(inside, "sale_stock")) else [beside, inside]
print(",".join(p for p in paths if os.path.isdir(os.path.join(p, "sale_stock"))))
PY
)
    [ -n "$ODOO_ADDONS" ] || die "Odoo is importable but its addons (sale_stock, stock_account…) were not found next to it."
    ADDONS_PATH="$ROOT,$ODOO_ADDONS"
}

ask_bootstrap() {
    local answer
    read -r -p "revlog: Odoo 18.0 is not importable by $PYTHON. Bring it into $DATA (git clone of ${ODOO_REPO:-https://github.com/odoo/odoo}, a virtualenv)? [y/N] " answer
    [ "$answer" = y ] || [ "$answer" = Y ]
}

# Odoo 18.0 in the data folder: a clone of ODOO_REPO (branch ODOO_BRANCH) and a virtualenv with its requirements
bootstrap_odoo() {
    local repo=${ODOO_REPO:-https://github.com/odoo/odoo} branch=${ODOO_BRANCH:-18.0}
    local src="$DATA/odoo" venv="$DATA/venv" constraint
    command -v git >/dev/null || die "git is needed to bring Odoo"
    mkdir -p "$DATA"
    if [ ! -d "$src/.git" ]; then
        say "cloning Odoo $branch from $repo into $src…"
        git clone -q --depth 1 --branch "$branch" "$repo" "$src" || die "git clone of $repo ($branch) failed"
    fi
    say "installing Odoo and its requirements into $venv (a few minutes)…"
    python3 -m venv "$venv" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
    constraint=$(mktemp) && echo 'setuptools<81' >"$constraint"
    # python-ldap needs the LDAP headers and serves only the auth_ldap addon
    grep -v '^python-ldap' "$src/requirements.txt" >"$venv/odoo-requirements.txt"
    PIP_CONSTRAINT=$constraint "$venv/bin/pip" install -q -r "$venv/odoo-requirements.txt" \
        && PIP_CONSTRAINT=$constraint "$venv/bin/pip" install -q -e "$src" \
        || die "installing Odoo's requirements into $venv failed (see above)"
    rm -f "$constraint"
    PYTHON="$venv/bin/python"
    say "Odoo $("$PYTHON" -c 'import odoo.release as r; print(r.version)') is ready in $src"
}

check_pg() {
    PG_BIN=${PG_BIN:-$(pg_config --bindir 2>/dev/null || true)}
    if [ ! -x "$PG_BIN/initdb" ]; then
        PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    fi
    [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] || die \
"PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them (Debian: apt-get install postgresql) or set PG_BIN."
}

# PostgreSQL refuses to run as root: run the cluster as the 'postgres' user then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# pg_start DIR PORT [throwaway]: start (initialising if needed) a private cluster in DIR, socket in a private
# /tmp dir. Only a throw-away cluster (tests, benchmark) trades crash safety for speed (fsync off): the one
# `make run` keeps between starts must survive a crash.
pg_start() {
    PG_DIR=$1 PG_PORT=$2
    local fast=""
    [ "${3:-}" = throwaway ] && fast="-c fsync=off -c full_page_writes=off"
    mkdir -p "$PG_DIR"
    PG_SOCK=$(mktemp -d /tmp/revlog-pg.XXXXXX)
    if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_DIR" "$PG_SOCK"; chmod 700 "$PG_DIR"; fi
    as_pg test -w "$PG_DIR" || die "the PostgreSQL user cannot write $PG_DIR (set REVLOG_DATA to a folder it can reach)"
    if [ ! -s "$PG_DIR/PG_VERSION" ]; then
        as_pg "$PG_BIN/initdb" -D "$PG_DIR" -U revlog --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
            || die "initdb failed in $PG_DIR"
    fi
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-k $PG_SOCK -p $PG_PORT -c listen_addresses='' $fast" start >/dev/null \
        || { tail -n 20 "$PG_DIR/server.log" >&2; die "PostgreSQL did not start (log above)"; }
    trap pg_stop EXIT
    DB_ARGS=(--db_host="$PG_SOCK" --db_port="$PG_PORT" --db_user=revlog)
}

pg_stop() {
    [ -n "${PG_DIR:-}" ] || return 0
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_SOCK"
    [ -z "${PG_TMP:-}" ] || rm -rf "$PG_TMP"
    PG_DIR=
}

# A db_host/db_port set in the environment means "use that server" instead of the embedded one.
db_setup() {
    if [ -n "${REVLOG_DB_HOST:-}" ]; then
        DB_ARGS=(--db_host="$REVLOG_DB_HOST" --db_port="${REVLOG_DB_PORT:-5432}" --db_user="${REVLOG_DB_USER:-odoo}")
        [ -z "${REVLOG_DB_PASSWORD:-}" ] || DB_ARGS+=(--db_password="$REVLOG_DB_PASSWORD")
        return
    fi
    check_pg
    if [ "$1" = persistent ]; then
        pg_start "$DATA/pg" "${REVLOG_PG_PORT:-54329}"
    else
        PG_TMP=$(mktemp -d /tmp/revlog-test.XXXXXX)
        [ "$(id -u)" = 0 ] && chmod 755 "$PG_TMP"
        pg_start "$PG_TMP/pg" "$(free_port)" throwaway
    fi
}

odoo() { "$PYTHON" -m odoo "$@"; }

# db_exists DB: whether the server of DB_ARGS (the embedded cluster or REVLOG_DB_HOST's) has the database
db_exists() {
    "$PYTHON" - "$1" "${DB_ARGS[@]}" <<'PY'
import sys, psycopg2
db, args = sys.argv[1], dict(a[2:].split("=", 1) for a in sys.argv[2:])
conn = psycopg2.connect(dbname="postgres", host=args["db_host"], port=args["db_port"], user=args["db_user"],
                        password=args.get("db_password"))
with conn, conn.cursor() as cr:
    cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
    sys.exit(0 if cr.fetchone() else 1)
PY
}

# write_conf FILE DB DATA_DIR: an Odoo configuration file for pytest-odoo and for humans.
write_conf() {
    local file=$1 db=$2 data_dir=$3 kv
    mkdir -p "$(dirname "$file")"
    {
        echo "[options]"
        echo "addons_path = $ADDONS_PATH"
        echo "data_dir = $data_dir"
        echo "db_name = $db"
        echo "dbfilter = ^$db\$"
        echo "admin_passwd = ${REVLOG_MASTER_PASSWORD:-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
        for kv in "${DB_ARGS[@]}"; do
            kv=${kv#--}
            echo "${kv%%=*} = ${kv#*=}"
        done
    } >"$file"
}

cmd_run() {
    check_odoo bootstrap
    db_setup persistent
    local db=${REVLOG_DB:-revlog} conf="$DATA/odoo.conf"
    write_conf "$conf" "$db" "$DATA/filestore"
    if ! db_exists "$db"; then
        say "creating database '$db' with the revlog addons and demo data (first run only, a few minutes)…"
        # installed before serving: the demo's approval mails render their slip as a PDF, whose renderer asks
        # the server for its stylesheets, and a server still installing would never answer it
        odoo -c "$conf" -d "$db" -i "$ADDONS" --stop-after-init --no-http --log-level=warn \
            || die "installing the addons into '$db' failed (log above)"
    fi
    # REVLOG_WORKERS=N: Odoo's multi-worker (prefork) mode, N HTTP workers, one cron worker (background mass
    # actions, scheduled actions) and the live bus (notifications) on its own port
    local workers=()
    if [ "${REVLOG_WORKERS:-0}" != 0 ]; then
        workers=(--workers="$REVLOG_WORKERS" --max-cron-threads="${REVLOG_CRON_WORKERS:-1}"
                 --gevent-port="${REVLOG_GEVENT_PORT:-8072}")
        say "multi-worker mode: $REVLOG_WORKERS HTTP workers, ${REVLOG_CRON_WORKERS:-1} cron worker(s), live bus on port ${REVLOG_GEVENT_PORT:-8072}"
    fi
    # the PDF renderer (wkhtmltopdf) fetches the slip's stylesheets from the server: tell Odoo the URL it serves on,
    # or slips rendered before an administrator's first login come out unstyled
    local url="http://localhost:${REVLOG_HTTP_PORT:-8069}"
    echo "env['ir.config_parameter'].set_param('report.url', '$url'); env.cr.commit()" \
        | odoo shell -c "$conf" -d "$db" --no-http --log-level=warn >/dev/null \
        || die "setting the report URL of '$db' failed"
    say "Odoo on http://localhost:${REVLOG_HTTP_PORT:-8069}  database '$db'  login: admin  password: admin"
    say "(other demo logins: clerk, manager, warehouse, accountant — see the README; Ctrl-C stops Odoo and PostgreSQL)"
    odoo -c "$conf" -d "$db" --http-port="${REVLOG_HTTP_PORT:-8069}" "${workers[@]}" "$@"
}

check_test_tools() {
    "$PYTHON" -c 'import pytest_odoo, websocket' 2>/dev/null || die \
"pytest-odoo or websocket-client is missing (browser tours would be skipped silently): pip install -r $ROOT/requirements.txt"
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null \
        || die "no Chromium for the browser tours: apt-get install chromium"
    command -v wkhtmltopdf >/dev/null || die "no wkhtmltopdf for the PDF return slip: apt-get install wkhtmltopdf"
}

# odoo_check_log LOG: Odoo's runner logs failures as ERROR/CRITICAL; any of them fails the command.
odoo_check_log() {
    if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$1" >/dev/null; then
        grep -E -A 30 '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$1" | head -n 300 >&2
        die "Odoo logged errors (above; full log: $1)"
    fi
}

cmd_test() {
    check_odoo
    check_test_tools
    cmd_lint
    db_setup temporary
    local db=revlog_test conf="$PG_TMP/odoo.conf" log="$DATA/test-odoo.log"
    mkdir -p "$DATA"
    write_conf "$conf" "$db" "$PG_TMP/filestore"
    say "installing $ADDONS with demo data and running their tests (Odoo's runner)…"
    local rc=0
    odoo -c "$conf" -d "$db" -i "$ADDONS" --test-enable --test-tags "$TEST_TAGS" \
        --stop-after-init --log-level=test --http-port="$(free_port)" >"$log" 2>&1 || rc=$?
    grep -E 'tests? .* (when loading|of [0-9]+ tests)|failed, .* error' "$log" | tail -n 5 >&2 || true
    [ "$rc" = 0 ] || { tail -n 60 "$log" >&2; die "Odoo's test run exited with $rc (log: $log)"; }
    odoo_check_log "$log"
    say "running tests/ with pytest-odoo…"
    (cd "$ROOT" && "$PYTHON" -m pytest tests -p no:cacheprovider --odoo-config="$conf" --odoo-database="$db" \
        --odoo-http "$@")
}

cmd_lint() {
    "$PYTHON" -m ruff --version >/dev/null 2>&1 || die "ruff is missing: pip install -r $ROOT/requirements.txt"
    say "ruff…"
    (cd "$ROOT" && "$PYTHON" -m ruff check . && "$PYTHON" -m ruff format --check .)
    say "pylint-odoo…"
    (cd "$ROOT" && "$PYTHON" -m pylint --rcfile=.pylintrc revlog_returns revlog_returns_stock revlog_returns_account revlog_returns_mrp)
}

cmd_bench() {
    check_odoo
    db_setup temporary
    local db=revlog_bench conf="$PG_TMP/odoo.conf" out="$PG_TMP/revlog.json" oca="$DATA/oca"
    write_conf "$conf" "$db" "$PG_TMP/filestore"
    say "installing the addons without demo data…"
    odoo -c "$conf" -d "$db" -i "$ADDONS" --without-demo=all --stop-after-init --log-level=error \
        --http-port="$(free_port)"
    REVLOG_TOOLS="$ROOT/tools" REVLOG_BENCH_OUT="$out" \
        odoo shell -c "$conf" -d "$db" --log-level=warn --no-http <"$ROOT/tools/bench.py"
    # REVLOG_BENCH_OCA=0: revlog alone (its linearity at a size OCA rma would take an hour more to reach)
    [ "${REVLOG_BENCH_OCA:-1}" = 0 ] && return 0
    # OCA rma, the newest 18.0 release on PyPI, in the data folder: never in the environment revlog runs in
    if [ ! -d "$oca/odoo/addons/rma" ]; then
        say "bringing OCA rma (newest 18.0 release on PyPI) into $oca…"
        "$PYTHON" -m pip install --quiet --no-deps --target "$oca" "odoo-addon-rma==18.0.*" \
            || die "could not install odoo-addon-rma from PyPI"
    fi
    say "OCA rma $("$PYTHON" -c "import ast,sys; print(ast.literal_eval(open(sys.argv[1]).read())['version'])" \
        "$oca/odoo/addons/rma/__manifest__.py")"
    local oca_conf="$PG_TMP/odoo_oca.conf"
    ADDONS_PATH="$ADDONS_PATH,$oca/odoo/addons" write_conf "$oca_conf" revlog_bench_oca "$PG_TMP/filestore"
    odoo -c "$oca_conf" -d revlog_bench_oca -i rma,sale_stock --without-demo=all --stop-after-init \
        --log-level=error --http-port="$(free_port)"
    REVLOG_TOOLS="$ROOT/tools" REVLOG_BENCH_REVLOG="$out" \
        odoo shell -c "$oca_conf" -d revlog_bench_oca --log-level=warn --no-http <"$ROOT/tools/bench_oca.py"
}

# wait_http URL SECONDS: until URL answers (a server just started), or die
wait_http() {
    "$PYTHON" - "$1" "$2" <<'PY' || die "no answer from $1 (server log in $PG_TMP)"
import sys, time, urllib.request
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(sys.argv[1], timeout=5)
        sys.exit(0)
    except Exception:
        time.sleep(1)
sys.exit(1)
PY
}

cmd_load() {
    check_odoo
    db_setup temporary
    local db=revlog_load conf="$PG_TMP/odoo.conf" data_file="$PG_TMP/load.json" port server workers staff
    write_conf "$conf" "$db" "$PG_TMP/filestore"
    say "installing the addons without demo data…"
    odoo -c "$conf" -d "$db" -i "$ADDONS" --without-demo=all --stop-after-init --log-level=error \
        --http-port="$(free_port)"
    say "preparing ${REVLOG_LOAD_LINES:-3000} delivered order lines and a user per role…"
    REVLOG_TOOLS="$ROOT/tools" REVLOG_LOAD_FILE="$data_file" odoo shell -c "$conf" -d "$db" --log-level=warn --no-http \
        <"$ROOT/tools/load_setup.py"
    for workers in ${REVLOG_LOAD_WORKERS:-1 2 4}; do
        port=$(free_port)
        # Odoo itself in the background, not the odoo() function: $! must be its master, whose SIGTERM stops
        # the workers (a subshell's would leave the whole server running)
        "$PYTHON" -m odoo -c "$conf" -d "$db" --http-port="$port" --http-interface=127.0.0.1 --workers="$workers" \
            --max-cron-threads=0 --gevent-port="$(free_port)" --log-level=warn >"$PG_TMP/load-$workers.log" 2>&1 &
        server=$!
        wait_http "http://127.0.0.1:$port/web/login" 120
        # clerks alone first, then with warehouse staff and an accountant working on what the clerks approve
        for staff in 0 1; do
            "$PYTHON" "$ROOT/tools/load.py" "http://127.0.0.1:$port" "$db" "$data_file" \
                --seconds "${REVLOG_LOAD_SECONDS:-45}" --clerks "${REVLOG_LOAD_CLERKS:-4}" --warehouse "$staff" \
                --accountants "$staff" --label "$workers worker(s)"
        done
        kill "$server"
        wait "$server" 2>/dev/null || true
    done
}

# Odoo's own suites of these modules, in cmd_core_suites (REVLOG_CORE_MODULES: a subset, or others)
CORE_MODULES=base,mail,product,account,sale,purchase,stock,stock_account,sale_stock,purchase_stock,repair

# core_suites_run DB MODULES LOG: a fresh database with MODULES and their demo data, Odoo's runner on the core
# modules' model-level cases: each module's at_install tests right after it is installed (as on Odoo's runbot: they
# expect their dependencies only, and fail on a database where later modules are installed), the post_install
# tests at the end, on the whole set.
core_suites_run() {
    local db=$1 modules=$2 log=$3 tags start=$SECONDS
    tags=$(echo "$MODULES" | sed -E 's#(^|,)#\1/#g')
    write_conf "$PG_TMP/$db.conf" "$db" "$PG_TMP/filestore"
    say "'$db': installing ${modules//,/, } and running the suites of $MODULES (log: $log)…"
    "$PYTHON" "$ROOT/tools/core_suites.py" odoo -c "$PG_TMP/$db.conf" -d "$db" -i "$modules" --test-enable \
        --test-tags "$tags" --stop-after-init --log-level=test --http-port="$(free_port)" >"$log" 2>&1 || true
    say "'$db' done in $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s"
}

cmd_core_suites() {
    check_odoo
    db_setup temporary
    MODULES=${REVLOG_CORE_MODULES:-$CORE_MODULES}
    local without=core_without_revlog with=core_with_revlog out="$DATA/core-suites" deps start=$SECONDS
    local tools="$ROOT/tools/core_suites.py"
    mkdir -p "$out"
    # revlog's three addons, not the kits glue: it would bring mrp, whose suites are not among those compared
    local ADDONS=${ADDONS%,revlog_returns_mrp}
    # the same Odoo apps on both sides: revlog's Odoo dependencies (and what they bring); revlog's three addons on one
    deps=$("$PYTHON" "$tools" deps "$ROOT" ${ADDONS//,/ })
    # REVLOG_CORE_JOBS=2: both sides at once (about twice as fast on an otherwise idle machine with two cores)
    if [ "${REVLOG_CORE_JOBS:-1}" -ge 2 ]; then
        core_suites_run "$with" "$deps,$ADDONS" "$out/with-revlog.log" &
        core_suites_run "$without" "$deps" "$out/without-revlog.log"
        wait
    else
        core_suites_run "$with" "$deps,$ADDONS" "$out/with-revlog.log"
        core_suites_run "$without" "$deps" "$out/without-revlog.log"
    fi
    "$PYTHON" "$tools" same-apps "$PG_TMP/$with.conf" "$without" "$with" ${ADDONS//,/ } >&2 \
        || die "not the same Odoo apps on both sides (logs in $out)"
    say "done in $(( (SECONDS - start) / 60 )) min; comparison (also in $out/report.txt):"
    "$PYTHON" "$tools" report "$out/without-revlog.log" "$out/with-revlog.log" "$MODULES" | tee "$out/report.txt"
}

case "${1:-}" in
    run | test | bench | lint | load) cmd=$1; shift; "cmd_$cmd" "$@" ;;
    core-suites) shift; cmd_core_suites "$@" ;;
    *) die "usage: $0 run|test|bench|lint|load|core-suites [extra Odoo or pytest arguments]" ;;
esac
