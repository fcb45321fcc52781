"""The algorithms' definitions, read from algorithms.json (written by scripts/cli_spec.py from the
Processing provider, so that the command line says what the algorithms say, without QGIS)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).resolve().parent / "algorithms.json"


@lru_cache(maxsize=1)
def algorithms() -> dict[str, dict[str, Any]]:
    """Algorithm id -> its entry (``display_name``, ``purpose``, ``parameters``, ``outputs``)."""
    data = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return {entry["id"]: entry for entry in data["algorithms"]}


def option_name(parameter: str) -> str:
    """The command-line option of a parameter: ``CLASS_FIELD`` -> ``--class-field``."""
    return "--" + parameter.lower().replace("_", "-")


def slug(text: str) -> str:
    """An enum option's text as one word: ``Random forest (RF)`` -> ``random-forest-rf``."""
    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-")
