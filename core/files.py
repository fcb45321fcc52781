"""Output files are written to a temporary name beside the target and renamed when complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError


def check_writable(path: str | os.PathLike[str], what: str) -> Path:
    """Return ``path`` as a Path after checking that its folder exists and can be written.

    Raises
    ------
    OutputError
        If the folder is missing or not writable, or ``path`` is an existing folder.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"The {what} path '{target}' is a folder; give a file name instead.")
    if not folder.is_dir():
        raise OutputError(
            f"Cannot write the {what} '{target}': the folder '{folder}' does not exist. "
            "Create it or choose another output path."
        )
    if not os.access(folder, os.W_OK):
        raise OutputError(
            f"Cannot write the {what} '{target}': the folder '{folder}' is not writable. "
            "Choose another output folder."
        )
    return target


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], what: str) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it to ``path`` only if the block succeeds.

    On any exception (including :class:`~.errors.Cancelled`) the temporary file is deleted and
    an existing file at ``path`` is left untouched.
    """
    target = check_writable(path, what)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=target.parent or "."
    )
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # writers (GDAL, sqlite) want to create the file themselves
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        remove_quietly(tmp)


def remove_quietly(path: str | os.PathLike[str]) -> None:
    """Delete ``path`` and any GDAL ``.aux.xml`` beside it, ignoring files that are not there."""
    for candidate in (Path(path), Path(f"{path}.aux.xml")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()
