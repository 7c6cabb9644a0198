"""No log, no data: when the access log cannot be written, citizen data is not shown.

The write fails for real: the access-log table is renamed away for the length of the test, so
the INSERT meets the same error as on a database that refuses it. The tests run outside a
wrapping transaction (as a request does in production), so that on PostgreSQL the failed
INSERT does not poison the rest of the request.
"""

import json
from contextlib import contextmanager

import pytest
from django.db import connection

from omkreds.access.models import AccessLogEntry
from omkreds.accounts.models import ApiToken
from omkreds.citizens.models import Citizen
from omkreds.lib.testing import trust
from omkreds.lib.testing.cast import CANARY

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def access_log_unwritable():
    table = AccessLogEntry._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {quote(table)} RENAME TO {quote(table + '_away')}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {quote(table + '_away')} RENAME TO {quote(table)}")


@pytest.fixture
def bearer(cast):
    _token, secret = ApiToken.issue(user=cast.worker, organisation=cast.org, name="guard")
    return {"Authorization": f"Bearer {secret}"}


def assert_no_data(response, case: str, *, change_kept: bool = False):
    """Record the request for the trust report (figure 2), then assert it showed nothing."""
    body = response.content.decode()
    # The canary is in every personal field of the cast's citizens; 1987 is the date of birth.
    with_data = CANARY in body or "1987" in body
    trust.record(
        "log-guard",
        case=f"{case} → {response.status_code}",
        requests_with_log_failing=1,
        responses_with_citizen_data=int(with_data),
        changes_kept=int(change_kept),
    )
    assert CANARY not in body
    assert "1987" not in body


def test_citizen_page_answers_503_without_data(client, cast, login_as):
    login_as(cast.worker)
    assert client.get(f"/citizens/{cast.citizen.pk}/").status_code == 200
    with access_log_unwritable():
        response = client.get(f"/citizens/{cast.citizen.pk}/")
    assert_no_data(response, "GET citizen page")
    assert response.status_code == 503


def test_home_page_list_answers_503_without_data(client, cast, login_as):
    login_as(cast.worker)
    with access_log_unwritable():
        response = client.get("/")
    assert_no_data(response, "GET home page (caseload list)")
    assert response.status_code == 503


@pytest.mark.parametrize("path", ["/api/v1/citizens/{id}", "/api/v1/citizens/"])
def test_api_reads_answer_503_json_without_data(client, cast, bearer, path):
    url = path.format(id=cast.citizen.pk)
    assert client.get(url, headers=bearer).status_code == 200
    with access_log_unwritable():
        response = client.get(url, headers=bearer)
    assert_no_data(response, f"GET {path}")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}


def test_api_create_is_undone_when_the_log_fails(client, cast, bearer):
    with access_log_unwritable():
        response = client.post(
            "/api/v1/citizens/",
            data=json.dumps({"name": f"{CANARY}-new"}),
            content_type="application/json",
            headers=bearer,
        )
    kept = Citizen.objects.filter(name=f"{CANARY}-new").exists()
    assert_no_data(response, "POST /api/v1/citizens/", change_kept=kept)
    assert response.status_code == 503
    assert not kept


def test_api_edit_changes_nothing_when_the_log_fails(client, cast, bearer):
    with access_log_unwritable():
        response = client.patch(
            f"/api/v1/citizens/{cast.citizen.pk}",
            data=json.dumps({"name": "Changed"}),
            content_type="application/json",
            headers=bearer,
        )
    cast.citizen.refresh_from_db()
    kept = not cast.citizen.name.startswith(CANARY)
    assert_no_data(response, "PATCH /api/v1/citizens/{id}", change_kept=kept)
    assert response.status_code == 503
    assert not kept
