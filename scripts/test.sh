#!/usr/bin/env bash
# The whole suite: a fresh test database with both add-ons and demo data, every
# test of our add-ons (unit, access, browser, reports) through Odoo's runner,
# then the product tests of tests/ through pytest.
# Fails on any failed test and on any WARNING or ERROR of our add-ons in the log.
#   TESTS=/kpi_civil_service:TestKpiSector make test   runs a part (Odoo's --test-tags)
#   PYTEST_ONLY=1 make test                             runs only tests/
. "$(dirname "$0")/lib.sh"
bash "$PROJECT_DIR/scripts/setup.sh"
# shellcheck disable=SC1090
. "$PG_ENV"

LOG_DIR="$KPI_CACHE/logs"
mkdir -p "$LOG_DIR"
LOG="$LOG_DIR/test-$(date +%Y%m%d-%H%M%S)-$TEST_DB.log"
ln -sfn "$LOG" "$LOG_DIR/test-latest.log"
: > "$LOG"
TEST_TAGS="${TESTS:-/kpi_civil_service,/kpi_reports}"

if [ -z "${PYTEST_ONLY:-}" ]; then
    say "Fresh test database $TEST_DB; tests: $TEST_TAGS; full log: $LOG"
    psql -d postgres -qc "drop database if exists \"$TEST_DB\" with (force)" >/dev/null
    set +e
    odoo_cmd -d "$TEST_DB" -i "$KPI_MODULES" --with-demo --test-enable --test-tags "$TEST_TAGS" \
        --stop-after-init --log-level=test --max-cron-threads=0 --http-port="${KPI_TEST_HTTP_PORT:-8169}" 2>&1 \
        | tee -a "$LOG" \
        | grep --line-buffered -E "odoo\.addons\.kpi_[a-z_]+\.tests.*(Starting|FAIL|ERROR)| (ERROR|CRITICAL) |WARNING .*kpi_|tests when loading database"
    set -e
fi

PYTEST_XML="$LOG_DIR/pytest.xml"
say "Product tests (tests/) with pytest"
set +e
PYTHONPATH="$(odoo_python_dir)" "$VENV/bin/python" -m pytest -q -p no:cacheprovider \
    --junitxml="$PYTEST_XML" "$PROJECT_DIR/tests" 2>&1 | tee -a "$LOG"
set -e

exec "$VENV/bin/python" "$PROJECT_DIR/scripts/test_summary.py" "$LOG" "$PYTEST_XML" ${PYTEST_ONLY:+--pytest-only}
