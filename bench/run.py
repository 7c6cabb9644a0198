"""Time Omkreds's main requests against a real server and print a table.

    .venv/bin/python bench/run.py [--runs 30] [--warmup 3] [--citizens 25] [--only NAME]

It makes a fresh SQLite database in a temporary folder, fills it (bench/operations.py), starts
gunicorn on a free port on 127.0.0.1 with DEBUG off, logs in through the login form and the
second factor like a browser would, times every operation in `operations.OPERATIONS`, prints
the table, stops the server and deletes the folder. See bench/README.md for how to read it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import smtp_sink  # noqa: E402
from bench.operations import BASELINE, OPERATIONS, Call, Operation, World, build_world  # noqa: E402

HOST = "127.0.0.1"
STARTUP_SECONDS = 120  # a loaded machine may take a minute to import the application
REQUEST_TIMEOUT = 30
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- The server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_environment(data_dir: Path, *, mail_port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # Nothing from the caller's deployment may leak in: this is a fresh, local instance.
        if not key.startswith(("DATABASE_", "DB_", "EMAIL_", "SECURE_", "SESSION_", "OMKREDS_"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        OMKREDS_DATA_DIR=str(data_dir),
        DATABASE_URL=f"sqlite:///{data_dir / 'bench.sqlite3'}",
        ALLOWED_HOSTS=HOST,
        HTTPS="0",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="omkreds.settings",
        PYTHONDONTWRITEBYTECODE="1",
        # Mail goes to bench/smtp_sink.py's server on loopback, through the SMTP backend.
        EMAIL_HOST=HOST,
        EMAIL_PORT=str(mail_port),
    )
    return env


def migrate(env: dict[str, str]) -> None:
    """Set Django up in this process and migrate the fresh database."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def make_data(*, citizens: int, operations: list[Operation]) -> World:
    from django.db import connections

    world = build_world(citizens=citizens)
    for op in operations:
        if op.setup is not None:
            op.setup(world)
    connections.close_all()
    return world


