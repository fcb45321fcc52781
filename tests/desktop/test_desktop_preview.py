"""The panel's Preview in the real QGIS desktop under Xvfb (issue 16, item 3): after Classify,
a preview of the zoomed-out canvas applies the map's model at the canvas's resolution and is
drawn on top; an unsaved label makes the next one train again; the one after reuses that.

QGIS starts once for the module (about a minute with the runs)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from desktop import fresh_profile, run_qgis, xvfb

pytestmark = pytest.mark.desktop


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What scripts/desktop_startup.py saw in its ``preview`` mode."""
    config = fresh_profile(tmp_path_factory.mktemp("qgis-config"))
    with xvfb() as display:
        return run_qgis(config, display, "preview", timeout=900)


def test_previews_reuse_the_model_until_a_label_is_added(seen: dict[str, Any]) -> None:
    runs = [run["algorithm"] for run in seen["runs"]]
    assert runs == [
        "lulc:classify",
        "lulc:predict",
        "lulc:classify",
        "lulc:predict",
        "lulc:predict",
    ]
    for preview in seen["previews"]:
        assert "ready" in preview["run"]["status"], preview
        reused = preview["run"]["algorithm"] == "lulc:predict"
        assert ("with the model of the last run" in preview["run"]["status"]) == reused
        assert preview["layers"] == 1
        assert preview["tree"][0] == "LULC preview"  # drawn above the map and the image


def test_a_zoomed_out_preview_is_at_the_canvas_resolution(seen: dict[str, Any]) -> None:
    image = seen["image"]
    for preview in seen["previews"]:
        wanted = preview["canvas_units_per_pixel"]
        for got, native in zip(preview["pixel"], image["pixel"]):
            factor = got / native
            assert abs(factor - round(factor)) < 1e-6  # whole pixels of the image
            assert round(factor) == max(1, round(wanted / native)), preview
        if preview["view"] == "zoomed out":
            assert preview["pixel"][0] > 2 * image["pixel"][0]
            assert preview["size"][0] < image["size"][0] / 2


def test_the_canvas_shows_the_preview(seen: dict[str, Any]) -> None:
    """Zoomed in on a sixteenth of the image, with the classified map and the labels hidden,
    most of the canvas is in the map's colours: the preview, drawn over the image (the canvas
    also shows a margin beyond the image's corner)."""
    assert seen["previews"][-1]["view"] == "1/16"
    assert seen["canvas"]["class_colour_share"] > 0.5, seen["canvas"]
