"""The plugin version, read from ``metadata.txt`` (the only version source)."""

from __future__ import annotations

import configparser
from functools import lru_cache
from pathlib import Path

_METADATA = Path(__file__).resolve().parent.parent / "metadata.txt"


@lru_cache(maxsize=1)
def plugin_version() -> str:
    """Return ``version`` from the plugin's ``metadata.txt`` (``"unknown"`` if unreadable).

    Returns
    -------
    str
        The version, such as ``"0.10.0"``.
    """
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(_METADATA, encoding="utf-8")
        return parser.get("general", "version")
    except (OSError, configparser.Error):
        return "unknown"
