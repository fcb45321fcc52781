"""A legend edit carried into a run's accuracy files: the metrics JSON and the HTML report.

The metrics get the new class names (by code); the report is rendered again from them and from
the model's run details, exactly as training wrote it, with the new names. Both are checked to
belong to the model (or map) being edited before anything is written; only the files given
are touched.
"""

from __future__ import annotations

import contextlib
import copy
import html
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .assessment.accuracy import report_from_json
from .assessment.report import GENERATOR, render_html, report_title
from .errors import InvalidInputError, ModelMismatchError, OutputError
from .files import atomic_output, check_writable
from .legend import ClassInfo
from .model.archive import MIB
from .model.manifest import ModelManifest
from .train import report_info

#: The title of reports written before they carried :data:`GENERATOR` (always English then).
REPORT_TITLE = "LULC Classifier: model accuracy"
#: The largest metrics file or report read: ours are kilobytes; a stranger's file is not read
#: whole into memory whatever its size.
MAX_FILE_BYTES = 16 * MIB
_UNCHANGED = " Nothing was changed."


@dataclass(frozen=True)
class AccuracyFiles:
    """What to write: the renamed metrics and the report's new text (None: not given)."""

    metrics_path: str | None = None
    metrics_text: str | None = None
    report_path: str | None = None
    report_text: str | None = None


def plan_accuracy_files(
    legend: Sequence[ClassInfo],
    *,
    metrics_path: str | os.PathLike[str] | None,
    report_path: str | os.PathLike[str] | None,
    manifest: ModelManifest | None,
    model_path: str | os.PathLike[str] | None,
) -> AccuracyFiles:
    """Check the metrics and the report given and prepare their new text (writes nothing).

    Parameters
    ----------
    legend
        The legend after the edit.
    metrics_path
        The run's metrics JSON (OUTPUT_METRICS of lulc:train or lulc:classify).
    report_path
        The run's HTML report; needs the model (``manifest``), whose run details it shows.
    manifest, model_path
        The edited model's manifest and path, if a model is edited.

    Raises
    ------
    InvalidInputError
        If a file is not ours, or the report is given without the model.
    ModelMismatchError
        If the metrics or the report are not from the run that made the model (or the map).
    OutputError
        If a file is read-only or its folder not writable.
    """
    metrics = None
    if metrics_path is not None:
        metrics = renamed_metrics(_read_metrics(metrics_path), legend, metrics_path)
        if manifest is not None:
            _check_same_run(metrics, manifest.metrics, metrics_path, model_path)
        _check_replaceable(metrics_path, "metrics file")
    report_text = None
    if report_path is not None:
        if manifest is None:
            raise InvalidInputError(
                f"To write the report '{report_path}' again, give its model too: the report "
                "shows the model's run details." + _UNCHANGED
            )
        _check_report(report_path, manifest)
        if metrics is None:
            metrics = renamed_metrics(_recorded(manifest, model_path), legend, model_path)
        report_text = _render(metrics, manifest, legend, model_path)
        _check_replaceable(report_path, "report")
    return AccuracyFiles(
        None if metrics_path is None else str(metrics_path),
        None if metrics_path is None else json.dumps(metrics, indent=2),
        None if report_path is None else str(report_path),
        report_text,
    )


def write_accuracy_files(planned: AccuracyFiles, files: contextlib.ExitStack) -> None:
    """Stage the new files in ``files``: they replace the old ones when the stack closes."""
    for path, text, what in (
        (planned.metrics_path, planned.metrics_text, "metrics file"),
        (planned.report_path, planned.report_text, "report"),
    ):
        if path is not None and text is not None:
            tmp = files.enter_context(atomic_output(path, what))
            tmp.write_text(text, encoding="utf-8")


def renamed_metrics(
    metrics: Mapping[str, Any], legend: Sequence[ClassInfo], where: object
) -> dict[str, Any]:
    """Return ``metrics`` with the names of ``legend``, by code.

    The names go into the per-class scores, the confusion matrix, the classes not evaluated and
    the folds testing each class.

    Raises
    ------
    ModelMismatchError
        If the metrics do not have the legend's class codes.
    """
    names = {c.code: c.name for c in legend}
    out = copy.deepcopy(dict(metrics))
    confusion = out["confusion"]
    codes = [int(c) for c in confusion["codes"]]
    if sorted(codes) != sorted(names):
        raise ModelMismatchError(
            f"The metrics in '{where}' are of classes {_listed(codes)} but the legend edited "
            f"has classes {_listed(names)}: they are not from the same run. Give the metrics "
            "written with this model or map." + _UNCHANGED
        )
    old = dict(zip(codes, [str(n) for n in confusion["names"]]))
    new_by_old = {old[code]: names[code] for code in codes}
    confusion["names"] = [names[code] for code in codes]
    for score in out.get("classes") or []:
        score["name"] = names[int(score["code"])]
    out["not_evaluated"] = [new_by_old.get(n, n) for n in out.get("not_evaluated") or []]
    if isinstance(out.get("evaluation"), dict):  # folds testing each class, by name
        out["evaluation"] = {new_by_old.get(n, n): v for n, v in out["evaluation"].items()}
    return out


