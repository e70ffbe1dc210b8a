#!/usr/bin/env bash
# Restores a backup made by `make backup` (database and filestore) into a new
# database; an existing database is never overwritten:
#   make restore BACKUP=/srv/kpi.zip DB=kpi_restored
# The file's SHA-256 is checked first when <file>.sha256 is beside it.
. "$(dirname "$0")/lib.sh"
bash "$PROJECT_DIR/scripts/setup.sh"
# shellcheck disable=SC1090
. "$PG_ENV"
BACKUP="${BACKUP:?the backup file: make restore BACKUP=<file.zip> DB=<new database>}"
DB="${DB:?the new database: make restore BACKUP=<file.zip> DB=<new database>}"
[ -f "$BACKUP" ] || die "No backup file $BACKUP"
if psql -d postgres -Atqc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
    die "The database $DB exists: restore into a new database (drop it first if it must be replaced)"
fi
FILESTORE="$(sed -n 's/^data_dir *= *//p' "$ODOO_CONF")/filestore/$DB"
# Odoo would put the backup's files inside a folder left by a database dropped without its files
[ ! -e "$FILESTORE" ] || die "$FILESTORE exists (files of an earlier $DB): move it away first"
if [ -f "$BACKUP.sha256" ]; then
    (cd "$(dirname "$BACKUP")" && sha256sum --quiet -c "$(basename "$BACKUP").sha256") \
        || die "$BACKUP does not match its SHA-256 ($BACKUP.sha256): damaged or changed"
fi
say "Restoring $BACKUP into the new database $DB (database and filestore)"
odoo_command db load "$DB" "$BACKUP"
say "Done: $DB restored"
