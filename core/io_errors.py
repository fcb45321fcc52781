"""I/O errors as sentences, never a traceback.

Each says which file, what happened (disk full with the figures known, permission denied,
read-only, missing) and what to do.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from .errors import DiskFullError, OutputError

#: Below this many free bytes, a failed write is put down to a full disk.
FULL_BELOW = 1 << 20
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EACCES, errno.EPERM}
_NEEDED = re.compile(r"available is (\d+) bytes, whereas (\d+) are at least necessary")


def is_io_error(exc: BaseException) -> bool:
    """OSError (rasterio's RasterioIOError is one) or a GDAL error raised through rasterio."""
    names = {c.__name__ for c in type(exc).__mro__}
    return isinstance(exc, OSError) or bool(names & {"CPLE_BaseError", "RasterioError"})


def reason(exc: BaseException) -> str:
    """Return the operating system's or GDAL's words, one line, without a trailing full stop."""
    cause = exc.__cause__ or exc.__context__
    if cause is not None and "see previous exception" in str(exc).lower():
        return reason(cause)  # rasterio 1.4: "Read failed. See previous exception for details."
    text = getattr(exc, "strerror", None) if isinstance(exc, OSError) else None
    if not text:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return re.sub(r"^Read or write failed\. ", "", str(text)).rstrip(".")  # rasterio's prefix


def free_space(path: str | os.PathLike[str]) -> int | None:
    """Free bytes on the disk of ``path`` (its nearest existing folder), None if unknown."""
    folder = Path(path)
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    try:
        return int(shutil.disk_usage(folder).free)
    except OSError:
        return None


def size_text(n_bytes: float) -> str:
    """1536 -> '1.5 KB'."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n_bytes < 1024 or unit == "GB":
            return f"{n_bytes:.0f} {unit}" if unit == "bytes" else f"{n_bytes:.1f} {unit}"
        n_bytes /= 1024
    return f"{n_bytes:.1f} TB"  # pragma: no cover


def describe_io_error(
    exc: BaseException, path: str | os.PathLike[str] | None = None, what: str = "file"
) -> str:
    """Say in one sentence what an I/O error on ``path`` (the ``what``) was.

    Disk full (with the free and, when GDAL says it, the needed space), permission denied,
    missing, or other.
    """
    path = path or getattr(exc, "filename", None)
    target = f"the {what} '{path}'" if path else "a file"
    why = reason(exc)
    code = getattr(exc, "errno", None)
    if code in _FULL or _NEEDED.search(str(exc)) or "no space left" in why.lower():
        return full_disk_message(exc, path, what)
    if code in _DENIED or "permission denied" in why.lower():
        return f"Permission denied for {target}: choose a file or folder you may use."
    if code == errno.EROFS:
        return f"Cannot write {target}: the disk is read-only. Choose another folder."
    if code == errno.ENOTDIR:
        return f"Cannot use {target}: a part of its path is a file, not a folder. Fix the path."
    if code == errno.ENOENT:
        return f"Cannot use {target}: it or its folder does not exist. Check the path."
    return f"Input/output error on {target}: {why}. Check the disk and the file, then run again."


def full_disk_message(
    exc: BaseException,
    path: str | os.PathLike[str] | None,
    what: str = "file",
    partial: int = 0,
) -> str:
    """Say 'the disk is full' with the path, the free space, and what was needed.

    What was needed is GDAL's figure, else more than the ``partial`` bytes written before the
    failure.
    """
    free = free_space(path) if path else None
    needed = _NEEDED.search(str(exc))
    amounts = []
    if needed:
        amounts.append(f"at least {size_text(int(needed.group(2)))} needed")
    elif partial:
        amounts.append(f"more than {size_text(partial)} needed")
    if free is not None:
        amounts.append(f"{size_text(free)} free")
    extra = f" ({', '.join(amounts)})" if amounts else ""
    where = f"the {what} '{path}'" if path else f"the {what}"
    return (
        f"The disk is full: could not write {where}{extra}. Free some space or choose "
        "another folder."
    )


def write_failure(
    exc: BaseException,
    staged: Sequence[tuple[Path, Path, str]],
    verifying: bool = False,
    partial: int = 0,
) -> OutputError | None:
    """Return the error to raise for ``exc`` raised while outputs were being written.

    ``outputs`` are (temporary path, target, what), ``partial`` the bytes written so far.
    None when the error is not about them (e.g. an input that failed).
    """
    if not is_io_error(exc):
        return None
    text = f"{getattr(exc, 'filename', '') or ''} {exc}"
    named = [s for s in staged if s[0].name in text or str(s[0]) in text]
    full = getattr(exc, "errno", None) in _FULL or _NEEDED.search(text) is not None
    full = full or "no space left" in text.lower()
    if not full:
        free = [free_space(s[1]) for s in (named or staged)]
        full = any(f is not None and f < FULL_BELOW for f in free)
    suffix = " No output was written."
    if full:
        if named or len(staged) == 1:
            _, path, what = (named or list(staged))[0]
            return DiskFullError(full_disk_message(exc, path, what, partial) + suffix)
        folders = sorted({str(s[1].parent) for s in staged})
        where, what = (folders[0], "outputs in") if len(folders) == 1 else (None, "outputs")
        return DiskFullError(full_disk_message(exc, where, what, partial) + suffix)
    if named:
        _, target, what = named[0]
        if verifying:
            return OutputError(
                f"The {what} written for '{target}' cannot be read back ({reason(exc)}); "
                f"it was not put in place.{suffix}"
            )
        return OutputError(describe_io_error(exc, target, what) + suffix)
    return None


def check_raster_written(temp: Path, target: Path, what: str) -> None:
    """Open the raster written to ``temp`` and read its last row.

    GDAL may report a full disk only by leaving a file it cannot read back (errors while
    closing are dropped before 3.7).

    Raises
    ------
    OutputError
        DiskFullError when the disk is full, else naming ``target``.
    """
    from .deps import require

    try:
        with require("rasterio").open(temp) as check:
            check.read(1, window=((check.height - 1, check.height), (0, check.width)))
    except Exception as exc:
        failure = write_failure(exc, [(temp, target, what)], verifying=True)
        if not isinstance(failure, DiskFullError):
            # Whether or not the library's message names the temporary file (rasterio 1.4's
            # does not), the file written cannot be read.
            failure = OutputError(
                f"The {what} written for '{target}' cannot be read back ({reason(exc)}); it "
                "was not put in place. No output was written."
            )
        raise failure from exc