def _read_metrics(path: str | os.PathLike[str]) -> dict[str, Any]:
    try:
        raw = _read_bounded(path, "metrics file")
    except OSError as exc:
        raise InvalidInputError(f"The metrics file '{path}' cannot be read: {exc}.") from exc
    try:
        data: dict[str, Any] = json.loads(raw.decode("utf-8"))
        report_from_json(data)  # every field training writes is there and well formed
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise InvalidInputError(
            f"'{path}' is not a metrics file of lulc:train or lulc:classify ({exc!r} is wrong "
            "or missing); give the Metrics (JSON) output of the run." + _UNCHANGED
        ) from exc
    return data


def _check_same_run(
    metrics: Mapping[str, Any],
    recorded: Any,
    metrics_path: str | os.PathLike[str],
    model_path: str | os.PathLike[str] | None,
) -> None:
    """Check the metrics against those the model records: the confusion matrix must match."""
    if not isinstance(recorded, dict):
        return  # an older model without its metrics: the class codes were checked
    ours, theirs = metrics["confusion"], recorded.get("confusion", {})
    if ours.get("codes") != theirs.get("codes") or ours.get("counts") != theirs.get("counts"):
        raise ModelMismatchError(
            f"The metrics file '{metrics_path}' is not from the run that made the model "
            f"'{model_path}' (their confusion matrices differ). Give the metrics written with "
            "this model." + _UNCHANGED
        )


def _recorded(manifest: ModelManifest, model_path: object) -> dict[str, Any]:
    recorded = manifest.metrics
    if not isinstance(recorded, dict):
        raise InvalidInputError(
            f"The model '{model_path}' does not record its accuracy, so its report cannot be "
            "written again; give the run's metrics file too." + _UNCHANGED
        )
    return recorded


def _check_report(path: str | os.PathLike[str], manifest: ModelManifest) -> None:
    """Only a report of ours, of this model, is replaced."""
    try:
        text = _read_bounded(path, "report").decode("utf-8")
    except InvalidInputError:
        raise
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"The report '{path}' cannot be read: {exc}.") from exc
    if GENERATOR not in text and f"<title>{REPORT_TITLE}</title>" not in text:
        raise InvalidInputError(
            f"'{path}' is not an accuracy report of LULC Classifier; give the Accuracy report "
            "output of the run." + _UNCHANGED
        )
    created = manifest.created
    if created and f'<td class="name">{html.escape(str(created))}</td>' not in text:
        raise ModelMismatchError(
            f"The report '{path}' is not from the run that made this model (the model was "
            f"created {created}). Give the report written with this model." + _UNCHANGED
        )


def _render(
    metrics: dict[str, Any],
    manifest: ModelManifest,
    legend: Sequence[ClassInfo],
    model_path: object,
) -> str:
    try:
        info = report_info(manifest.with_legend(legend))
    except (KeyError, TypeError) as exc:
        raise InvalidInputError(
            f"The model '{model_path}' does not record how it was trained ({exc} is missing), "
            "so its report cannot be written again." + _UNCHANGED
        ) from exc
    return render_html(
        report_from_json(metrics),
        title=report_title(),
        info=info,
        history=manifest.learning_history or (),
    )


def _read_bounded(path: str | os.PathLike[str], what: str) -> bytes:
    """Read the bytes of ``path``, refused over :data:`MAX_FILE_BYTES` (never read further)."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInputError(
            f"The {what} '{path}' is over {MAX_FILE_BYTES // MIB} MB, far more than one of "
            f"ours: give the {what} written by the run." + _UNCHANGED
        )
    return data


def _check_replaceable(path: str | os.PathLike[str], what: str) -> None:
    if not os.access(path, os.W_OK):
        raise OutputError(f"The {what} '{path}' is read-only; make it writable to edit its legend.")
    check_writable(path, what)


def _listed(codes: Any) -> str:
    return ", ".join(str(c) for c in sorted(codes))


__all__ = ["AccuracyFiles", "plan_accuracy_files", "renamed_metrics", "write_accuracy_files"]
