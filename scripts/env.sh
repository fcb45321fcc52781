# Sourced by the scripts: environment for headless QGIS with this checkout's plugin and venv.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${LULC_VENV:-$ROOT/.venv}"
SITE="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}"
export QT_QPA_PLATFORM=offscreen
export PROJ_DATA="${PROJ_DATA:-/usr/share/proj}"
