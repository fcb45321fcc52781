#!/usr/bin/env bash
# Lint: ruff (rules and format) over the repository, then mypy (strict, see pyproject.toml) over
# the package's __init__.py and api.py, core/, processing_provider/, ui/ and cli/. `make lint` and
# scripts/test.sh (every stack) call it.
#
# mypy reads the checkout as the package lulc_classifier, as QGIS imports it, through a link in
# a temporary folder: checked from the checkout's own folder, `from ..core import x` in
# processing_provider/ or ui/ reaches above the top-level package, and mypy silently types x Any.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
source "$HERE/env.sh"
cd "$ROOT"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
BASE="$(mktemp -d /tmp/lulc-mypy.XXXXXX)"
trap 'rm -rf "$BASE"' EXIT
ln -s "$ROOT" "$BASE/lulc_classifier"
MYPYPATH="$BASE" "$VENV/bin/mypy" --follow-imports=silent \
  -m lulc_classifier -m lulc_classifier.api -p lulc_classifier.core \
  -p lulc_classifier.processing_provider -p lulc_classifier.ui -p lulc_classifier.cli |
  sed "s|^$BASE/lulc_classifier/||"
