#!/bin/sh
# First start of the primary (docker-entrypoint-initdb.d): the replica may connect.
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
