"""Imports of the packages QGIS does not ship, and the exact command that installs a missing one.

The plugin never installs anything: it names the package and the command for the platform
(README, section "Install in QGIS"). Pure-Python packages that no platform packages for QGIS
(skops) ship inside the plugin, in ``ext/``, which is appended to ``sys.path`` only when QGIS's
Python lacks them, so an installed copy always wins.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

from .errors import MissingDependencyError


class _Package(NamedTuple):
    """How one package is installed into QGIS's Python, per platform."""

    module: str  # import name
    pip: str  # requirement given to pip
    debian: str | None = None  # apt package (Debian/Ubuntu); None: pip
    osgeo4w: str | None = None  # OSGeo4W installer package (Windows); None: pip
    no_deps: bool = False  # Debian's pip: --no-deps, the dependencies come from apt


#: Package name (as pip spells it) -> how to install it. The one table of spellings.
_PACKAGES: dict[str, _Package] = {
    "rasterio": _Package("rasterio", "rasterio", "python3-rasterio", "python3-rasterio"),
    "scikit-learn": _Package("sklearn", "scikit-learn", "python3-sklearn", "python3-scikit-learn"),
    "geopandas": _Package("geopandas", "geopandas", "python3-geopandas", "python3-geopandas"),
    "pandas": _Package("pandas", "pandas", "python3-pandas", "python3-pandas"),
    # geopandas reads files with one of these two; which one is required depends on the stack.
    "fiona": _Package("fiona", "fiona", "python3-fiona", "python3-fiona"),
    "pyogrio": _Package("pyogrio", "pyogrio", "python3-pyogrio", "python3-pyogrio"),
    # Bundled in ext/ (the plugin zip), so only ever missing from a damaged install. 0.11 is
    # the last skops that works with Debian 12's numpy 1.24; skops.io needs only numpy,
    # scipy and scikit-learn.
    "skops": _Package("skops", "skops==0.11.0", no_deps=True),
    # Installed with the packages above; listed so that require() names them exactly.
    "shapely": _Package("shapely", "shapely", "python3-shapely", "python3-shapely"),
    "pyproj": _Package("pyproj", "pyproj", "python3-pyproj", "python3-pyproj"),
    "scipy": _Package("scipy", "scipy", "python3-scipy", "python3-scipy"),
    "joblib": _Package("joblib", "joblib", "python3-joblib", "python3-joblib"),
    "affine": _Package("affine", "affine", "python3-affine", "python3-affine"),
    # Optional extras (never in REQUIREMENTS): models, by the names of the estimator registry.
    # Debian packages XGBoost (python3-xgboost), not LightGBM; OSGeo4W neither.
    "xgboost": _Package("xgboost", "xgboost-cpu", "python3-xgboost"),
    "lightgbm": _Package("lightgbm", "lightgbm"),
    # The convolutional network (training only; prediction runs its ONNX graph).
    "torch": _Package("torch", "torch", "python3-torch"),
    # Optional extra for lulc:segment (Felzenszwalb, SLIC); no OSGeo4W package checked.
    "scikit-image": _Package("skimage", "scikit-image", "python3-skimage"),
}
_BY_MODULE = {package.module: name for name, package in _PACKAGES.items()}

#: What every algorithm needs beyond QGIS (which always brings numpy), besides the vector I/O
#: engine (:func:`vector_engine`). geopandas pulls in pandas.
REQUIREMENTS: tuple[str, ...] = (
    "rasterio",
    "scikit-learn",
    "geopandas",
    "pandas",
    "skops",
)

#: Packages bundled in the plugin's ``ext/`` folder, used when QGIS's Python lacks them.
BUNDLED: tuple[str, ...] = ("skops",)
_EXT = Path(__file__).resolve().parent.parent / "ext"


def _use_bundled() -> None:
    """Append ``ext/`` to ``sys.path`` if a bundled package is not importable otherwise."""
    if str(_EXT) in sys.path or not _EXT.is_dir():
        return
    for name in BUNDLED:
        if not _findable(name):
            sys.path.append(str(_EXT))
            importlib.invalidate_caches()
            return


def _findable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ValueError:  # in sys.modules without a __spec__: imported, so present
        return True
    except Exception:  # an import hook refusing it, a broken parent: not usable
        return False


def vector_engine() -> str:
    """Return the package that reads and writes vector files here: ``"pyogrio"`` or ``"fiona"``.

    The one installed (pyogrio first: it is faster, and geopandas 1.x's default); with neither,
    the one this geopandas uses by default (pyogrio from geopandas 1.0 on), so the install
    command names what the platform's geopandas expects.
    """
    for name in ("pyogrio", "fiona"):
        if _findable(name):
            return name
    try:
        major = int(importlib.metadata.version("geopandas").split(".")[0])
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return "pyogrio"
    return "pyogrio" if major >= 1 else "fiona"


def requirements() -> tuple[str, ...]:
    """Return every package the algorithms need on this stack.

    That is :data:`REQUIREMENTS` and the vector engine (:func:`vector_engine`).
    """
    return (*REQUIREMENTS[:4], vector_engine(), *REQUIREMENTS[4:])


