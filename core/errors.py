"""Typed errors of the engine. Every message says what failed, with which input, and what to do."""

from __future__ import annotations

from collections.abc import Collection


class LulcError(Exception):
    """Root of every error the engine raises on purpose."""


class InvalidInputError(LulcError, ValueError):
    """An input (file, field, value) cannot be used as given."""


class CrsMismatchError(InvalidInputError):
    """Two inputs are in coordinate reference systems that cannot be combined."""


class ModelMismatchError(InvalidInputError):
    """A model does not fit the raster stack it is applied to."""


class InputReadError(InvalidInputError):
    """An input file cannot be read: missing, unreadable, truncated or damaged."""


class ModelFileError(LulcError, OSError):
    """A model file cannot be read, is not a model, or holds something untrusted."""


class OutputError(LulcError, OSError):
    """An output cannot be written where asked."""


class OutputConflictError(OutputError):
    """An output would overwrite an input, or another output, of the same run."""


class DiskFullError(OutputError):
    """The disk of an output filled up while it was written."""


class MissingDependencyError(LulcError, ImportError):
    """A Python package the engine needs is not installed."""


class Cancelled(LulcError):  # noqa: N818 - a user action, not an error
    """The user cancelled the run; the outputs it staged have been removed."""


def check_choice(value: object, choices: Collection[object], message: str) -> None:
    """Refuse ``value`` unless it is one of ``choices``.

    Raises
    ------
    InvalidInputError
        With ``message``, which names the value and the choices.
    """
    if value not in choices:
        raise InvalidInputError(message)
