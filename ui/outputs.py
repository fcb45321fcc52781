"""Where the panel's results go when the user leaves an output empty: a folder that outlives
QGIS (temporary files vanish at exit and leave broken layers in a saved project).

Beside a saved project: ``<project folder>/<project name>_lulc/``; before the project is saved:
``<profile>/lulc_classifier/results/``. Previews go to a ``previews`` folder inside it and are
deleted when the next preview replaces them.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from qgis.core import QgsApplication, QgsProject

from ..processing_provider.i18n import tr
from ..processing_provider.products import side_files, style_path

#: Output parameter -> (file name stem, extension) of a run's files.
FILES = {
    "OUTPUT": ("land_cover", ".tif"),
    "OUTPUT_CONFIDENCE": ("confidence", ".tif"),
    "OUTPUT_MODEL": ("model", ".lulcmodel"),
    "OUTPUT_REPORT": ("report", ".html"),
    "OUTPUT_METRICS": ("metrics", ".json"),
    "SEGMENTS": ("segments", ".tif"),  # lulc:segment's, for object-based runs
}


def results_folder(create: bool = True) -> Path:
    """The folder for outputs left empty (created when missing, if ``create``)."""
    project = QgsProject.instance()
    home = project.absolutePath()
    if project.fileName() and home:
        folder = Path(home) / f"{project.baseName() or 'project'}_lulc"
    else:
        folder = Path(QgsApplication.qgisSettingsDirPath()) / "lulc_classifier" / "results"
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def planned_paths(names: list[str], preview: bool = False) -> dict[str, str]:
    """New file paths for the outputs ``names`` (keys of :data:`FILES`) of one run, stamped
    with the time so that no earlier result is overwritten."""
    folder = results_folder(create=False)
    if preview:
        folder /= "previews"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for attempt in range(1000):
        suffix = f"_{attempt + 1}" if attempt else ""
        paths = {
            name: folder / f"{'preview_' if preview else ''}{stem}_{stamp}{suffix}{ext}"
            for name, (stem, ext) in FILES.items()
            if name in names
        }
        if not any(p.exists() or style_path(p).exists() for p in paths.values()):
            return {name: str(path) for name, path in paths.items()}
    raise OSError(
        tr("No free file name in '{folder}': remove old results from it.").format(folder=folder)
    )


def delete_preview_files(paths: list[str]) -> None:
    """Delete a replaced preview's files (only inside the previews folder: never a user's)."""
    previews = (results_folder() / "previews").resolve()
    for path in paths:
        target = Path(path).resolve()
        if target.parent != previews:
            continue
        for candidate in (target, *side_files(target)):
            with contextlib.suppress(OSError):
                candidate.unlink()
