"""Reads the log of a test run and prints the one closing line CI reads:
``Tests: N passed, N failed``. Exits non-zero on any failure, on a run with no
test, and on any WARNING or ERROR raised by our add-ons (as OCA's CI does)."""

import re
import sys
import xml.etree.ElementTree as ET

OUR_ADDONS = ("kpi_civil_service", "kpi_reports")
ODOO_RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (WARNING|ERROR|CRITICAL) \S+ (\S+): (.*)")


def odoo_counts(log_text):
    match = ODOO_RESULT.search(log_text)
    if not match:
        return None
    failed, errors, run = map(int, match.groups())
    return run - failed - errors, failed + errors


def pytest_counts(xml_path):
    suite = ET.parse(xml_path).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    total, failed = int(suite.get("tests")), int(suite.get("failures")) + int(suite.get("errors"))
    skipped = int(suite.get("skipped"))
    return total - failed - skipped, failed


def bad_log_lines(log_text):
    """ERROR and CRITICAL lines from anywhere, WARNING lines from or about our add-ons."""
    bad = []
    for line in log_text.splitlines():
        match = LOG_LINE.match(line)
        if not match:
            continue
        level, logger, message = match.groups()
        ours = any(name in logger or name in message for name in OUR_ADDONS) or "kpi." in message
        if level != "WARNING" or ours:
            bad.append(line)
    return bad


def main(log_path, xml_path, pytest_only=False):
    with open(log_path, encoding="utf-8", errors="replace") as log_file:
        log_text = log_file.read()
    passed = failed = 0
    problems = []
    if not pytest_only:
        counts = odoo_counts(log_text)
        if counts is None:
            problems.append("Odoo's runner printed no result: the installation failed (see the log)")
            failed += 1
        else:
            passed, failed = counts
    try:
        py_passed, py_failed = pytest_counts(xml_path)
    except (OSError, ET.ParseError):
        problems.append("pytest wrote no report")
        py_passed, py_failed = 0, 1
    passed, failed = passed + py_passed, failed + py_failed
    bad = bad_log_lines(log_text)
    if bad:
        problems.append(f"{len(bad)} WARNING/ERROR line(s) in the log:\n  " + "\n  ".join(bad[:40]))
        failed += 1  # the log check counts as one failed test
    if passed == 0:
        problems.append("no test ran")
    for problem in problems:
        print(f"\n[kpi] {problem}")
    print(f"\nTests: {passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], "--pytest-only" in sys.argv))
