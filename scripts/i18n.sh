#!/usr/bin/env bash
# Translations (docs/translating.md):
#   bash scripts/i18n.sh update            # refresh i18n/*.ts from the sources (pylupdate5)
#   bash scripts/i18n.sh release [FOLDER]  # compile i18n/*.ts to FOLDER/*.qm (default i18n/; lrelease)
#   bash scripts/i18n.sh check             # list messages left to translate; exit 1 if any
# pylupdate5 comes from pyqt5-dev-tools, lrelease from qttools5-dev-tools (scripts/apt-packages.txt).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LANGUAGES=(fr)

sources() {  # every file with user-visible strings, relative to the repo root
  { ls plugin.py; find core processing_provider ui -name '*.py' -o -name '*.ui'; } | LC_ALL=C sort
}

lrelease_bin() {
  local bin
  for bin in lrelease lrelease-qt5 /usr/lib/qt5/bin/lrelease; do
    command -v "$bin" >/dev/null 2>&1 && { echo "$bin"; return; }
  done
  echo "i18n.sh: lrelease not found: install qttools5-dev-tools (bash scripts/setup.sh)." >&2
  exit 2
}

case "${1:-}" in
  update)
    command -v pylupdate5 >/dev/null || {
      echo "i18n.sh: pylupdate5 not found: install pyqt5-dev-tools (bash scripts/setup.sh)." >&2
      exit 2
    }
    mkdir -p i18n
    mapfile -t FILES < <(sources)
    for lang in "${LANGUAGES[@]}"; do
      # -noobsolete: strings no longer in the code leave the .ts (git keeps their history).
      PYTHONWARNINGS=ignore pylupdate5 -noobsolete "${FILES[@]}" -ts "i18n/lulc_classifier_$lang.ts"
    done
    "$0" check || true
    ;;
  release)
    OUT="${2:-$ROOT/i18n}"
    mkdir -p "$OUT"
    LRELEASE="$(lrelease_bin)"
    for ts in i18n/*.ts; do
      "$LRELEASE" -silent "$ts" -qm "$OUT/$(basename "${ts%.ts}").qm"
    done
    ;;
  check)
    python3 "$ROOT/scripts/i18n_check.py" i18n/*.ts
    ;;
  *)
    echo "usage: i18n.sh update | release [FOLDER] | check" >&2
    exit 2
    ;;
esac
