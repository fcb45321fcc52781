"""Where to label next (core/suggest.py): the most uncertain valid pixels, spread out, per class.

The oracle is a whole-image computation: every valid pixel predicted in one call, scored, and
chosen greedily (by uncertainty, ties by the seeded key) under the distance rules. The pass under
test reads blocks and keeps a bounded candidate set per block.
"""

from __future__ import annotations

import json
import math
import sqlite3
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lulc_classifier.core.errors import (
    Cancelled,
    InvalidInputError,
    ModelMismatchError,
    OutputConflictError,
)
from lulc_classifier.core.model.model_file import Model, load_model, read_manifest, save_model
from lulc_classifier.core.suggest import (
    FIELDS,
    LAYER,
    STRATEGIES,
    TAG,
    SuggestOptions,
    suggest_labels,
    tie_keys,
    uncertainty,
)
from lulc_classifier.core.train import (
    SampleSource,
    TrainingFiles,
    TrainingOptions,
    train_classifier,
)
from lulc_classifier.core.vector_io import read_tags

from ..helpers import (
    CRS,
    ORIGIN,
    PIXEL,
    RecordingProgress,
    pixel_centre,
    write_labels,
    write_raster,
)

rasterio = pytest.importorskip("rasterio")
pd = pytest.importorskip("pandas")
gpd = pytest.importorskip("geopandas")
from shapely.geometry import LineString, Point, box  # noqa: E402
from shapely.ops import unary_union  # noqa: E402

NODATA = -9999.0


