#!/usr/bin/env bash
# Refreshes ext/: the pure-Python packages no platform packages for QGIS (skops), copied from
# their release wheels with their licences. The plugin adds ext/ to the end of sys.path only
# when QGIS's Python lacks the package (core/deps.py), so an installed copy always wins.
# Only the parts the plugin imports are kept (skops.io, not the model cards or the hub client).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SKOPS=0.11.0
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
/usr/bin/python3 -m pip download -q --no-deps --only-binary=:all: "skops==$SKOPS" -d "$TMP"
/usr/bin/python3 -m zipfile -e "$TMP"/skops-"$SKOPS"-*.whl "$TMP/wheel"
rm -rf "$ROOT/ext"
mkdir -p "$ROOT/ext/skops/io/old"
cp "$TMP/wheel/skops/__init__.py" "$ROOT/ext/skops/"
cp "$TMP"/wheel/skops/io/*.py "$ROOT/ext/skops/io/"
cp "$TMP"/wheel/skops/io/old/*.py "$ROOT/ext/skops/io/old/"
cp "$TMP"/wheel/skops-"$SKOPS".dist-info/licenses/LICENSE "$ROOT/ext/skops/LICENSE"
cat >"$ROOT/ext/README.md" <<TXT
# Bundled packages

Pure-Python packages the plugin needs that no platform packages for QGIS (Debian/Ubuntu apt,
OSGeo4W, QGIS.app). They are used only when QGIS's Python lacks them: the plugin appends this
folder to the end of \`sys.path\` (\`core/deps.py\`), so an installed copy always wins.

| package | version | licence | kept |
|---|---|---|---|
| [skops](https://github.com/skops-dev/skops) | $SKOPS | MIT (\`skops/LICENSE\`) | \`skops/__init__.py\`, \`skops/io\` (the secure model format) |

Copied unmodified from the release wheel on PyPI by \`scripts/vendor.sh\`; model cards, the
hub client and the tests are left out. skops.io needs numpy, scipy and scikit-learn, which
QGIS's Python has once the plugin's requirements are installed.
TXT
echo "ext/ refreshed from skops $SKOPS"
