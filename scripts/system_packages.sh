#!/usr/bin/env bash
# System packages that the browser and report tests need. Installed with apt when
# we are root and they are missing; otherwise a message names what to install.
. "$(dirname "$0")/lib.sh"

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list : family 2>/dev/null | grep "Liberation Serif" >/dev/null || missing+=(fonts-liberation2)
command -v pg_config >/dev/null 2>&1 || missing+=(libpq-dev)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)

if [ ${#missing[@]} -eq 0 ]; then
    say "System packages present (chromium, wkhtmltopdf, poppler-utils, fonts-liberation2)"
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing with apt: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    die "Please install these Debian packages first (as root): apt-get install ${missing[*]}"
fi
