#!/usr/bin/env bash
# Installs everything the plugin, the demo and the tests need on Debian 12 / 13 or Ubuntu 22.04 /
# 24.04 (root or sudo): the distribution's QGIS and geo stack (apt, scripts/apt-packages.txt) and
# a venv over QGIS's Python for the test tools and optional extras. skops, which no distribution
# packages, ships inside the plugin (ext/), as it does in the plugin zip.
# pip never replaces the platform's scientific stack: every package of it that QGIS's Python has
# is pinned to the installed version (constraints written into the venv), so only extras
# that install beside it are taken. Idempotent: a second run installs nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${LULC_VENV:-$ROOT/.venv}"
mapfile -t APT_PACKAGES < <(sed -e 's/#.*//' -e '/^\s*$/d' "$ROOT/scripts/apt-packages.txt")

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

# The platform's own versions, as pip constraints.
platform_pins() {
  /usr/bin/python3 - <<'PY'
import importlib.metadata as metadata

for name in ("numpy", "scipy", "scikit-learn", "pandas", "shapely", "pyproj", "rasterio",
             "fiona", "pyogrio", "geopandas", "joblib", "threadpoolctl", "packaging"):
    try:
        print(f"{name}=={metadata.version(name)}")
    except metadata.PackageNotFoundError:
        pass
PY
}
PINS="$(platform_pins)"

# QGIS's Python is /usr/bin/python3; the venv sees its packages (qgis, rasterio, sklearn...).
want="$( (cat "$ROOT"/scripts/requirements-dev.txt; echo "$PINS"; /usr/bin/python3 --version) \
  | sha256sum | cut -c1-16)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.lulc-stamp" 2>/dev/null)" != "$want" ]; then
  echo "Creating $VENV (QGIS's Python with --system-site-packages)"
  /usr/bin/python3 -m venv --system-site-packages --clear "$VENV"
  echo "# The platform's own packages: pip may not replace them." >"$VENV/constraints.txt"
  echo "$PINS" >>"$VENV/constraints.txt"
  # PYTHONPATH cleared: another checkout's venv on it would make pip think all is installed.
  env -u PYTHONPATH "$VENV/bin/pip" install -q --disable-pip-version-check \
    -c "$VENV/constraints.txt" -r "$ROOT/scripts/requirements-dev.txt"
  echo "$want" >"$VENV/.lulc-stamp"
fi
