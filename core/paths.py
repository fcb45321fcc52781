"""Paths: the groundwork of :mod:`.files`.

Which file a path names, the files around it, clashes between inputs and outputs, and our
temporary files.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from contextlib import suppress
from pathlib import Path

from .errors import OutputConflictError, OutputError
from .io_errors import describe_io_error

#: Side files of a GeoTIFF output, by suffix appended to its name; a replaced raster's stale
#: ones are removed with it (or replaced by the new raster's own).
RASTER_COMPANIONS = {
    ".aux.xml": "GDAL metadata file (.aux.xml)",
    ".ovr": "external overviews (.ovr)",
    ".msk": "external mask (.msk)",
}
#: The class map's style, written beside it: ``map.tif`` -> ``map.qml``.
STYLE_SUFFIX = ".qml"
#: Files that belong to an input beside it (when they exist): appended to the name...
_INPUT_APPENDED = (*RASTER_COMPANIONS, "-wal", "-shm", "-journal")
#: ... or replacing its extension (shapefile parts, QGIS style and metadata, sample definition).
_INPUT_REPLACED = (".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", STYLE_SUFFIX, ".qmd")
_INPUT_REPLACED_SAMPLES = ".lulc.json"

#: Seconds after which a temporary file of ours whose writer cannot be checked is stale.
STALE_AFTER_S = 24 * 3600
_HOST = hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]
#: Our temporary files (and GDAL/SQLite files beside them): stem, host, writer pid.
TEMP_PATTERN = re.compile(
    r"^\.(?P<stem>.+)\.(?P<host>[0-9a-f]{6})-(?P<pid>\d+)-[a-z0-9_]{8}\.(?P<kind>part|old)"
    r"(?:[.-].*)?$"
)
_OLD_PATTERN = re.compile(r"^\..+\.[a-z0-9_]{8}\.part(?:[.-].*)?$")


def style_path(path: str | os.PathLike[str]) -> Path:
    """Return the ``.qml`` style written beside a class map (:data:`STYLE_SUFFIX`)."""
    return Path(path).with_suffix(STYLE_SUFFIX)


def side_files(path: str | os.PathLike[str]) -> list[Path]:
    """Return the files that go with a raster the plugin writes.

    These are its style and :data:`RASTER_COMPANIONS`, whether they exist or not.
    """
    return [style_path(path), *(Path(f"{path}{suffix}") for suffix in RASTER_COMPANIONS)]


def temp_prefix(target: Path) -> str:
    """Return the prefix of a temporary name beside ``target``.

    ``tempfile`` adds 8 random characters to it.
    """
    return f".{target.stem}.{_HOST}-{os.getpid()}-"


class PathKeys:
    """Keys equal exactly when two paths name the same file (existing or to be created)."""

    def __init__(self) -> None:
        self._ignores_case: dict[tuple[int, int], bool] = {}

    def key(self, path: str | os.PathLike[str]) -> tuple[object, ...]:
        """Return the identity of ``path``.

        An existing file: its device and inode; else its folder's and its (folded) name.
        """
        real = Path(os.path.realpath(path))
        with suppress(OSError):
            info = os.stat(real)
            return ("file", info.st_dev, info.st_ino)
        try:
            folder = os.stat(real.parent)
        except OSError:
            return ("path", os.path.normcase(str(real)))
        name = real.name
        if self._folds(real.parent, (folder.st_dev, folder.st_ino)):
            name = unicodedata.normalize("NFC", name).casefold()
        return ("new", folder.st_dev, folder.st_ino, name)

    def _folds(self, folder: Path, key: tuple[int, int]) -> bool:
        if key not in self._ignores_case:
            self._ignores_case[key] = ignores_case(folder)
        return self._ignores_case[key]


def ignores_case(folder: Path) -> bool:
    """Tell whether the file system of ``folder`` ignores case.

    It does when an entry (or the folder itself) found again under its case-swapped name is
    the same file.
    """
    with suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.swapcase() != entry.name:
                return _same(entry.path, folder / entry.name.swapcase())
    if folder.name.swapcase() != folder.name:
        return _same(folder, folder.parent / folder.name.swapcase())
    return os.path.normcase("A") == "a"


def _same(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def source_file(source: str) -> str | None:
    """Return the file of a layer source (``path|layername=x``, ``GPKG:path:table``...), or None."""
    candidates = [source.split("|")[0]]
    match = re.match(r"^[A-Za-z][A-Za-z0-9_]+:(.+)$", candidates[0])
    if match:
        candidates += [match.group(1), match.group(1).rsplit(":", 1)[0]]
    for candidate in candidates:
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def input_files(
    inputs: Iterable[tuple[str, str | os.PathLike[str]]],
) -> list[tuple[str, Path]]:
    """Return each input's file and its existing companions, labelled."""
    files: list[tuple[str, Path]] = []
    for label, given in inputs:
        found = source_file(str(given))
        path = Path(found if found is not None else given)
        files.append((label, path))
        names = [Path(f"{path}{s}") for s in _INPUT_APPENDED]
        names += [path.with_suffix(s) for s in (*_INPUT_REPLACED, _INPUT_REPLACED_SAMPLES)]
        belongs = f"a file that belongs with {label} ('{path.name}')"
        files += [(belongs, n) for n in names if n.exists()]
    return files


