"""lulc:modelinfo logs a bounded summary of a model file, whatever it holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def test_modelinfo_log_is_bounded_and_the_output_is_whole(run: Any, tmp_path: Path) -> None:
    """A 4 MB model once made modelinfo hang; now the log shows at most 50 classes and 50
    bands and the start of the manifest, while the MANIFEST output keeps all of it."""
    from qgis.core import QgsProcessingFeedback
    from sklearn.tree import DecisionTreeClassifier

    from lulc_classifier.core.model.model_file import save_model
    from lulc_classifier.processing_provider.modelinfo import MAX_LOGGED

    class Recording(QgsProcessingFeedback):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.lines: list[str] = []

        def pushInfo(self, info: str) -> None:
            self.lines.append(info)

    classes = [
        {"code": k, "name": f"Class number {k} {'x' * 60}", "color": "#112233"} for k in range(300)
    ]
    bands = [f"band_{k}" for k in range(120)]
    estimator = DecisionTreeClassifier().fit([[0.0] * 120, [1.0] * 120], [0, 1])
    path = tmp_path / "big.lulcmodel"
    save_model(path, estimator, {"bands": bands, "classes": classes})
    feedback = Recording()
    result = run("lulc:modelinfo", {"MODEL": str(path)}, feedback)
    log = "\n".join(feedback.lines)
    assert "... and 250 more classes" in log
    assert "... and 70 more" in log
    assert "Class number 299" not in log.split("{")[0]  # the class list stops at 50
    # Ours: Processing itself then echoes the outputs ("Results: {...}"), the whole manifest
    # included, which the 8 MiB limit on a manifest bounds.
    ours = [line for line in feedback.lines if not line.startswith("Results:")]
    assert max(len(line) for line in ours) <= MAX_LOGGED + 100
    assert "characters in all" in log
    assert len(json.loads(result["MANIFEST"])["classes"]) == 300
