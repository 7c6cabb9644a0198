"""The citizens API: /api/v1/citizens/."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from omkreds.access.models import AccessLogEntry
from omkreds.accounts.models import ApiToken, Membership
from omkreds.citizens.models import Citizen
from omkreds.lib.testing.cast import CANARY, login

LIST = "/api/v1/citizens/"


def detail(citizen) -> str:
    return f"/api/v1/citizens/{citizen.pk}"


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def token(cast):
    """The worker's token and its secret."""
    return ApiToken.issue(user=cast.worker, organisation=cast.org, name="script")


@pytest.fixture
def auth(token):
    return bearer(token[1])


def post_json(client, url, body, **kwargs):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", **kwargs)


def patch_json(client, url, body, **kwargs):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.patch(url, data=data, content_type="application/json", **kwargs)


# --- Who may call -------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_gets_401_json(client, cast, method):
    response = getattr(client, method)(LIST)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "token" in response.json()["detail"]
    assert client.get(detail(cast.citizen)).status_code == 401


def test_token_reads_the_workers_own_citizens(client, cast, auth):
    response = client.get(LIST, headers=auth)
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["items"]] == [str(cast.citizen.pk)]


def test_token_records_last_use_at_most_once_a_minute(client, cast, token, auth):
    client.get(LIST, headers=auth)
    token[0].refresh_from_db()
    first = token[0].last_used_at
    assert first is not None
    client.get(LIST, headers=auth)
    token[0].refresh_from_db()
    assert token[0].last_used_at == first
    ApiToken.objects.filter(pk=token[0].pk).update(last_used_at=first - dt.timedelta(minutes=2))
    client.get(LIST, headers=auth)
    token[0].refresh_from_db()
    assert token[0].last_used_at > first - dt.timedelta(minutes=2)


def test_revoked_token_gets_401(client, cast, token, auth):
    ApiToken.objects.filter(pk=token[0].pk).update(revoked_at=timezone.now())
    response = client.get(LIST, headers=auth)
    assert response.status_code == 401
    assert CANARY not in response.content.decode()


def test_token_of_deactivated_user_gets_401(client, cast, token, auth):
    cast.worker.is_active = False
    cast.worker.save()
    assert client.get(LIST, headers=auth).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer omk_unknown", "Bearer", "Bearer ", "Token omk_x", "omk_x", "Bearer not-ours"],
)
def test_wrong_tokens_get_401(client, cast, header):
    assert client.get(LIST, headers={"Authorization": header}).status_code == 401


def test_wrong_token_does_not_fall_back_on_the_session(client, cast, login_as):
    login_as(cast.worker)
    assert client.get(LIST).status_code == 200
    assert client.get(LIST, headers=bearer("omk_unknown")).status_code == 401


def test_token_without_membership_creates_nothing(client, cast, token, auth):
    Membership.objects.filter(user=cast.worker).update(is_active=False)
    response = client.get(LIST, headers=auth)
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert post_json(client, LIST, {"name": "Ny"}, headers=auth).status_code == 404
    assert not Citizen.objects.filter(name="Ny").exists()


def test_session_needs_the_second_factor(client, cast, login_as):
    login_as(cast.worker, verified=False)
    response = client.get(LIST)
    assert response.status_code == 401
    assert CANARY not in response.content.decode()
    login_as(cast.worker)
    assert client.get(LIST).status_code == 200


