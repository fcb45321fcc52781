"""Output files of a run: checked before any work, staged, committed together.

Rules (see :class:`OutputSet`):

* An output may not be an input, or another output, of the same run, nor any side file of
  one (the style beside a class map, GDAL's ``.aux.xml``, a shapefile's ``.dbf``...). Paths
  name the same file when they resolve to it: symlinks and ``..`` resolved, an existing file
  recognised by its inode (hard links too), names compared regardless of case in folders
  whose file system ignores case (probed per folder, :mod:`.paths`).
* Every output folder is probed by creating a file in it before any work starts.
* Each output is written to a hidden temporary name beside its target and all are renamed to
  their targets together once the last is complete. A failure or a cancel deletes them and
  leaves every existing file as it was; a rename failing midway takes back the renames done
  (restoring the files they replaced) and the message says exactly what was written.
* A replaced raster's stale ``.aux.xml``, ``.ovr`` and ``.msk`` go with the old file.
* Temporary names: ``.<stem>.<host>-<pid>-<random>.part<suffix>`` (a replaced file waits as
  ``...old<suffix>`` during the commit). A run killed hard leaves them; the next run writing
  into that folder deletes those whose writer process (on this machine) is gone, and those
  whose writer cannot be checked (another machine, Windows, the older
  ``.<stem>.<random>.part<suffix>`` form) once untouched for :data:`STALE_AFTER_S` seconds.
  The files of a process still running are never deleted.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from .errors import Cancelled, LulcError, OutputConflictError, OutputError
from .io_errors import check_raster_written, describe_io_error, write_failure
from .paths import (
    RASTER_COMPANIONS,
    STALE_AFTER_S,
    STYLE_SUFFIX,
    TEMP_PATTERN,
    PathKeys,
    backup_name,
    check_distinct,
    check_target,
    clean_stale,
    conflict,
    input_files,
    reserve,
    side_files,
    style_path,
)

__all__ = [
    "RASTER_COMPANIONS",
    "STALE_AFTER_S",
    "STYLE_SUFFIX",
    "OutputSet",
    "atomic_output",
    "check_distinct",
    "check_writable",
    "describe_io_error",
    "output_transaction",
    "record_commits",
    "remove_quietly",
    "side_files",
    "style_path",
]

log = logging.getLogger(__name__)

#: Files committed during the current run (see :func:`record_commits`); None: not recorded.
_COMMITS: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "lulc_commits", default=None
)


@contextlib.contextmanager
def record_commits() -> Iterator[list[str]]:
    """Collect the final paths of every output committed inside the block.

    Only commits in this context are collected, so that a caller can say what a failed or
    cancelled run had already written.
    """
    written: list[str] = []
    token = _COMMITS.set(written)
    try:
        yield written
    finally:
        _COMMITS.reset(token)


def check_writable(path: str | os.PathLike[str], what: str) -> Path:
    """Return ``path`` as a Path after checking that a file can be created in its folder.

    The check creates (and deletes) a hidden file, so read-only file systems, quotas and
    access rights are seen as they are, even by root.

    Raises
    ------
    OutputError
        If the folder is missing or not writable, or ``path`` is an existing folder.
    """
    target = check_target(path, what)
    reserve(target, what).unlink(missing_ok=True)
    return target


@dataclass
class _Staged:
    target: Path
    temp: Path
    what: str
    raster: bool


@dataclass
class _Step:
    """One rename of a commit.

    ``target`` now holds the new file (or, if ``removed``, nothing); ``backup`` holds what it
    replaced.
    """

    target: Path
    backup: Path | None
    removed: bool = False


class OutputSet:
    """The outputs of one run, staged under temporary names and committed together.

    Use as a context manager: leaving the block normally commits every output; an exception
    (:class:`~.errors.Cancelled` included) deletes them all, leaving existing files as they
    were, and an I/O error while writing becomes an :class:`~.errors.OutputError` sentence
    (:class:`~.errors.DiskFullError` when the disk filled up).

    Parameters
    ----------
    inputs
        Files the run reads; no output may overwrite them (or their companions).
    stop
        Asked once more just before the commit: True (the user cancelled during the last
        step) discards every output and raises :class:`~.errors.Cancelled`, so a cancel that
        arrives after the last block still leaves nothing.
    """

    def __init__(
        self,
        inputs: Iterable[str | os.PathLike[str] | None] = (),
        stop: Callable[[], bool] | None = None,
    ) -> None:
        self.stop = stop
        self._keys = PathKeys()
        self._taken: dict[tuple[object, ...], tuple[str, Path, bool]] = {}
        self._staged: dict[tuple[object, ...], _Staged] = {}
        self._cleaned: set[Path] = set()
        self.written: list[str] = []
        self.add_inputs(inputs)

    def add_inputs(self, paths: Iterable[str | os.PathLike[str] | None]) -> None:
        """Declare more input files (None entries are ignored)."""
        given = [("an input", p) for p in paths if p is not None and str(p)]
        for label, path in input_files(given):
            self._claim(label, path, is_input=True)

    def add(self, path: str | os.PathLike[str], what: str, *, raster: bool = False) -> Path:
        """Plan an output and return the temporary path to write it to.

        Checks that it names no input or other output (nor do its side files: ``raster``
        outputs have :data:`RASTER_COMPANIONS`) and that its folder takes a new file. Adding
        the same path again with the same ``what`` returns the same temporary path.

        Raises
        ------
        OutputError
            If the folder is missing or not writable; OutputConflictError on a clash.
        """
        target = check_target(path, what)
        key = self._keys.key(target)
        if key in self._staged and self._staged[key].what == what:
            return self._staged[key].temp
        self._claim(f"the {what}", target, is_input=False)
        if raster:
            for suffix, label in RASTER_COMPANIONS.items():
                self._claim(f"the {label} of the {what}", Path(f"{target}{suffix}"), False)
        self._clean(target.parent)
        staged = _Staged(target, reserve(target, what), what, raster)
        self._staged[key] = staged
        return staged.temp

    def staged(self, path: str | os.PathLike[str]) -> Path:
        """Return the temporary path of an output already added."""
        return self._staged[self._keys.key(Path(path))].temp

    def _claim(self, label: str, path: Path, is_input: bool) -> None:
        key = self._keys.key(path)
        if key in self._taken:
            other, other_path, other_input = self._taken[key]
            if is_input and other_input:
                return
            if is_input:  # an input declared after an output: report from the output's side
                raise OutputConflictError(conflict(other, other_path, label, path, True))
            raise OutputConflictError(conflict(label, path, other, other_path, other_input))
        self._taken[key] = (label, path, is_input)

    def _clean(self, folder: Path) -> None:
        resolved = Path(os.path.realpath(folder))
        if resolved not in self._cleaned:
            self._cleaned.add(resolved)
            for removed in clean_stale(resolved):
                log.info("Removed '%s', left by a run that was stopped.", removed)

    def __enter__(self) -> OutputSet:
        """Start the run: return this set, to add outputs to."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Commit every output, or delete them all after an exception or a cancellation.

        A block that ends normally while ``stop()`` says the user cancelled raises
        :class:`~.errors.Cancelled`; a failure to write is reported as an
        :class:`~.errors.OutputError` naming the outputs rather than their temporary files.
        """
        if exc is None and self.stop is not None and self.stop():
            self.discard()
            raise Cancelled("The run was cancelled; no output was written.")
        if exc is None:
            self.commit()
            return
        failure = self._retarget(exc)
        if not isinstance(exc, LulcError) and isinstance(exc, Exception):
            # before the temporary files go: a full disk is seen as it was at the failure
            staged = [(s.temp, s.target, s.what) for s in self._outputs]
            failure = write_failure(exc, staged, partial=self._partial_bytes())
        self.discard()
        if failure is not None:
            raise failure from exc

    def _retarget(self, exc: BaseException) -> OutputError | None:
        """Rewrite an OutputError naming one of our temporary files to name the output.

        Such an error is raised by a writer that stages its own file there (e.g. a model file).
        None when ``exc`` is not an OutputError or names none of them.
        """
        if not isinstance(exc, OutputError):
            return None
        text = str(exc)
        for staged in self._outputs:
            text = text.replace(str(staged.temp), str(staged.target))
        return type(exc)(text) if text != str(exc) else None

    def _partial_bytes(self) -> int:
        total = 0
        for staged in self._outputs:
            for suffix in ("", *RASTER_COMPANIONS):
                with contextlib.suppress(OSError):
                    total += Path(f"{staged.temp}{suffix}").stat().st_size
        return total

    @property
    def _outputs(self) -> list[_Staged]:
        return list(self._staged.values())

    def discard(self) -> None:
        """Delete every temporary file; the targets are left as they were."""
        for staged in self._outputs:
            remove_quietly(staged.temp)
            for suffix in RASTER_COMPANIONS:
                remove_quietly(Path(f"{staged.temp}{suffix}"))

    def commit(self) -> list[str]:
        """Rename every temporary file to its target; return the targets written.

        Raises
        ------
        OutputError
            If an output is missing or unreadable (nothing is written), or a rename fails
            (the renames done are taken back where possible; the message says what is left).
        """
        try:
            for staged in self._outputs:
                _verify(staged)
        except BaseException:
            self.discard()
            raise
        steps: list[_Step] = []
        current = self._outputs[0] if self._outputs else None
        try:
            for current in self._outputs:
                steps += _put_in_place(current)
        except OSError as exc:
            assert current is not None
            self.discard()
            raise OutputError(self._rollback(steps, current, exc)) from exc
        for step in steps:
            if step.backup is not None:
                remove_quietly(step.backup)
        self.discard()  # what GDAL may have left beside a temporary file not moved with it
        self.written = [str(s.target) for s in self._outputs]
        _record(self.written)
        return self.written

    def _rollback(self, steps: list[_Step], failed: _Staged, exc: OSError) -> str:
        kept: dict[Path, str] = {}
        for step in reversed(steps):
            try:
                _undo(step)
            except OSError as undo_exc:
                why = str(undo_exc.strerror or undo_exc)
                if step.removed:
                    why = f"a stale side file, moved to '{step.backup}': {why}"
                elif step.backup is not None:
                    why += f"; the file it replaced is kept as '{step.backup}'"
                kept[step.target] = why
        head = describe_io_error(exc, failed.target, failed.what)
        if not kept:
            return f"{head} No output was written; the files that were there are unchanged."
        _record([str(path) for path in kept])
        missing = [f"'{s.target}'" for s in self._outputs if s.target not in kept]
        left = [f"'{path}' ({why})" for path, why in kept.items()]
        return (
            f"{head} Written and left in place (could not be taken back): {', '.join(left)}. "
            f"Not written: {', '.join(missing)}."
        )


def _record(paths: Sequence[str]) -> None:
    journal = _COMMITS.get()
    if journal is not None:
        journal.extend(p for p in paths if not TEMP_PATTERN.match(Path(p).name))


def _verify(staged: _Staged) -> None:
    if not staged.temp.is_file():
        raise OutputError(
            f"The {staged.what} '{staged.target}' was not produced; no output was written."
        )
    if staged.raster:
        check_raster_written(staged.temp, staged.target, staged.what)


def _put_in_place(staged: _Staged) -> list[_Step]:
    steps = [_replace(staged.temp, staged.target)]
    if staged.raster:
        for suffix in RASTER_COMPANIONS:
            new, old = Path(f"{staged.temp}{suffix}"), Path(f"{staged.target}{suffix}")
            if new.exists():
                steps.append(_replace(new, old))
            elif os.path.lexists(old):
                backup = backup_name(old)
                os.replace(old, backup)
                steps.append(_Step(old, backup, removed=True))
    return steps


def _replace(new: Path, target: Path) -> _Step:
    """Rename ``new`` to ``target``, keeping what ``target`` held as a backup."""
    backup = None
    if os.path.lexists(target):
        backup = backup_name(target)
        try:  # a hard link keeps the old file while the rename replaces it atomically
            os.link(target, backup, follow_symlinks=False)
        except (OSError, NotImplementedError):
            os.replace(target, backup)
    try:
        os.replace(new, target)
    except OSError:
        if backup is not None:
            with contextlib.suppress(OSError):
                os.replace(backup, target)
        raise
    return _Step(target, backup)


def _undo(step: _Step) -> None:
    if step.backup is not None:
        os.replace(step.backup, step.target)
    elif not step.removed:
        os.unlink(step.target)


@contextlib.contextmanager
def output_transaction(
    outputs: OutputSet | None,
    inputs: Iterable[str | os.PathLike[str] | None] = (),
    stop: Callable[[], bool] | None = None,
) -> Iterator[OutputSet]:
    """Yield the output set a tool writes into; a caller can make it part of a larger run.

    That is ``outputs`` with ``inputs`` added, committed by its owner; or, when None, a new
    :class:`OutputSet` committed when the block ends unless ``stop()`` then says the user
    cancelled.
    """
    if outputs is not None:
        outputs.add_inputs(inputs)
        if outputs.stop is None:
            outputs.stop = stop
        yield outputs
        return
    with OutputSet(inputs, stop) as own:
        yield own


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str],
    what: str,
    *,
    raster: bool = False,
    stop: Callable[[], bool] | None = None,
) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it to ``path`` only if the block succeeds.

    A one-output :class:`OutputSet`: on any exception (including
    :class:`~.errors.Cancelled`) the temporary file is deleted and an existing file at
    ``path`` is left untouched; ``raster`` and ``stop``: see :class:`OutputSet`.
    """
    with OutputSet(stop=stop) as outputs:
        yield outputs.add(path, what, raster=raster)


def remove_quietly(path: str | os.PathLike[str]) -> None:
    """Delete ``path`` and any GDAL ``.aux.xml`` beside it, ignoring files that are not there."""
    for candidate in (Path(path), Path(f"{path}.aux.xml")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()
