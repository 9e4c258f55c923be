#!/usr/bin/env bash
# Refresh the vendored NHS.UK frontend and htmx from the npm registry: `make assets`.
# Pinned versions; change them here, run this, commit the result.
set -euo pipefail
NHSUK_VERSION=10.6.1
HTMX_VERSION=2.0.11
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "nhsuk-frontend@${NHSUK_VERSION}" "htmx.org@${HTMX_VERSION}" >/dev/null
mkdir nhsuk htmx
tar xzf "nhsuk-frontend-${NHSUK_VERSION}.tgz" -C nhsuk
tar xzf "htmx.org-${HTMX_VERSION}.tgz" -C htmx
dist=nhsuk/package/dist/nhsuk
rm -rf "$here/nhsuk/assets"
cp -r "$dist/assets" "$here/nhsuk/assets"
# The compiled CSS points at /assets/ on the site root; we serve it beside the stylesheet.
# The source-map comments go: we don't ship the .map files, and the production static storage
# refuses to collect a file that names one it cannot find.
sed -e 's#url(/assets/#url(assets/#g' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
  "$dist/nhsuk-frontend.min.css" > "$here/nhsuk/nhsuk-frontend.min.css"
sed 's#//\# sourceMappingURL=.*$##' "$dist/nhsuk-frontend.min.js" > "$here/nhsuk/nhsuk-frontend.min.js"
cp htmx/package/dist/htmx.min.js "$here/htmx/htmx.min.js"
echo "nhsuk-frontend ${NHSUK_VERSION}, htmx.org ${HTMX_VERSION}" > "$here/nhsuk/VERSION"
