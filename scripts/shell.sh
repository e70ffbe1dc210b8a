#!/usr/bin/env bash
# An Odoo shell (Python, with `env`) on the demo database; `psql` for SQL is
# printed too.
. "$(dirname "$0")/lib.sh"
[ -f "$ODOO_CONF" ] || bash "$PROJECT_DIR/scripts/setup.sh"
# shellcheck disable=SC1090
. "$PG_ENV"
say "SQL: $( [ -n "${PGHOST:-}" ] && echo "PGHOST=$PGHOST ")psql $DEMO_DB"
odoo_command shell -d "$DEMO_DB" --no-http