def clean_stale(folder: Path, now: float | None = None) -> list[Path]:
    """Delete our temporary files in ``folder`` left by runs that are over; return them.

    Deleted: ``.part`` files named by a process of this machine that is gone (a live one's
    are kept, however old), and those whose writer cannot be checked (another machine,
    Windows, the older ``.<stem>.<random>.part<suffix>`` form) not modified for
    :data:`STALE_AFTER_S` seconds. Never a ``.old`` file (the previous version of an output
    that a failed commit could not put back), nor anything else.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    with suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") and _stale(entry, now):
                with suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _stale(entry: os.DirEntry[str], now: float) -> bool:
    ours = TEMP_PATTERN.match(entry.name)
    if ours is None and _OLD_PATTERN.match(entry.name) is None:
        return False
    if ours is not None and ours["kind"] == "old":
        return False
    try:
        if not entry.is_file(follow_symlinks=False):
            return False
        old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S
    except OSError:
        return False
    if ours is not None and ours["host"] == _HOST and os.name == "posix":
        return not process_alive(int(ours["pid"]))
    return old


def process_alive(pid: int) -> bool:
    """Tell whether a process ``pid`` runs on this machine.

    It asks the POSIX way (signal 0); a reused pid counts as alive.
    """
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def check_distinct(
    inputs: Iterable[tuple[str, str | os.PathLike[str]]],
    outputs: Iterable[tuple[str, str | os.PathLike[str], Sequence[tuple[str, Path]]]],
) -> None:
    """Refuse outputs that name an input, or another output, of the same run.

    Parameters
    ----------
    inputs
        (label, path) of each input file; its existing companions count as it.
    outputs
        (label, path, side files as (label, path)) of each output.

    Raises
    ------
    OutputConflictError
        Naming both sides and the path.
    """
    keys = PathKeys()
    taken = {keys.key(p): (label, p) for label, p in input_files(inputs)}
    inputs_taken = set(taken)
    for label, path, side in outputs:
        for what, file in [(label, Path(path)), *side]:
            key = keys.key(file)
            if key in taken:
                other, other_path = taken[key]
                raise OutputConflictError(
                    conflict(what, file, other, other_path, key in inputs_taken)
                )
            taken[key] = (what, file)


def conflict(what: str, path: Path, other: str, other_path: Path, is_input: bool) -> str:
    """Return the message for an output ``what`` at ``path`` clashing with ``other``."""
    if is_input:
        spelled = "" if str(other_path) == str(path) else f" ('{other_path}')"
        return (
            f"{_cap(what)} '{path}' is the same file as {other}{spelled}: writing it would "
            "destroy that input. Choose another file name for the output."
        )
    return (
        f"{_cap(what)} and {other} are the same file '{path}': one would overwrite the "
        "other. Give them different file names."
    )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def backup_name(target: Path) -> Path:
    """Return a new hidden name beside ``target`` for the file a commit replaces."""
    fd, name = tempfile.mkstemp(
        prefix=temp_prefix(target), suffix=f".old{target.suffix}", dir=target.parent
    )
    os.close(fd)
    os.unlink(name)
    return Path(name)


def check_target(path: str | os.PathLike[str], what: str) -> Path:
    """Return ``path`` as a Path, if it is not a folder and its folder exists.

    Raises OutputError otherwise.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"The {what} path '{target}' is a folder; give a file name instead.")
    blocking = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if blocking is not None and not blocking.is_dir():
        raise OutputError(
            f"Cannot write the {what} '{target}': '{blocking}' is a file, not a folder. "
            "Choose another output path."
        )
    if not folder.is_dir():
        raise OutputError(
            f"Cannot write the {what} '{target}': the folder '{folder}' does not exist. "
            "Create it or choose another output path."
        )
    return target


def reserve(target: Path, what: str) -> Path:
    """Return a new hidden temporary name beside ``target``.

    The file is created to prove the folder takes it, then deleted: writers such as GDAL and
    SQLite create their file themselves.
    """
    try:
        fd, name = tempfile.mkstemp(
            prefix=temp_prefix(target), suffix=f".part{target.suffix}", dir=target.parent
        )
    except OSError as exc:
        raise OutputError(describe_io_error(exc, target, what)) from exc
    os.close(fd)
    os.unlink(name)
    return Path(name)
