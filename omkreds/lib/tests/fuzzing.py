"""Figures of the fuzz tests, one small JSON file per fuzzed form or API operation.

Each test writes its own file under test-report/fuzz/ when it ends (passed or failed), so the
files need no merging across pytest-xdist workers; scripts/trust_report.py adds them up into the
"bad input" figure and ignores files older than the run it reports on.
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from pathlib import Path

FUZZ_DIR = Path("test-report") / "fuzz"


def write_figures(kind: str, target: str, **figures) -> Path:
    from django.db import connection

    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{kind} {target} {connection.vendor}").strip("-")
    FUZZ_DIR.mkdir(parents=True, exist_ok=True)
    path = FUZZ_DIR / f"{slug.lower()}.json"
    row = {"kind": kind, "target": target, "database": connection.vendor, **figures}
    path.write_text(json.dumps(row, indent=2, default=str) + "\n", encoding="utf-8")
    return path


@contextmanager
def fuzzed_citizens_unwatched():
    """Take the names and dates of birth that fuzz examples gave citizens off the watch list.

    The personal-data watch (omkreds/access/tests/personal_data.py) notes every citizen saved
    and later looks for their names and dates of birth in every request path and log line of
    the run. The citizens a fuzz example creates are rolled back: they never existed, and
    their "names" are strings like a zero UUID or `../../etc/passwd` that other tests rightly
    put in paths, so keeping them would report leaks that are none.
    """
    from omkreds.access.tests.personal_data import WATCH

    names, dates = set(WATCH.names), set(WATCH.dates)
    try:
        yield
    finally:
        # What was watched before (the cast's citizens, made before the fuzzing) stays watched.
        WATCH.names &= names
        WATCH.dates &= dates
