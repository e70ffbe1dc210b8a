#!/usr/bin/env bash
# Creates (or upgrades) the demo database with both add-ons and their demo data,
# then serves it on 127.0.0.1:8069.
. "$(dirname "$0")/lib.sh"
bash "$PROJECT_DIR/scripts/setup.sh"
# shellcheck disable=SC1090
. "$PG_ENV"

PORT="${KPI_HTTP_PORT:-8069}"
if psql -d postgres -Atqc "select 1 from pg_database where datname = '$DEMO_DB'" | grep -q 1 \
   && psql -d "$DEMO_DB" -Atqc "select state from ir_module_module where name = 'kpi_reports'" 2>/dev/null | grep -q installed; then
    say "Upgrading the add-ons in the database $DEMO_DB"
    odoo_cmd -d "$DEMO_DB" -u "$KPI_MODULES" --stop-after-init --log-level=warn --log-handler=py.warnings:ERROR
else
    say "Creating the database $DEMO_DB with both add-ons and demo data (a few minutes the first time)"
    psql -d postgres -qc "drop database if exists \"$DEMO_DB\"" >/dev/null
    odoo_cmd -d "$DEMO_DB" -i "$KPI_MODULES" --with-demo --load-language=vi_VN --stop-after-init --log-level=warn --log-handler=py.warnings:ERROR
fi

cat >&2 <<MSG

  KPI Assessment is served on  http://127.0.0.1:$PORT  (database $DEMO_DB)
  Logins (user / password):
$("$VENV/bin/python" "$PROJECT_DIR/scripts/demo_logins.py")
  Stop it with Ctrl+C.

MSG
exec_odoo() {
    # shellcheck disable=SC1090
    . "$PG_ENV"
    PYTHONPATH="$(odoo_python_dir)" exec "$VENV/bin/python" "$(odoo_bin)" -c "$ODOO_CONF" \
        -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" --http-port="$PORT" --http-interface=127.0.0.1
}
exec_odoo
