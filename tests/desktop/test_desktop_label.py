"""Label in place in the real QGIS desktop under Xvfb (issue 17, item 2): after Classify,
"Suggest labels" shows the first place on the map with the model's prediction, and a real
click on a class button adds one feature to the labels layer, unsaved. The window, stepping
through the places, is saved (scripts/screenshot_label.py renders docs/label.png the same way).

QGIS starts once for the module (about 40 s with the runs)."""

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
    """What scripts/desktop_startup.py saw in its ``label`` mode."""
    config = fresh_profile(tmp_path_factory.mktemp("qgis-config"))
    shot = tmp_path_factory.mktemp("shot") / "label.png"
    with xvfb() as display:
        found = run_qgis(config, display, "label", timeout=600, LULC_DESKTOP_PNG=str(shot))
    found["png"] = shot
    return found


def test_suggest_then_a_class_button_adds_one_unsaved_label(seen: dict[str, Any]) -> None:
    runs = [run["algorithm"] for run in seen["runs"]]
    assert runs == ["lulc:classify", "lulc:suggest"]
    assert seen["suggest_enabled"]
    assert seen["suggestions"] == 10
    assert seen["box_visible"]
    assert "Place 1 of 10" in seen["first_text"]
    assert "Place 2 of 10" in seen["second_text"]
    assert len(seen["buttons"]) == 5
    clicked = seen["buttons"][2].split(" · ", 1)[1]
    assert [a["Type"] for a in seen["added"]] == [clicked]
    assert seen["added"][0]["point"] == pytest.approx(seen["first_point"], abs=1e-9)
    assert seen["labels_after"] == seen["labels_before"] + 1
    assert seen["modified"]
    assert "1 label added, not saved" in seen["status"]


def test_the_map_is_brought_to_the_place(seen: dict[str, Any]) -> None:
    assert seen["canvas_centre"] == pytest.approx(seen["first_point"], abs=1e-4)


def test_the_window_is_saved(seen: dict[str, Any]) -> None:
    from qgis.PyQt.QtGui import QImage

    assert seen["shot"]
    picture = QImage(str(seen["png"]))
    assert (picture.width(), picture.height()) == (1600, 1000)
    colours = {picture.pixel(x, y) for x in range(0, 1600, 7) for y in range(0, 1000, 7)}
    assert len(colours) > 500  # a drawn desktop, not a blank window