#: The README section on installing packages, named in every install message.
README_SECTION = "Install in QGIS"
_OSGEO4W_SITE = "https://download.osgeo.org/osgeo4w/v2"
_MACOS_PYTHON = "/Applications/QGIS.app/Contents/MacOS/bin/python3"
_WHERE = {
    "linux": "in a terminal (Debian/Ubuntu; for other systems see the README)",
    "win32": "in the OSGeo4W Shell, run as administrator",
    "darwin": "in the Terminal (with QGIS-LTR.app, change QGIS.app in the path)",
}


def _package(name: str) -> _Package:
    return _PACKAGES.get(name) or _Package(name, name)


def _family(platform: str | None) -> str:
    platform = sys.platform if platform is None else platform
    if platform.startswith("linux"):
        return "linux"
    if platform in ("win32", "cygwin"):
        return "win32"
    return "darwin" if platform == "darwin" else "other"


def missing_requirements() -> list[str]:
    """Return the packages of :func:`requirements` that QGIS's Python cannot import.

    Bundled packages count as present. The modules are looked up without being imported, so
    this is fast and never raises.

    Returns
    -------
    list of str
        Package names as pip spells them (``"scikit-learn"``), in :func:`requirements` order.
    """
    _use_bundled()
    return [name for name in requirements() if not _findable(_package(name).module)]


def install_command(packages: Sequence[str], platform: str | None = None) -> str:
    """Return the exact command(s) that install ``packages`` into QGIS's Python.

    Parameters
    ----------
    packages
        Package names as pip spells them (``"scikit-learn"``, ``"skops"``).
    platform
        A ``sys.platform`` value; default: this machine's. ``linux``: Debian/Ubuntu apt
        packages, pip for the rest; ``win32``: the OSGeo4W installer for what OSGeo4W
        packages, pip in the OSGeo4W Shell for the rest; ``darwin``: the pip of the Python
        inside QGIS.app.

    Returns
    -------
    str
        One command per line, to run as the message of :func:`missing_message` says.
    """
    family = _family(platform)
    wanted = [_package(name) for name in packages]
    lines = []
    if family == "linux":
        apt = [p.debian for p in wanted if p.debian]
        if apt:
            lines.append("sudo apt install " + " ".join(apt))
        pip = "PIP_BREAK_SYSTEM_PACKAGES=1 /usr/bin/python3 -m pip install --user "
        for no_deps in (True, False):
            specs = [p.pip for p in wanted if not p.debian and p.no_deps == no_deps]
            if specs:
                lines.append(pip + ("--no-deps " if no_deps else "") + " ".join(specs))
    elif family == "win32":
        osgeo4w = [p.osgeo4w for p in wanted if p.osgeo4w]
        if osgeo4w:
            lines.append(
                f"setup --advanced --autoaccept --quiet-mode --site {_OSGEO4W_SITE} "
                "--packages " + ",".join(osgeo4w)
            )
        specs = [p.pip for p in wanted if not p.osgeo4w]
        if specs:
            lines.append("python -m pip install --user " + " ".join(specs))
    else:
        python = _MACOS_PYTHON if family == "darwin" else "python3"
        lines.append(f"{python} -m pip install " + " ".join(p.pip for p in wanted))
    return "\n".join(lines)


def missing_message(packages: Sequence[str], platform: str | None = None) -> str:
    """Say which packages are missing and the exact command that installs them.

    Parameters
    ----------
    packages
        Package names as pip spells them, e.g. from :func:`missing_requirements`.
    platform
        A ``sys.platform`` value; default: this machine's.

    Returns
    -------
    str
        The message shown by the algorithms and the panel.
    """
    one = len(packages) == 1
    return (
        f"{'This Python package is' if one else 'These Python packages are'} needed by the "
        f"LULC Classifier but missing from QGIS's Python: {', '.join(packages)}. The plugin "
        f"never installs packages itself; {install_hint(packages, platform)}."
    )


def install_hint(packages: Sequence[str], platform: str | None = None) -> str:
    """Say how to install ``packages``, for messages ("...; " + this + ".").

    The hint gives where to run the command, the command itself, and the README section that
    says more.

    Parameters
    ----------
    packages
        Package names as pip spells them (``"xgboost"``).
    platform
        A ``sys.platform`` value; default: this machine's.
    """
    where = _WHERE.get(_family(platform), "with the Python that runs QGIS")
    return (
        f"install {'it' if len(packages) == 1 else 'them'} {where}, then restart QGIS:\n"
        f"{install_command(packages, platform)}\n(README, section '{README_SECTION}')"
    )


def require(module: str) -> ModuleType:
    """Import ``module``, or say which package to install and how.

    Parameters
    ----------
    module
        Dotted module name (``"sklearn.metrics"``).

    Returns
    -------
    module
        The imported module.

    Raises
    ------
    MissingDependencyError
        If the import fails; the message names the package and the install command.
    """
    if module.split(".")[0] in BUNDLED:
        _use_bundled()
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        # The module that is really missing may be a dependency of the one asked for.
        top = (getattr(exc, "name", None) or module).split(".")[0]
        raise MissingDependencyError(
            f"{missing_message([_BY_MODULE.get(top, top)])}\nImport error: {exc}"
        ) from exc
