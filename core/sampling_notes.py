"""Warnings about what sampling left of each class: duplicates dropped, too few samples."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .samples import ClassTally

#: Fewer samples than this in a class earn a warning: its accuracy is a guess, and folds of
#: cross-validation may get none of it.
FEW_SAMPLES = 10


def duplicate_note(tallies: Sequence[ClassTally]) -> str:
    """Note, per class, the labelled pixels dropped as copies ('' when none was dropped).

    A copy is another label of the class in the same pixel; the note says why and what to do.
    """
    lost = sorted(
        (t for t in tallies if t.value is not None and t.duplicates),
        key=lambda t: (-t.duplicates, t.label),
    )
    if not lost:
        return ""
    listed = ", ".join(
        f"{t.label} {t.duplicates} of {t.kept + t.duplicates + t.capped} "
        f"({t.kept} {_samples(t.kept)} left)"
        for t in lost
    )
    return (
        "Labels falling in a pixel that already has a label of the same class give no new "
        "sample (one sample per pixel: copies add no information and would inflate the "
        f"accuracy). Dropped per class: {listed}. To add samples, label other pixels (points "
        "spread further apart, or larger polygons)."
    )


def few_samples_note(tallies: Sequence[ClassTally]) -> str:
    """Note the classes left with fewer than :data:`FEW_SAMPLES` samples ('' when none)."""
    few = [t for t in tallies if t.value is not None and t.kept < FEW_SAMPLES]
    if not few:
        return ""
    listed = "; ".join(f"class {t.label}: {t.kept} {_samples(t.kept)}" for t in few)
    return (
        f"Few samples left after sampling ({listed}): label at least {FEW_SAMPLES} distinct "
        "pixels per class for a usable model and an honest accuracy."
    )


def _samples(n: int) -> str:
    return "sample" if n == 1 else "samples"
