"""Deploy-time configuration fails loudly on a bad value instead of guessing.

The settings tests import `omkreds.settings` in a fresh interpreter with a clean environment,
exactly as gunicorn or manage.py would, so nothing from the test process leaks in.
"""

import os
import re
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.exceptions import ImproperlyConfigured

from omkreds.lib.env import env_bool, env_choice, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parents[3]
GOOD_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"


# --- The helpers --------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["1", "true", "True", "yes", "on", " ON "])
def test_env_bool_true(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "no", "off", ""])
def test_env_bool_false(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", True) is False


@pytest.mark.parametrize("raw", ["2", "maybe", "ja", "y", "enabled"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="FLAG.*not a boolean"):
        env_bool("FLAG", False)


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", True) is True


@pytest.mark.parametrize("raw", ["ten", "1.5", "", "0x10"])
def test_env_int_refuses_non_integers(monkeypatch, raw):
    monkeypatch.setenv("NUMBER", raw)
    with pytest.raises(ImproperlyConfigured, match="NUMBER.*not an integer"):
        env_int("NUMBER", 1)


def test_env_int_bounds(monkeypatch):
    monkeypatch.setenv("NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match="below the minimum 1"):
        env_int("NUMBER", 5, minimum=1)
    monkeypatch.setenv("NUMBER", "70000")
    with pytest.raises(ImproperlyConfigured, match="above the maximum 65535"):
        env_int("NUMBER", 5, maximum=65535)
    monkeypatch.setenv("NUMBER", " 42 ")
    assert env_int("NUMBER", 5, minimum=1, maximum=65535) == 42


def test_env_str_required(monkeypatch):
    monkeypatch.delenv("NAME", raising=False)
    with pytest.raises(ImproperlyConfigured, match="NAME must be set"):
        env_str("NAME")
    assert env_str("NAME", "fallback") == "fallback"


def test_env_list(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.setenv("HOSTS", "a.example,,b.example")
    with pytest.raises(ImproperlyConfigured, match="empty item"):
        env_list("HOSTS", [])


def test_env_choice(monkeypatch):
    monkeypatch.setenv("LEVEL", "LOUD")
    with pytest.raises(ImproperlyConfigured, match="must be one of"):
        env_choice("LEVEL", "INFO", {"INFO", "DEBUG"})


@pytest.mark.parametrize(
    "raw",
    ["mysql://u:p@h/db", "oracle://h/db", "/var/lib/omkreds.sqlite3", "postgres:/h/db", ""],
)
def test_env_url_refuses_other_schemes(monkeypatch, raw):
    monkeypatch.setenv("DATABASE_URL", raw + "secretpw" if "://" in raw else raw)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must be a URL") as excinfo:
        env_url("DATABASE_URL", "sqlite://", schemes=("sqlite", "postgres"))
    assert "secretpw" not in str(excinfo.value)


# --- Settings, imported as a server would import them --------------------------------------


def run_python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean_env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "omkreds.settings",
        "OMKREDS_DATA_DIR": str(tmp_path),
        "PYTHONDONTWRITEBYTECODE": "1",
    } | env
    return subprocess.run(
        [
            sys.executable,
            "-W",
            "error::DeprecationWarning",
            "-W",
            "error::PendingDeprecationWarning",
        ]
        + ["-c", textwrap.dedent(code)],
        cwd=BASE_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def import_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return run_python("import omkreds.settings", tmp_path, **env)


PRODUCTION = {"SECRET_KEY": GOOD_KEY, "DEBUG": "0", "ALLOWED_HOSTS": "omkreds.example.dk"}


def test_production_environment_imports_cleanly(tmp_path):
    result = import_settings(tmp_path, **PRODUCTION, HTTPS="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set when DEBUG is off"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY must be at least 50 characters"),
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"HTTPS": "sure"}, "HTTPS='sure' is not a boolean"),
        ({"DATABASE_URL": "mysql://u:p@db/omkreds"}, "DATABASE_URL must be a URL starting"),
        ({"DATABASE_URL": "omkreds.sqlite3"}, "DATABASE_URL must be a URL starting"),
        ({"DB_CONN_MAX_AGE": "-1"}, "DB_CONN_MAX_AGE=-1 is below the minimum 0"),
        ({"DB_POOLER": "pgpool"}, "DB_POOLER='pgpool' must be one of"),
        ({"SESSION_IDLE_SECONDS": "half an hour"}, "SESSION_IDLE_SECONDS='half an hour' is not"),
        ({"EMAIL_HOST": "smtp.example.dk", "EMAIL_PORT": "smtp"}, "EMAIL_PORT='smtp' is not"),
        ({"EMAIL_HOST": "smtp.example.dk", "EMAIL_PORT": "70000"}, "EMAIL_PORT=70000 is above"),
        ({"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "EMAIL_USE_TLS and EMAIL_USE_SSL"),
        ({"ALLOWED_HOSTS": "a.example,,b.example"}, "ALLOWED_HOSTS=.* contains an empty item"),
        ({"LOG_LEVEL": "CHATTY"}, "LOG_LEVEL='CHATTY' must be one of"),
    ],
)
def test_bad_values_stop_the_process(tmp_path, env, message):
    result = import_settings(tmp_path, **(PRODUCTION | env))

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert re.search(message, last_line), last_line


def test_debug_runs_without_a_secret_key(tmp_path):
    assert import_settings(tmp_path, DEBUG="1").returncode == 0


def test_postgres_url_selects_postgresql(tmp_path):
    result = run_python(
        """
        from django.conf import settings
        db = settings.DATABASES["default"]
        print(db["ENGINE"], db["HOST"], db["PORT"], db["NAME"], db["CONN_HEALTH_CHECKS"])
        """,
        tmp_path,
        **PRODUCTION,
        DATABASE_URL="postgres://omkreds:pw@db.internal:5433/omkreds",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "db.internal",
        "5433",
        "omkreds",
        "True",
    ]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        # PostgreSQL keeps its connection for 60 s, checked before reuse (issue 16).
        ({}, ["60", "True", "False"]),
        ({"DB_CONN_MAX_AGE": "0"}, ["0", "True", "False"]),
        # Behind PgBouncer in transaction mode: no server-side cursors, a connection a request.
        ({"DB_POOLER": "pgbouncer"}, ["0", "True", "True"]),
    ],
)
def test_postgresql_connection_settings(tmp_path, env, expected):
    result = run_python(
        """
        from django.conf import settings
        db = settings.DATABASES["default"]
        print(db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"], db.get("DISABLE_SERVER_SIDE_CURSORS", False))
        """,
        tmp_path,
        **PRODUCTION,
        DATABASE_URL="postgres://omkreds:pw@db.internal:5433/omkreds",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected


def test_a_replica_url_adds_the_replica_database(tmp_path):
    result = run_python(
        """
        from django.conf import settings
        replica = settings.DATABASES["replica"]
        print(replica["HOST"], replica["PORT"], replica["TEST"]["MIRROR"], replica["CONN_MAX_AGE"])
        print(settings.DATABASE_ROUTERS[0])
        """,
        tmp_path,
        **PRODUCTION,
        DATABASE_URL="postgres://omkreds:pw@db.internal:5432/omkreds",
        DATABASE_REPLICA_URL="postgres://omkreds:pw@replica.internal:5432/omkreds",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "replica.internal",
        "5432",
        "default",
        "60",
        "omkreds.lib.replica.ReplicaRouter",
    ]


def test_a_replica_needs_postgresql(tmp_path):
    result = import_settings(
        tmp_path, **PRODUCTION, DATABASE_REPLICA_URL="postgres://o:pw@replica.internal/omkreds"
    )
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL needs a PostgreSQL" in result.stderr.strip().splitlines()[-1]


def test_pooler_is_refused_on_sqlite(tmp_path):
    result = import_settings(tmp_path, **PRODUCTION, DB_POOLER="pgbouncer")
    assert result.returncode != 0
    assert "DB_POOLER applies to PostgreSQL only" in result.stderr.strip().splitlines()[-1]


# --- E-mail through Django 6.1's MAILERS ---------------------------------------------------

SEND_MAIL = """
    import django
    django.setup()
    from django.core import mail
    mail.send_mail("Invitation to a network meeting", "Body text", None, ["anna@example.dk"])
    backend = type(mail.mailers.default)
    print("sent with", backend.__module__ + "." + backend.__qualname__, [b.__module__ for b in backend.__mro__])
"""


def test_without_a_mail_server_mail_goes_to_the_console(tmp_path):
    result = run_python(SEND_MAIL, tmp_path, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "Subject: Invitation to a network meeting" in result.stdout
    # Django's own backend, counting what it sends for the metrics.
    assert "sent with omkreds.lib.mailers.ConsoleBackend" in result.stdout
    assert "django.core.mail.backends.console" in result.stdout


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_mail_reaches_the_smtp_server_named_by_the_environment(tmp_path):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        result = run_python(
            SEND_MAIL,
            tmp_path,
            **PRODUCTION,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(port),
            DEFAULT_FROM_EMAIL="Omkreds <omkreds@kommune.example.dk>",
        )
        deadline = time.monotonic() + 5
        while not inbox.envelopes and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        controller.stop()

    assert result.returncode == 0, result.stderr
    assert "sent with omkreds.lib.mailers.SMTPBackend" in result.stdout
    assert "django.core.mail.backends.smtp" in result.stdout
    [envelope] = inbox.envelopes
    assert envelope.mail_from == "omkreds@kommune.example.dk"
    assert envelope.rcpt_tos == ["anna@example.dk"]
    assert b"Subject: Invitation to a network meeting" in envelope.content
