# Picture Lock: two commands for a fresh machine.
#   make demo   installs everything and runs the main job on the demo production
#   make test   installs everything and runs the checks and the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck bench bench-full bench-load screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/picturelock demo --run demo-out --serve

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# The persistence tests run on SQLite and on a real PostgreSQL server, which
# scripts/postgres-for-tests.sh installs (Debian's package, as root) and starts on localhost.
# The browser tests (tests/browser) drive Debian's Chromium, which scripts/chromium-for-tests.sh
# installs (as root) when missing. Without either (no root on a laptop) those tests are skipped
# with the reason; CI must have both.
test: lint typecheck
	@url="$${PICTURELOCK_TEST_POSTGRES_URL:-$$(scripts/postgres-for-tests.sh || true)}"; \
	if [ -z "$$url" ] && [ -n "$$CI" ]; then echo "CI runs the PostgreSQL tests: no server could be started" >&2; exit 1; fi; \
	chromium="$${PICTURELOCK_TEST_CHROMIUM:-$$(scripts/chromium-for-tests.sh || true)}"; \
	if [ -z "$$chromium" ] && [ -n "$$CI" ]; then echo "CI runs the browser tests: no Chromium could be installed" >&2; exit 1; fi; \
	PICTURELOCK_TEST_POSTGRES_URL="$$url" PICTURELOCK_TEST_CHROMIUM="$$chromium" $(BIN)/pytest -n 2 -q

# Benchmarks (not part of `make test`); results and machines are recorded in docs/benchmarks.md.
bench: $(STAMP)
	cd benchmarks && ../$(BIN)/python bench_cpm.py
	cd benchmarks && ../$(BIN)/python bench_levelling.py
	cd benchmarks && ../$(BIN)/python bench_psplib.py
	cd benchmarks && ../$(BIN)/python bench_planfile.py
	cd benchmarks && ../$(BIN)/python bench_monitoring.py
	cd benchmarks && ../$(BIN)/python bench_templates.py
	cd benchmarks && ../$(BIN)/python exchange.py
	cd benchmarks && ../$(BIN)/python gantt_render.py --no-images
	cd benchmarks && ../$(BIN)/python bench_persistence.py
	cd benchmarks && ../$(BIN)/python bench_security.py
	cd benchmarks && ../$(BIN)/python bench_accounts.py
	cd benchmarks && ../$(BIN)/python bench_api.py
	cd benchmarks && ../$(BIN)/python bench_editing.py
	cd benchmarks && ../$(BIN)/python bench_scoping.py
	cd benchmarks && ../$(BIN)/python bench_gantt_web.py
	cd benchmarks && ../$(BIN)/python bench_jobs.py
	cd benchmarks && ../$(BIN)/python bench_load.py --quick

# 50 users on the real server (SQLite, then PostgreSQL when PICTURELOCK_TEST_POSTGRES_URL is set), with and
# without think time, 60 s each (about 8 minutes).
bench-load: $(STAMP)
	cd benchmarks && ../$(BIN)/python bench_load.py

# The optimiser on all 480 PSPLIB j30 instances (about 5 minutes), and TaskJuggler where installed.
bench-full: bench
	cd benchmarks && ../$(BIN)/python bench_psplib.py --optimise
	cd benchmarks && ../$(BIN)/python tj3_compare.py

# Pictures of the main pages (docs/screenshots/*.png) from a real server over the demo production,
# taken in Debian's Chromium at 1366x768 (not part of `make test`).
screenshots: $(STAMP)
	PICTURELOCK_TEST_CHROMIUM="$${PICTURELOCK_TEST_CHROMIUM:-$$(scripts/chromium-for-tests.sh)}" \
	$(BIN)/python scripts/screenshots.py --out docs/screenshots

clean:
	rm -rf $(VENV) demo-out .pytest_cache .mypy_cache .ruff_cache
