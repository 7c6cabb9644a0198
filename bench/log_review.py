"""Log review creation against a long access log: seconds for a lead over 365 days.

    .venv/bin/python bench/log_review.py --database-url postgres://.../omkreds_bench_review \
        [--rows 2000000,20000000] [--teams 20] [--team-size 10] [--caseload 20] [--repeat 3]

Makes (once) an organisation of `--teams` teams of `--team-size` workers and one lead each, a
lead of the whole organisation (no team), and `--caseload` citizens per worker, in the
database `--database-url` names (empty, or made by this bench: then it is reused). For each
size it tops the access log up to that many rows (PostgreSQL: INSERT … SELECT in batches of a
million; the product writes log rows only while answering requests): spread over the last 365
days, each user's look-ups of their own caseload, one in 20 of anyone's citizen, two in three
for lists, one in 500 refused. Then it creates the log review for the whole organisation's lead
and for one team's lead over the last 365 days (sample of 100) `--repeat` times each and prints
the median seconds, with the date and commit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import commit  # noqa: E402

NAME = "Bench Log Review"
BATCH = 1_000_000


def _setup(database_url: str) -> None:
    os.environ.update(
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="omkreds.settings",
    )
    import django

    django.setup()


def _world(args):
    """The organisation and its two leads (whole organisation, first team)."""
    from django.core.management import call_command

    from omkreds.accounts.models import Membership, Organisation, Role, Team, User
    from omkreds.citizens.models import Citizen

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrate: {time.perf_counter() - started:.1f} s", flush=True)
    org = Organisation.objects.filter(name=NAME).first()
    if org is None:
        if User.objects.exists():
            raise SystemExit("The database holds other data: use an empty one.")
        org = Organisation.objects.create(name=NAME, default_language="da")
        for t in range(args.teams):
            team = Team.objects.create(organisation=org, name=f"Team {t + 1}")
            for w in range(args.team_size + 1):
                role = Role.WORKER if w < args.team_size else Role.LEAD
                user = User.objects.create_user(f"{role}{t}-{w}@bench.invalid", None)
                Membership.objects.create(user=user, organisation=org, role=role, team=team)
                if role == Role.WORKER:
                    Citizen.objects.bulk_create(
                        Citizen(
                            organisation=org, team=team, name=f"B {t}-{w}-{k}", primary_worker=user
                        )
                        for k in range(args.caseload)
                    )
        lead = User.objects.create_user("lead-all@bench.invalid", None)
        Membership.objects.create(user=lead, organisation=org, role=Role.LEAD)
    org_lead = User.objects.get(email="lead-all@bench.invalid")
    team_lead = User.objects.filter(email__startswith="lead0-").get()
    return org, org_lead, team_lead


def _fill(org, total: int, caseload: int) -> int:
    """Top the log up to `total` rows; the number of rows there are."""
    from django.db import connection, transaction

    from omkreds.access.models import AccessLogEntry

    table = AccessLogEntry._meta.db_table
    have = AccessLogEntry.objects.count()
    while have < total:
        n = min(BATCH, total - have)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH w AS (SELECT u.id, u.email, row_number() OVER (ORDER BY u.id) - 1 AS n
                           FROM accounts_user u JOIN accounts_membership m ON m.user_id = u.id
                           WHERE m.role = 'worker' AND u.email LIKE '%%@bench.invalid'),
                     c AS (SELECT id, row_number() OVER (ORDER BY primary_worker_id, id) - 1 AS n
                           FROM citizens_citizen WHERE organisation_id = %(org)s),
                     g AS (SELECT g, (g / 7) %% (SELECT count(*) FROM w) AS wn
                           FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g)
                INSERT INTO {table}
                    (at, user_id, user_label, organisation_id, citizen_id, action,
                     object_type, object_id, request_id)
                SELECT now() - interval '365 days' * ((g.g * 7919) %% 1000003) / 1000003.0,
                       w.id, w.email, %(org)s, c.id,
                       CASE WHEN g.g %% 500 = 0 THEN 'refused'
                            WHEN g.g %% 3 = 0 THEN 'view_map' ELSE 'list' END, '', '', ''
                FROM g JOIN w ON w.n = g.wn
                JOIN c ON c.n = CASE WHEN g.g %% 20 = 0
                                     THEN (g.g * 7919) %% (SELECT count(*) FROM c)
                                     ELSE g.wn * %(caseload)s + g.g %% %(caseload)s END
                """,
                {"org": org.pk, "first": have + 1, "last": have + n, "caseload": caseload},
            )
        have += n
        print(f"  {have:,} log rows", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
    return have


def _time(org, lead, repeat: int) -> tuple[float, int]:
    from django.utils import timezone

    from omkreds.privacy.models import LogReviewItem
    from omkreds.privacy.review import log_review_create

    today = timezone.localdate()
    seconds, items = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        review = log_review_create(
            organisation=org,
            reviewer=lead,
            period_from=today - dt.timedelta(days=364),
            period_to=today,
            sample_size=100,
        )
        seconds.append(time.perf_counter() - started)
        items = LogReviewItem.objects.filter(review=review).count()
    return statistics.median(seconds), items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rows", default="2000000")
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--team-size", type=int, default=10)
    parser.add_argument("--caseload", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The bench fills the log with PostgreSQL's generate_series.")
    _setup(args.database_url)
    org, org_lead, team_lead = _world(args)
    results = []
    for total in sorted(int(x) for x in args.rows.split(",")):
        have = _fill(org, total, args.caseload)
        whole = _time(org, org_lead, args.repeat)
        team = _time(org, team_lead, args.repeat)
        results.append((have, whole, team))
    print(
        f"Log review creation, 365 days · Omkreds {commit()} · PostgreSQL · "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )
    print(
        f"{'log rows':>12}  {'organisation s':>14}  {'items':>5}  {'one team s':>10}  {'items':>5}"
    )
    print(f"{'-' * 12}  {'-' * 14}  {'-' * 5}  {'-' * 10}  {'-' * 5}")
    for have, (ws, wi), (ts, ti) in results:
        print(f"{have:>12,}  {ws:>14.2f}  {wi:>5}  {ts:>10.2f}  {ti:>5}")


if __name__ == "__main__":
    main()
