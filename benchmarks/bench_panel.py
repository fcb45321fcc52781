"""Times the panel on the sample data: full runs (map + confidence + report) and canvas
previews of a quarter and a sixteenth of the image, as a user iterates while labelling.

Run offscreen with QGIS's Python: ``QT_QPA_PLATFORM=offscreen .venv/bin/python
benchmarks/bench_panel.py``. Prints seconds per run and the preview/full ratios.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from qgis.core import QgsRectangle
from screenshots import click_and_wait, open_sample_session


def main() -> None:
    session = open_sample_session()
    dock, image = session.dock, session.image
    full = image.extent()
    print(f"image: {image.width()} x {image.height()} px, {image.bandCount()} bands")
    times = {"first full run (loads the libraries)": click_and_wait(dock, dock.ui.runButton)}
    times["full run (map, confidence, report)"] = click_and_wait(dock, dock.ui.runButton)
    for share in (2, 4):
        session.canvas.setExtent(
            QgsRectangle(
                full.xMinimum(),
                full.yMinimum(),
                full.xMinimum() + full.width() / share,
                full.yMinimum() + full.height() / share,
            )
        )
        times[f"preview of 1/{share * share} of the image"] = click_and_wait(
            dock, dock.ui.previewButton
        )
    base = times["full run (map, confidence, report)"]
    for name, seconds in times.items():
        print(f"{name:40s} {seconds:6.1f} s   ratio to full run {seconds / base:.2f}")
    session.close()


if __name__ == "__main__":
    main()
