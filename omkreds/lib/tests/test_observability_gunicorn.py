"""Readiness, metrics and JSON log lines from a real gunicorn with two workers, started as
`make serve` starts it (the project's gunicorn.conf.py), on a fresh SQLite file with no tables.

- /readyz answers 503 and says the migrations are missing, while /healthz answers 200;
- /metrics adds up the figures of both workers (gunicorn.conf.py's PROMETHEUS_MULTIPROC_DIR):
  the count of health checks it reports is the count this test made, whichever worker
  answered each;
- with LOG_FORMAT=json every line gunicorn and Django print is one JSON object, and no link
  token appears in any of them (the masking filter still applies; trust figure log-tokens).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from omkreds.lib.testing import trust
from omkreds.lib.tests.test_log_tokens import PATHS, TOKENS

ROOT = Path(__file__).resolve().parents[3]
METRICS_TOKEN = "gunicorn-metrics-token-0123456789abcdefghij"
HEALTH_CHECKS = 12


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait_until_up(server: subprocess.Popen, base: str, log: Path) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text(errors="replace")
        try:
            # Long enough that no probe is given up while a loaded worker still answers it
            # later (it would be counted after the test's first look at the metrics).
            urllib.request.urlopen(base + "/healthz", timeout=120).close()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise AssertionError("gunicorn did not answer within 300 s:\n" + log.read_text())


def _health_checks_counted(metrics_text: str) -> float:
    for family in text_string_to_metric_families(metrics_text):
        for sample in family.samples:
            if sample.name == "omkreds_request_duration_seconds_count" and sample.labels == {
                "view": "healthz",
                "method": "GET",
            }:
                return sample.value
    return 0.0


def test_gunicorn_readiness_metrics_and_json_logs(tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    env = os.environ | {
        "DEBUG": "1",
        "OMKREDS_DATA_DIR": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
        "LOG_FORMAT": "json",
        "METRICS_TOKEN": METRICS_TOKEN,
    }
    for name in ("DATABASE_URL", "PROMETHEUS_MULTIPROC_DIR"):
        env.pop(name, None)
    command = [sys.executable, "-m", "gunicorn", "omkreds.wsgi", "--workers", "2"]
    # A loaded test machine takes long to import the application on a worker's first request:
    # gunicorn's default 30 s timeout would kill the worker mid-import.
    command += ["--bind", f"127.0.0.1:{port}", "--access-logfile", "-", "--timeout", "300"]
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(server, base, log)
        # The polling above made some health checks too: count from the figures before ours.
        status, before = _get(base + "/metrics", {"Authorization": f"Bearer {METRICS_TOKEN}"})
        assert status == 200, before
        ready_status, ready_body = _get(base + "/readyz")
        for _ in range(HEALTH_CHECKS):
            assert _get(base + "/healthz") == (200, "ok\n")
        for path in PATHS:
            _get(base + path)  # 404 or 500 (no tables): logged either way
        refused, _body = _get(base + "/metrics")
        status, after = _get(base + "/metrics", {"Authorization": f"Bearer {METRICS_TOKEN}"})
        # gunicorn writes its access line after the answer: wait for the last one.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and log.read_text().count('"/metrics') < 3:
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=120)
    output = log.read_text(errors="replace")

    assert ready_status == 503, ready_body
    assert ready_body.splitlines()[0] == "database: ok"
    assert ready_body.splitlines()[1].endswith(" not applied")
    assert refused == 401
    assert status == 200
    assert _health_checks_counted(after) - _health_checks_counted(before) == HEALTH_CHECKS

    lines = [line for line in output.splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= entry.keys() for entry in entries)
    loggers = {entry["logger"] for entry in entries}
    assert {"gunicorn.access", "gunicorn.error"} <= loggers, loggers
    leaked = [token for token in TOKENS if token in output]
    trust.record(
        "log-tokens",
        case="gunicorn, LOG_FORMAT=json: reply, feedback, password reset and short-code addresses",
        requests=len(PATHS),
        token_strings_in_logs=len(leaked),
    )
    assert not leaked, output
    access = [e["message"] for e in entries if e["logger"] == "gunicorn.access"]
    assert any("/reply/***" in message for message in access), access
