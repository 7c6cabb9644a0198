"""The scale harness: a synthetic region on PostgreSQL, `make serve`, and a closed-loop load.

    DATABASE_URL=postgres://... make bench-scale [SCALE_ARGS="--duration 60 --users 1,4,16,32"]
    .venv/bin/python bench/scale.py --help

1. Makes the region in the database DATABASE_URL names (it must be empty, or hold a region
   this harness made: then it is reused, so that runs before and after a change see the same
   data). See `make_region` for what goes through the product's services and what is bulk.
2. Starts `make serve` (gunicorn, WORKERS workers, production settings) on a free port of
   127.0.0.1, and waits for /healthz.
3. For each number of users (1, 4, 16, 32 by default): signs that many accounts in through the
   real login form and the second factor (a TOTP code), hands their session cookies to locust
   (bench/scale_load.py), and runs it headless for `--duration` seconds, closed loop
   (each user sends its next request when the last one has answered). The logins are not part
   of the figures.
4. Prints per stage: req/s, p50/p95/p99 per endpoint, errors, each p50/p95 also as a ratio to
   /healthz in the same stage, CPU ms per request of the gunicorn workers (from /proc, exited
   workers included through the master's reaped-children times) and of PostgreSQL's backends
   for this database (those alive at the end; a lower bound when connections are not kept),
   and the RSS of each worker at the end of the stage.

Only 127.0.0.1 is ever addressed. Its temporary folder is deleted at the end; the database
stays (drop it yourself, or run again on it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402
from bench.operations import FIRST, LAST, Call  # noqa: E402
from bench.run import Client, _form_token, commit, free_port, wait_until_ready  # noqa: E402

HOST = "127.0.0.1"
REGION = "Bench Region"
PASSWORD = "bench-scale-" + "x" * 12  # noqa: S105  (a made-up region on loopback)
CLOCK = os.sysconf("SC_CLK_TCK")


# --- The region -----------------------------------------------------------------------------


def setup_django(database_url: str) -> None:
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="omkreds.settings",
        DEBUG="1",  # this process only makes data; the server runs with DEBUG off
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def make_region(args) -> dict:
    """The region: one organisation, teams of `--team-size` workers and two leads each.

    Through the product's services: map versions (`networks.services.map_save`, every one
    validated and stored as the editor's save is). Bulk, because the product has no bulk path
    for them: users and memberships (`create_user` per account, for the password hash), the
    citizens (`bulk_create`, as bench/run.py), CTI courses (`bulk_create` with the service's
    `planned_dates`, as bench/operations.py), and the access-log history (one INSERT … SELECT
    on PostgreSQL: the product writes log rows only while answering requests).
    """
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from omkreds.access.models import AccessLogEntry
    from omkreds.accounts.models import Membership, Organisation, Role, Team, User
    from omkreds.citizens.models import Citizen
    from omkreds.cti.models import CtiCourse
    from omkreds.cti.services import planned_dates
    from omkreds.networks.samples import sample_document
    from omkreds.networks.services import map_save

    organisation = Organisation.objects.filter(name=REGION).first()
    if organisation is not None:
        print("The region exists in this database: reused.", flush=True)
        return accounts_of(organisation)
    if User.objects.exists():
        raise SystemExit("DATABASE_URL names a database with other data: use an empty one.")

    started = time.monotonic()
    # One password hash for every account: hashing is the slow part of making a user.
    hashed = make_password(PASSWORD)
    organisation = Organisation.objects.create(name=REGION, default_language="da")
    teams = args.workers // args.team_size
    today = dt.date.today()
    n = 0
    for number in range(teams):
        team = Team.objects.create(organisation=organisation, name=f"Team {number + 1}")
        members = []
        for index in range(args.team_size + 2):
            role = Role.WORKER if index < args.team_size else Role.LEAD
            user = User.objects.create_user(
                f"{role}{number}-{index}@bench.invalid",
                None,
                full_name=f"{FIRST[index % len(FIRST)]} {LAST[number % len(LAST)]}",
                language="da",
            )
            user.password = hashed
            user.save(update_fields=["password"])
            Membership.objects.create(user=user, organisation=organisation, role=role, team=team)
            TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
            if role == Role.WORKER:
                members.append(user)
        for worker in members:
            people = Citizen.objects.bulk_create(
                Citizen(
                    organisation=organisation,
                    team=team,
                    name=f"{FIRST[k % len(FIRST)]} {LAST[(k // 10) % len(LAST)]} {n + k}",
                    date_of_birth=dt.date(1950 + k % 50, 1 + k % 12, 1 + k % 28),
                    primary_worker=worker,
                )
                for k in range(args.caseload)
            )
            n += len(people)
            courses = []
            for k, citizen in enumerate(people):
                size = (10, 20, 40)[k % 3]
                based_on = None
                for version in range(args.versions):
                    saved = map_save(
                        citizen=citizen,
                        author=worker,
                        document=sample_document(size, seed=version + 1),
                        based_on=based_on,
                    )
                    based_on = saved.number
                if k % 2 == 0:  # half the caseload is in a CTI course
                    plan = planned_dates(today - dt.timedelta(days=(n + k) % 270))
                    courses.append(
                        CtiCourse(
                            citizen=citizen,
                            worker=worker,
                            started_on=today - dt.timedelta(days=(n + k) % 270),
                            created_by=worker,
                            **plan.__dict__,
                        )
                    )
            CtiCourse.objects.bulk_create(courses)
        print(f"  team {number + 1}/{teams}: {n} citizens", flush=True)

    if connection.vendor == "postgresql" and args.log_rows:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH c AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM citizens_citizen),
                     u AS (SELECT id, email, row_number() OVER (ORDER BY id) AS n
                           FROM accounts_user WHERE email LIKE '%%@bench.invalid')
                INSERT INTO {AccessLogEntry._meta.db_table}
                    (at, user_id, user_label, organisation_id, citizen_id, action,
                     object_type, object_id, request_id)
                SELECT now() - (g * interval '365 days' / %s), u.id, u.email, %s, c.id,
                       CASE WHEN g %% 3 = 0 THEN 'view_map' ELSE 'list' END, '', '', ''
                FROM generate_series(1, %s) AS g
                JOIN c ON c.n = 1 + g %% (SELECT count(*) FROM c)
                JOIN u ON u.n = 1 + (g / 7) %% (SELECT count(*) FROM u)
                """,
                [args.log_rows, organisation.pk, args.log_rows],
            )
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {AccessLogEntry._meta.db_table}")
    print(f"Region made in {time.monotonic() - started:.0f} s.", flush=True)
    return accounts_of(organisation)