def image_array(rows: int, cols: int, seed: int = 0, *, step: float | None = None) -> np.ndarray:
    """Three bands: b1 rises from west to east (classes 1 | 2 meet in the middle, where the
    model is unsure), b3 marks a small patch of a rare class 3; ``step`` rounds b1 and b2 to
    plateaus (many equal pixels: ties)."""
    rng = np.random.default_rng(seed)
    col = np.broadcast_to(np.arange(cols), (rows, cols))
    b1 = col / cols * 1000 + rng.normal(0, 25, (rows, cols))
    b2 = rng.normal(500, 100, (rows, cols))
    b3 = rng.normal(100, 20, (rows, cols))
    b3[rows // 6 : rows // 6 + max(rows // 8, 3), int(cols * 0.7) : int(cols * 0.7) + 8] = 800
    data = np.stack([b1, b2, b3]).astype(np.float32)
    if step is not None:
        data[:2] = np.round(data[:2] / step) * step
    return data


def training_table(n: int = 900, seed: int = 3, *, text: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    b1 = rng.uniform(0, 1000, n)
    b2 = rng.normal(500, 100, n)
    b3 = np.where(rng.random(n) < 0.1, rng.normal(800, 20, n), rng.normal(100, 20, n))
    cls = np.where(b3 > 450, 3, np.where(b1 + rng.normal(0, 80, n) < 500, 1, 2))
    if text:
        cls = np.array(["crop", "forest", "reed"])[cls - 1]
    return pd.DataFrame({"cls": cls, "b1": b1, "b2": b2, "b3": b3})


def train(path: Path, *, text: bool = False) -> Path:
    train_classifier(
        SampleSource(training_table(text=text), "cls"),
        TrainingFiles(path),
        options=TrainingOptions(
            hyperparameters={"n_estimators": 15, "max_depth": 6}, n_jobs=1, seed=0
        ),
    )
    return path


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("suggest")
    small = image_array(60, 200)
    small[:, 5:9, 20:40] = NODATA  # a nodata patch
    big = image_array(420, 400, seed=1)  # several blocks of 256 x 256 pixels
    plateaus = image_array(60, 200, seed=2, step=100.0)
    return {
        "folder": folder,
        "small": write_raster(folder / "small.tif", small, nodata=NODATA, tile=16),
        "big": write_raster(folder / "big.tif", big, nodata=NODATA, tile=64),
        "plateaus": write_raster(folder / "plateaus.tif", plateaus, nodata=NODATA, tile=16),
        "model": train(folder / "model.lulcmodel"),
        "text_model": train(folder / "text.lulcmodel", text=True),
    }


@pytest.fixture(scope="module")
def estimator_model(scene: dict[str, Any]) -> Model:
    """The model with its scikit-learn estimator (one thread): the oracle predicts the same."""
    return load_model(scene["model"], n_jobs=1)


# --------------------------------------------------------------------------- the oracle


def whole_image(image: Path, model: Model, strategy: str, seed: int) -> dict[str, np.ndarray]:
    """Every valid pixel of the image predicted at once: rows, cols, scores, keys."""
    with rasterio.open(image) as src:
        data = src.read().astype(np.float32)
        valid = np.all(data != NODATA, axis=0)
        width = src.width
    rows, cols = np.nonzero(valid)
    proba = model.estimator.predict_proba(data[:, valid].T)
    best, p1, p2, score = uncertainty(proba, strategy)
    return {
        "rows": rows,
        "cols": cols,
        "best": best,
        "p1": p1,
        "p2": p2,
        "score": score,
        "key": tie_keys(rows, cols, width, seed),
    }


def far_enough(
    picked: list[tuple[int, int]], row: int, col: int, distance: float, labels: Any = None
) -> bool:
    for r, c in picked:
        if math.hypot((r - row) * PIXEL, (c - col) * PIXEL) < distance:
            return False
    if labels is not None and distance > 0:
        return bool(labels.distance(Point(*pixel_centre(row, col))) >= distance)
    return True


def oracle(
    pixels: dict[str, np.ndarray],
    count: int,
    *,
    balance: bool,
    distance: float = 0.0,
    labels: Any = None,
    excluded: np.ndarray | None = None,
) -> list[tuple[int, int]]:
    """The suggestions a whole-image greedy selection makes, in rank order.

    Without balance: by uncertainty (ties: the smaller key), each pixel taken if far enough
    from those taken and from the labels. With balance: first each class in class order takes
    its most uncertain pixel that fits, then the rest go by uncertainty as without; ranked
    those first, then the rest, most uncertain first.
    """
    keep = np.ones(pixels["rows"].size, bool) if excluded is None else ~excluded
    order = [i for i in np.lexsort((pixels["key"], -pixels["score"])) if keep[i]]
    picked: list[tuple[int, int]] = []
    turns: list[tuple[int, float, int]] = []

    def fits(i: int) -> bool:
        return far_enough(picked, int(pixels["rows"][i]), int(pixels["cols"][i]), distance, labels)

    def take(i: int, turn: int) -> None:
        picked.append((int(pixels["rows"][i]), int(pixels["cols"][i])))
        turns.append((turn, -float(pixels["score"][i]), int(pixels["key"][i])))

    if not balance:
        for i in order:
            if len(picked) < count and fits(i):
                take(i, 0)
        return picked
    first = set()
    for c in sorted(np.unique(pixels["best"]).tolist()):
        for i in order:
            if pixels["best"][i] == c and len(picked) < count and fits(i):
                take(i, 0)
                first.add(i)
                break
    for i in order:
        if i not in first and len(picked) < count and fits(i):
            take(i, 1)
    return [p for _, p in sorted(zip(turns, picked))]


def read_output(path: Path) -> pd.DataFrame:
    """The suggestions layer, with the row and column of each point's pixel."""
    frame = gpd.read_file(path, layer=LAYER)
    frame["col"] = np.round((frame.geometry.x - ORIGIN[0]) / PIXEL - 0.5).astype(int)
    frame["row"] = np.round((ORIGIN[1] - frame.geometry.y) / PIXEL - 0.5).astype(int)
    return frame


def cells(frame: pd.DataFrame) -> list[tuple[int, int]]:
    return list(zip(frame["row"].tolist(), frame["col"].tolist()))


# --------------------------------------------------------------------------- scores


def test_uncertainty_measures_by_hand() -> None:
    proba = np.array([[0.7, 0.2, 0.1], [0.4, 0.4, 0.2], [1.0, 0.0, 0.0]])
    best, p1, p2, margin = uncertainty(proba, "margin")
    assert best.tolist() == [0, 0, 0]
    assert p1 == pytest.approx([0.7, 0.4, 1.0])
    assert p2 == pytest.approx([0.2, 0.4, 0.0])
    assert margin == pytest.approx([0.5, 1.0, 0.0])
    assert uncertainty(proba, "least_confidence")[3] == pytest.approx([0.3, 0.6, 0.0])
    entropy = -(0.7 * math.log(0.7) + 0.2 * math.log(0.2) + 0.1 * math.log(0.1)) / math.log(3)
    tie = -(2 * 0.4 * math.log(0.4) + 0.2 * math.log(0.2)) / math.log(3)
    assert uncertainty(proba, "entropy")[3] == pytest.approx([entropy, tie, 0.0])


def test_tie_keys_depend_on_the_seed_and_the_pixel_only() -> None:
    rows, cols = np.array([0, 0, 5, 9]), np.array([0, 1, 3, 9])
    a = tie_keys(rows, cols, 10, 42)
    assert np.array_equal(a, tie_keys(rows, cols, 10, 42))
    assert np.array_equal(a[2:], tie_keys(rows[2:], cols[2:], 10, 42))  # not the order given
    assert len(set(a.tolist())) == 4
    assert not np.array_equal(a, tie_keys(rows, cols, 10, 43))


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"count": 0}, "at least 1"),
        ({"count": 2.5}, "whole number"),
        ({"strategy": "random"}, "margin, entropy, least_confidence"),
        ({"min_distance": -1.0}, "at least 0"),
        ({"min_distance": float("nan")}, "at least 0"),
        ({"seed": -3}, "seed"),
        ({"n_threads": 0}, "threads"),
        ({"max_memory_mb": 0}, "memory"),
    ],
)
def test_options_refuse_bad_values_with_a_sentence(options: dict[str, Any], words: str) -> None:
    with pytest.raises(InvalidInputError, match=words):
        SuggestOptions(**options)


