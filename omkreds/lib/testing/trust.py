"""Figures of the trust tests (issue 8), written to `test-report/trust-<figure>.json`.

A test calls `record("concurrency", case="map", lost_updates=0, conflicts=7, ...)`; at the end
of the run the rows of each figure are written, with totals, to one file per figure:

    trust-append-only.json   refused and allowed operations on the access log (PostgreSQL)
    trust-concurrency.json   parallel saves: lost updates, conflicts seen
    trust-crash.json         failures injected mid-write: partial records, orphan files

Under pytest-xdist each worker hands its rows to the controller, which writes the files (the
same way as `omkreds/lib/testing/matrix.py` writes authorization.json). Registered as a plugin
by `omkreds/conftest.py`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPORT_DIR = Path("test-report")
_WORKER_KEY = "omkreds_trust"
# Numeric fields summed into the totals of a figure; the rest stays in the rows.
TOTALS = (
    "saves",
    "lost_updates",
    "conflicts",
    "conflicts_expected",
    "successes",
    "injections",
    "partial_records",
    "orphan_files",
    "sent_twice",
    "refused",
    "allowed",
    "refused_expected",
    "allowed_expected",
    # headers and cookies (figure 9), errors (figure 10)
    "responses_checked",
    "hsts_missing",
    "csp_object_src_missing",
    "csp_base_uri_missing",
    "frame_ancestors_missing",
    "nosniff_missing",
    "referrer_policy_missing",
    "personal_data_pages",
    "no_store_missing",
    "cookies_checked",
    "cookies_insecure",
    "deploy_checks_run",
    "deploy_check_warnings",
    "deploy_check_errors",
    "forced_exceptions",
    "generic_pages",
    "generic_pages_expected",
    "error_pages_leaking",
    "events_logged",
    "events_logged_expected",
)

ROWS: list[dict] = []


def record(figure: str, **values) -> None:
    from django.db import connection

    ROWS.append({"figure": figure, "database": connection.vendor, **values})


def summary(rows: list[dict]) -> dict[str, dict]:
    figures: dict[str, dict] = {}
    for row in rows:
        figure = figures.setdefault(row["figure"], {"databases": [], "totals": {}, "rows": []})
        if row["database"] not in figure["databases"]:
            figure["databases"].append(row["database"])
        for key in TOTALS:
            if isinstance(row.get(key), int):
                figure["totals"][key] = figure["totals"].get(key, 0) + row[key]
        figure["rows"].append({k: v for k, v in row.items() if k != "figure"})
    return figures


def write_reports(rows: list[dict], directory: Path = REPORT_DIR) -> list[Path]:
    written = []
    for name, figure in summary(rows).items():
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"trust-{name}.json"
        path.write_text(json.dumps(figure, indent=2, default=str) + "\n", encoding="utf-8")
        written.append(path)
    return written


def pytest_sessionfinish(session, exitstatus) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[_WORKER_KEY] = json.dumps(ROWS, default=str)
    elif ROWS:
        session.config._omkreds_trust = summary(ROWS)
        write_reports(ROWS)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    figures = getattr(config, "_omkreds_trust", None)
    for name, figure in (figures or {}).items():
        totals = ", ".join(f"{k} {v}" for k, v in figure["totals"].items())
        terminalreporter.write_line(f"trust {name}: {totals} (test-report/trust-{name}.json)")


def _testnodedown(node, error) -> None:
    output = getattr(node, "workeroutput", None) or {}
    ROWS.extend(json.loads(output.get(_WORKER_KEY, "[]")))


pytest_testnodedown = pytest.hookimpl(optionalhook=True)(_testnodedown)