def accounts_of(organisation) -> dict:
    from django.db import connection
    from django.db.models import Count

    from omkreds.access.models import AccessLogEntry
    from omkreds.accounts.models import Membership, Role
    from omkreds.citizens.models import Citizen
    from omkreds.networks.models import MapVersion

    members = Membership.objects.filter(organisation=organisation).select_related("user")
    accounts = {"worker": [], "lead": []}
    for membership in members.order_by("pk"):
        user = membership.user
        device = user.totpdevice_set.get()
        caseload = [
            str(pk)
            for pk in Citizen.objects.filter(primary_worker=user).values_list("pk", flat=True)
        ]
        team = [
            str(pk)
            for pk in Citizen.objects.filter(team_id=membership.team_id).values_list(
                "pk", flat=True
            )[:200]
        ]
        role = "lead" if membership.role == Role.LEAD else "worker"
        accounts[role].append(
            {"email": user.email, "device": device.pk, "citizens": caseload or team}
        )
    shape = {
        "citizens": Citizen.objects.filter(organisation=organisation).count(),
        "map versions": MapVersion.objects.count(),
        "access-log rows": AccessLogEntry.objects.count(),
        "workers": len(accounts["worker"]),
        "leads": len(accounts["lead"]),
        "caseload": max(
            (row["n"] for row in Citizen.objects.values("primary_worker").annotate(n=Count("pk"))),
            default=0,
        ),
        "database": connection.vendor,
    }
    return {"accounts": accounts, "shape": shape}