def test_strategies_keep_their_order() -> None:
    assert STRATEGIES == ("margin", "entropy", "least_confidence")


# --------------------------------------------------------------------------- the choice


@pytest.mark.slow
@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("balance", [False, True])
def test_the_suggestions_are_the_most_uncertain_pixels(
    scene: dict[str, Any], estimator_model: Model, tmp_path: Path, strategy: str, balance: bool
) -> None:
    out = tmp_path / "suggestions.gpkg"
    options = SuggestOptions(count=40, strategy=strategy, balance=balance, seed=7, n_threads=2)
    result = suggest_labels([scene["big"]], estimator_model, out, options=options)
    assert result.blocks >= 3  # the bounded per-block candidates are what is tested
    frame = read_output(out)
    pixels = whole_image(scene["big"], estimator_model, strategy, 7)
    expected = oracle(pixels, 40, balance=balance)
    assert cells(frame) == expected
    assert result.count == 40
    assert result.possible == pixels["rows"].size
    where = {(r, c): i for i, (r, c) in enumerate(zip(pixels["rows"], pixels["cols"]))}
    index = [where[cell] for cell in expected]
    assert frame["uncertainty"].to_numpy() == pytest.approx(pixels["score"][index])
    assert frame["confidence"].to_numpy() == pytest.approx(pixels["p1"][index])
    assert frame["margin"].to_numpy() == pytest.approx(pixels["p1"][index] - pixels["p2"][index])
    classes = estimator_model.estimator.classes_
    assert frame["predicted"].tolist() == classes[pixels["best"][index]].tolist()
    assert frame["rank"].tolist() == list(range(1, 41))
    if not balance:
        assert np.all(np.diff(frame["uncertainty"].to_numpy()) <= 0)
    if strategy == "margin":  # the model hesitates most where classes 1 and 2 meet, mid-image
        assert np.median(np.abs(frame["col"].to_numpy() - 200)) < 60


