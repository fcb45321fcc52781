"""Prints the test counts of each stack from pytest's JUnit XML reports, then one closing line
for all of them: ``N passed, N failed`` (and skipped), then each step that failed without a test
report (``<stack>-lint.failed``: ruff or mypy; ``<stack>-suite.failed``: the suite crashed;
written by scripts/test.sh). Exits 1 if anything failed.

    python scripts/junit_summary.py DIR
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def main(folder: Path) -> int:
    total = {"passed": 0, "failed": 0, "skipped": 0}
    for report in sorted(folder.glob("*.xml")):
        tests = failed = skipped = 0
        seconds = 0.0
        for suite in ET.parse(report).getroot().iter("testsuite"):
            tests += int(suite.get("tests", 0))
            failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            skipped += int(suite.get("skipped", 0))
            seconds += float(suite.get("time", 0))
        passed = tests - failed - skipped
        print(
            f"{report.stem:28s} {passed:5d} passed {failed:3d} failed {skipped:3d} skipped "
            f"{seconds:6.0f} s"
        )
        total["passed"] += passed
        total["failed"] += failed
        total["skipped"] += skipped
    print(f"{total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
    steps = sorted(folder.glob("*.failed"))  # lint, or a suite that crashed
    for report in steps:
        stack, _, step = report.stem.rpartition("-")
        lines = report.read_text(encoding="utf-8", errors="replace").splitlines()
        print(f"{stack}: {step.upper()} FAILED ({len(lines)} lines), e.g.:")
        for line in [x for x in lines if "error" in x.lower()][:5] or lines[:5]:
            print(f"    {line}")
    return 1 if total["failed"] or steps else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
