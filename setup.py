"""Build of the Python package ``lulc_classifier``: the engine, its Python API and command line.

The repository root is the package (as in the QGIS plugin zip, whose folder is the package),
so what goes in is listed here rather than found: the root modules of :data:`ROOT_MODULES`, the
packages under :data:`PACKAGES` (``cli`` once it exists), the bundled pure-Python packages of
``ext/``, ``metadata.txt`` (the only version source; ``core/version.py`` reads it beside the
package) and ``LICENSE``. The QGIS side (plugin.py, processing_provider, ui, icons, i18n) and
the tests, scripts, data and docs stay out. Everything else is in ``pyproject.toml``.

The build works in a temporary folder (``build/`` and ``*.egg-info`` never appear in the
checkout, and a file deleted from it never lingers in a wheel), offline:
``pip wheel --no-deps --no-build-isolation -w dist .`` or ``pip install .``.
"""

from __future__ import annotations

import atexit
import configparser
import shutil
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
NAME = "lulc_classifier"
#: Modules of the repository root that belong to the package (plugin.py does not).
ROOT_MODULES = ("__init__", "__main__", "api")
#: Folders whose packages (folders with an ``__init__.py``) belong to the package.
PACKAGES = ("core", "cli")
#: Files of the root folder that belong to the package, beside the bundled ``ext/`` tree.
ROOT_FILES = ("metadata.txt", "LICENSE")
_SKIP = ("__pycache__", ".pyc", ".pyo")


def version() -> str:
    """Return ``version`` from metadata.txt."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(HERE / "metadata.txt", encoding="utf-8")
    return parser.get("general", "version")


def packages() -> list[str]:
    """Return the package and its subpackages under :data:`PACKAGES` that exist."""
    found = [NAME]
    for top in PACKAGES:
        for init in sorted((HERE / top).rglob("__init__.py")):
            parts = init.parent.relative_to(HERE).parts
            if "__pycache__" not in parts:
                found.append(".".join((NAME, *parts)))
    return found


def data_files() -> list[str]:
    """Return :data:`ROOT_FILES` and every file of ``ext/``, relative to the root."""
    bundled = [
        str(path.relative_to(HERE))
        for path in sorted((HERE / "ext").rglob("*"))
        if path.is_file() and not any(skip in str(path) for skip in _SKIP)
    ]
    return [*ROOT_FILES, *bundled]


class BuildPy(build_py):  # type: ignore[misc]
    """build_py that takes only :data:`ROOT_MODULES` from the root folder."""

    def find_package_modules(self, package: str, package_dir: str) -> list[tuple[str, str, str]]:
        """Return the package's modules, without the root's QGIS-only ones (plugin.py)."""
        modules = super().find_package_modules(package, package_dir)
        if package != NAME:
            return list(modules)
        return [m for m in modules if m[1] in ROOT_MODULES]


def _work_folder() -> str:
    """Return a temporary folder for build/ and the egg-info, removed when the build ends."""
    folder = tempfile.mkdtemp(prefix="lulc-build-")
    atexit.register(shutil.rmtree, folder, True)
    return folder


WORK = _work_folder()

setup(
    version=version(),
    packages=packages(),
    package_dir={NAME: "."},
    package_data={NAME: data_files(), f"{NAME}.cli": ["algorithms.json"]},
    include_package_data=False,
    cmdclass={"build_py": BuildPy},
    options={"build": {"build_base": f"{WORK}/build"}, "egg_info": {"egg_base": WORK}},
)
