"""Missing packages are named with the exact install command of the platform."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lulc_classifier.core import deps
from lulc_classifier.core.errors import MissingDependencyError

ALL = ["rasterio", "scikit-learn", "geopandas", "pandas", "fiona", "skops"]
ROOT = Path(__file__).resolve().parents[2]


def test_requirements_are_the_runtime_packages_not_the_extras() -> None:
    assert set(deps.REQUIREMENTS) == {"rasterio", "scikit-learn", "geopandas", "pandas", "skops"}
    assert set(deps.requirements()) == {*deps.REQUIREMENTS, deps.vector_engine()}
    assert not {"lightgbm", "xgboost", "xgboost-cpu", "onnxruntime", "onnx"} & set(
        deps.requirements()
    )


@pytest.mark.parametrize(
    ("present", "geopandas", "engine"),
    [
        ({"pyogrio", "fiona"}, "0.14.4", "pyogrio"),
        ({"fiona"}, "1.0.1", "fiona"),  # whichever is there
        ({"pyogrio"}, "0.12.2", "pyogrio"),
        (set(), "1.0.1", "pyogrio"),  # neither: what this geopandas uses by default
        (set(), "0.12.2", "fiona"),
    ],
)
def test_the_vector_engine_is_the_one_geopandas_uses(
    monkeypatch: pytest.MonkeyPatch, present: set[str], geopandas: str, engine: str
) -> None:
    monkeypatch.setattr(deps, "_findable", lambda name: name in present)
    monkeypatch.setattr(deps.importlib.metadata, "version", lambda name: geopandas)
    assert deps.vector_engine() == engine
    assert engine in deps.requirements()
    other = ({"fiona", "pyogrio"} - {engine}).pop()
    assert other not in deps.requirements()


def test_the_vector_engine_here_matches_geopandas() -> None:
    """Debian 12's geopandas 0.12 reads with fiona, Debian 13's geopandas 1.0 with pyogrio
    (and fiona is not installed there): the engine required is the one this geopandas has."""
    import geopandas

    major = int(geopandas.__version__.split(".")[0])
    assert deps.vector_engine() == ("pyogrio" if major >= 1 else "fiona")
    assert importlib.util.find_spec(deps.vector_engine()) is not None


def test_skops_comes_from_the_plugin_when_qgis_python_lacks_it(tmp_path: Path) -> None:
    """With no skops installed the bundled copy in ext/ is used; an installed one wins."""
    code = (
        "import sys, importlib.util\n"
        "sys.path = [p for p in sys.path if 'site-packages' not in p]\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        f"sys.path.insert(0, {str(ROOT / 'scripts')!r})\n"
        "from checkout import import_plugin\n"
        "import_plugin()\n"
        "from lulc_classifier.core import deps\n"
        "assert deps.missing_requirements() == [], deps.missing_requirements()\n"
        "print(deps.require('skops.io').__file__)\n"
        "print(deps.require('skops').__version__)\n"
    )
    bundled = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert bundled == [str(ROOT / "ext" / "skops" / "io" / "__init__.py"), "0.11.0"]
    assert (ROOT / "ext" / "skops" / "LICENSE").read_text().startswith("The MIT License")

    (tmp_path / "skops" / "io").mkdir(parents=True)
    (tmp_path / "skops" / "__init__.py").write_text("__version__ = '99.0'\n")
    (tmp_path / "skops" / "io" / "__init__.py").write_text("")
    installed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert installed == [str(tmp_path / "skops" / "io" / "__init__.py"), "99.0"]


def test_debian_uses_apt_and_pip_only_for_skops() -> None:
    command = deps.install_command(ALL, "linux")
    apt, pip = command.splitlines()
    assert apt == (
        "sudo apt install python3-rasterio python3-sklearn python3-geopandas "
        "python3-pandas python3-fiona"
    )
    # As the README documents: QGIS's Python, user site, Debian's numpy kept.
    assert pip == (
        "PIP_BREAK_SYSTEM_PACKAGES=1 /usr/bin/python3 -m pip install --user --no-deps "
        "skops==0.11.0"
    )


def test_windows_uses_the_osgeo4w_installer_and_pip_in_its_shell() -> None:
    setup, pip = deps.install_command(ALL, "win32").splitlines()
    assert setup.startswith("setup --advanced --autoaccept --quiet-mode --site ")
    assert setup.endswith(
        "--packages python3-rasterio,python3-scikit-learn,python3-geopandas,"
        "python3-pandas,python3-fiona"
    )
    assert pip == "python -m pip install --user skops==0.11.0"


def test_macos_uses_the_pip_of_qgis_python() -> None:
    assert deps.install_command(ALL, "darwin") == (
        "/Applications/QGIS.app/Contents/MacOS/bin/python3 -m pip install "
        "rasterio scikit-learn geopandas pandas fiona skops==0.11.0"
    )


@pytest.mark.parametrize(
    ("platform", "spellings"),
    [
        ("linux", ["python3-sklearn", "python3-rasterio"]),
        ("win32", ["python3-scikit-learn", "python3-rasterio"]),
        ("darwin", ["scikit-learn", "rasterio"]),
        ("freebsd14", ["scikit-learn", "rasterio"]),
    ],
)
def test_each_platform_names_every_missing_package(platform: str, spellings: list[str]) -> None:
    command = deps.install_command(["scikit-learn", "rasterio"], platform)
    assert len(command.splitlines()) == 1  # no pip line when everything has a package
    for spelling in spellings:
        assert spelling in command.replace(",", " ").split()
    message = deps.missing_message(["scikit-learn", "rasterio"], platform)
    assert "scikit-learn, rasterio" in message
    assert "never installs" in message
    assert command in message


def test_the_current_platform_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deps.sys, "platform", "win32")
    assert deps.install_command(["skops"]) == "python -m pip install --user skops==0.11.0"
    monkeypatch.setattr(deps.sys, "platform", "linux")
    assert deps.missing_message(["skops"]) == deps.missing_message(["skops"], "linux")


def test_nothing_missing_here() -> None:
    assert deps.missing_requirements() == []


def test_a_module_set_to_none_in_sys_modules_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    assert deps.missing_requirements() == ["pandas"]


def test_a_finder_that_refuses_is_missing_and_nothing_is_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_find_spec = importlib.util.find_spec
    asked = []

    def find_spec(name: str, package: str | None = None) -> Any:
        asked.append(name)
        if name == "sklearn":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        if name == "rasterio":
            return None
        if name == "pandas":
            raise ValueError("pandas.__spec__ is None")  # in sys.modules: present
        return real_find_spec(name, package)

    monkeypatch.setattr(deps.importlib.util, "find_spec", find_spec)
    assert deps.missing_requirements() == ["rasterio", "scikit-learn"]
    assert {"rasterio", "sklearn", "geopandas", "pandas", "skops"} <= set(asked)


def test_require_names_the_package_and_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deps.sys, "platform", "linux")
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.metrics", None)
    with pytest.raises(MissingDependencyError) as excinfo:
        deps.require("sklearn.metrics")
    message = str(excinfo.value)
    assert ": scikit-learn." in message
    assert "sudo apt install python3-sklearn" in message
    assert isinstance(excinfo.value, ImportError)


def test_require_names_the_dependency_that_is_really_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def import_module(name: str, package: str | None = None) -> Any:
        raise ModuleNotFoundError("No module named 'affine'", name="affine")

    monkeypatch.setattr(deps.importlib, "import_module", import_module)
    with pytest.raises(MissingDependencyError) as excinfo:
        deps.require("rasterio.windows")
    assert deps.install_command(["affine"]) in str(excinfo.value)


def test_extras_get_the_pip_spelling_of_the_readme() -> None:
    assert deps.install_command(["xgboost"], "darwin").endswith("pip install xgboost-cpu")
    assert deps.install_command(["lightgbm"], "linux") == (
        "PIP_BREAK_SYSTEM_PACKAGES=1 /usr/bin/python3 -m pip install --user lightgbm"
    )


def test_xgboost_comes_from_debian_where_debian_packages_it() -> None:
    """The model's message said "pip install xgboost" on every platform (issue 15)."""
    assert deps.install_command(["xgboost"], "linux") == "sudo apt install python3-xgboost"
    assert deps.install_command(["xgboost"], "win32") == (
        "python -m pip install --user xgboost-cpu"
    )


def test_every_optional_model_package_has_its_install_command_here() -> None:
    """The estimator registry names packages; deps.py alone knows how each is installed."""
    from lulc_classifier.core.model.estimators import REGISTRY

    extras = {spec.package for spec in REGISTRY.values() if spec.package}
    assert extras == {"lightgbm", "xgboost", "torch"}
    assert extras <= set(deps._PACKAGES)


def test_the_readme_section_named_in_install_messages_exists() -> None:
    headings = {
        line.lstrip("#").strip()
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    }
    assert deps.README_SECTION in headings
    assert f"section '{deps.README_SECTION}'" in deps.missing_message(["xgboost"], "linux")
