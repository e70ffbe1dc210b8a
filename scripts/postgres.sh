#!/usr/bin/env bash
# Finds a PostgreSQL that answers, or starts a private cluster, and records the
# choice in $PG_ENV (sourced by every script that talks to the database).
. "$(dirname "$0")/lib.sh"
mkdir -p "$KPI_CACHE"

answers() { psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; }

# A private cluster started by an earlier run?
if [ -f "$PG_ENV" ] && grep -q '^# private' "$PG_ENV"; then
    # shellcheck disable=SC1090
    . "$PG_ENV"
    if ! answers; then
        say "Starting the private PostgreSQL cluster in $KPI_PGDATA"
        as_pg_owner "$KPI_PGBIN/pg_ctl" -D "$KPI_PGDATA" -l "$KPI_PGDATA/server.log" -w start >/dev/null
    fi
    answers || die "The private PostgreSQL cluster in $KPI_PGDATA does not answer (see its server.log)"
    say "PostgreSQL: private cluster in $KPI_PGDATA (socket $PGHOST)"
    exit 0
fi

# The PostgreSQL the environment points at (PGHOST/PGPORT/PGUSER) or the local socket.
if answers; then
    echo "# system: the PostgreSQL of the environment" > "$PG_ENV"
    say "PostgreSQL: the server at ${PGHOST:-the local socket}${PGPORT:+:$PGPORT} as ${PGUSER:-$(id -un)}"
    exit 0
fi
# A server that answers but does not know us yet (Debian's cluster, run as root).
if [ "$(id -u)" = 0 ] && psql -d postgres -Atqc 'select 1' 2>&1 | grep -q 'role .* does not exist'; then
    runuser -u postgres -- createuser -s "$(id -un)"
    if answers; then
        echo "# system: the PostgreSQL of the environment" > "$PG_ENV"
        say "PostgreSQL: the local server; created the superuser role $(id -un)"
        exit 0
    fi
fi

# No server: a private cluster under the cache.
PGBIN=$(pg_bin_dir)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing PostgreSQL with apt"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
        PGBIN=$(pg_bin_dir)
    else
        die "No PostgreSQL answers and none is installed: apt-get install postgresql, or set PGHOST/PGPORT/PGUSER"
    fi
fi

PGDATA_DIR=$(pg_owner_dir "$KPI_CACHE/pg" /var/lib/kpi-odoo/pg)
if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    say "Creating a private PostgreSQL cluster in $PGDATA_DIR (no server answered)"
    as_pg_owner "$PGBIN/initdb" -D "$PGDATA_DIR" -U "$(id -un)" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$PGDATA_DIR/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PGDATA_DIR'
CONF
fi
as_pg_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w start >/dev/null
cat > "$PG_ENV" <<ENV
# private cluster started by scripts/postgres.sh
export KPI_PGDATA='$PGDATA_DIR' KPI_PGBIN='$PGBIN'
export PGHOST='$PGDATA_DIR' PGPORT=5432 PGUSER='$(id -un)'
unset PGPASSWORD
ENV
# shellcheck disable=SC1090
. "$PG_ENV"
answers || die "The private cluster in $PGDATA_DIR did not start (see $PGDATA_DIR/server.log)"
say "PostgreSQL: started a private cluster in $PGDATA_DIR (socket only; stop it with: make clean)"
