"""Personal data in request paths and server logs, watched over the whole test run.

A pytest plugin (registered by omkreds/conftest.py). While the tests run it records
- the method, path and query string of every request Django handles (the test client and the
  live server alike: Django's `request_started` signal carries the WSGI environ), which is what
  a server's access log would print;
- every log record that passes the configured log levels (what the server log would hold),
  with its formatted exception;
- the name and date of birth of every citizen saved.
At the end it looks for the canary string, those names (five characters or more) and those
dates of birth (ISO, dd.mm.yyyy, dd-mm-yyyy, dd/mm/yyyy) in the paths and log lines, writes the
figures to test-report/personal-data.json, and fails the run if it found any.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

CANARY = "CANARY-7f3a"
REPORT_PATH = Path("test-report") / "personal-data.json"
_WORKER_KEY = "omkreds_personal_data"
_MIN_NAME_LENGTH = 5
_SHOWN = 20


class Watch:
    def __init__(self) -> None:
        self.requests = 0
        self.paths: set[str] = set()
        self.log_records = 0
        self.log_lines: set[str] = set()
        self.names: set[str] = set()
        self.dates: set[str] = set()

    def findings(self) -> dict:
        needles = {CANARY} | self.names | self.dates
        pattern = re.compile("|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)))

        def hits(texts):
            return sorted(t for t in texts if pattern.search(t))

        path_hits = hits(self.paths)
        log_hits = hits(self.log_lines)
        return {
            "requests": self.requests,
            "distinct_paths": len(self.paths),
            "log_records": self.log_records,
            "citizens_watched": len(self.names),
            "dates_of_birth_watched": len(self.dates),
            "paths_with_personal_data": len(path_hits),
            "log_lines_with_personal_data": len(log_hits),
            "examples": [_shorten(t) for t in (path_hits + log_hits)[:_SHOWN]],
        }


WATCH = Watch()


def _shorten(text: str) -> str:
    return text if len(text) <= 300 else text[:300] + "…"


def _on_request(sender, environ=None, **kwargs) -> None:
    if not environ:
        return
    WATCH.requests += 1
    query = environ.get("QUERY_STRING", "")
    path = environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
    WATCH.paths.add(f"{environ.get('REQUEST_METHOD', '')} {path}")


def _on_citizen_saved(sender, instance, **kwargs) -> None:
    name = (getattr(instance, "name", "") or "").strip()
    if len(name) >= _MIN_NAME_LENGTH:
        WATCH.names.add(name)
    born = getattr(instance, "date_of_birth", None)
    if born:
        WATCH.dates.update(
            {
                born.isoformat(),
                born.strftime("%d.%m.%Y"),
                born.strftime("%d-%m-%Y"),
                born.strftime("%d/%m/%Y"),
            }
        )


class _LogWatcher(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        WATCH.log_records += 1
        try:
            text = record.getMessage()
        except Exception:  # a badly formed record is still a record
            text = str(record.msg)
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        WATCH.log_lines.add(f"{record.name}: {text}")


_HANDLER = _LogWatcher(level=logging.DEBUG)


def pytest_sessionstart(session) -> None:
    from django.core.signals import request_started
    from django.db.models.signals import post_save

    request_started.connect(_on_request, dispatch_uid="omkreds-personal-data")
    post_save.connect(
        _on_citizen_saved, sender="citizens.Citizen", dispatch_uid="omkreds-personal-data"
    )
    logging.getLogger().addHandler(_HANDLER)


def _merge(into: dict, other: dict) -> dict:
    for key, value in other.items():
        if key == "examples":
            into[key] = (into.get(key, []) + value)[:_SHOWN]
        else:
            into[key] = into.get(key, 0) + value
    return into


_FROM_WORKERS: list[dict] = []


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus) -> None:
    logging.getLogger().removeHandler(_HANDLER)
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[_WORKER_KEY] = json.dumps(WATCH.findings())
        return
    figures: dict = {}
    for found in [*_FROM_WORKERS, WATCH.findings()]:
        _merge(figures, found)
    if not figures.get("requests"):
        return
    REPORT_PATH.parent.mkdir(parents=True, exist_ok=True)
    REPORT_PATH.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    session.config._omkreds_personal_data = figures
    if figures["paths_with_personal_data"] or figures["log_lines_with_personal_data"]:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    figures = getattr(config, "_omkreds_personal_data", None)
    if not figures:
        return
    leaks = figures["paths_with_personal_data"] + figures["log_lines_with_personal_data"]
    terminalreporter.write_line(
        f"personal data: {figures['requests']} requests, {figures['log_records']} log records, "
        f"{leaks} with names, dates of birth or canaries (test-report/personal-data.json)",
        red=bool(leaks),
    )
    for example in figures["examples"]:
        terminalreporter.write_line(f"  {example}", red=True)


def _testnodedown(node, error) -> None:
    output = getattr(node, "workeroutput", None) or {}
    if _WORKER_KEY in output:
        _FROM_WORKERS.append(json.loads(output[_WORKER_KEY]))


pytest_testnodedown = pytest.hookimpl(optionalhook=True)(_testnodedown)
