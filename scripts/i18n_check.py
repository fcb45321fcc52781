"""Checks and fills Qt translation files (i18n/*.ts); see docs/translating.md.

    python3 scripts/i18n_check.py i18n/lulc_classifier_fr.ts             # problems; exit 1 if any
    python3 scripts/i18n_check.py --todo i18n/lulc_classifier_fr.ts      # sources left, as JSON
    python3 scripts/i18n_check.py --fill done.json i18n/lulc_classifier_fr.ts

``--todo`` prints ``{source: ""}`` for every message left to translate; fill in the values and give
the file to ``--fill``, which writes each translation into every message with that source (in any
context) and marks it finished.
"""

from __future__ import annotations

import json
import re
import string
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

#: {name} and {} fields of str.format, %s-style and Qt's %1 placeholders.
_PERCENT = re.compile(r"%(?:\d+|[sdif])")


def placeholders(text: str) -> list[str]:
    """The placeholders of ``text``, sorted: ``str.format`` fields, ``%s`` and ``%1`` forms."""
    fields = []
    try:
        fields = [
            f"{{{name}}}" for _, name, _, _ in string.Formatter().parse(text) if name is not None
        ]
    except ValueError:
        fields = ["<unbalanced braces>"]
    return sorted(fields + _PERCENT.findall(text))


def messages(ts_path: str | Path) -> list[tuple[str, ET.Element]]:
    """(context name, <message> element) of every message of a .ts file."""
    root = ET.parse(ts_path).getroot()
    return [
        (context.findtext("name") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def problems(ts_path: str | Path) -> list[str]:
    """A sentence per message that is unfinished, empty, obsolete or changes placeholders."""
    found = []
    for context, message in messages(ts_path):
        source = message.findtext("source") or ""
        node = message.find("translation")
        text = "" if node is None else (node.text or "")
        kind = "" if node is None else node.get("type", "")
        where = f"[{context}] {source!r}"
        if kind in ("obsolete", "vanished"):
            found.append(f"{where}: obsolete (no longer in the code); run scripts/i18n.sh update")
        elif kind == "unfinished" or not text.strip():
            found.append(f"{where}: not translated")
        elif placeholders(source) != placeholders(text):
            found.append(
                f"{where}: placeholders {placeholders(source)} became {placeholders(text)}"
            )
    return found


def todo(ts_path: str | Path) -> dict[str, str]:
    """{source: ""} of the messages left to translate."""
    return {
        message.findtext("source") or "": ""
        for _, message in messages(ts_path)
        if (message.find("translation") is None)
        or message.find("translation").get("type") == "unfinished"
        or not (message.findtext("translation") or "").strip()
    }


def fill(ts_path: str | Path, done: dict[str, str]) -> int:
    """Write the translations of ``done`` ({source: text}) into the .ts; returns how many."""
    tree = ET.parse(ts_path)
    count = 0
    for message in tree.getroot().iter("message"):
        text = done.get(message.findtext("source") or "", "")
        node = message.find("translation")
        if text and node is not None:
            node.text = text
            node.attrib.pop("type", None)
            count += 1
    body = ET.tostring(tree.getroot(), encoding="unicode")
    Path(ts_path).write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return count


def main(argv: list[str]) -> int:
    """Command line (see the module doc)."""
    if argv[:1] == ["--todo"]:
        left: dict[str, str] = {}
        for path in argv[1:]:
            left.update(todo(path))
        print(json.dumps(left, ensure_ascii=False, indent=1))
        return 0
    if argv[:1] == ["--fill"]:
        done = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        for path in argv[2:]:
            print(f"{path}: {fill(path, done)} messages filled")
        return 0
    status = 0
    for path in argv:
        found = problems(path)
        total = len(messages(path))
        print(f"{path}: {total - len(found)} of {total} messages translated")
        for line in found:
            print(f"  {line}")
        status |= bool(found)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
