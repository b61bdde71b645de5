# revlog — the two commands of the README, plus the benchmark and the linters.
# Each target starts (and stops) its own private PostgreSQL cluster; see tools/dev.sh.
.PHONY: run test bench lint load core-suites

run:    ## serve Odoo with the revlog addons and demo data on http://localhost:8069
	@tools/dev.sh run $(ARGS)

test:   ## fresh database, Odoo's runner on our addons, pytest-odoo on tests/, linters
	@tools/dev.sh test $(ARGS)

bench:  ## batch benchmark, N=100 and N=1000: ms and SQL queries per return, per phase
	@tools/dev.sh bench $(ARGS)

lint:
	@tools/dev.sh lint

load:   ## bounded load test (loopback): concurrent roles over JSON-RPC against 1, 2 and 4 workers
	@tools/dev.sh load $(ARGS)

core-suites:  ## Odoo's own model-level suites (base … repair) with and without revlog, compared; about an hour
	@tools/dev.sh core-suites $(ARGS)
