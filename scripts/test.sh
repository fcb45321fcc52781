#!/usr/bin/env bash
# Installs what is missing, then runs every test (core, headless QGIS provider, qgis_process
# end-to-end) and the linter. QGIS is required: a missing QGIS fails instead of skipping.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$HERE/setup.sh"
# shellcheck source=env.sh
source "$HERE/env.sh"
cd "$ROOT"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/mypy" --follow-imports=silent --explicit-package-bases core
export LULC_REQUIRE_QGIS=1
exec "$VENV/bin/python" -m pytest "$@"
