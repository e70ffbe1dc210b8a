#!/usr/bin/env bash
# Drops the databases made by `make run` and `make test`, stops a private
# PostgreSQL cluster, and removes the cache (Odoo, virtualenv, filestore).
. "$(dirname "$0")/lib.sh"
if [ -f "$PG_ENV" ]; then
    # shellcheck disable=SC1090
    . "$PG_ENV"
    for db in "$DEMO_DB" "$TEST_DB"; do
        psql -d postgres -qc "drop database if exists \"$db\" with (force)" 2>/dev/null && say "Dropped $db" || true
    done
    if grep -q '^# private' "$PG_ENV"; then
        as_owner=(); [ "$(id -u)" = 0 ] && as_owner=(runuser -u postgres --)
        "${as_owner[@]}" "$KPI_PGBIN/pg_ctl" -D "$KPI_PGDATA" -m fast stop >/dev/null 2>&1 || true
        rm -rf "$KPI_PGDATA"
        say "Stopped and removed the private PostgreSQL cluster $KPI_PGDATA"
    fi
fi
rm -rf "$KPI_CACHE"
say "Removed $KPI_CACHE"