def log_in(base: str, account: dict) -> dict[str, str]:
    """Sign in through the login form and the second factor; return the session's cookies."""
    from django.conf import settings
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client(base)
    _, body, _ = client.follow(Call("/accounts/login/"))
    form = {
        "username": account["email"],
        "password": PASSWORD,
        "csrfmiddlewaretoken": _form_token(body),
    }
    status, body, path = client.follow(Call("/accounts/login/", method="POST", data=form))
    if not path.startswith("/accounts/second-factor/"):
        raise SystemExit(f"{account['email']}: no second factor after the login ({status} {path})")
    device = TOTPDevice.objects.get(pk=account["device"])
    # A TOTP code is good once: an account signs in at most once per 30-s step.
    while device.last_t >= int(time.time()) // device.step:
        time.sleep(0.5)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    form = {"code": f"{code:0{device.digits}d}", "csrfmiddlewaretoken": _form_token(body)}
    status, _, path = client.follow(Call(path, method="POST", data=form))
    if status != 200 or path != "/":
        raise SystemExit(f"{account['email']}: second factor refused ({status} {path})")
    return {
        "cookie": f"sessionid={client.cookie(settings.SESSION_COOKIE_NAME)}; "
        f"csrftoken={client.cookie(settings.CSRF_COOKIE_NAME)}",
        "csrf": client.cookie(settings.CSRF_COOKIE_NAME) or "",
    }


# --- The server and what it costs -----------------------------------------------------------


def start_serve(args, port: int, data_dir: Path, log_path: Path) -> subprocess.Popen:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DB_", "EMAIL_", "SECURE_", "SESSION_", "OMKREDS_"))
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=args.database_url,
        OMKREDS_DATA_DIR=str(data_dir),
        ALLOWED_HOSTS=HOST,
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="omkreds.settings",
    )
    env.pop("DEBUG", None)
    for name in ("DB_CONN_MAX_AGE",):
        if name in os.environ:
            env[name] = os.environ[name]
    command = [
        "make",
        "--no-print-directory",
        "serve",
        f"PORT={port}",
        f"WORKERS={args.workers_procs}",
    ]
    with log_path.open("wb") as log:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def gunicorn_pids(make_pid: int) -> tuple[int, list[int]]:
    master = next(pid for pid in _children(make_pid) if "gunicorn" in _cmdline(pid))
    return master, _children(master)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


def app_cpu_seconds(master: int) -> float:
    """CPU of the master, its live workers, and its exited (reaped) workers."""
    fields = _stat(master)
    total = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
    for worker in _children(master):
        try:
            worker_fields = _stat(worker)
        except OSError:
            continue
        total += int(worker_fields[11]) + int(worker_fields[12])
    return total / CLOCK


def rss_mb(pid: int) -> float:
    found = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return int(found.group(1)) / 1024 if found else 0.0


