"""Renders docs/label.png: the real QGIS desktop under Xvfb, with a fresh profile holding this
checkout's plugin, labelling in place on the sample data (data/historical_map/): after
Classify and Suggest labels, one place answered, the map on the next place (outlined and
ringed) and the panel's labelling controls (place k of n, the model's prediction, one button
per class, Skip, Not sure, Stop, the count of labels added, not saved).

Run with the venv's Python: ``.venv/bin/python scripts/screenshot_label.py [out.png]`` (about a
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
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "label.png").resolve()
    config = fresh_profile(Path(tempfile.mkdtemp(prefix="lulc-shot-")))
    with xvfb() as display:
        seen = run_qgis(config, display, "label", timeout=900, LULC_DESKTOP_PNG=str(out))
    if not seen.get("shot"):
        print(f"QGIS could not save {out}", file=sys.stderr)
        return 1
    print(f"{out} ({seen['size'][0]} x {seen['size'][1]}): {seen['second_text']}")
    print(seen["status"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
