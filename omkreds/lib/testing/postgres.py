"""Real PostgreSQL helpers for tests: a PgBouncer in front of a server, throw-away clusters.

Both run Debian's own binaries on 127.0.0.1, on a free port, with their files under a
temporary folder that is deleted afterwards. As root (CI containers) the servers run as
Debian's `postgres` user, since neither initdb nor PgBouncer will run as root.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
HOST = "127.0.0.1"


def missing(what: str, hint: str) -> None:
    """Skip on a laptop without `what`; fail in CI, where it must be there."""
    message = f"{what} is not installed ({hint})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _hand_over(folder: Path) -> None:
    """Let the server user own `folder` (and what is in it) when we are root."""
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        for path in folder.rglob("*"):
            shutil.chown(path, "postgres", "postgres")


def wait_for_port(port: int, *, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {HOST}:{port} after {seconds} s")


@contextmanager
def pgbouncer(
    *, server_host: str, server_port: int, user: str, password: str, pool_size: int = 2
) -> Iterator[int]:
    """A PgBouncer in transaction mode in front of a PostgreSQL server; yields its port.

    Clients log in with the server's own user and password (SCRAM); PgBouncer logs in to the
    server with the same. At most `pool_size` server connections per database and user, so
    that concurrent clients really take turns on shared server connections. The admin console
    (database `pgbouncer`) is open to `user` for `SHOW STATS`.
    """
    if not Path(PGBOUNCER).exists():
        missing("pgbouncer", "make deps-server installs it")
    folder = Path(tempfile.mkdtemp(prefix="omkreds-pgbouncer-"))
    folder.chmod(0o700)
    port = free_port()
    (folder / "userlist.txt").write_text(f'"{user}" "{password}"\n')
    (folder / "pgbouncer.ini").write_text(
        f"""[databases]
* = host={server_host} port={server_port}

[pgbouncer]
listen_addr = {HOST}
listen_port = {port}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = {folder / "userlist.txt"}
admin_users = {user}
pool_mode = transaction
default_pool_size = {pool_size}
max_client_conn = 100
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
logfile = {folder / "pgbouncer.log"}
pidfile = {folder / "pgbouncer.pid"}
"""
    )
    _hand_over(folder)
    process = subprocess.Popen(  # noqa: S603  (Debian's binary, our own config file)
        _as_server_user([PGBOUNCER, str(folder / "pgbouncer.ini")]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        try:
            wait_for_port(port)
        except TimeoutError as exc:
            log = folder / "pgbouncer.log"
            text = log.read_text() if log.exists() else "pgbouncer did not start"
            raise RuntimeError(text) from exc
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str], **kwargs) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])}…: {result.stdout}{result.stderr}")


def _start_cluster(data: Path, port: int, sockets: Path) -> None:
    _run(
        _as_server_user(
            [
                str(PG_BIN / "pg_ctl"),
                *("-D", str(data), "-l", str(data / "server.log"), "-w", "-t", "60", "start"),
                *("-o", f"-p {port} -k {sockets} -c listen_addresses={HOST} -c fsync=off"),
            ]
        )
    )


def _stop_cluster(data: Path) -> None:
    subprocess.run(  # noqa: S603
        _as_server_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
        capture_output=True,
        timeout=60,
        check=False,
    )


def _copy_schema(schema_from: dict, port: int, client: dict) -> None:
    """Create the database `omkreds` on the cluster at `port` with `schema_from`'s schema."""
    _run([str(PG_BIN / "createdb"), "-p", str(port), "omkreds"], env=client)
    source = (schema_from["HOST"] or HOST, str(schema_from["PORT"] or 5432))
    dump = subprocess.run(  # noqa: S603
        [
            str(PG_BIN / "pg_dump"),
            *("--schema-only", "--no-owner", "--no-privileges"),
            *("-h", source[0], "-p", source[1], "-U", schema_from["USER"], schema_from["NAME"]),
        ],
        env={**client, "PGPASSWORD": schema_from["PASSWORD"] or ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    load = subprocess.run(  # noqa: S603
        [str(PG_BIN / "psql"), "-p", str(port), "-q", "-v", "ON_ERROR_STOP=1", "omkreds"],
        input=dump,
        env=client,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if load.returncode != 0:
        raise RuntimeError(load.stderr)


@contextmanager
def primary_and_standby(*, schema_from: dict) -> Iterator[tuple[int, int]]:
    """A throw-away primary and its streaming standby (`pg_basebackup -R`), on loopback.

    The primary gets the schema of the database `schema_from` names (a Django settings dict:
    the migrated test database), in a database called `omkreds`; the superuser `postgres`
    logs in without a password, on 127.0.0.1 only. Yields (primary port, standby port).
    """
    if not (PG_BIN / "initdb").exists():
        missing(f"PostgreSQL 15 ({PG_BIN})", "make deps-server installs it")
    folder = Path(tempfile.mkdtemp(prefix="omkreds-replica-"))
    primary, standby, sockets = folder / "primary", folder / "standby", folder / "sockets"
    sockets.mkdir()
    _hand_over(folder)
    ports = (free_port(), free_port())
    client = {"PGHOST": HOST, "PGUSER": "postgres", "PATH": os.environ.get("PATH", "")}
    started = []
    try:
        _run(
            _as_server_user(
                [str(PG_BIN / "initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust"]
                + ["--encoding=UTF8", "--locale=C.UTF-8"]
            )
        )
        _start_cluster(primary, ports[0], sockets)
        started.append(primary)
        _copy_schema(schema_from, ports[0], client)
        _run(
            _as_server_user(
                [str(PG_BIN / "pg_basebackup"), "-h", HOST, "-p", str(ports[0]), "-U", "postgres"]
                + ["-D", str(standby), "-R", "-X", "stream", "--checkpoint=fast"]
            )
        )
        _start_cluster(standby, ports[1], sockets)
        started.append(standby)
        yield ports
    finally:
        for data in reversed(started):
            _stop_cluster(data)
        shutil.rmtree(folder, ignore_errors=True)
