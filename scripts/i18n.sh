#!/usr/bin/env bash
# Re-exports the translatable terms of both add-ons (i18n/<module>.pot) from a
# scratch database with the current code, and merges them into i18n/vi.po
# (demo data included, as in the test database; new terms arrive with an empty msgstr for a translator; the test suite fails
# until they are translated).
. "$(dirname "$0")/lib.sh"
bash "$PROJECT_DIR/scripts/setup.sh"
# shellcheck disable=SC1090
. "$PG_ENV"
DB=kpi_i18n
psql -d postgres -qc "drop database if exists \"$DB\" with (force)" >/dev/null
odoo_cmd -d "$DB" -i "$KPI_MODULES" --with-demo --stop-after-init --log-level=warn --log-handler=py.warnings:ERROR
for module in ${KPI_MODULES//,/ }; do
    PYTHONPATH="$(odoo_python_dir)" "$VENV/bin/python" "$(odoo_bin)" i18n export \
        -c "$ODOO_CONF" -d "$DB" "$module" >/dev/null
    pot="$PROJECT_DIR/addons/$module/i18n/$module.pot"
    po="$PROJECT_DIR/addons/$module/i18n/vi.po"
    if [ -f "$po" ]; then
        msgmerge --quiet --no-wrap --no-fuzzy-matching --update --backup=none "$po" "$pot"
    else
        msginit --no-translator --locale=vi --input="$pot" --output-file="$po"
    fi
    untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
    say "$module: $po ($(( untranslated > 0 ? untranslated - 1 : 0 )) untranslated)"
done
psql -d postgres -qc "drop database if exists \"$DB\" with (force)" >/dev/null
