"""lulc:assess through Processing: Olofsson et al. (2014)'s example as files, the sampling
design parameter, and decimal reference codes refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ..helpers import write_olofsson_example


@pytest.fixture(scope="module")
def paper_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A 10 x 20 map with the paper's strata / 50,000 (4, 3, 64, 129 pixels of 4,500 ha) and
    its 640 points without any stored design; the same points with 1.7 for each 1."""
    folder = tmp_path_factory.mktemp("assess")
    frame = write_olofsson_example(folder / "change.tif", folder / "points.gpkg")
    frame["reference"] = frame["reference"].where(frame["reference"] != 1, 1.7)
    frame.to_file(folder / "decimal.gpkg", driver="GPKG")
    return {"map": folder / "change.tif", "points": folder / "points.gpkg", "dir": folder}


def _assess(run: Any, files: dict[str, Path], tmp_path: Path, **extra: Any) -> dict[str, Any]:
    return run(
        "lulc:assess",
        {
            "MAP": str(files["map"]),
            "REFERENCE": str(files["points"]),
            "REFERENCE_FIELD": "reference",
            "OUTPUT_REPORT": str(tmp_path / "assess.html"),
            "OUTPUT_JSON": str(tmp_path / "assess.json"),
            **extra,
        },
    )


def test_default_design_is_stratified_by_map_class(
    run: Any, paper_files: dict[str, Path], tmp_path: Path
) -> None:
    results = _assess(run, paper_files, tmp_path)
    assert results["DESIGN"] == "stratified by the map"
    assert results["POINTS_USED"] == 640
    assert round(results["OVERALL_ACCURACY"], 3) == 0.947
    assert round(results["OVERALL_ACCURACY_CI95"], 3) == 0.018
    saved = json.loads((tmp_path / "assess.json").read_text())
    assert [round(c["area_ha"]["value"]) for c in saved["classes"]] == [
        21158,
        11686,
        285770,
        581386,
    ]
    assert [round(c["area_ha"]["ci95"]) for c in saved["classes"]] == [6158, 3756, 15510, 16282]
    assert "no stored design" in saved["design_reason"]


def test_simple_random_sample_on_request(
    run: Any, paper_files: dict[str, Path], tmp_path: Path
) -> None:
    results = _assess(run, paper_files, tmp_path, SAMPLING_DESIGN=1)
    assert results["DESIGN"] == "simple random sample"
    saved = json.loads((tmp_path / "assess.json").read_text())
    assert saved["classes"][0]["area_ha"]["value"] == pytest.approx(69 / 640 * 900_000)


def test_decimal_reference_codes_are_refused(
    run: Any, paper_files: dict[str, Path], tmp_path: Path
) -> None:
    from qgis.core import QgsProcessingException

    files = {**paper_files, "points": paper_files["dir"] / "decimal.gpkg"}
    with pytest.raises(QgsProcessingException, match=r"'reference'.*69 points.*1\.7"):
        _assess(run, files, tmp_path)
    assert not (tmp_path / "assess.json").exists()


def test_design_parameter_and_output_ids(qgis_app: Any) -> None:
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().algorithmById("lulc:assess")
    design = alg.parameterDefinition("SAMPLING_DESIGN")
    assert design.options() == ["Stratified by map class", "Simple random sample"]
    assert design.defaultValue() == 0
    assert alg.outputDefinition("DESIGN") is not None
    assert "Olofsson" in alg.shortHelpString()
    assert "Stehman" in alg.shortHelpString()
