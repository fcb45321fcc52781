"""``lulc``: the entry point. Parse, run one subcommand, print its outputs; exit codes 0
(success), 1 (an error, said in a sentence), 2 (usage), 130 (cancelled with Ctrl-C)."""

from __future__ import annotations

import signal
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.deps import missing_message, missing_requirements
from ..core.errors import Cancelled, LulcError
from ..core.files import RASTER_COMPANIONS, check_distinct, check_writable, record_commits
from ..core.io_errors import describe_io_error, is_io_error
from ..core.paths import source_file
from .parser import build_parser
from .progress import TerminalProgress
from .spec import algorithms

EXIT_ERROR, EXIT_CANCELLED = 1, 130
_INPUT_TYPES = ("raster", "vector", "source", "layer", "multilayer", "file")


def main(argv: list[str] | None = None) -> int:
    """Run ``lulc`` with ``argv`` (default: the process's arguments); return the exit code."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    values = vars(args)
    command = values.pop("command")
    missing = missing_requirements()
    if missing:  # as the algorithms refuse to run, naming the install command
        print(f"Error: {missing_message(missing)}", file=sys.stderr)
        return EXIT_ERROR
    progress = TerminalProgress(quiet=values.pop("quiet"))
    try:
        code, outputs = run_command(command, values, progress)
    finally:
        progress.close()
    if code == 0:
        print_outputs(command, outputs)
    return code


def run_command(
    command: str, values: dict[str, Any], progress: TerminalProgress
) -> tuple[int, dict[str, Any]]:
    """Check the paths and run ``command``: (exit code, outputs). Errors become a sentence on
    stderr; an unexpected exception (a bug) its traceback too."""
    from .commands import COMMANDS  # the engine's libraries, once the arguments are right

    with record_commits() as written:
        try:
            check_run_paths(command, values)
            return 0, run_cancellable(lambda: COMMANDS[command](values, progress), progress)
        except (Cancelled, KeyboardInterrupt):
            progress.close()
            print(f"Cancelled: {_written(written)}", file=sys.stderr)
            return EXIT_CANCELLED, {}
        except Exception as exc:
            progress.close()
            text = failure_text(exc, written)
            if text is None:  # a bug: the traceback is for the report
                traceback.print_exc()
                text = (
                    f"An unexpected error stopped the run ({type(exc).__name__}: {exc}). This is "
                    "a bug in LULC Classifier: please report it with the traceback above. "
                    + _written(written).capitalize()
                )
            print(f"Error: {text}", file=sys.stderr)
            return EXIT_ERROR, {}


def run_cancellable(run: Callable[[], Any], progress: TerminalProgress) -> Any:
    """``run()`` with Ctrl-C asking the progress to cancel; a second Ctrl-C interrupts at once
    (KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        return run()

    def on_sigint(signum: int, frame: Any) -> None:
        progress.cancel()
        progress.warning("Cancelling at the next block (Ctrl-C again to stop at once)...")
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        return run()
    finally:
        signal.signal(signal.SIGINT, previous)


def check_run_paths(command: str, values: dict[str, Any]) -> None:
    """Refuse an output that names an input or another output, or cannot be written (as the
    algorithms do before running)."""
    inputs: list[tuple[str, str]] = []
    outputs: list[tuple[str, str, list[tuple[str, Path]]]] = []
    for param in algorithms()[command]["parameters"]:
        name, value = param["name"], values.get(param["name"])
        if value in (None, "", []):
            continue
        if param["destination"]:
            side = []
            if param["type"] == "rasterDestination":
                side = [
                    (f"the {label} of the output {name}", Path(f"{value}{suffix}"))
                    for suffix, label in RASTER_COMPANIONS.items()
                ]
            outputs.append((f"the output {name}", str(value), side))
        elif param["type"] in _INPUT_TYPES:
            given: list[Any] = value if isinstance(value, list) else [value]
            paths = [str(p[0] if isinstance(p, tuple) else p) for p in given]
            inputs += [(f"the input {name}", f) for f in map(source_file, paths) if f]
    check_distinct(inputs, outputs)
    for label, path, _ in outputs:
        check_writable(path, label.replace("the ", "", 1))


def failure_text(exc: BaseException, written: list[str]) -> str | None:
    """The sentence for an engine error, an I/O error or a lack of memory (None for a bug)."""
    if isinstance(exc, LulcError):
        text = str(exc)
    elif isinstance(exc, MemoryError):
        text = (
            "Not enough memory for this run: lower the memory budget, classify a smaller "
            "extent, or close other programs."
        )
    elif is_io_error(exc):
        text = describe_io_error(exc)
    else:
        return None
    if written and not all(path in text for path in written):
        text += f" Before the failure, {_written(written)}"
    return text


def _written(written: list[str]) -> str:
    if not written:
        return "no output was written."
    return "already written: {}.".format(", ".join(f"'{p}'" for p in written))


def print_outputs(command: str, outputs: dict[str, Any]) -> None:
    """One line per output that has a value: ``NAME (description): value``."""
    described = {o["name"]: o["description"] for o in algorithms()[command]["outputs"]}
    for name, value in outputs.items():
        if value is not None:
            print(f"{name} ({described.get(name, name)}): {value}")


if __name__ == "__main__":
    sys.exit(main())
