"""pyproj on the pooled threads QGIS runs algorithms on (the crash of QGIS 3.40's panel preview).

pyproj 3.7 (Debian 13) frees a thread's PROJ context with the Python thread state, which
PyQt drops after every call on a thread Python did not create, but keeps pointing to it: the
second job on the same pooled thread crashed. Each case runs in its own process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.qgis

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import importlib.util
import sys
import threading
import time
from pathlib import Path

root, keep = Path(sys.argv[1]), sys.argv[2] == "keep"
spec = importlib.util.spec_from_file_location(
    "lulc_classifier", root / "__init__.py", submodule_search_locations=[str(root)]
)
module = importlib.util.module_from_spec(spec)
sys.modules["lulc_classifier"] = module
spec.loader.exec_module(module)

import pyproj
from qgis.PyQt.QtCore import QCoreApplication, QRunnable, QThreadPool

from lulc_classifier.processing_provider.proj_threads import keep_proj_context

app = QCoreApplication([])


class Job(QRunnable):
    def run(self):
        if keep:
            keep_proj_context()
        pyproj.CRS.from_epsg(32633).to_wkt()
        print("job done", threading.get_native_id(), flush=True)


pool = QThreadPool()
pool.setMaxThreadCount(1)  # every job on the same OS thread, which never expires
pool.setExpiryTimeout(-1)  # (waitForDone() would end the thread)
jobs = [Job() for _ in range(4)]
for job in jobs:
    job.setAutoDelete(False)
    pool.start(job)
    while pool.activeThreadCount():
        time.sleep(0.01)
print("all done", flush=True)
"""


def run(mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ROOT), mode],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_pyproj_works_on_the_same_pooled_thread_run_after_run() -> None:
    result = run("keep")
    assert result.returncode == 0, result.stderr[-2000:]
    threads = {line.split()[-1] for line in result.stdout.splitlines() if "job done" in line}
    assert len(threads) == 1  # really the same OS thread, four times
    assert result.stdout.count("job done") == 4
    assert "all done" in result.stdout


def test_without_the_fix_pyproj_3_7_crashes_there() -> None:
    """Shows why the fix is there: with the pyproj of Debian 13 (3.7.1) the same jobs crash
    without it; with pyproj before 3.7 (Debian 12) they never did."""
    import pyproj

    result = run("plain")
    assert "job done" in result.stdout  # the first job on a thread always works
    version = tuple(int(p) for p in pyproj.__version__.split(".")[:3])
    if (3, 7, 0) <= version <= (3, 7, 1):
        assert result.returncode != 0
        assert result.stdout.count("job done") == 1
    elif version < (3, 7, 0):
        assert result.returncode == 0, result.stderr[-2000:]