def test_session_post_needs_csrf_token(cast):
    browser = Client(enforce_csrf_checks=True)
    login(browser, cast.worker)
    response = post_json(browser, LIST, {"name": "Uden token"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Citizen.objects.filter(name="Uden token").exists()

    browser.get("/")  # the page sets the CSRF cookie, as in a browser
    csrf = browser.cookies["csrftoken"].value
    response = post_json(browser, LIST, {"name": "Med token"}, headers={"X-CSRFToken": csrf})
    assert response.status_code == 201
    # Reading needs no CSRF token.
    assert browser.get(LIST).status_code == 200


def test_token_post_needs_no_csrf_token(cast, auth):
    browser = Client(enforce_csrf_checks=True)
    assert post_json(browser, LIST, {"name": "Script"}, headers=auth).status_code == 201


# --- Reading ------------------------------------------------------------------------------


def test_detail_logs_before_answering(client, cast, auth):
    response = client.get(detail(cast.citizen), headers=auth)
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == cast.citizen.name
    assert body["date_of_birth"] == "1987-03-14"
    assert body["primary_worker"] == {"id": cast.worker.pk, "name": "Wanda Worker"}
    entry = AccessLogEntry.objects.get(citizen_id=cast.citizen.pk)
    assert (entry.user, entry.organisation, entry.action) == (cast.worker, cast.org, "view_case")


@pytest.mark.parametrize("which", ["outsider_citizen", "colleague_citizen", "other_team_citizen"])
def test_citizen_out_of_reach_is_404(client, cast, auth, which):
    response = client.get(detail(getattr(cast, which)), headers=auth)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert CANARY not in response.content.decode()
    # The refused look-up is recorded, with no data (issue 15, point 11).
    [entry] = AccessLogEntry.objects.all()
    assert (entry.action, entry.citizen_id, entry.user) == (
        "refused",
        getattr(cast, which).pk,
        cast.worker,
    )


def test_unknown_and_malformed_ids(client, cast, auth):
    assert (
        client.get(
            "/api/v1/citizens/" + "0" * 8 + "-0000-0000-0000-" + "0" * 12, headers=auth
        ).status_code
        == 404
    )
    response = client.get("/api/v1/citizens/not-a-uuid", headers=auth)
    assert response.status_code == 422
    assert response.json()["errors"] == {"citizen_id": ["Enter a valid id."]}


def test_professional_under_consent_does_not_read_the_case(client, cast, login_as):
    login_as(cast.professional)
    assert client.get(detail(cast.citizen)).status_code == 404
    # Listed as shared with them, without the case's facts (see test_api_shared.py).
    [item] = client.get(LIST).json()["items"]
    assert (item["id"], item["shared"], item["primary_worker"]) == (
        str(cast.citizen.pk),
        True,
        None,
    )


def test_list_is_paged_logged_and_bounded_in_queries(
    client, cast, auth, django_assert_max_num_queries
):
    Citizen.objects.bulk_create(
        Citizen(
            organisation=cast.org, team=cast.team, name=f"Borger {i:02}", primary_worker=cast.worker
        )
        for i in range(30)
    )
    # Token, its last use, memberships, count, the page, the log rows: the same for any length.
    with django_assert_max_num_queries(6):
        response = client.get(LIST + "?limit=10&offset=5", headers=auth)
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (31, 10, 5)
    assert [c["name"] for c in body["items"]] == [f"Borger {i:02}" for i in range(5, 15)]
    logged = set(AccessLogEntry.objects.filter(action="list").values_list("citizen_id", flat=True))
    assert logged == {
        c.pk for c in Citizen.objects.filter(name__in=[i["name"] for i in body["items"]])
    }
    with django_assert_max_num_queries(6):
        assert client.get(LIST + "?limit=200", headers=auth).status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=0", "limit"), ("limit=201", "limit"), ("offset=-1", "offset"), ("limit=x", "limit")],
)
def test_bad_paging_is_422(client, cast, auth, query, field):
    response = client.get(f"{LIST}?{query}", headers=auth)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


# --- Creating and editing -----------------------------------------------------------------


def test_worker_creates_a_citizen_in_their_organisation(client, cast, auth):
    response = post_json(
        client, LIST, {"name": "  Ny Borger ", "date_of_birth": "1990-05-01"}, headers=auth
    )
    assert response.status_code == 201
    citizen = Citizen.objects.get(pk=response.json()["id"])
    assert citizen.name == "Ny Borger"
    assert (citizen.organisation, citizen.team, citizen.primary_worker) == (
        cast.org,
        cast.team,
        cast.worker,
    )
    assert AccessLogEntry.objects.filter(citizen_id=citizen.pk, action="create_case").exists()


@pytest.mark.parametrize("role", ["admin", "coordinator", "professional"])
def test_roles_without_cases_cannot_create(client, cast, login_as, role):
    login_as(getattr(cast, role))
    assert post_json(client, LIST, {"name": "Ny"}).status_code == 404
    assert not Citizen.objects.filter(name="Ny").exists()


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"name": ""}, {"name": ["This field cannot be empty."]}),
        ({"name": "   "}, {"name": ["This field cannot be empty."]}),
        ({"name": "x" * 201}, {"name": ["Enter at most 200 characters."]}),
        ({}, {"name": ["This field is required."]}),
        ({"name": 5}, {"name": ["Enter text."]}),
        (
            {"name": "A", "date_of_birth": "2999-01-01"},
            {"date_of_birth": ["The date of birth cannot be in the future."]},
        ),
        (
            {"name": "A", "date_of_birth": "1899-12-31"},
            {"date_of_birth": ["The date of birth must be after 1900."]},
        ),
        (
            {"name": "A", "date_of_birth": "14/03/1987"},
            {"date_of_birth": ["Enter a valid date (YYYY-MM-DD)."]},
        ),
        ({"name": "A", "organisation": 2}, {"organisation": ["This field is not allowed."]}),
        ([], {"__all__": ["Send a JSON object."]}),
    ],
)
def test_invalid_fields_are_422_with_a_message_each(client, cast, auth, body, errors):
    before = Citizen.objects.count()
    response = post_json(client, LIST, body, headers=auth)
    assert response.status_code == 422
    assert response.json() == {"detail": "Some fields are not valid.", "errors": errors}
    assert Citizen.objects.count() == before


