"""lulc:predict with a Dask scheduler address (issue 19): the same map as on this machine; the
algorithm connects to a cluster, never starts one (the test starts it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import distributed  # noqa: F401 (in scripts/apt-packages.txt: missing, a failure, never a skip)
import numpy as np
import pytest
import rasterio

from ..helpers import importable_package

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent.parent


def test_scheduler_gives_the_same_map(run: Any, synthetic: dict[str, Path], tmp_path: Path) -> None:
    from lulc_classifier.core.distributed import local_cluster

    folder = tmp_path / "model"
    folder.mkdir()
    run(
        "lulc:classify",
        {
            "RASTERS": [str(synthetic["image"])],
            "LABELS": str(synthetic["labels"]),
            "CLASS_FIELD": "cls",
            "ALGORITHM": 0,
            "OUTPUT": str(folder / "map.tif"),
            "OUTPUT_MODEL": str(folder / "m.lulcmodel"),
        },
    )
    maps = {}
    with local_cluster(2, env=importable_package(tmp_path)) as address:
        for name, scheduler in (("here", ""), ("cluster", address)):
            result = run(
                "lulc:predict",
                {
                    "RASTERS": [str(synthetic["image"])],
                    "MODEL": str(folder / "m.lulcmodel"),
                    "SCHEDULER": scheduler,
                    "OUTPUT": str(tmp_path / f"{name}.tif"),
                    "OUTPUT_CONFIDENCE": str(tmp_path / f"{name}-confidence.tif"),
                },
            )
            with rasterio.open(result["OUTPUT"]) as src:
                maps[name] = (src.read(), src.colormap(1))
            with rasterio.open(result["OUTPUT_CONFIDENCE"]) as src:
                maps[name + "-confidence"] = src.read()
    np.testing.assert_array_equal(maps["here"][0], maps["cluster"][0])
    assert maps["here"][1] == maps["cluster"][1]
    np.testing.assert_array_equal(maps["here-confidence"], maps["cluster-confidence"])
    assert not list(tmp_path.glob(".lulc-tiles*"))


def test_bad_address_is_refused(run: Any, synthetic: dict[str, Path], tmp_path: Path) -> None:
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="Dask scheduler address"):
        run(
            "lulc:predict",
            {
                "RASTERS": [str(synthetic["image"])],
                "MODEL": str(tmp_path / "missing.lulcmodel"),
                "SCHEDULER": "not an address",
                "OUTPUT": str(tmp_path / "map.tif"),
            },
        )


def test_the_algorithms_never_start_a_cluster() -> None:
    for path in (ROOT / "processing_provider").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "LocalCluster" not in text, path
        assert "local_cluster" not in text, path
