#!/usr/bin/env bash
# Installs everything the plugin, the demo and the tests need on Debian 12 / Ubuntu (root or sudo):
# Debian's QGIS and geo stack (apt), and a venv over QGIS's Python for the pure-Python extras.
# Idempotent: a second run installs nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${LULC_VENV:-$ROOT/.venv}"
APT_PACKAGES=(qgis python3-qgis qgis-providers python3-rasterio python3-sklearn python3-geopandas
              python3-venv python3-pip git zip unzip)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# QGIS's Python is /usr/bin/python3; the venv sees its packages (qgis, rasterio, sklearn...).
want="$(sha256sum "$ROOT"/scripts/requirements*.txt "$ROOT/scripts/constraints.txt" | sha256sum | cut -c1-16)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.lulc-stamp" 2>/dev/null)" != "$want" ]; then
  echo "Creating $VENV (QGIS's Python with --system-site-packages)"
  /usr/bin/python3 -m venv --system-site-packages --clear "$VENV"
  # PYTHONPATH cleared: another checkout's venv on it would make pip think all is installed.
  pip=(env -u PYTHONPATH "$VENV/bin/pip" install -q --disable-pip-version-check
       -c "$ROOT/scripts/constraints.txt")
  "${pip[@]}" --no-deps -r "$ROOT/scripts/requirements.txt"
  "${pip[@]}" -r "$ROOT/scripts/requirements-dev.txt"
  echo "$want" > "$VENV/.lulc-stamp"
fi
