"""Renders docs/desktop.png: the real QGIS desktop under Xvfb (not offscreen widgets), with a
fresh profile holding this checkout's plugin, after a Classify run through the panel on the
sample data (data/historical_map/): the styled map, the layer legend and the panel with the
accuracy.

Run with the venv's Python: ``.venv/bin/python scripts/screenshot.py [out.png]`` (about a
minute). Needs Xvfb (scripts/apt-packages.txt) and the QGIS desktop.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from desktop import ROOT, fresh_profile, run_qgis, xvfb


def main() -> int:
    """Render the picture; print what the panel said."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "desktop.png").resolve()
    config = fresh_profile(Path(tempfile.mkdtemp(prefix="lulc-shot-")))
    with xvfb() as display:
        seen = run_qgis(config, display, "screenshot", timeout=900, LULC_DESKTOP_PNG=str(out))
    if not seen.get("shot"):
        print(f"QGIS could not save {out}", file=sys.stderr)
        return 1
    print(f"{out} ({seen['size'][0]} x {seen['size'][1]}): {seen['status']}")
    print(f"Layers: {', '.join(seen['layers'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
