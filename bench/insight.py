"""The citizen's insight export (GDPR art. 15) against a long access log: time and memory.

    .venv/bin/python bench/insight.py [--rows 1000,10000,100000] [--database-url postgres://...]

Makes one organisation, one worker and one citizen with a map in a fresh SQLite database in a
temporary folder (or in the empty PostgreSQL database `--database-url` names; its tables are
emptied of the bench's rows afterwards only by dropping the database yourself), then for each
size writes that many access-log rows of the citizen (spread over a year, five people, three
purposes) and builds the export in a fresh child process, as the download view does: into a
temporary file. It prints, per size, the seconds to build, the size of the ZIP, and how much the
child's peak memory (RSS) grew while building, with the date and commit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import commit  # noqa: E402

LOOKERS = 5
BATCH = 10_000


def _environment(database_url: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DB_"))}
    env.update(
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        OMKREDS_DATA_DIR=str(data_dir),
        DATABASE_URL=database_url or f"sqlite:///{data_dir / 'bench.sqlite3'}",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="omkreds.settings",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def _setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def _world() -> str:
    """The organisation, the lookers and the citizen with a small map; the citizen's id."""
    from django.core.management import call_command

    from omkreds.accounts.models import Membership, Organisation, Role, Team, User
    from omkreds.citizens.models import Citizen
    from omkreds.networks.services import map_save
    from omkreds.networks.tests.helpers import contact, data

    call_command("migrate", verbosity=0, interactive=False)
    org = Organisation.objects.create(name="Bench Kommune", default_language="da")
    team = Team.objects.create(organisation=org, name="Team")
    users = []
    for n in range(LOOKERS):
        user = User.objects.create_user(f"looker{n}@bench.example", None, full_name=f"Looker {n}")
        Membership.objects.create(user=user, organisation=org, team=team, role=Role.WORKER)
        users.append(user)
    citizen = Citizen.objects.create(
        organisation=org, team=team, name="Bench Borger", primary_worker=users[0]
    )
    people = [contact(f"p{n}", f"Person {n}") for n in range(12)]
    map_save(citizen=citizen, author=users[0], document=data(people), based_on=None)
    return str(citizen.pk)


def _fill(citizen_id: str, total: int) -> None:
    """Top the citizen's log up to `total` rows, in batches."""
    from django.utils import timezone

    from omkreds.access.models import AccessLogEntry
    from omkreds.accounts.models import User
    from omkreds.citizens.models import Citizen

    users = list(User.objects.filter(email__endswith="@bench.example").order_by("email"))
    have = AccessLogEntry.objects.filter(citizen_id=citizen_id).count()
    organisation_id = Citizen.objects.get(pk=citizen_id).organisation_id
    start = timezone.now() - dt.timedelta(days=365)
    actions = ("view_case", "view_map", "list")
    while have < total:
        n = min(BATCH, total - have)
        AccessLogEntry.objects.bulk_create(
            AccessLogEntry(
                at=start + dt.timedelta(minutes=5 * (have + i)),
                user=users[(have + i) % len(users)],
                user_label=users[(have + i) % len(users)].email,
                organisation_id=organisation_id,
                citizen_id=citizen_id,
                action=actions[(have + i) % len(actions)],
            )
            for i in range(n)
        )
        have += n


def _child(citizen_id: str) -> None:
    """Build one export as the view does and print its figures as JSON."""
    from django.db import connection
    from django.template.loader import get_template
    from weasyprint import HTML

    from omkreds.citizens.models import Citizen
    from omkreds.privacy.insight import insight_zip

    citizen = Citizen.objects.select_related("organisation").get(pk=citizen_id)
    connection.ensure_connection()
    # A server's worker has its templates and WeasyPrint loaded after its first page: warm up.
    get_template("privacy/rights/insight_summary.html")
    HTML(string="<p>warm</p>").write_pdf()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as out:
        if "out" in inspect.signature(insight_zip).parameters:
            insight_zip(citizen=citizen, language="da", out=out)
        else:  # the export before it was streamed (commits before 2026-12-07): bytes
            out.write(insight_zip(citizen=citizen, language="da"))
        size = out.tell()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "bytes": size, "rss_growth_kb": after - before}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000,10000,100000")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _setup(dict(os.environ))
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(_child, args.child)
            pstats.Stats(profile).sort_stats("cumulative").print_callees("insight_zip|_write_")
        else:
            _child(args.child)
        return
    data_dir = Path(tempfile.mkdtemp(prefix="omkreds-bench-insight-"))
    try:
        env = _environment(args.database_url, data_dir)
        _setup(env)
        citizen_id = _world()
        rows = []
        for total in sorted(int(x) for x in args.rows.split(",")):
            _fill(citizen_id, total)
            from django.db import connections

            connections.close_all()
            done = subprocess.run(
                [sys.executable, __file__, "--child", citizen_id],
                env=env,
                capture_output=True,
                text=True,
                check=True,
                timeout=600,
            )
            if os.environ.get("BENCH_PROFILE"):
                print(done.stdout[:6000])
                continue
            figures = json.loads(done.stdout.strip().splitlines()[0])
            rows.append((total, figures))
        engine = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
        print(
            f"Insight export · Omkreds {commit()} · {engine} · "
            f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
        )
        print(f"{'log rows':>10}  {'build s':>8}  {'zip MB':>7}  {'RSS growth MB':>14}")
        print(f"{'-' * 10}  {'-' * 8}  {'-' * 7}  {'-' * 14}")
        for total, f in rows:
            print(
                f"{total:>10,}  {f['seconds']:>8.2f}  {f['bytes'] / 1e6:>7.2f}  "
                f"{f['rss_growth_kb'] / 1024:>14.1f}"
            )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
