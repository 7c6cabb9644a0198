"""Figures of the trust tests (issue 8), written to `test-report/trust-<figure>.json`.

A test calls `record("concurrency", case="map", lost_updates=0, conflicts=7, ...)`; at the end
of the run the rows of each figure are written, with totals, to one file per figure:

    trust-append-only.json   refused and allowed operations on the access log (PostgreSQL)
    trust-concurrency.json   parallel saves: lost updates, conflicts seen
    trust-crash.json         failures injected mid-write: partial records, orphan files
    trust-sessions.json      sessions and login: key rotated at login, idle and absolute
                             timeouts, live sessions left after logout, deactivation and
                             password change, lockout against a forged X-Forwarded-For, and
                             (from the authorization matrix) protected URLs reachable with a
                             password but no second factor
    trust-log-guard.json     requests made with the access-log write forced to fail, and how
                             many of them still returned citizen data or kept a change

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
    # sessions and login (1 = the property held, next to its `_expected`)
    "key_rotated_at_login",
    "key_rotated_at_login_expected",
    "idle_timeout_enforced",
    "idle_timeout_enforced_expected",
    "absolute_timeout_enforced",
    "absolute_timeout_enforced_expected",
    "lockout_held",
    "lockout_held_expected",
    "live_sessions_after_logout",
    "live_sessions_after_deactivation",
    "live_sessions_after_password_change",
    "sessions_to_end",
    "second_factor_checks",
    "reachable_without_second_factor",
    # the log guard
    "requests_with_log_failing",
    "responses_with_citizen_data",
    "changes_kept",
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
    # issue 15: public pages (point 5), uploads (point 2), API tokens (point 10)
    "tokens",
    "tokens_alive_after",
    # refused look-ups (point 11)
    "refused_lookups",
    "refused_lookups_logged",
    "refused_lookups_logged_expected",
    # safety-marked people in every version (point 1)
    "versions_walked",
    "withheld_seen",
    # control characters in single-line fields (point 9)
    "fields_walked",
    "fields_accepting_control_characters",
    # the retention flag (point 8)
    "young_rows_deleted",
    # login lock-out (point 3)
    "sign_ins",
    "refused_at_an_address_that_never_failed",
    # log lines (point 6)
    "requests",
    "token_strings_in_logs",
    "public_pages",
    "public_pages_without_no_store",
    "uploads",
    "bombs_refused",
    "bombs_refused_expected",
    # room codes (point 7)
    "wrong_guesses",
    "codes_accepted_after_wrong_guesses",
)
# Figures whose total is the largest of the rows, not their sum (a limit stays a limit).
MAXIMA = ("largest_memory_growth_mb", "largest_memory_growth_mb_max")

ROWS: list[dict] = []


def record(figure: str, **values) -> None:
    from django.db import connection

    ROWS.append({"figure": figure, "database": connection.vendor, **values})


def second_factor_rows() -> list[dict]:
    """The matrix's checks as a password-only user on routes that need the second factor.

    A check counts as reachable when the answer was not the refusal the matrix expects (a
    redirect to the second-factor page, or 401 from the API) and not a 401, 403, 404 or 405
    either: content, a redirect elsewhere, or a server error. Read from the matrix results of
    this run (merged from the xdist workers before the session finishes).
    """
    from omkreds.lib.testing import matrix

    checks = [
        r
        for r in matrix.RESULTS
        if r.get("kind") == "check" and r.get("role") == "unverified" and not r.get("allowed")
    ]
    if not checks:
        return []
    reachable = [c for c in checks if c["problem"] and c["status"] not in (401, 403, 404, 405)]
    try:
        from django.db import connection

        vendor = connection.vendor
    except Exception:  # noqa: BLE001 - the figure matters more than the label
        vendor = "?"
    return [
        {
            "figure": "sessions",
            "database": vendor,
            "case": "protected routes as a password-only user (authorization matrix)",
            "second_factor_checks": len(checks),
            "reachable_without_second_factor": len(reachable),
            "reachable": [f"{c['route']} {c['method']} → {c['status']}" for c in reachable],
        }
    ]


def summary(rows: list[dict]) -> dict[str, dict]:
    figures: dict[str, dict] = {}
    for row in rows:
        figure = figures.setdefault(row["figure"], {"databases": [], "totals": {}, "rows": []})
        if row["database"] not in figure["databases"]:
            figure["databases"].append(row["database"])
        for key in TOTALS:
            if isinstance(row.get(key), int):
                figure["totals"][key] = figure["totals"].get(key, 0) + row[key]
        for key in MAXIMA:
            if isinstance(row.get(key), int):
                figure["totals"][key] = max(figure["totals"].get(key, 0), row[key])
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
    else:
        rows = ROWS + second_factor_rows()
        if rows:
            session.config._omkreds_trust = summary(rows)
            write_reports(rows)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    figures = getattr(config, "_omkreds_trust", None)
    for name, figure in (figures or {}).items():
        totals = ", ".join(f"{k} {v}" for k, v in figure["totals"].items())
        terminalreporter.write_line(f"trust {name}: {totals} (test-report/trust-{name}.json)")


def _testnodedown(node, error) -> None:
    output = getattr(node, "workeroutput", None) or {}
    ROWS.extend(json.loads(output.get(_WORKER_KEY, "[]")))


pytest_testnodedown = pytest.hookimpl(optionalhook=True)(_testnodedown)
