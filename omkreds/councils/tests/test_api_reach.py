"""Network councils through the JSON API: who reaches what (the coordinator their open council,
never the case; other staff nothing), every read logged with the council, a bounded list and
every council operation in the OpenAPI document."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from omkreds.access.models import AccessLogEntry
from omkreds.accounts.models import Role
from omkreds.councils import services as sc
from omkreds.councils.models import Council, CouncilStatus
from omkreds.councils.tests.setup_councils import QUESTIONS, in_step, prepared
from omkreds.councils.tests.setup_councils import api_citizen_url as citizen_url
from omkreds.councils.tests.setup_councils import api_url as url
from omkreds.lib.testing.api import JSON, token_client
from omkreds.lib.testing.cast import make_user
from omkreds.meetings import services

# --- Reach: the policy decides ----------------------------------------------------------------


def test_the_coordinator_never_reaches_the_case(coordinator, cast):
    council = prepared(cast)
    other = services.meeting_decide(
        citizen=cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q?"]
    )
    citizen = f"/api/v1/citizens/{cast.citizen.pk}"
    for path in (
        citizen,
        citizen + "/map",
        citizen + "/map/versions",
        citizen + "/overview",
        citizen + "/meetings",
        citizen + f"/meetings/{other.pk}",
        # The council's own meeting, through the meetings API, belongs to the case.
        citizen + f"/meetings/{council.meeting_id}",
        citizen + "/meetings/actions",
        f"/api/v1/cti/citizens/{cast.citizen.pk}/courses",
        citizen_url(cast),
    ):
        response = coordinator.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not found."}
    assert (
        coordinator.post(citizen_url(cast), {"questions": ["q"]}, content_type=JSON).status_code
        == 404
    )
    # The case-only parts of the council, too.
    response = coordinator.put(
        url(council, "/questions"), {"questions": ["Mine?"], "based_on": "x"}, content_type=JSON
    )
    assert response.status_code == 404
    response = coordinator.put(
        url(council, "/coordinator"), {"coordinator_id": cast.coordinator.pk}, content_type=JSON
    )
    assert response.status_code == 404
    assert coordinator.post(url(council, "/followup"), {}, content_type=JSON).status_code == 404
    assert [q.text for q in council.questions.all()] == QUESTIONS
    assert Council.objects.count() == 1
    # Their own council answers.
    assert coordinator.get(url(council)).status_code == 200


def test_another_council_and_other_staff_get_404(cast, coordinator):
    mine = prepared(cast)
    second = make_user("cora2@example.org", "Carl Coordinator", cast.org, Role.COORDINATOR)
    theirs = sc.council_create(citizen=cast.colleague_citizen, by=cast.colleague, questions=["q?"])
    sc.coordinator_assign(council=theirs, by=cast.colleague, coordinator=second)
    for tail in ("", "/invitees", "/visits", "/plan"):
        assert coordinator.get(url(theirs, tail)).status_code == 404, tail
    response = coordinator.post(url(theirs, "/advance"), {"step": "preparing"}, content_type=JSON)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == CouncilStatus.PREPARING
    for user in (cast.colleague, cast.professional, cast.admin, cast.outsider, second):
        organisation = cast.other_org if user == cast.outsider else cast.org
        client = token_client(Client(), user, organisation)
        assert client.get(url(mine)).status_code == 404, user
        assert client.get(citizen_url(cast)).status_code == 404, user
    assert Client().get(url(mine)).status_code == 401


def test_the_coordinator_lists_only_their_open_councils(coordinator, worker, cast):
    open_one = prepared(cast)
    closed = in_step(cast, "closed")
    rows = coordinator.get("/api/v1/councils/mine").json()
    assert [r["id"] for r in rows] == [str(open_one.pk)]
    assert rows[0]["main_person"] == cast.citizen.name
    assert worker.get("/api/v1/councils/mine").json() == []
    assert closed.status == CouncilStatus.CLOSED


def test_every_read_is_logged_with_the_council(coordinator, cast):
    council = prepared(cast)
    before = AccessLogEntry.objects.count()
    coordinator.get(url(council, "/invitees"))
    entry = AccessLogEntry.objects.latest("at")
    assert AccessLogEntry.objects.count() == before + 1
    assert (entry.user, entry.citizen_id, entry.action, entry.object_id) == (
        cast.coordinator,
        cast.citizen.pk,
        "council",
        str(council.pk),
    )


# --- A bounded list, and the OpenAPI document -------------------------------------------------


def test_the_list_takes_the_same_queries_for_two_or_twelve_councils(worker, cast):
    for _ in range(2):
        prepared(cast)
    worker.get(citizen_url(cast))  # the token's first use writes its time
    with CaptureQueriesContext(connection) as few:
        assert len(worker.get(citizen_url(cast)).json()["items"]) == 2
    for _ in range(10):
        prepared(cast)
    with CaptureQueriesContext(connection) as many:
        page = worker.get(citizen_url(cast)).json()
    assert (page["count"], len(page["items"])) == (12, 12)
    assert len(many) == len(few)
    assert {(r["questions"], r["invitees"]) for r in page["items"]} == {(2, 2)}
    assert {r["coordinator"]["name"] for r in page["items"]} == {"Cora Coordinator"}
    assert len(worker.get(citizen_url(cast) + "?limit=5&offset=10").json()["items"]) == 2


def test_the_openapi_document_lists_every_council_operation(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    council = "/api/v1/councils/{council_id}"
    expected = {
        "/api/v1/councils/mine": {"get"},
        "/api/v1/citizens/{citizen_id}/councils": {"get", "post"},
        council: {"get"},
        council + "/questions": {"put"},
        council + "/coordinator": {"put"},
        council + "/schedule": {"post"},
        council + "/invitees": {"get", "post"},
        council + "/invitees/{invitee_id}/letter.pdf": {"get"},
        council + "/visits": {"get", "post"},
        council + "/send": {"post"},
        council + "/advance": {"post"},
        council + "/proposals": {"get"},
        council + "/present": {"post"},
        council + "/proposals/{proposal_id}/answer": {"post"},
        council + "/close": {"post"},
        council + "/plan": {"get"},
        council + "/plan.pdf": {"get"},
        council + "/plan/share": {"post"},
        council + "/followup": {"post"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path
    assert "application/pdf" in paths[council + "/plan.pdf"]["get"]["responses"]["200"]["content"]
