#!/usr/bin/env bash
# A backup of a database and its filestore (the kept notices included) in one
# file, Odoo's own format (dump.sql, filestore/, manifest.json in a zip):
#   make backup                                  the demo database, to the cache's backups/
#   make backup DB=kpi_prod BACKUP=/srv/kpi.zip  a given database, to a given file
# A SHA-256 of the file is written beside it (<file>.sha256).
. "$(dirname "$0")/lib.sh"
bash "$PROJECT_DIR/scripts/setup.sh"
# shellcheck disable=SC1090
. "$PG_ENV"
DB="${DB:-$DEMO_DB}"
psql -d "$DB" -Atqc "select 1" >/dev/null 2>&1 || die "No database $DB to back up"
BACKUP="${BACKUP:-$KPI_CACHE/backups/$DB-$(date +%Y%m%d-%H%M%S).zip}"
mkdir -p "$(dirname "$BACKUP")"
say "Backing up $DB (database and filestore) to $BACKUP"
odoo_command db dump "$DB" "$BACKUP"
"$VENV/bin/python" - "$BACKUP" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as backup:
    bad = backup.testzip()
    names = backup.namelist()
if bad or "dump.sql" not in names or "manifest.json" not in names:
    sys.exit(f"{sys.argv[1]} is not a complete backup ({bad or 'dump.sql or manifest.json missing'})")
print(f"{len(names)} files checked", file=sys.stderr)
PY
(cd "$(dirname "$BACKUP")" && sha256sum "$(basename "$BACKUP")" > "$(basename "$BACKUP").sha256")
say "Done: $BACKUP ($(du -h "$BACKUP" | cut -f1)); restore it with: make restore BACKUP=$BACKUP DB=<new database>"
