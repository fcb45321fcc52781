#!/usr/bin/env bash
# Installs what is missing, then runs every test (core, headless QGIS provider and panel,
# qgis_process end-to-end) and the linters on this machine's stack. QGIS is required: a missing
# QGIS fails instead of skipping. Arguments go to pytest.
#
# Then, unless LULC_STACKS=native, the same on the other supported Debian stack (Debian 12 /
# QGIS 3.22 and Debian 13 / QGIS 3.40 LTR: whichever this machine is not), in a chroot that
# scripts/stack.sh builds with debootstrap (root or sudo; cached in /var/cache/lulc), and the
# cross-stack model check: models trained on each stack predict on the other
# (tests/stacks/check_models_travel.py). LULC_STACKS="trixie sid" names the chroot stacks.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$HERE/setup.sh"
# shellcheck source=env.sh
source "$HERE/env.sh"
cd "$ROOT"
export LULC_REQUIRE_QGIS=1

NATIVE="$(. /etc/os-release && echo "${VERSION_CODENAME:-unknown}")"
case "${LULC_STACKS:-auto}" in
  native) OTHERS=() ;;
  auto) OTHERS=()
    for suite in bookworm trixie; do [ "$suite" = "$NATIVE" ] || OTHERS+=("$suite"); done ;;
  *) read -r -a OTHERS <<<"$LULC_STACKS" ;;
esac
version_of() { case "$1" in bookworm) echo debian-12 ;; trixie) echo debian-13 ;; *) echo "debian-$1" ;; esac; }

# Where the stacks leave models and test reports for each other (bound into the chroots).
XSTACK="${LULC_XSTACK_DIR:-}"
if ((${#OTHERS[@]})) && [ -z "$XSTACK" ]; then
  XSTACK="$(mktemp -d /tmp/lulc-xstack.XXXXXX)"
  export LULC_XSTACK_DIR="$XSTACK"
fi
STACK_ID="$(version_of "$NATIVE")"
[ -f /.lulc-chroot ] && STACK_ID="$(cat /.lulc-chroot)"
JUNIT=()
if [ -n "$XSTACK" ]; then
  mkdir -p "$XSTACK/junit"
  JUNIT=(--junitxml "$XSTACK/junit/$STACK_ID.xml")
fi

status=0
started=$SECONDS
echo "=== $STACK_ID: lint, then the test suite (Python $("$VENV/bin/python" -c 'import platform; print(platform.python_version())'), QGIS $("$VENV/bin/python" -c 'from qgis.core import Qgis; print(Qgis.QGIS_VERSION)' 2>/dev/null))"
if ! lint_output="$(bash "$HERE/lint.sh" 2>&1)"; then
  status=1
  echo "$lint_output"
  echo "=== $STACK_ID: LINT FAILED (ruff or mypy, above)"
  # the closing summary names it: a lint failure must not hide behind green test counts
  if [ -n "$XSTACK" ]; then printf '%s\n' "$lint_output" >"$XSTACK/junit/$STACK_ID-lint.failed"; fi
else
  echo "$lint_output" | tail -n 1
fi
# Two workers (pytest-xdist): the tests that start QGIS run in one of them, in order
# (tests/conftest.py groups them), the engine's tests share the other.
WORKERS=(-n "${LULC_TEST_WORKERS:-2}" --dist loadgroup)
if ! "$VENV/bin/python" -m pytest "${WORKERS[@]}" "${JUNIT[@]}" "$@"; then
  status=1
  # A crash (segmentation fault) leaves no JUnit report: the summary must still name it.
  if [ -n "$XSTACK" ] && [ ! -s "$XSTACK/junit/$STACK_ID.xml" ]; then
    echo "the test suite stopped without a report (a crash: see 'Fatal Python error' above)" \
      >"$XSTACK/junit/$STACK_ID-suite.failed"
  fi
fi
echo "=== $STACK_ID: suite done in $((SECONDS - started)) s"

check() {  # the cross-stack check: phase train or predict
  "$VENV/bin/python" -m pytest -q -p no:cacheprovider -s tests/stacks/check_models_travel.py \
    -k "$1" --junitxml "$XSTACK/junit/$STACK_ID-$1.xml" || status=1
}
if [ -n "$XSTACK" ]; then
  check train
  if [ -n "${LULC_XSTACK_EXPECT:-}" ]; then check predict; fi
fi

if ((${#OTHERS[@]})); then
  for suite in "${OTHERS[@]}"; do
    LULC_XSTACK_EXPECT="$STACK_ID" bash "$HERE/stack.sh" "$suite" || status=1
  done
  expect=()
  for suite in "${OTHERS[@]}"; do expect+=("$(version_of "$suite")"); done
  LULC_XSTACK_EXPECT="${expect[*]}" check predict
  "$VENV/bin/python" "$HERE/junit_summary.py" "$XSTACK/junit" || status=1
fi
exit $status
