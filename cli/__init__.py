"""The ``lulc`` command line: the Processing algorithms' subcommands, without QGIS.

``main(argv)`` parses and runs; see :mod:`.main`.
"""

from __future__ import annotations

from .main import main

__all__ = ["main"]