@pytest.mark.slow
@pytest.mark.parametrize("balance", [False, True])
def test_min_distance_is_kept_and_the_choice_is_the_greedy_one(
    scene: dict[str, Any], estimator_model: Model, tmp_path: Path, balance: bool
) -> None:
    out = tmp_path / "spread.gpkg"
    options = SuggestOptions(count=25, min_distance=55.0, balance=balance, seed=3)
    result = suggest_labels([scene["small"]], estimator_model, out, options=options)
    frame = read_output(out)
    picked = cells(frame)
    for i, (r, c) in enumerate(picked):
        for r2, c2 in picked[:i]:
            assert math.hypot((r - r2) * PIXEL, (c - c2) * PIXEL) >= 55.0
    pixels = whole_image(scene["small"], estimator_model, "margin", 3)
    assert picked == oracle(pixels, 25, balance=balance, distance=55.0)
    assert result.distance == 55.0
    in_pixels = tmp_path / "in_pixels.gpkg"
    options = SuggestOptions(
        count=25, min_distance=5.5, distance_in_pixels=True, balance=balance, seed=3
    )
    suggest_labels([scene["small"]], estimator_model, in_pixels, options=options)
    assert cells(read_output(in_pixels)) == picked


@pytest.mark.slow
def test_balance_gives_every_predicted_class_suggestions(
    scene: dict[str, Any], tmp_path: Path
) -> None:
    balanced = suggest_labels(
        [scene["small"]], scene["model"], tmp_path / "b.gpkg", options=SuggestOptions(count=30)
    )
    ranked = suggest_labels(
        [scene["small"]],
        scene["model"],
        tmp_path / "r.gpkg",
        options=SuggestOptions(count=30, balance=False),
    )
    names = {c["name"] for c in read_manifest(scene["model"]).classes}
    assert set(balanced.per_class) == names  # every predicted class gets a suggestion
    assert ranked.per_class.get("Class 3", 0) < balanced.per_class["Class 3"]
    frame = read_output(tmp_path / "b.gpkg")
    assert sorted(frame["predicted"].tolist()[:3]) == [1, 2, 3]  # one of each ranks first


@pytest.mark.slow
def test_nodata_extent_and_mask_are_never_suggested(
    scene: dict[str, Any], estimator_model: Model, tmp_path: Path
) -> None:
    out = tmp_path / "all.gpkg"
    result = suggest_labels(
        [scene["small"]], estimator_model, out, options=SuggestOptions(count=12000)
    )
    frame = read_output(out)
    assert result.possible == 60 * 200 - 4 * 20
    assert result.count == result.possible  # every valid pixel, none of the nodata patch
    assert not any(5 <= r < 9 and 20 <= c < 40 for r, c in cells(frame))
    # a mask (in another CRS) and an extent: only pixels inside both
    mask_box = box(*pixel_centre(40, 90), *pixel_centre(10, 130))  # centres of rows 10-40
    mask = tmp_path / "mask.gpkg"
    gpd.GeoDataFrame({"id": [1]}, geometry=[mask_box], crs=CRS).to_crs("EPSG:4326").to_file(mask)
    x0, y0 = pixel_centre(59, 100)
    x1, y1 = pixel_centre(0, 199)
    inside = tmp_path / "inside.gpkg"
    result = suggest_labels(
        [scene["small"]],
        estimator_model,
        inside,
        options=SuggestOptions(count=5000),
        extent=(x0, y0, x1, y1),
        mask=str(mask),
    )
    got = cells(read_output(inside))
    assert got
    assert all(100 <= c <= 130 and 10 <= r <= 40 for r, c in got)
    assert result.possible == len(got)


@pytest.mark.slow
def test_seeded_runs_repeat_exactly_and_seeds_differ_on_ties(
    scene: dict[str, Any], tmp_path: Path
) -> None:
    def run(name: str, seed: int, threads: int) -> list[tuple[int, int]]:
        options = SuggestOptions(count=30, seed=seed, n_threads=threads, min_distance=20.0)
        suggest_labels([scene["plateaus"]], scene["model"], tmp_path / name, options=options)
        return cells(read_output(tmp_path / name))

    first = run("a.gpkg", 5, 1)
    assert run("b.gpkg", 5, 2) == first
    assert run("c.gpkg", 6, 1) != first


# --------------------------------------------------------------------------- labels


