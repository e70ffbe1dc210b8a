#!/bin/sh
# The read replica of the scale profile: copies the primary once, then follows
# it (streaming replication, hot standby).
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready -h db-scale -U "$POSTGRES_USER"; do sleep 1; done
    PGPASSWORD="$POSTGRES_PASSWORD" pg_basebackup -h db-scale -U "$POSTGRES_USER" -D "$PGDATA" -R -X stream
    chown -R postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
fi
exec gosu postgres postgres "$@"
