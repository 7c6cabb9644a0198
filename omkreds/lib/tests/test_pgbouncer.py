"""The app works through PgBouncer in transaction mode (issue 16, docs/deployment.md).

A PgBouncer (Debian's package) is started on loopback in front of the test PostgreSQL, with
at most two server connections, and the test's database connection is pointed at it with the
settings `DB_POOLER=pgbouncer` gives. Signed-in requests then read pages, save a map version
(a transaction with row locks) and write access-log rows, from several threads at once, so
that transactions of different requests take turns on the same server connections. PgBouncer's
own statistics prove that the transactions went through it.

Only this test goes through the bouncer; the rest of the suite connects directly.
"""

from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.db import connection, connections
from django.test import Client

from omkreds.access.models import AccessLogEntry
from omkreds.lib.testing.cast import Cast, login
from omkreds.lib.testing.postgres import pgbouncer
from omkreds.networks.models import MapVersion
from omkreds.networks.samples import sample_document

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PgBouncer pools PostgreSQL connections"
)


@pytest.fixture
def through_pgbouncer(transactional_db):
    """Point the default connection (in every thread) at a PgBouncer; yields its port."""
    settings = connection.settings_dict
    before = {key: settings.get(key) for key in ("HOST", "PORT", "CONN_MAX_AGE")}
    with pgbouncer(
        server_host=settings["HOST"] or "127.0.0.1",
        server_port=int(settings["PORT"] or 5432),
        user=settings["USER"],
        password=settings["PASSWORD"],
        pool_size=2,
    ) as port:
        connections.close_all()
        # What settings.py sets for DB_POOLER=pgbouncer (the dict is shared by every thread's
        # connection, so new threads connect to the bouncer too).
        settings.update(HOST="127.0.0.1", PORT=str(port), CONN_MAX_AGE=0)
        settings["DISABLE_SERVER_SIDE_CURSORS"] = True
        try:
            yield port
        finally:
            connections.close_all()
            settings.update(before)
            settings.pop("DISABLE_SERVER_SIDE_CURSORS")


def _transactions_through(port: int, database: str) -> int:
    settings = connection.settings_dict
    with psycopg.connect(
        host="127.0.0.1",
        port=port,
        dbname="pgbouncer",
        user=settings["USER"],
        password=settings["PASSWORD"],
        autocommit=True,
        cursor_factory=psycopg.ClientCursor,  # the admin console speaks the simple protocol
    ) as admin:
        cursor = admin.execute("SHOW STATS")
        columns = [column.name for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return sum(int(row["total_xact_count"]) for row in rows if row["database"] == database)


def test_signed_in_requests_work_through_pgbouncer_in_transaction_mode(through_pgbouncer):
    cast = Cast.create()
    citizen = cast.citizen
    logs_before = AccessLogEntry.objects.filter(citizen_id=citizen.pk).count()

    def session_of(user) -> Client:
        client = Client()
        login(client, user)
        return client

    worker = session_of(cast.worker)
    assert Client().get("/healthz").status_code == 200
    assert worker.get("/").status_code == 200

    document = sample_document(15, seed=1).model_dump(mode="json")
    saved = worker.post(
        f"/api/v1/citizens/{citizen.pk}/map/versions",
        {"document": document, "based_on": None, "note": "through PgBouncer"},
        content_type="application/json",
    )
    assert saved.status_code == 201, saved.content

    # Four sessions at once over two server connections: every page answers, every look-up
    # is logged.
    pages = [f"/citizens/{citizen.pk}/", f"/citizens/{citizen.pk}/map/", "/"]
    clients = [session_of(user) for user in (cast.worker, cast.lead, cast.worker, cast.lead)]

    def browse(client: Client) -> list[int]:
        try:
            return [client.get(page).status_code for page in pages]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        statuses = list(pool.map(browse, clients))

    assert statuses == [[200, 200, 200]] * len(clients)
    assert MapVersion.objects.filter(map__citizen=citizen).count() == 1
    logged = AccessLogEntry.objects.filter(citizen_id=citizen.pk).count() - logs_before
    # The citizen page and the map page, by each session; the home page lists the citizen too.
    assert logged >= 2 * len(clients)
    assert _transactions_through(through_pgbouncer, connection.settings_dict["NAME"]) > 20
