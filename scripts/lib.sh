# Shared settings for the set-up scripts. Sourced, never run.
# Everything downloaded or built lives outside the clone, so a second run is fast
# and `make clean` can remove it in one place.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KPI_CACHE="${KPI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpi-odoo}"
VENV="$KPI_CACHE/venv"
ODOO_ROOT="$KPI_CACHE/odoo-root"            # the unpacked Debian package
ODOO_CONF="$KPI_CACHE/odoo.conf"            # written by scripts/setup.sh
PG_ENV="$KPI_CACHE/pg.env"                  # which PostgreSQL we use
DEMO_DB="${KPI_DEMO_DB:-kpi_demo}"
TEST_DB="${KPI_TEST_DB:-kpi_test}"
KPI_MODULES="kpi_civil_service,kpi_reports"
# where `make scale` keeps its primary and replica when the postgres user, as
# which they run, cannot reach the cache (one folder per cache)
SCALE_FALLBACK_DIR="/var/lib/kpi-odoo/scale-$(printf %s "$KPI_CACHE" | sha256sum | cut -c1-8)"

say() { printf '\033[1m[kpi]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[kpi] %s\033[0m\n' "$*" >&2; exit 1; }

# Where Odoo's python package is: a source tree given by ODOO_SRC, or the unpacked package.
odoo_python_dir() {
    if [ -n "${ODOO_SRC:-}" ]; then
        echo "$ODOO_SRC"
    else
        echo "$ODOO_ROOT/usr/lib/python3/dist-packages"
    fi
}

odoo_bin() {
    if [ -n "${ODOO_SRC:-}" ]; then
        echo "$ODOO_SRC/odoo-bin"
    else
        echo "$ODOO_ROOT/usr/bin/odoo"
    fi
}

# Runs one of Odoo's commands (server, shell, db) with the project's
# interpreter and configuration; the command comes first, as Odoo wants it.
odoo_command() {
    local command="$1"
    shift
    # shellcheck disable=SC1090
    [ -f "$PG_ENV" ] && . "$PG_ENV"
    PYTHONPATH="$(odoo_python_dir)${PYTHONPATH:+:$PYTHONPATH}" \
        "$VENV/bin/python" "$(odoo_bin)" "$command" -c "$ODOO_CONF" "$@"
}

# Odoo's server: odoo_cmd -d kpi_demo -u kpi_civil_service --stop-after-init
odoo_cmd() {
    odoo_command server "$@"
}

# PostgreSQL's programs of the newest version installed (initdb, pg_ctl, pg_basebackup).
pg_bin_dir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Runs a command as the owner of the private clusters: initdb and the server
# refuse root, so as root they belong to the postgres system user.
as_pg_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Prints a folder the owner of the private clusters can write, made if needed:
# $1 under the cache, or, as root, $2 when the postgres user cannot reach $1
# ($HOME is often closed to it).
pg_owner_dir() {
    local dir="$1"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$dir"
        if ! runuser -u postgres -- test -w "$dir"; then
            dir="$2"
            mkdir -p "$dir" && chown postgres "$dir"
        fi
    fi
    echo "$dir"
}

psql_cmd() {
    # shellcheck disable=SC1090
    [ -f "$PG_ENV" ] && . "$PG_ENV"
    psql "$@"
}