def start_server(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "omkreds.wsgi",
        "--workers",
        "1",
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
        # The first request imports the application; on a loaded machine that outlasts 30 s.
        "--timeout",
        str(STARTUP_SECONDS),
    ]
    with log_path.open("wb") as log:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_until_ready(server: subprocess.Popen, base: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped while starting:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit(
        f"The server did not answer within {STARTUP_SECONDS} s:\n{log_path.read_text()}"
    )


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


# --- Clients --------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirect is an answer to time, not one to follow


class Client:
    """A browser-like client: keeps cookies, does not follow redirects by itself."""

    def __init__(self, base: str, *, token: str | None = None):
        self.base = base
        self.token = token
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def send(self, call: Call) -> tuple[int, bytes, str | None]:
        return self.open(self.prepare(call))

    def prepare(self, call: Call) -> urllib.request.Request:
        """The request as a browser would send it, its body already written (JSON or form)."""
        headers = {"Accept-Language": "da"}
        body = None
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if call.json is not None:
            body = json.dumps(call.json).encode()
            headers["Content-Type"] = "application/json"
        elif call.files:
            body, headers["Content-Type"] = _multipart(call.data or {}, call.files)
        elif call.data is not None:
            body = urllib.parse.urlencode(call.data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if call.method not in ("GET", "HEAD"):
            from django.conf import settings

            headers["X-CSRFToken"] = self.cookie(settings.CSRF_COOKIE_NAME) or ""
        return urllib.request.Request(
            self.base + call.path, data=body, headers=headers, method=call.method
        )

    def open(self, request: urllib.request.Request) -> tuple[int, bytes, str | None]:
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return response.status, response.read(), response.headers.get("Location")
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read(), error.headers.get("Location")

    def follow(self, call: Call, *, limit: int = 5) -> tuple[int, bytes, str]:
        """Send, then follow redirects with GET, as a browser does; returns the final path."""
        status, body, location = self.send(call)
        path = call.path
        for _ in range(limit):
            if status not in (301, 302, 303) or not location:
                break
            path = urllib.parse.urljoin(self.base + path, location).removeprefix(self.base)
            status, body, location = self.send(Call(path))
        return status, body, path


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body, as a browser sends a form with a file."""
    boundary = "----omkreds-bench-" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _form_token(body: bytes) -> str:
    found = _CSRF_FIELD.search(body.decode())
    if found is None:
        raise SystemExit("No CSRF token in the form.")
    return found.group(1)


def log_in(client: Client, world: World) -> None:
    """Log in through the login form and the second factor page, with a real TOTP code."""
    from django_otp.oath import totp

    _, body, _ = client.follow(Call("/accounts/login/"))
    form = {
        "username": world.worker.email,
        "password": world.password,
        "csrfmiddlewaretoken": _form_token(body),
    }
    status, body, path = client.follow(Call("/accounts/login/", method="POST", data=form))
    if not path.startswith("/accounts/second-factor/"):
        raise SystemExit(f"The login form did not lead to the second factor ({status} {path}).")
    device = world.totp_device
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    form = {"code": f"{code:0{device.digits}d}", "csrfmiddlewaretoken": _form_token(body)}
    status, _, path = client.follow(Call(path, method="POST", data=form))
    if status != 200 or path != "/":
        raise SystemExit(f"The second factor was not accepted ({status} {path}).")


# --- Timing ---------------------------------------------------------------------------------


def server_cpu_seconds(master: int) -> float:
    """CPU time the server has used so far: gunicorn's master (with its reaped workers) and its
    live workers, from /proc. CPU time is counted, not waited for, so unlike milliseconds it
    hardly changes with what else the machine is doing."""

    def stat(pid: int) -> list[str]:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    fields = stat(master)
    total = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            child = stat(int(entry.name))
        except OSError:
            continue
        if int(child[1]) == master:
            total += int(child[11]) + int(child[12])
    return total / os.sysconf("SC_CLK_TCK")


def time_operations(
    operations: list[Operation],
    clients: dict[str, Client],
    world: World,
    *,
    runs: int,
    warmup: int,
    server: int | None = None,
) -> dict[str, list[float]]:
    """Time each operation in its own block of requests, after its warm-up.

    Not round-robin: whatever a request leaves to do after its answer (closing a connection, a
    checkpoint of what it wrote) delays the next one. In a block that tail is the operation's
    own; the warm-up absorbs the previous one's. With `server` (gunicorn's pid), the server's
    CPU milliseconds per timed request are kept too, under "<name> cpu".
    """
    timings: dict[str, list[float]] = {}
    for op in operations:
        client = clients[op.as_]
        timings[op.name] = []
        cpu_before = 0.0
        for number in range(warmup + runs):
            if server is not None and number == warmup:
                cpu_before = server_cpu_seconds(server)
            # Asked for each request: a save names the version the previous one made.
            call = op.call(world)
            # Timed from sending to having read the whole answer: writing the request's JSON
            # is the client's work, done before (a browser's JSON.stringify is not the server's).
            request = client.prepare(call)
            started = time.perf_counter()
            status, _, location = client.open(request)
            elapsed = (time.perf_counter() - started) * 1000
            if status != call.expect:
                raise SystemExit(
                    f"{op.name}: {call.method} {call.path} answered {status}, not {call.expect}"
                    + (f" (to {location})" if location else "")
                )
            if number >= warmup:
                timings[op.name].append(elapsed)
        if server is not None:
            used = server_cpu_seconds(server) - cpu_before
            timings[f"{op.name} cpu"] = [used * 1000 / runs]
    return timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def summarise(timings: dict[str, list[float]]) -> list[dict]:
    baseline = statistics.median(timings[BASELINE])
    return [
        {
            "operation": name,
            "n": len(values),
            "p50_ms": statistics.median(values),
            "p95_ms": percentile(values, 0.95),
            "ratio": statistics.median(values) / baseline,
            # The server's CPU milliseconds per request (the mean over the timed block).
            "cpu_ms": timings.get(f"{name} cpu", [None])[0],
        }
        for name, values in timings.items()
        if not name.endswith(" cpu")
    ]


def table(rows: list[dict]) -> str:
    width = max(len("operation"), *(len(r["operation"]) for r in rows))
    lines = [
        f"{'operation':<{width}}  {'n':>4}  {'p50 ms':>8}  {'p95 ms':>8}  {'× ' + BASELINE:>10}"
        f"  {'CPU ms':>8}",
        f"{'-' * width}  {'-' * 4}  {'-' * 8}  {'-' * 8}  {'-' * 10}  {'-' * 8}",
    ]
    for r in rows:
        cpu = "" if r.get("cpu_ms") is None else f"{r['cpu_ms']:.1f}"
        lines.append(
            f"{r['operation']:<{width}}  {r['n']:>4}  {r['p50_ms']:>8.1f}  {r['p95_ms']:>8.1f}"
            f"  {r['ratio']:>10.1f}  {cpu:>8}"
        )
    return "\n".join(lines)


def commit() -> str:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return result.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per operation")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--citizens", type=int, default=25, help="the worker's caseload")
    parser.add_argument(
        "--only", action="append", default=[], help="only operations whose name has this"
    )
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args(argv)
    if not 1 <= args.runs <= 10_000 or not 0 <= args.warmup <= 1_000:
        parser.error("--runs must be 1..10000 and --warmup 0..1000")
    if not 1 <= args.citizens <= 100_000:
        parser.error("--citizens must be 1..100000")

    operations = [
        op
        for op in OPERATIONS
        if op.name == BASELINE or not args.only or any(word in op.name for word in args.only)
    ]
    data_dir = Path(tempfile.mkdtemp(prefix="omkreds-bench-"))
    server = None
    mail = smtp_sink.start()
    try:
        env = server_environment(data_dir, mail_port=mail.port)
        migrate(env)
        port = free_port()
        base = f"http://{HOST}:{port}"
        log_path = data_dir / "server.log"
        server = start_server(env, port, log_path)
        # The data is made while the server starts; nothing is timed before both are done.
        world = make_data(citizens=args.citizens, operations=operations)
        wait_until_ready(server, base, log_path)

        clients = {
            "anonymous": Client(base),
            "session": Client(base),
            "token": Client(base, token=world.api_token),
        }
        log_in(clients["session"], world)
        rows = summarise(
            time_operations(
                operations, clients, world, runs=args.runs, warmup=args.warmup, server=server.pid
            )
        )
    finally:
        if server is not None:
            stop_server(server)
        smtp_sink.stop()
        shutil.rmtree(data_dir, ignore_errors=True)

    print(
        f"Omkreds {commit()} · Python {platform.python_version()} · SQLite · gunicorn, 1 worker"
        f" · {args.citizens} citizens · {args.warmup} warm-up + {args.runs} timed requests each"
        f" · {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"
    )
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
