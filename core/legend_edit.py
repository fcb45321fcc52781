"""Renaming and recolouring classes after the fact, in a model file and a class map.

Only metadata changes: the model's manifest (its estimator is copied byte for byte) and the
map's colour table, legend tags and ``.qml`` style (its pixels are never rewritten). Everything
is validated before anything is written, and the files are replaced only when all are ready.

The model keeps its ``model_id``. The id names the fitted estimator (a random UUID given when
it is saved, not a digest of the file), and a legend edit does not change the estimator or a
single prediction; maps carry the id in their ``LULC_MODEL_ID`` tag, and they stay products of
this model after its classes are renamed. The training metrics in the manifest are a record of
that run and keep the names classes had then.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: the identity check alone
    fcntl = None  # type: ignore[assignment]

from .deps import require
from .errors import InvalidInputError, ModelMismatchError, OutputError
from .files import atomic_output, check_writable, style_path
from .legend import (
    ClassInfo,
    legend_rows,
    normalise_color,
    qml_paletted,
)
from .legend_files import plan_accuracy_files, write_accuracy_files
from .map_tags import read_map_legend, write_map_legend
from .model.model_file import read_manifest, rewrite_manifest
from .outputs import finish_raster


@dataclass(frozen=True)
class LegendEdit:
    """The legend after an edit and the files written (None: not given).

    Attributes
    ----------
    legend
        The legend after the edit.
    model_path, class_map_path, qml_path, metrics_path, report_path
        The files rewritten.
    """

    legend: list[ClassInfo]
    model_path: str | None = None
    class_map_path: str | None = None
    qml_path: str | None = None
    metrics_path: str | None = None
    report_path: str | None = None


@dataclass(frozen=True)
class _MapInfo:
    legend: list[ClassInfo]
    cog: bool
    overviews: bool
    compress: str


def legend_changes(values: Sequence[object] | str | None) -> list[ClassInfo]:
    """Read legend changes from a Processing matrix or from JSON text.

    Parameters
    ----------
    values
        See :func:`legend_rows`; the first value of each row is the class code.

    Returns
    -------
    list of ClassInfo
        One change per class, names and colours as given (:func:`edit_legend` checks them).

    Raises
    ------
    InvalidInputError
        If the text is not JSON, the values do not come in threes, or a code is not an integer.
    """
    return [ClassInfo(_code(key), name, color) for key, name, color in legend_rows(values)]


def _code(value: object) -> int:
    text = "" if value is None else str(value).strip()
    try:
        number = float(text)
    except ValueError:
        number = float("nan")
    if not number.is_integer():
        raise InvalidInputError(
            f"The class code '{text}' is not an integer; give the code of a class of the map."
        )
    return int(number)


def edit_legend(
    changes: Sequence[ClassInfo],
    *,
    model_path: str | os.PathLike[str] | None = None,
    class_map_path: str | os.PathLike[str] | None = None,
    metrics_path: str | os.PathLike[str] | None = None,
    report_path: str | os.PathLike[str] | None = None,
) -> LegendEdit:
    """Rename and recolour classes of a model file, a class map, or both.

    The accuracy files of their run are edited too.

    Classes not in ``changes`` keep their name and colour. Given both, the model's legend is
    the reference: the map gets the model's legend with the changes applied. The model keeps
    its ``model_id`` (see the module docstring).

    Parameters
    ----------
    changes
        New name and colour (``#rrggbb`` or ``rrggbb``) of some classes, by code; empty to
        copy the model's legend onto the map, or to rewrite the map's style from its tags.
    model_path
        A ``.lulcmodel`` file: the classes in its manifest are rewritten, atomically; every
        other member is copied unchanged.
    class_map_path
        A class map GeoTIFF from lulc:predict: its colour table and legend tags are updated in
        place (pixels untouched; a Cloud Optimized GeoTIFF is copied losslessly to keep its
        layout) and the ``.qml`` style beside it is rewritten.
    metrics_path, report_path
        The run's metrics JSON and HTML report: the metrics get the new names, the report is
        rendered again from them (it needs the model). See :mod:`.legend_files`.

    Returns
    -------
    LegendEdit
        The resulting legend and the paths written.

    Raises
    ------
    InvalidInputError
        If neither file is given, a code is unknown or given twice, a name is empty or used by
        two classes (ignoring case), a colour is not ``#rrggbb``, or the map has no legend.
    ModelMismatchError
        If the model and the map do not have the same class codes.
    ModelFileError
        If the model file cannot be read.
    OutputError
        If a file cannot be written.
    """
    if model_path is None and class_map_path is None:
        raise InvalidInputError("Give a model file, a class map or both to edit their legend.")
    folder = model_path if model_path is not None else class_map_path
    accuracy = (metrics_path, report_path)
    with _exclusive(folder, model_path) as unchanged:
        return _edit(changes, model_path, class_map_path, accuracy, unchanged)


@contextlib.contextmanager
def _exclusive(
    path: str | os.PathLike[str] | None, model_path: str | os.PathLike[str] | None
) -> Iterator[Callable[[], None]]:
    """Serialise legend edits in a folder.

    Take an exclusive lock on the folder of ``path`` where the system has one (fcntl), and,
    everywhere, yield a check that the model file read is still the file there just before
    it is replaced (call it last).
    """
    folder = Path(str(path)).parent
    target = Path(str(model_path))
    fd = None
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
    try:
        if fd is not None and fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        before = _identity(target) if model_path is not None else None

        def unchanged() -> None:
            if model_path is not None and _identity(target) != before:
                raise OutputError(
                    f"'{target}' was changed by another program while its legend was edited; "
                    "nothing was written. Run the edit again."
                )

        yield unchanged
    finally:
        if fd is not None:
            os.close(fd)  # closing releases the lock


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _edit(
    changes: Sequence[ClassInfo],
    model_path: str | os.PathLike[str] | None,
    class_map_path: str | os.PathLike[str] | None,
    accuracy: tuple[str | os.PathLike[str] | None, str | os.PathLike[str] | None],
    unchanged: Callable[[], None],
) -> LegendEdit:
    manifest = read_manifest(model_path) if model_path is not None else None
    map_info = _read_map(class_map_path) if class_map_path is not None else None
    if manifest is not None:
        base = manifest.legend
        where = f"The model '{model_path}'"
        check_writable(str(model_path), "model file")
        if map_info is not None:
            _check_same_classes(base, map_info.legend, model_path, class_map_path)
    else:
        assert map_info is not None
        base = map_info.legend
        where = f"The class map '{class_map_path}'"
    legend = apply_changes(base, changes, where)
    planned = plan_accuracy_files(
        legend,
        metrics_path=accuracy[0],
        report_path=accuracy[1],
        manifest=manifest,
        model_path=model_path,
    )
    qml_path = None if class_map_path is None else style_path(class_map_path)
    with contextlib.ExitStack() as files:
        if model_path is not None and manifest is not None:
            tmp = files.enter_context(atomic_output(model_path, "model file"))
            rewrite_manifest(model_path, tmp, manifest.with_legend(legend))
        if class_map_path is not None and qml_path is not None and map_info is not None:
            qml_tmp = files.enter_context(atomic_output(qml_path, "style file"))
            qml_tmp.write_text(qml_paletted(legend), encoding="utf-8")
            _write_map(class_map_path, map_info, legend, files)
        write_accuracy_files(planned, files)
        unchanged()  # inside the block: on a change, the temporary files are dropped
    return LegendEdit(
        legend,
        None if model_path is None else str(model_path),
        None if class_map_path is None else str(class_map_path),
        None if qml_path is None else str(qml_path),
        planned.metrics_path,
        planned.report_path,
    )


def apply_changes(
    legend: Sequence[ClassInfo], changes: Sequence[ClassInfo], where: str = "The legend"
) -> list[ClassInfo]:
    """Return ``legend`` with the names and colours of ``changes`` (by code), checked.

    Parameters
    ----------
    legend
        The current classes.
    changes
        New names and colours; names are stripped, colours normalised to ``#rrggbb``.
    where
        What ``legend`` belongs to, for messages (e.g. "The model 'm.lulcmodel'").

    Raises
    ------
    InvalidInputError
        Naming every problem: unknown or repeated codes, empty or clashing names, bad colours.
    """
    valid = [c.code for c in legend]
    problems = []
    repeated = sorted({c.code for c in changes if sum(d.code == c.code for d in changes) > 1})
    if repeated:
        problems.append(f"Classes given more than once: {_codes(repeated)}; give each once.")
    unknown = sorted({c.code for c in changes if c.code not in valid})
    if unknown:
        problems.append(f"{where} has no class {_codes(unknown)}; its classes are {_codes(valid)}.")
    new = {}
    for change in changes:
        name, color = change.name.strip(), normalise_color(change.color)
        if not name:
            problems.append(f"The name of class {change.code} is empty; give it a name.")
        if color is None:
            problems.append(
                f"'{change.color}' is not a colour (class {change.code}); use #rrggbb, "
                "e.g. #1f78b4."
            )
        new[change.code] = ClassInfo(change.code, name, color or change.color)
    result = [new.get(c.code, c) for c in legend]
    by_name: dict[str, list[int]] = {}
    for info in result:
        if info.name:
            by_name.setdefault(info.name.casefold(), []).append(info.code)
    for codes in by_name.values():
        if len(codes) > 1:
            named = next(c.name for c in result if c.code == codes[0])
            problems.append(
                f"Classes {_codes(codes)} would all be named '{named}'; class names must differ "
                "(ignoring case)."
            )
    if problems:
        raise InvalidInputError(" ".join(problems) + " Nothing was changed.")
    return result


def _codes(codes: Sequence[int]) -> str:
    return ", ".join(str(c) for c in codes)


def _check_same_classes(
    model: Sequence[ClassInfo],
    mapped: Sequence[ClassInfo],
    model_path: str | os.PathLike[str] | None,
    class_map_path: str | os.PathLike[str] | None,
) -> None:
    ours, theirs = sorted(c.code for c in model), sorted(c.code for c in mapped)
    if ours != theirs:
        raise ModelMismatchError(
            f"The model '{model_path}' has classes {_codes(ours)} but the class map "
            f"'{class_map_path}' has classes {_codes(theirs)}: the map was not predicted with "
            "this model. Give the map predicted with it, or edit each file on its own. "
            "Nothing was changed."
        )


def _read_map(path: str | os.PathLike[str]) -> _MapInfo:
    """Read the legend in a class map's tags, and how the map is laid out; check it is editable."""
    rasterio = require("rasterio")
    try:
        with rasterio.open(path) as src:
            driver, count = src.driver, src.count
            band_tags = src.tags(1)
            cog = src.tags(ns="IMAGE_STRUCTURE").get("LAYOUT", "").upper() == "COG"
            overviews = bool(src.overviews(1))
            compress = src.compression.value if src.compression is not None else "NONE"
    except rasterio.errors.RasterioIOError as exc:
        raise InvalidInputError(f"The class map '{path}' cannot be read: {exc}.") from exc
    if driver != "GTiff" or count != 1:
        raise InvalidInputError(
            f"'{path}' is not a single-band GeoTIFF class map; give a map from lulc:predict."
        )
    try:
        legend = read_map_legend(band_tags)
    except ValueError as exc:
        raise InvalidInputError(
            f"The legend in the class map '{path}' is damaged ({exc}); predict it again."
        ) from exc
    if legend is None:
        raise InvalidInputError(
            f"The class map '{path}' has no legend (LULC_CLASSES tag): it was not written by "
            "lulc:predict or lulc:classify. Give its model too, or predict it again."
        )
    if not os.access(path, os.W_OK):
        raise OutputError(
            f"The class map '{path}' is read-only; make it writable to edit its legend."
        )
    return _MapInfo(legend, cog, overviews, compress)


def _write_map(
    path: str | os.PathLike[str],
    info: _MapInfo,
    legend: Sequence[ClassInfo],
    files: contextlib.ExitStack,
) -> None:
    """Write the legend into the map in place.

    A COG is edited as a copy and rebuilt, since rewriting its header in place would break
    its layout.
    """
    rasterio = require("rasterio")
    target = Path(path)
    options = {}
    if info.cog:
        target = files.enter_context(atomic_output(path, "class map"))
        shutil.copyfile(path, target)
        # Recent GDAL (3.10, Debian 13) refuses to update a COG unless told that its layout may
        # break: it is rebuilt below. Older GDAL (Debian 12's 3.6) updates it anyway and only
        # notes, in rasterio's log, that it does not know this option.
        options["IGNORE_COG_LAYOUT_BREAK"] = "YES"
    with rasterio.open(target, "r+", **options) as dst:
        write_map_legend(dst, legend)
    if info.cog:
        finish_raster(
            target, overviews=info.overviews, cog=True, categorical=True, compress=info.compress
        )


__all__ = ["LegendEdit", "apply_changes", "edit_legend", "legend_changes"]
