"""The real QGIS desktop under Xvfb, as a user meets it: a fresh profile with this checkout's
plugin installed and enabled, QGIS started with a script (``qgis --code``) that looks at what a
user sees and writes it to a JSON file before quitting.

Used by tests/desktop/ and scripts/screenshot.py; the script QGIS runs is
``scripts/desktop_startup.py``. Needs ``Xvfb`` (package ``xvfb``) and the ``qgis`` desktop.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STARTUP = Path(__file__).with_name("desktop_startup.py")
PLUGIN = "lulc_classifier"


@contextlib.contextmanager
def xvfb(size: str = "1600x1000x24") -> Iterator[str]:
    """A virtual X display on the first free number (Xvfb picks it); yields ``":N"``."""
    if shutil.which("Xvfb") is None:
        raise RuntimeError("Xvfb is not installed: apt-get install xvfb (scripts/setup.sh does).")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp"],
        pass_fds=[write],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start (no display number).")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def fresh_profile(folder: Path) -> Path:
    """A new QGIS settings folder (``QGIS_CUSTOM_CONFIG_PATH``) whose default profile has the
    plugin installed (linked to this checkout) and enabled, as after Install from ZIP."""
    profile = folder / "profiles" / "default"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / PLUGIN).symlink_to(ROOT, target_is_directory=True)
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text(f"[PythonPlugins]\n{PLUGIN}=true\n")
    return folder


def run_qgis(
    config: Path, display: str, mode: str, timeout: float = 90.0, **extra: str
) -> dict[str, Any]:
    """Start QGIS on ``display`` with profile folder ``config``; ``desktop_startup.py`` runs
    ``mode`` and writes what it saw. Returns that (a failure if QGIS wrote nothing)."""
    out = Path(tempfile.mkdtemp(prefix="lulc-desktop-")) / "seen.json"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # not offscreen
    env.update(
        DISPLAY=display,
        QGIS_CUSTOM_CONFIG_PATH=str(config),
        LULC_DESKTOP_MODE=mode,
        LULC_DESKTOP_OUT=str(out),
        LULC_DESKTOP_ROOT=str(ROOT),
        **extra,
    )
    log = out.with_name("qgis.log")
    with log.open("w") as sink:
        qgis = subprocess.Popen(
            ["qgis", "--nologo", "--noversioncheck", "--code", str(STARTUP)],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait(qgis, out, timeout)
    if not out.is_file():
        raise RuntimeError(f"QGIS wrote nothing ({mode}); its output:\n{log.read_text()[-3000:]}")
    seen: dict[str, Any] = json.loads(out.read_text())
    if "error" in seen:
        raise RuntimeError(f"The startup script failed ({mode}):\n{seen['error']}")
    return seen


def _wait(qgis: subprocess.Popen[Any], out: Path, timeout: float) -> None:
    """Until QGIS quits; killed if it outlives its JSON by 30 s or ``timeout`` in all."""
    end = time.monotonic() + timeout
    written = None
    while qgis.poll() is None:
        now = time.monotonic()
        if written is None and out.is_file():
            written = now
        if now > end or (written is not None and now > written + 30):
            os.killpg(qgis.pid, signal.SIGKILL)
            qgis.wait()
            return
        time.sleep(0.2)
