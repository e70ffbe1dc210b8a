#!/usr/bin/env bash
# `make scale`: the read replica of README's "Beyond one machine", run on this
# machine without Docker. A primary and a streaming replica of their own
# (pg_basebackup, primary_conninfo; sockets only, on two ports, in a folder
# under the cache, so the server of the environment is never reconfigured), a copy of the
# small benchmark's province on the primary, then Odoo with 4 workers, a cron
# worker and --db_replica_host/--db_replica_port under the load test and the
# reports (tests/bench/replica.py). What each server did is read from
# PostgreSQL's own statistics; the replica is stopped in the middle of a
# second run. Prints the result and writes it as JSON to SCALE_JSON.
#   KPI_SCALE_SECONDS=60   length of each run     KPI_SCALE_KEEP=1   leave both servers running
. "$(dirname "$0")/lib.sh"
bash "$PROJECT_DIR/scripts/setup.sh"
# shellcheck disable=SC1090
. "$PG_ENV"

SOURCE_DB=kpi_bench_small
DB=kpi_scale
PORT=${KPI_SCALE_PORT:-5442}
REPLICA_PORT=$((PORT + 1))
PGBIN=$(pg_bin_dir)
[ -x "$PGBIN/pg_basebackup" ] || die "PostgreSQL's server programs are not installed (apt-get install postgresql)"
HERE=$(pg_owner_dir "$KPI_CACHE/scale" "$SCALE_FALLBACK_DIR")
PRIMARY="$HERE/primary"
REPLICA="$HERE/replica"
DATA_DIR=$(sed -n 's/^data_dir *= *//p' "$ODOO_CONF")
export SCALE_JSON="${SCALE_JSON:-$KPI_CACHE/scale.json}"

pg_ctl_cmd() { as_pg_owner "$PGBIN/pg_ctl" "$@"; }
stop_both() {
    for dir in "$REPLICA" "$PRIMARY"; do
        if [ -f "$dir/postmaster.pid" ]; then pg_ctl_cmd -D "$dir" -m fast -w stop >/dev/null 2>&1 || true; fi
    done
}

say "The province of the small benchmark ($SOURCE_DB), built once and reused"
BENCH_SCALE=small BENCH_FIGURES=none BENCH_JSON="$KPI_CACHE/bench-build.json" \
    bash "$PROJECT_DIR/scripts/bench.sh" >/dev/null

say "A primary on port $PORT and its streaming replica on port $REPLICA_PORT, in $HERE"
stop_both
rm -rf "$PRIMARY" "$REPLICA"
as_pg_owner "$PGBIN/initdb" -D "$PRIMARY" -U "$(id -un)" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$PRIMARY/postgresql.conf" <<CONF
port = $PORT
listen_addresses = ''
unix_socket_directories = '$HERE'
wal_level = replica
max_wal_senders = 4
shared_preload_libraries = 'pg_stat_statements'
CONF
# who may connect: local sockets, and the replica's replication connection
cat > "$PRIMARY/pg_hba.conf" <<HBA
local all all trust
local replication all trust
HBA
if [ -z "${KPI_SCALE_KEEP:-}" ]; then trap stop_both EXIT; fi
pg_ctl_cmd -D "$PRIMARY" -l "$PRIMARY/server.log" -w start >/dev/null
on_primary=(-h "$HERE" -p "$PORT")
createdb "${on_primary[@]}" "$DB"
pg_dump -Fc -d "$SOURCE_DB" | pg_restore "${on_primary[@]}" -d "$DB" --no-owner --no-acl
psql "${on_primary[@]}" -d "$DB" -qc "create extension pg_stat_statements"
rm -rf "${DATA_DIR:?}/filestore/$DB"
if [ -d "$DATA_DIR/filestore/$SOURCE_DB" ]; then
    cp -a "$DATA_DIR/filestore/$SOURCE_DB" "$DATA_DIR/filestore/$DB"
fi

as_pg_owner "$PGBIN/pg_basebackup" -h "$HERE" -p "$PORT" -U "$(id -un)" -D "$REPLICA" -R -X stream -c fast
cat >> "$REPLICA/postgresql.conf" <<CONF
port = $REPLICA_PORT
unix_socket_directories = '$HERE'
hot_standby = on
# the replica tells the primary which rows its reports still read, so that a
# report is never cancelled by the replay of a vacuum
hot_standby_feedback = on
CONF
pg_ctl_cmd -D "$REPLICA" -l "$REPLICA/server.log" -w start >/dev/null
[ "$(psql -h "$HERE" -p "$REPLICA_PORT" -d "$DB" -Atc 'select pg_is_in_recovery()')" = t ] \
    || die "The replica in $REPLICA is not in recovery (see its server.log)"

owner=()
[ "$(id -u)" = 0 ] && owner=(runuser -u postgres --)
printf -v SCALE_REPLICA_STOP '%q ' "${owner[@]}" "$PGBIN/pg_ctl" -D "$REPLICA" -m immediate -w stop
printf -v SCALE_REPLICA_START '%q ' "${owner[@]}" "$PGBIN/pg_ctl" -D "$REPLICA" -l "$REPLICA/server.log" -w start
export SCALE_REPLICA_STOP SCALE_REPLICA_START
export SCALE_PRIMARY_HOST="$HERE" SCALE_PRIMARY_PORT="$PORT"
export SCALE_REPLICA_HOST="$HERE" SCALE_REPLICA_PORT="$REPLICA_PORT" SCALE_REPLICA_LOG="$REPLICA/server.log"
export KPI_PROJECT_DIR="$PROJECT_DIR" KPI_PYTHON="$VENV/bin/python" KPI_ODOO_BIN="$(odoo_bin)" KPI_ODOO_CONF="$ODOO_CONF"
export BENCH_SERVER_LOG="$HERE/odoo.log"
: > "$BENCH_SERVER_LOG"
say "Odoo with workers on the pair, under load; the result goes to $SCALE_JSON"
odoo_command shell -d "$DB" --no-http \
    --db_host="$HERE" --db_port="$PORT" --log-level=warn --log-handler=py.warnings:ERROR \
    < "$PROJECT_DIR/tests/bench/replica_run.py"
