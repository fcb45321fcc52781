"""The required packages that are missing, and the sentence naming their install command.

One call for the algorithms (which refuse to run) and for the panel (which shows a banner), so
that ``ui/`` reaches the engine's dependency check through this layer.
"""

from __future__ import annotations

from ..core.deps import missing_message, missing_requirements


def missing_packages() -> tuple[list[str], str]:
    """The required packages that are missing (pip names) and how to install them ('' if none)."""
    missing = missing_requirements()
    return missing, missing_message(missing) if missing else ""
