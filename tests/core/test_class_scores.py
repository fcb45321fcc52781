"""Per-class scores of a class the model never predicted (issue 14 item 10): its precision is
undefined, so null in the metrics JSON and "n/a" in the report and the log, never 0.000."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from lulc_classifier.core.assessment.accuracy import evaluate
from lulc_classifier.core.assessment.report import render_html
from lulc_classifier.core.legend import ClassInfo

pytest.importorskip("sklearn")

LEGEND = [
    ClassInfo(1, "forest", "#1b7837"),
    ClassInfo(2, "water", "#1f78b4"),
    ClassInfo(3, "roofs", "#e31a1c"),
]
Y_TRUE = np.array([1, 1, 2, 2, 3, 3], dtype=np.int64)
Y_PRED = np.array([1, 1, 1, 2, 1, 2], dtype=np.int64)  # roofs never predicted


def test_precision_of_a_class_never_predicted_is_undefined() -> None:
    scores = {s.name: s for s in evaluate(Y_TRUE, Y_PRED, LEGEND, n_train=10).scores}
    assert math.isnan(scores["roofs"].precision)
    assert scores["roofs"].recall == 0.0
    assert scores["roofs"].f1 == 0.0  # zero_division=0: the class was never found
    assert scores["forest"].precision == pytest.approx(0.5)
    assert scores["water"].precision == pytest.approx(0.5)


def test_metrics_json_has_null_not_zero() -> None:
    data = evaluate(Y_TRUE, Y_PRED, LEGEND, n_train=10).to_json()
    roofs = next(c for c in data["classes"] if c["name"] == "roofs")
    assert roofs["precision"] is None
    assert roofs["precision_ci"] is None  # undefined: no interval either
    assert roofs["recall"] == 0.0
    assert roofs["recall_ci"][0] == 0.0 < roofs["recall_ci"][1]
    json.dumps(data, allow_nan=False)


def test_report_shows_n_a_for_the_undefined_precision() -> None:
    page = render_html(evaluate(Y_TRUE, Y_PRED, LEGEND, n_train=10), title="t", info={})
    # precision n/a (and no interval); recall and F1 are defined: 0, each with its interval
    assert '<td class="name">roofs</td><td>3</td><td>n/a</td><td>0.000 <span class="ci">' in page
    assert '<td class="name">forest</td><td>1</td><td>0.500 <span class="ci">' in page