def database_cpu(database: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend connected to `database` (same machine only)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        pids = [row[0] for row in cursor.fetchall()]
    found = {}
    for pid in pids:
        try:
            fields = _stat(pid)
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / CLOCK
    return found


# --- One stage ------------------------------------------------------------------------------


def run_stage(args, users: int, sessions: list[dict], base: str, master: int, work: Path):
    from django.conf import settings

    stage_file = work / f"users-{users}.json"
    stage_file.write_text(json.dumps(sessions))
    prefix = work / f"stage-{users}"
    env = dict(os.environ, SCALE_SESSIONS=str(stage_file), SCALE_SEED=str(users))
    database = settings.DATABASES["default"]["NAME"]
    db_before = database_cpu(database)
    cpu_before = app_cpu_seconds(master)
    command = [
        sys.executable,
        str(ROOT / "bench" / "scale_load.py"),
        "--host",
        base,
        "--users",
        str(users),
        "--duration",
        str(args.duration),
        "--out",
        str(prefix) + ".json",
    ]
    subprocess.run(command, env=env, cwd=ROOT, check=True)
    cpu = app_cpu_seconds(master) - cpu_before
    db_after = database_cpu(database)
    db_cpu = sum(value - db_before.get(pid, 0.0) for pid, value in db_after.items())
    rows = json.loads((Path(str(prefix) + ".json")).read_text())["rows"]
    workers = _children(master)
    return rows, cpu, db_cpu, [rss_mb(pid) for pid in workers]


def report(users: int, rows: dict, cpu: float, db_cpu: float, rss: list[float]) -> str:
    total = rows.pop("all")
    health = rows.get("healthz") or {"p50": 0, "p95": 0}
    requests = total["n"]
    lines = [
        f"### {users} user{'s' if users > 1 else ''}: {total['rps']:.1f} req/s,"
        f" {requests} requests, {total['errors']} errors;"
        f" CPU per request: app {1000 * cpu / max(requests, 1):.1f} ms,"
        f" PostgreSQL {1000 * db_cpu / max(requests, 1):.1f} ms;"
        f" RSS per worker: {', '.join(f'{value:.0f}' for value in rss)} MB",
        "",
        "| endpoint | n | req/s | p50 ms | p95 ms | p99 ms | errors | p50 × healthz | p95 × healthz |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in sorted(rows.items()):
        ratio50 = row["p50"] / health["p50"] if health["p50"] else 0
        ratio95 = row["p95"] / health["p95"] if health["p95"] else 0
        lines.append(
            f"| {name} | {row['n']} | {row['rps']:.1f} | {row['p50']:.0f} | {row['p95']:.0f}"
            f" | {row['p99']:.0f} | {row['errors']} | {ratio50:.1f} | {ratio95:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--users", default="1,4,16,32", help="user counts, one stage each")
    parser.add_argument("--duration", type=int, default=60, help="seconds per stage")
    parser.add_argument("--workers", type=int, default=64, help="workers in the region")
    parser.add_argument("--team-size", type=int, default=8, help="workers per team (+2 leads)")
    parser.add_argument("--caseload", type=int, default=100, help="citizens per worker")
    parser.add_argument("--versions", type=int, default=3, help="map versions per citizen")
    parser.add_argument("--log-rows", type=int, default=2_000_000, help="access-log history")
    parser.add_argument("--workers-procs", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--out", type=Path, help="also write the report (Markdown) here")
    args = parser.parse_args(argv)
    stages = [int(value) for value in args.users.split(",")]
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("DATABASE_URL must name a PostgreSQL database (the harness measures it)")
    host = urllib.parse.urlsplit(args.database_url).hostname
    if host not in (HOST, "localhost"):
        parser.error("the harness only talks to 127.0.0.1")
    if not 1 <= args.duration <= 3600 or any(not 1 <= users <= 200 for users in stages):
        parser.error("--duration must be 1..3600 and each user count 1..200")

    setup_django(args.database_url)
    region = make_region(args)
    accounts = region["accounts"]
    needed = sum(stages)
    if len(accounts["worker"]) + len(accounts["lead"]) < needed:
        print(
            f"Note: {needed} sign-ins over {len(accounts['worker']) + len(accounts['lead'])}"
            " accounts: some accounts wait for the next TOTP step.",
            flush=True,
        )

    work = Path(tempfile.mkdtemp(prefix="omkreds-scale-"))
    port = free_port()
    base = f"http://{HOST}:{port}"
    log_path = work / "serve.log"
    server = start_serve(args, port, work / "data", log_path)
    out = []
    try:
        # make serve compiles translations, collects static files and migrates first.
        run.STARTUP_SECONDS = 600
        wait_until_ready(server, base, log_path)
        time.sleep(2)
        master, workers = gunicorn_pids(server.pid)
        header = (
            f"Omkreds {os.environ.get('SCALE_COMMIT') or commit()} · {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
            f" · {platform.node()} ({os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})"
            f" · Python {platform.python_version()} · PostgreSQL · make serve, {len(workers)}"
            f" gunicorn workers · DB_CONN_MAX_AGE={os.environ.get('DB_CONN_MAX_AGE', 'default')}"
            f" · {args.duration} s per stage"
        )
        shape = ", ".join(
            f"{key} {value:,}" if isinstance(value, int) else f"{key} {value}"
            for key, value in region["shape"].items()
        )
        out += [header, "", f"Region: {shape}.", ""]
        print("\n".join(out), flush=True)
        taken = {"worker": 0, "lead": 0}
        for users in stages:
            sessions = []
            for number in range(users):
                role = "lead" if number % 4 == 3 else "worker"
                pool = accounts[role]
                account = pool[taken[role] % len(pool)]
                taken[role] += 1
                sessions.append(
                    {"role": role, "citizens": account["citizens"]} | log_in(base, account)
                )
            text = report(users, *run_stage(args, users, sessions, base, master, work))
            print(text + "\n", flush=True)
            out += [text, ""]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        # The server's log, static files and the stages' figures; the database stays.
        shutil.rmtree(work, ignore_errors=True)
    if args.out:
        args.out.write_text("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