@pytest.mark.slow
def test_labels_in_another_crs_are_kept_away_from(
    scene: dict[str, Any], estimator_model: Model, tmp_path: Path
) -> None:
    # labels where the model is least sure: a point and a polygon on the class boundary
    point = Point(*pixel_centre(30, 100))
    (x0, y0), (x1, y1) = pixel_centre(14, 95), pixel_centre(5, 104)
    square = box(x0 - 2.5, y0 - 2.5, x1 + 2.5, y1 + 2.5)  # the centres of rows 5-14, cols 95-104
    labels = write_labels(tmp_path / "labels.gpkg", [point, square], [1, 2], crs="EPSG:4326")
    progress = RecordingProgress()
    out = tmp_path / "away.gpkg"
    options = SuggestOptions(count=30, min_distance=45.0, balance=False)
    suggest_labels(
        [scene["small"]], estimator_model, out, options=options, labels=labels, progress=progress
    )
    assert any("reprojected" in m for m in progress.messages)
    picked = cells(read_output(out))
    union = unary_union([point, square])
    for r, c in picked:
        assert union.distance(Point(*pixel_centre(r, c))) >= 45.0
    pixels = whole_image(scene["small"], estimator_model, "margin", 42)
    assert picked == oracle(pixels, 30, balance=False, distance=45.0, labels=union)
    # without a minimum distance the labelled pixels themselves are left out, and only they
    near = tmp_path / "near.gpkg"
    result = suggest_labels(
        [scene["small"]],
        estimator_model,
        near,
        options=SuggestOptions(count=30, balance=False),
        labels=labels,
    )
    labelled = np.zeros(pixels["rows"].size, bool)
    for i, (r, c) in enumerate(zip(pixels["rows"], pixels["cols"])):
        labelled[i] = (r, c) == (30, 100) or (5 <= r < 15 and 95 <= c < 105)
    assert cells(read_output(near)) == oracle(pixels, 30, balance=False, excluded=labelled)
    assert result.possible == pixels["rows"].size - int(labelled.sum())


@pytest.mark.slow
def test_distances_hold_across_blocks_and_from_a_line(
    scene: dict[str, Any], estimator_model: Model, tmp_path: Path
) -> None:
    # a line along the class boundary, where the most uncertain pixels are
    line = LineString([pixel_centre(0, 200), pixel_centre(419, 205)])
    labels = write_labels(tmp_path / "line.gpkg", [line], [1])
    out = tmp_path / "line.gpkg.out.gpkg"
    options = SuggestOptions(count=40, min_distance=45.0, balance=False, n_threads=2)
    result = suggest_labels([scene["big"]], estimator_model, out, options=options, labels=labels)
    assert result.blocks >= 3
    assert result.count == 40
    picked = cells(read_output(out))
    for i, (r, c) in enumerate(picked):
        assert line.distance(Point(*pixel_centre(r, c))) >= 45.0
        for r2, c2 in picked[:i]:
            assert math.hypot((r - r2) * PIXEL, (c - c2) * PIXEL) >= 45.0
    # and near the line all the same: the model hesitates there most
    assert np.median([line.distance(Point(*pixel_centre(r, c))) for r, c in picked]) < 600


# --------------------------------------------------------------------------- bad input


@pytest.mark.slow
def test_count_beyond_the_possible_pixels_writes_them_and_says_why(
    scene: dict[str, Any], estimator_model: Model, tmp_path: Path
) -> None:
    x0, y0 = pixel_centre(3, 10)
    x1, y1 = pixel_centre(0, 13)
    progress = RecordingProgress()
    result = suggest_labels(
        [scene["small"]],
        estimator_model,
        tmp_path / "few.gpkg",
        options=SuggestOptions(count=50),
        extent=(x0, y0, x1, y1),
        progress=progress,
    )
    assert (result.count, result.possible) == (16, 16)
    assert len(read_output(tmp_path / "few.gpkg")) == 16
    assert any("16 suggestions were possible of 50 asked" in m for m in progress.warnings)
    assert any("valid" in m for m in progress.warnings)
    progress = RecordingProgress()
    result = suggest_labels(
        [scene["small"]],
        estimator_model,
        tmp_path / "far.gpkg",
        options=SuggestOptions(count=50, min_distance=800.0),
        progress=progress,
    )
    assert 1 <= result.count < 50
    assert any(
        f"{result.count} suggestions were possible of 50 asked" in m and "minimum distance" in m
        for m in progress.warnings
    )


