#!/usr/bin/env bash
# Prepares everything `make run` and `make test` need; idempotent and cached.
#   1. Odoo 19 (Debian's odoo-19 package unpacked, or ODOO_SRC)
#   2. a virtualenv with config/requirements.txt
#   3. system packages for browser and report tests
#   4. a PostgreSQL that answers (the environment's, or a private cluster)
#   5. the Odoo configuration file
. "$(dirname "$0")/lib.sh"
mkdir -p "$KPI_CACHE"

bash "$PROJECT_DIR/scripts/get_odoo.sh"
bash "$PROJECT_DIR/scripts/system_packages.sh"

# --- virtualenv ---------------------------------------------------------------
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 13)))' \
    || die "Odoo 19 needs Python 3.10 to 3.13; $("$PYTHON" --version) found (set PYTHON=...)"
REQ_HASH=$(sha256sum < "$PROJECT_DIR/config/requirements.txt" | cut -c1-16)
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$REQ_HASH" ]; then
    say "Creating the virtualenv $VENV (Odoo's pinned dependencies; about a minute)"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$PROJECT_DIR/config/requirements.txt" \
        || die "pip could not install config/requirements.txt (psycopg2 needs pg_config: package libpq-dev)"
    echo "$REQ_HASH" > "$VENV/.requirements"
else
    say "Virtualenv up to date: $VENV"
fi

# --- PostgreSQL ---------------------------------------------------------------
bash "$PROJECT_DIR/scripts/postgres.sh"

# --- Odoo configuration -------------------------------------------------------
if [ -n "${ODOO_SRC:-}" ]; then
    CORE_ADDONS="$ODOO_SRC/odoo/addons,$ODOO_SRC/addons"
else
    CORE_ADDONS="$(odoo_python_dir)/odoo/addons"
fi
MASTER_FILE="$KPI_CACHE/master_password"
[ -s "$MASTER_FILE" ] || "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(16))' > "$MASTER_FILE"
sed -e "s#@CORE_ADDONS@#$CORE_ADDONS#" \
    -e "s#@PROJECT_ADDONS@#$PROJECT_DIR/addons#" \
    -e "s#@DATA_DIR@#$KPI_CACHE/data#" \
    -e "s#@MASTER@#$(cat "$MASTER_FILE")#" \
    "$PROJECT_DIR/config/odoo.conf.in" > "$ODOO_CONF"
say "Odoo configuration: $ODOO_CONF"
