#!/usr/bin/env bash
# Obtains Odoo 19 Community from Debian's `odoo-19` package without installing it:
# apt downloads it (and the font and JavaScript packages its +dfsg build links to)
# with a private state directory, and dpkg unpacks them into $ODOO_ROOT.
# The archive's address is read from this machine's own apt configuration.
. "$(dirname "$0")/lib.sh"

if [ -n "${ODOO_SRC:-}" ]; then
    [ -f "$ODOO_SRC/odoo/release.py" ] || die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo/release.py)"
    grep -q "version_info = (19" "$ODOO_SRC/odoo/release.py" || die "ODOO_SRC=$ODOO_SRC is not Odoo 19"
    say "Using the Odoo 19 source tree at $ODOO_SRC"
    exit 0
fi

STAMP="$ODOO_ROOT/.complete"
if [ -f "$STAMP" ]; then
    say "Odoo 19 already unpacked in $ODOO_ROOT"
    exit 0
fi

APT_DIR="$KPI_CACHE/apt"
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$APT_DIR/debs"

# The Debian archive's URI from the machine's apt sources (deb822 or one-line style).
debian_uri() {
    local f uri
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # a stanza that uses Debian's archive keyring and a "debian" path, not the security one
        uri=$(awk 'BEGIN{RS=""} /debian-archive-keyring/ {print}' "$f" \
              | awk '/^URIs:/ {for (i = 2; i <= NF; i++) print $i}' \
              | grep -E '/debian/?$' | head -n 1)
        [ -n "$uri" ] && { echo "${uri%/}"; return; }
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        uri=$(grep -E '^deb[[:space:]]' "$f" | sed -E 's/\[[^]]*\]//' \
              | awk '{print $2}' | grep -E '/debian/?$' | head -n 1)
        [ -n "$uri" ] && { echo "${uri%/}"; return; }
    done
}

URI="${KPI_DEBIAN_MIRROR:-$(debian_uri)}"
[ -n "$URI" ] || die "No Debian archive found in /etc/apt sources; set KPI_DEBIAN_MIRROR or ODOO_SRC"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$KEYRING" ] || die "$KEYRING is missing (package debian-archive-keyring)"

cat > "$APT_DIR/sources.list" <<SRC
deb [signed-by=$KEYRING] $URI sid main
deb [signed-by=$KEYRING] $URI bookworm main
SRC
cat > "$APT_DIR/preferences" <<'PREF'
Package: *
Pin: release n=bookworm
Pin-Priority: 600
PREF

APT_OPTS=(-o "Dir::Etc::SourceList=$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::Etc::Preferences=$APT_DIR/preferences" -o Dir::Etc::PreferencesParts=/dev/null
          -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache"
          -o "Dir::State::status=/dev/null" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)

say "Reading Debian's package lists (sid for odoo-19, bookworm for the rest)"
apt-get "${APT_OPTS[@]}" -qq update

cd "$APT_DIR/debs"
# odoo-19 comes from sid; its linked assets from the stable suite, fonts-montserrat from sid.
apt-get "${APT_OPTS[@]}" -qq download odoo-19/sid fonts-montserrat/sid \
    fonts-font-awesome fonts-ocr-b fonts-inconsolata fonts-roboto-unhinted \
    libjs-jquery libjs-jquery-form libjs-underscore

rm -rf "$ODOO_ROOT.tmp"
mkdir -p "$ODOO_ROOT.tmp"
for deb in "$APT_DIR"/debs/*.deb; do
    dpkg -x "$deb" "$ODOO_ROOT.tmp"
done
# The +dfsg build drops this file; without it every asset bundle logs an ERROR.
SELFIE="$ODOO_ROOT.tmp/usr/lib/python3/dist-packages/odoo/addons/mail/static/lib/selfie_segmentation"
mkdir -p "$SELFIE" && touch "$SELFIE/selfie_segmentation.js"
rm -rf "$ODOO_ROOT"
mv "$ODOO_ROOT.tmp" "$ODOO_ROOT"
date > "$STAMP"
say "Odoo 19 unpacked in $ODOO_ROOT"
