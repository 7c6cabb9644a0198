"""No link token or short code in any log line (issue 15, point 6).

gunicorn (with the project's gunicorn.conf.py) and the development server are started for
real, each asked for the reply, feedback, password-reset and short-code addresses with tokens
in them; everything they print is read back. Figure: token strings in the captured output
(trust-log-tokens.json, must be 0).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from omkreds.lib.logmask import mask
from omkreds.lib.testing import trust

ROOT = Path(__file__).resolve().parents[3]
# Fixed, so that every test process collects the same parametrized ids (pytest-xdist).
MEETING = uuid.UUID("0b7e3c52-9d41-4f6a-8c2e-5a1f9d3b7e60")
TOKENS = [
    "eyJhbGciOiJIUzI1NiJ9.cmVwbHktdG9rZW4:1vXyZa:QmFzZTY0U2lnbmF0dXJl",
    ".eJwrzsrPT0lOLSrJzM9TMjIwNDAyNFRSAABPyAdB:1vXyZb:c2lnbmVkLWZlZWRiYWNr",
    "cm9zz1-8f2e4a6b0c9d1e3f5a7b9c0d2e4f6a8b",
    "K7QX-4MZP",
]
PATHS = [
    f"/meetings/{MEETING}/reply/{TOKENS[0]}/",
    f"/meetings/{MEETING}/feedback/{TOKENS[1]}/?from=mail",
    f"/accounts/password/reset/MQ/{TOKENS[2]}/",
    f"/r/{TOKENS[3]}",
]


@pytest.mark.parametrize(
    "line, expected",
    [
        (f'"GET {PATHS[0]} HTTP/1.1" 200', f'"GET /meetings/{MEETING}/reply/***/ HTTP/1.1" 200'),
        (
            f"Internal Server Error: {PATHS[1]}",
            f"Internal Server Error: /meetings/{MEETING}/feedback/***/?from=mail",
        ),
        (PATHS[2], "/accounts/password/reset/MQ/***/"),
        (f"GET {PATHS[3]}", "GET /r/***"),
        ("/citizens/x/meetings/y/feedback/send/", "/citizens/x/meetings/y/feedback/send/"),
        ("/accounts/password/reset/done/", "/accounts/password/reset/done/"),
    ],
)
def test_mask(line, expected):
    assert mask(line) == expected


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve_and_ask(command: list[str], port: int, tmp_path: Path) -> str:
    log = tmp_path / "server.log"
    # A fresh SQLite file without tables: the token pages answer 404 or 500, logged either way.
    env = os.environ | {"DEBUG": "1", "OMKREDS_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert server.poll() is None, log.read_text(errors="replace")
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        for path in PATHS:
            # 404 or 500 (no tables): the path is logged all the same.
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(base + path, timeout=30).close()
        # A server writes its request line after the answer: wait for the last one.
        last = mask(PATHS[-1]).split("?")[0]
        while time.monotonic() < deadline and last not in log.read_text(errors="replace"):
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return log.read_text(errors="replace")


@pytest.mark.parametrize("server", ["gunicorn", "runserver"])
def test_no_token_reaches_the_server_log(server, tmp_path):
    port = _free_port()
    if server == "gunicorn":
        # As `make serve` runs it: the access log to stdout, the project's gunicorn.conf.py.
        command = [sys.executable, "-m", "gunicorn", "omkreds.wsgi", "--workers", "1"]
        command += ["--bind", f"127.0.0.1:{port}", "--access-logfile", "-"]
    else:
        command = [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks"]
        command += [f"127.0.0.1:{port}"]
    output = _serve_and_ask(command, port, tmp_path)
    leaked = [token for token in TOKENS if token in output]
    masked_lines = [line for line in output.splitlines() if "/***" in line]
    trust.record(
        "log-tokens",
        case=f"{server}: reply, feedback, password reset and short-code addresses",
        requests=len(PATHS),
        token_strings_in_logs=len(leaked),
    )
    assert not leaked, output
    # Each address was logged (masked), so the test saw the lines it looked for.
    for path in PATHS:
        assert any(mask(path).split("?")[0] in line for line in masked_lines), (path, output)
