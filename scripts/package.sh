#!/usr/bin/env bash
# Builds dist/lulc_classifier-<version>.zip for QGIS "Install from ZIP": one top folder
# lulc_classifier/, without what .gitattributes marks export-ignore (tests, scripts, data...).
# Uncommitted changes to tracked files are included (git stash create), untracked files are not.
# The translations (i18n/*.ts) are compiled to .qm and added (needs lrelease: qttools5-dev-tools).
# Beside it, the wheel of the Python package (engine, Python API, command line; see setup.py),
# built offline from the same files (tracked ones, as they are in the checkout) with Debian's
# setuptools and wheel (python3-setuptools, python3-wheel). Both paths are printed, the zip's last.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VERSION="$(sed -n 's/^version=//p' metadata.txt)"
OUT="${1:-$ROOT/dist}"
mkdir -p "$OUT"
TREE="$(git stash create 2>/dev/null || true)"
ZIP="$OUT/lulc_classifier-$VERSION.zip"
rm -f "$ZIP"
git archive --format=zip --prefix=lulc_classifier/ -o "$ZIP" "${TREE:-HEAD}"
# Compiled translations (i18n/*.qm) are build outputs: made here from the .ts sources.
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
bash "$ROOT/scripts/i18n.sh" release "$STAGE/lulc_classifier/i18n"
(cd "$STAGE" && zip -q -r "$ZIP" lulc_classifier/i18n)
mkdir "$STAGE/src"
git ls-files -z | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$STAGE/src"
rm -f "$OUT"/lulc_classifier-"$VERSION"-*.whl
"${LULC_PYTHON:-/usr/bin/python3}" -m pip wheel --quiet --no-deps --no-build-isolation --no-cache-dir \
  -w "$OUT" "$STAGE/src" >&2
ls "$OUT"/lulc_classifier-"$VERSION"-*.whl
echo "$ZIP"
