"""User text (class names, band names) made safe for the files the engine writes.

CSV cells against formula injection, XML attributes of ``.qml`` styles. HTML reports use
:func:`html.escape`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.sax.saxutils import quoteattr

#: What a spreadsheet runs as a formula when a cell starts with it (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
#: Characters XML 1.0 does not allow, even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _needs_quote(text: str) -> bool:
    # Leading quotes are looked through, so that escaping can be undone exactly: "'=x" and
    # "=x" are both escaped ("''=x", "'=x"), a text like "'abc" is left alone.
    rest = text.lstrip("'")
    return rest.startswith(FORMULA_START) and not _NUMBER.fullmatch(rest)


def csv_cell(value: object) -> object:
    """Make a value safe to write as a CSV cell: no spreadsheet runs it as a formula.

    Text starting with ``= + - @``, a tab or a carriage return gets a leading single quote
    (``=SUM(A1)`` becomes ``'=SUM(A1)``). Numbers, and text that is a plain number such as
    ``-12.5``, are left as they are; so is any other value.

    Parameters
    ----------
    value
        A cell value: text, a number, None...

    Returns
    -------
    object
        ``value``, or the quoted text.
    """
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def csv_row(values: Iterable[object]) -> list[object]:
    """:func:`csv_cell` of each value of a row."""
    return [csv_cell(v) for v in values]


def csv_uncell(value: object) -> object:
    """Undo :func:`csv_cell` (for the tables the engine reads back)."""
    if isinstance(value, str) and value.startswith("'") and _needs_quote(value[1:]):
        return value[1:]
    return value


def xml_attribute(value: object) -> str:
    """``value`` as a quoted XML attribute value (quotes included).

    Markup characters, quotes, tabs and line breaks become references, so a parser gives the
    text back unchanged; control characters that XML cannot carry at all become U+FFFD.
    """
    return quoteattr(_NOT_XML.sub("\ufffd", str(value)))