def test_no_possible_pixel_is_a_sentence(
    scene: dict[str, Any], estimator_model: Model, tmp_path: Path
) -> None:
    everything = write_labels(
        tmp_path / "all.gpkg", [box(500000.0, 4099000.0, 502000.0, 4100000.0)], [1]
    )
    out = tmp_path / "none.gpkg"
    with pytest.raises(InvalidInputError, match="No pixel can be suggested"):
        suggest_labels([scene["small"]], estimator_model, out, labels=everything)
    assert not out.exists()


def test_band_mismatch_names_the_bands(scene: dict[str, Any], tmp_path: Path) -> None:
    two = write_raster(tmp_path / "two.tif", image_array(20, 20)[:2], tile=16)
    out = tmp_path / "x.gpkg"
    with pytest.raises(ModelMismatchError, match="b3|3 band"):
        suggest_labels([two], scene["model"], out)
    assert not out.exists()


def test_a_model_without_probabilities_ranks_by_its_decision_scores(
    scene: dict[str, Any], tmp_path: Path
) -> None:
    svm = pytest.importorskip("sklearn.svm")
    table = training_table(300)
    x = table[["b1", "b2", "b3"]].to_numpy()
    estimator = svm.SVC(probability=False).fit(x / 1000, table["cls"].to_numpy())
    assert not hasattr(estimator, "predict_proba")
    manifest = read_manifest(scene["model"]).to_json()
    for key in ("onnx", "training_table", "model_id"):
        manifest.pop(key, None)
    model = tmp_path / "svm.lulcmodel"
    save_model(model, estimator, manifest)
    progress = RecordingProgress()
    result = suggest_labels(
        [scene["small"]],
        model,
        tmp_path / "svm.gpkg",
        options=SuggestOptions(count=10),
        progress=progress,
    )
    assert result.count == 10
    assert result.source == "decision function"
    assert any("decision scores" in m for m in progress.warnings)
    frame = read_output(tmp_path / "svm.gpkg")
    assert ((frame["confidence"] > 0) & (frame["confidence"] <= 1)).all()


def test_a_model_with_neither_probabilities_nor_scores_is_refused(
    scene: dict[str, Any], tmp_path: Path
) -> None:
    class Voter:
        classes_ = np.array([1, 2, 3])

        def predict(self, x: np.ndarray) -> np.ndarray:
            return np.ones(len(x), dtype=int)

    model = Model(Voter(), read_manifest(scene["model"]))
    out = tmp_path / "none.gpkg"
    with pytest.raises(InvalidInputError, match="neither class probabilities nor decision"):
        suggest_labels([scene["small"]], model, out)
    assert not out.exists()


# --------------------------------------------------------------------------- the file


