"""Translation helpers of the dialogs and the panel (scripts/i18n.sh extracts the strings).

pylupdate5 files a bare ``tr("text")`` call, and ``QT_TR_NOOP("text")``, under the context
``@default``; ``self.tr("text")`` in an algorithm class under the class's name (see
``BaseAlgorithm.tr``); ``translate("Context", "text")`` (core/i18n.py) under ``Context``. So:

- ``tr("literal")`` where the text is shown or built;
- ``QT_TR_NOOP("literal")`` for a constant made at import time, and ``translated(constant)``
  where it is shown (``translated(label, "Estimators")`` for the engine's marked labels);
- never ``tr(variable)`` or an f-string: the text must be a literal, with ``{name}`` fields
  filled by ``.format`` on the result (tests/provider/test_i18n.py checks all of this).
"""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

#: The context pylupdate5 gives to ``tr()`` calls outside a class method's ``self.tr``.
CONTEXT = "@default"


def tr(text: str) -> str:
    """``text`` (a literal) translated."""
    return str(QCoreApplication.translate(CONTEXT, text))


def translated(text: str, context: str = CONTEXT) -> str:
    """A constant marked with ``QT_TR_NOOP`` (or ``QT_TRANSLATE_NOOP(context, ...)``) translated."""
    return str(QCoreApplication.translate(context, text))


def QT_TR_NOOP(text: str) -> str:
    """Mark ``text`` for extraction; returns it unchanged."""
    return text
