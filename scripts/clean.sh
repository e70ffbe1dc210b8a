#!/usr/bin/env bash
# Drops the databases made by `make run` and `make test`, stops a private
# PostgreSQL cluster and those of `make scale`, and removes the cache (Odoo,
# virtualenv, filestore).
. "$(dirname "$0")/lib.sh"
if [ -f "$PG_ENV" ]; then
    # shellcheck disable=SC1090
    . "$PG_ENV"
    for db in "$DEMO_DB" "$TEST_DB"; do
        psql -d postgres -qc "drop database if exists \"$db\" with (force)" 2>/dev/null && say "Dropped $db" || true
    done
    if grep -q '^# private' "$PG_ENV"; then
        as_pg_owner "$KPI_PGBIN/pg_ctl" -D "$KPI_PGDATA" -m fast stop >/dev/null 2>&1 || true
        rm -rf "$KPI_PGDATA"
        say "Stopped and removed the private PostgreSQL cluster $KPI_PGDATA"
    fi
fi
# the primary and the replica of `make scale`
for dir in "$KPI_CACHE/scale" "$SCALE_FALLBACK_DIR"; do
    for cluster in "$dir/replica" "$dir/primary"; do
        if [ -f "$cluster/postmaster.pid" ]; then
            as_pg_owner "$(pg_bin_dir)/pg_ctl" -D "$cluster" -m fast stop >/dev/null 2>&1 || true
        fi
    done
    if [ -d "$dir" ]; then rm -rf "$dir" && say "Removed the clusters of make scale in $dir"; fi
done
rm -rf "$KPI_CACHE"
say "Removed $KPI_CACHE"