@pytest.mark.parametrize(
    ("key", "kind", "value"), [("model", "INTEGER", 1), ("text_model", "TEXT", "crop")]
)
def test_the_layer_has_the_models_class_field_empty_and_the_fields(
    scene: dict[str, Any], tmp_path: Path, key: str, kind: str, value: object
) -> None:
    out = tmp_path / "fields.gpkg"
    suggest_labels([scene["small"]], scene[key], out, options=SuggestOptions(count=8))
    with sqlite3.connect(out) as db:
        assert [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents")] == [LAYER]
        info = db.execute(f"PRAGMA table_info({LAYER})").fetchall()
        types = {r[1]: r[2].upper() for r in info}
        names = [r[1] for r in info if r[1] not in ("fid", "geom", "geometry")]
        assert names == ["cls", *FIELDS]
        assert types["cls"] == kind
        assert types["predicted"] == kind
        assert types["predicted_name"] == "TEXT"
        assert {types[f] for f in ("confidence", "margin", "uncertainty")} == {"REAL"}
        assert types["rank"].startswith("INT") or types["rank"] in ("MEDIUMINT", "BIGINT")
        assert db.execute(f"SELECT COUNT(*) FROM {LAYER} WHERE cls IS NOT NULL").fetchone() == (0,)
        assert db.execute(f"SELECT COUNT(*) FROM {LAYER}").fetchone() == (8,)
        predicted = {r[0] for r in db.execute(f"SELECT predicted FROM {LAYER}")}
        assert value in predicted or len(predicted) > 1
        srs = db.execute(
            "SELECT organization_coordsys_id FROM gpkg_spatial_ref_sys s JOIN "
            "gpkg_geometry_columns g ON g.srs_id = s.srs_id"
        ).fetchone()
        assert srs == (32633,)
    how = json.loads(read_tags(out, LAYER)[TAG])
    assert (how["strategy"], how["count"], how["class_field"]) == ("margin", 8, "cls")


def test_an_output_on_an_input_is_refused_and_a_cancel_leaves_nothing(
    scene: dict[str, Any], estimator_model: Model, tmp_path: Path
) -> None:
    with pytest.raises(OutputConflictError):
        suggest_labels([scene["small"]], scene["model"], scene["model"])

    class Cancelling(RecordingProgress):
        def cancelled(self) -> bool:
            return True

    out = tmp_path / "cancelled.gpkg"
    with pytest.raises(Cancelled):
        suggest_labels([scene["small"]], estimator_model, out, progress=Cancelling())
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- memory


@pytest.mark.slow
def test_memory_is_bounded_on_an_image_many_times_the_budget(tmp_path: Path) -> None:
    rows, cols = 2400, 2400
    image = tmp_path / "large.tif"
    with rasterio.open(
        image,
        "w",
        driver="GTiff",
        width=cols,
        height=rows,
        count=3,
        dtype="float32",
        crs=CRS,
        transform=rasterio.transform.from_origin(500000.0, 4100000.0, PIXEL, PIXEL),
        tiled=True,
        blockxsize=256,
        blockysize=256,
    ) as dst:
        for row in range(0, rows, 240):
            strip = image_array(240, cols, seed=row)
            dst.write(strip, window=rasterio.windows.Window(0, row, cols, 240))
    image_mb = 3 * 4 * rows * cols / 2**20  # 66 MB of pixels
    model = load_model(train(tmp_path / "m.lulcmodel"), n_jobs=1)
    options = SuggestOptions(count=200, min_distance=30.0, max_memory_mb=16, n_threads=1)
    tracemalloc.start()
    try:
        result = suggest_labels([image], model, tmp_path / "s.gpkg", options=options)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    peak_mb = peak / 2**20
    print(
        f"image {image_mb:.0f} MB of pixels, {result.blocks} blocks, traced peak {peak_mb:.1f} MB"
    )
    assert result.blocks >= 64
    assert result.count == 200
    # a whole-image array of one float64 score would alone take 44 MB
    assert peak_mb < 40
    assert peak_mb < image_mb / 2


def test_a_renamed_text_class_is_suggested_with_its_value_in_the_field(tmp_path: Path) -> None:
    """The class field takes the class's value ("crop"), not its name in the legend."""
    model = tmp_path / "renamed.lulcmodel"
    train_classifier(
        SampleSource(training_table(text=True), "cls"),
        TrainingFiles(model),
        options=TrainingOptions(
            hyperparameters={"n_estimators": 15},
            legend=[{"value": "crop", "name": "Arable land", "color": "#ffcc00"}],
            n_jobs=1,
            seed=0,
        ),
    )
    assert read_manifest(model).class_values == {"1": "crop", "2": "forest", "3": "reed"}
    image = write_raster(tmp_path / "image.tif", image_array(60, 200), nodata=NODATA)
    out = tmp_path / "renamed.gpkg"
    suggest_labels([image], model, out, options=SuggestOptions(count=30))
    with sqlite3.connect(out) as db:
        pairs = set(db.execute(f"SELECT predicted, predicted_name FROM {LAYER}").fetchall())
    assert ("crop", "Arable land") in pairs
    assert {value for value, _ in pairs} <= {"crop", "forest", "reed"}
