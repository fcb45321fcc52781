"""The example notebook (docs/examples/quickstart.ipynb) runs, so it cannot rot: executed by
nbclient (Debian's python3-nbclient and python3-ipykernel) in a kernel running this Python, which
imports the checkout as lulc_classifier; its printed figures are checked."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from ..helpers import importable_package

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "docs" / "examples" / "quickstart.ipynb"
KERNEL = "lulc-test"


def test_the_committed_notebook_has_no_outputs() -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    assert code
    for cell in code:
        assert cell["outputs"] == []
        assert cell["execution_count"] is None


@pytest.mark.slow
def test_quickstart_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A failure, not a skip, when they are missing: scripts/apt-packages.txt lists them.
    import nbclient
    import nbformat

    # A kernel of this very Python (the venv's), found through JUPYTER_PATH, not the system's.
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "LULC test", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core 5: no migration warning
    env = importable_package(tmp_path)
    env["LULC_DATA"] = str(ROOT / "data")
    env["TMPDIR"] = str(tmp_path)  # the notebook's temporary folder
    work = tmp_path / "work"
    work.mkdir()

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, kernel_name=KERNEL, timeout=120)
    client.execute(env=env, cwd=str(work))

    text = "\n".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.get("name") == "stdout"
    )
    spatial = re.search(r"overall accuracy (\d\.\d+) \(95 % CI (\d\.\d+)-(\d\.\d+)\)", text)
    assert spatial, text
    value, low, high = (float(v) for v in spatial.groups())
    assert 0.7 < value < 1.0
    assert low <= value <= high
    assessed = re.search(r"Map accuracy: (\d\.\d+) \+- (\d\.\d+) \((\d+) reference points\)", text)
    assert assessed, text
    assert float(assessed.group(1)) > 0.7
    assert int(assessed.group(3)) > 400
    for name in ("Forest", "Water", "Agriculture", "Soil", "Buildings"):
        assert re.search(rf"{name} +\d+\.\d ha +\d+\.\d %", text), name
    written = re.search(r"Map: (\S+)", text)
    assert written, text
    assert Path(written.group(1)).is_file()
    assert tmp_path in Path(written.group(1)).parents
    assert Path(written.group(1)).with_suffix(".qml").is_file()
