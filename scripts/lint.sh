#!/usr/bin/env bash
# ruff and pylint-odoo, in a virtualenv of their own under the cache.
. "$(dirname "$0")/lib.sh"
LINT_VENV="$KPI_CACHE/lint-venv"
REQ_HASH=$(sha256sum < "$PROJECT_DIR/config/requirements-lint.txt" | cut -c1-16)
if [ "$(cat "$LINT_VENV/.requirements" 2>/dev/null)" != "$REQ_HASH" ]; then
    say "Installing ruff and pylint-odoo in $LINT_VENV"
    [ -x "$LINT_VENV/bin/python" ] || "${PYTHON:-python3}" -m venv "$LINT_VENV"
    "$LINT_VENV/bin/pip" install -q --disable-pip-version-check -r "$PROJECT_DIR/config/requirements-lint.txt" 2>&1 \
        | grep -v "is ignored: it is neither" || true
    echo "$REQ_HASH" > "$LINT_VENV/.requirements"
fi
cd "$PROJECT_DIR"
say "ruff"
"$LINT_VENV/bin/ruff" check addons tests scripts
"$LINT_VENV/bin/ruff" format --check addons tests scripts
say "pylint-odoo"
"$LINT_VENV/bin/pylint" --rcfile=.pylintrc addons/kpi_civil_service addons/kpi_reports
say "lint clean"
