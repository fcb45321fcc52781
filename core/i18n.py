"""Translation hook of the engine, which may not import Qt.

``translate(context, text)`` returns ``text`` until the plugin (``plugin.py``) installs Qt's
``QCoreApplication.translate`` with :func:`set_translator`. Call it with literal strings only, in
the form ``Report.tr("text")`` (a :class:`Context`), so that ``pylupdate5`` extracts them into
``i18n/*.ts``; keep ``{name}`` placeholders inside the text and call ``.format`` on the result.
A literal kept in a constant is marked with ``QT_TRANSLATE_NOOP("Context", "text")`` (which
returns it unchanged, and which pylupdate5 also extracts) and translated where it is shown with
:func:`translated`.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]


def _identity(context: str, text: str) -> str:
    return text


_translator: Translator = _identity


def set_translator(function: Translator | None) -> None:
    """Install ``function(context, text)`` as the translator; None restores the identity."""
    global _translator
    _translator = function or _identity


def translate(context: str, text: str) -> str:
    """``text`` translated in ``context``; call it with literal strings (see the module doc)."""
    return str(_translator(context, text))


class Context:
    """A translation context, named after the variable it is bound to.

    pylupdate5 files ``tr("text")`` under the name of the variable it is called on: bind each
    context to a variable of its own name (``Report.tr("Kappa")``). A one-argument call also
    stays extractable when formatted over several lines (pylupdate5 misses a
    ``translate("Context", "text",)`` with a trailing comma, which ruff adds).
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def tr(self, text: str) -> str:
        """``text`` (a literal) translated in this context."""
        return str(_translator(self.name, text))


#: The contexts of the engine's texts (HTML reports).
Report = Context("Report")
MapReport = Context("MapReport")


def translated(context: str, text: str) -> str:
    """Translate a string marked with :func:`QT_TRANSLATE_NOOP`, where it is shown."""
    return str(_translator(context, text))


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's name, which pylupdate5 knows)
    """Mark ``text`` for extraction in ``context``; returns it unchanged."""
    return text
