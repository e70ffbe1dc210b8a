#!/usr/bin/env bash
# The province benchmark (README.md, "Province scale") on a database of its own, kpi_bench_<scale>,
# built once and reused:  make bench  (BENCH_SCALE=small, the default, or province).
# Prints the table and writes it as JSON to BENCH_JSON (default: the cache).
. "$(dirname "$0")/lib.sh"
bash "$PROJECT_DIR/scripts/setup.sh"
# shellcheck disable=SC1090
. "$PG_ENV"
SCALE="${BENCH_SCALE:-small}"
case "$SCALE" in small|province) ;; *) die "BENCH_SCALE is small or province, not $SCALE" ;; esac
DB="kpi_bench_$SCALE"
export BENCH_SCALE="$SCALE" KPI_PROJECT_DIR="$PROJECT_DIR"
# the concurrent-saves figure starts a server with workers on a free loopback port
export KPI_PYTHON="$VENV/bin/python" KPI_ODOO_BIN="$(odoo_bin)" KPI_ODOO_CONF="$ODOO_CONF"
export PYTHONPATH="$(odoo_python_dir)${PYTHONPATH:+:$PYTHONPATH}"
export BENCH_JSON="${BENCH_JSON:-$KPI_CACHE/bench-$SCALE.json}"
# a database whose province was not finished (an interrupted build) is made anew
built=$(psql -d "$DB" -Atqc "select value from ir_config_parameter where key = 'kpi_bench.built'" 2>/dev/null || true)
if [ "$built" != "$SCALE" ]; then
    say "Creating the database $DB with both add-ons (no demo data)"
    psql -d postgres -qc "drop database if exists \"$DB\" with (force)" >/dev/null
    odoo_cmd -d "$DB" -i "$KPI_MODULES" --stop-after-init --log-level=warn --log-handler=py.warnings:ERROR
fi
# a database built by an older version of the add-ons is upgraded to this one first
CODE=$(cd "$PROJECT_DIR/addons" && find . -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
code_in_db=$(psql -d "$DB" -Atqc "select value from ir_config_parameter where key = 'kpi_bench.code'" 2>/dev/null || true)
if [ "$built" = "$SCALE" ] && [ "$code_in_db" != "$CODE" ]; then
    say "Upgrading the add-ons on $DB to this version"
    odoo_cmd -d "$DB" -u "$KPI_MODULES" --stop-after-init --log-level=warn --log-handler=py.warnings:ERROR
fi
psql -d "$DB" -qc "insert into ir_config_parameter (key, value) values ('kpi_bench.code', '$CODE')
                   on conflict (key) do update set value = excluded.value" >/dev/null
say "Benchmark at the $SCALE scale on $DB; the table goes to $BENCH_JSON"
odoo_command shell -d "$DB" --no-http \
    --log-level=warn --log-handler=py.warnings:ERROR < "$PROJECT_DIR/tests/bench/run.py"