@pytest.mark.parametrize("body", ["{bad json", '"unterminated', "\xff\xfe", ""])
def test_malformed_body_is_never_a_500(client, cast, auth, body):
    response = post_json(client, LIST, body, headers=auth)
    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/json")
    response = patch_json(client, detail(cast.citizen), body, headers=auth)
    assert response.status_code in (400, 422)


def test_oversized_body_is_413(client, cast, auth, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post_json(client, LIST, {"name": "x" * 2000}, headers=auth)
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}


def test_malformed_json_says_so(client, cast, auth):
    response = post_json(client, LIST, "{bad json", headers=auth)
    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is not valid JSON."}


def test_patch_changes_only_what_is_sent(client, cast, auth):
    response = patch_json(client, detail(cast.citizen), {"name": "Omdøbt"}, headers=auth)
    assert response.status_code == 200
    cast.citizen.refresh_from_db()
    assert cast.citizen.name == "Omdøbt"
    assert cast.citizen.date_of_birth == dt.date(1987, 3, 14)
    assert AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk, action="edit_case").exists()
    patch_json(client, detail(cast.citizen), {"date_of_birth": None}, headers=auth)
    cast.citizen.refresh_from_db()
    assert cast.citizen.date_of_birth is None


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"name": None}, {"name": ["Enter text."]}),
        ({"name": ""}, {"name": ["This field cannot be empty."]}),
        (
            {"date_of_birth": "2999-01-01"},
            {"date_of_birth": ["The date of birth cannot be in the future."]},
        ),
        ({"status": "closed"}, {"status": ["This field is not allowed."]}),
    ],
)
def test_invalid_patch_changes_nothing(client, cast, auth, body, errors):
    response = patch_json(client, detail(cast.citizen), body, headers=auth)
    assert response.status_code == 422
    assert response.json()["errors"] == errors
    cast.citizen.refresh_from_db()
    assert cast.citizen.name.startswith(CANARY)
    assert cast.citizen.status == "active"


def test_patch_out_of_reach_is_404(client, cast, auth):
    response = patch_json(client, detail(cast.outsider_citizen), {"name": "X"}, headers=auth)
    assert response.status_code == 404
    cast.outsider_citizen.refresh_from_db()
    assert cast.outsider_citizen.name.startswith(CANARY)


def test_wrong_method_is_405_json(client, cast, auth):
    response = client.delete(detail(cast.citizen), headers=auth)
    assert response.status_code == 405
    assert Citizen.objects.filter(pk=cast.citizen.pk).exists()


# --- The schema ---------------------------------------------------------------------------


def test_openapi_schema_and_interactive_docs_are_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert {"get", "post"} <= set(schema["paths"]["/api/v1/citizens/"])
    assert {"get", "patch"} <= set(schema["paths"]["/api/v1/citizens/{citizen_id}"])
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
