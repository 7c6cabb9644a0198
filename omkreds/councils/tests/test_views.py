"""The council pages: the worker's, the coordinator's workspace and its limits, the private page
on a device in the room, the acknowledgement of the plan, the plan PDF and the follow-up."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from omkreds.access.models import AccessLogEntry
from omkreds.councils import services as sc
from omkreds.councils import services_plan as sc_plan
from omkreds.councils import services_room as sc_room
from omkreds.councils.models import Council, CouncilStatus, Proposal
from omkreds.councils.tests.setup_councils import QUESTIONS, draw_map, in_step, prepared
from omkreds.lib.testing.cast import login
from omkreds.meetings import services
from omkreds.networks.services import map_document, map_latest

ROOM = "/council-room/"
ROOM_PROPOSALS = "/council-room/proposals/"


def _client(user) -> Client:
    client = Client()
    login(client, user)
    return client


def _page(council, suffix: str = "") -> str:
    return f"/councils/{council.pk}/{suffix}"


def _join(code) -> Client:
    device = Client()
    response = device.post(ROOM, {"code": code})
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == ROOM_PROPOSALS
    return device


# --- The worker -----------------------------------------------------------------------------


def test_worker_creates_a_council_with_the_main_persons_questions(cast):
    client = _client(cast.worker)
    url = f"/citizens/{cast.citizen.pk}/councils/new/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"questions": "Hvordan får Ida en bolig?\n\nHvem kan hjælpe?", "language": "sv"}
    )
    council = Council.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _page(council)
    assert [q.text for q in council.questions.all()] == [
        "Hvordan får Ida en bolig?",
        "Hvem kan hjælpe?",
    ]
    assert council.language == "sv"
    page = client.get(_page(council))
    assert "Hvordan får Ida en bolig?" in page.content.decode()


def test_create_without_questions_shows_the_form_again(cast):
    client = _client(cast.worker)
    response = client.post(f"/citizens/{cast.citizen.pk}/councils/new/", {"questions": " \n "})
    assert response.status_code == 400
    assert not Council.objects.exists()


def test_worker_assigns_a_coordinator_and_a_non_coordinator_is_refused(cast):
    council = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=QUESTIONS)
    client = _client(cast.worker)
    response = client.post(_page(council, "coordinator/"), {"coordinator": cast.colleague.pk})
    assert response.status_code == 400
    council.refresh_from_db()
    assert council.coordinator is None
    response = client.post(_page(council, "coordinator/"), {"coordinator": cast.coordinator.pk})
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.coordinator == cast.coordinator


def test_council_list_has_a_bounded_number_of_queries(cast):
    client = _client(cast.worker)
    url = f"/citizens/{cast.citizen.pk}/councils/"
    prepared(cast)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(4):
        prepared(cast)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert response.content.decode().count("/councils/") >= 5
    assert len(five) == len(one)


# --- The coordinator: only the council, never the case -------------------------------------------


def test_coordinator_workspace_shows_questions_and_invitees_with_contact_details(cast):
    council = prepared(cast)
    client = _client(cast.coordinator)
    response = client.get(_page(council))
    body = response.content.decode()
    assert response.status_code == 200
    assert QUESTIONS[0] in body
    assert "anna@example.dk" in body and "+45 11 22 33 44" in body
    # No way into the case from here.
    assert f"/citizens/{cast.citizen.pk}/" not in body
    entry = AccessLogEntry.objects.filter(user=cast.coordinator).latest("at")
    assert (entry.citizen_id, entry.action, entry.object_id) == (
        cast.citizen.pk,
        "council",
        str(council.pk),
    )


def test_coordinator_gets_404_on_the_case_map_other_meetings_and_cti(cast):
    council = prepared(cast)
    other = services.meeting_decide(
        citizen=cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q?"]
    )
    citizen = cast.citizen.pk
    client = _client(cast.coordinator)
    for url in (
        f"/citizens/{citizen}/",
        f"/citizens/{citizen}/edit/",
        f"/citizens/{citizen}/map/",
        f"/citizens/{citizen}/map/history/",
        f"/citizens/{citizen}/overview/",
        f"/citizens/{citizen}/meetings/",
        f"/citizens/{citizen}/meetings/{other.pk}/",
        # The council's own meeting page belongs to the case.
        f"/citizens/{citizen}/meetings/{council.meeting_id}/",
        f"/citizens/{citizen}/cti/",
        f"/citizens/{citizen}/councils/",
        f"/citizens/{citizen}/councils/new/",
        reverse("api:citizens_detail", kwargs={"citizen_id": citizen}),
    ):
        assert client.get(url).status_code in (404, 401), url
    # The case-only council pages, too.
    assert client.post(_page(council, "questions/"), {"questions": "Mine?"}).status_code == 404
    assert client.get(_page(council, "followup/")).status_code == 404
    assert [q.text for q in council.questions.all()] == QUESTIONS


def test_a_coordinator_of_another_council_and_after_closing_gets_404(cast):
    from omkreds.lib.testing.cast import make_user

    council = in_step(cast, "closed")
    other = make_user("other-coord@example.org", "Otto Samordner", cast.org, "coordinator")
    assert _client(other).get(_page(council)).status_code == 404
    client = _client(cast.coordinator)
    assert client.get(_page(council)).status_code == 404
    assert client.get(_page(council, "plan/")).status_code == 404
    assert "Otto" not in client.get("/councils/mine/").content.decode()


def test_coordinators_list_shows_only_their_open_councils(cast):
    mine = prepared(cast)
    unassigned = prepared(cast, assigned=False)
    client = _client(cast.coordinator)
    response = client.get("/councils/mine/")
    body = response.content.decode()
    assert _page(mine) in body
    assert _page(unassigned) not in body
    assert AccessLogEntry.objects.filter(
        user=cast.coordinator, action="council_list", citizen_id=cast.citizen.pk
    ).exists()


def test_coordinators_list_has_a_bounded_number_of_queries(cast):
    client = _client(cast.coordinator)
    prepared(cast)
    with CaptureQueriesContext(connection) as one:
        client.get("/councils/mine/")
    for _ in range(4):
        prepared(cast)
    with CaptureQueriesContext(connection) as five:
        response = client.get("/councils/mine/")
    assert response.content.decode().count("/councils/") >= 5
    assert len(five) == len(one)


def test_coordinator_records_a_visit_and_sends_invitations(cast, smtp_server):
    council = prepared(cast)
    anna = council.meeting.invitees.get(name="Anna Mor")
    client = _client(cast.coordinator)
    response = client.post(
        _page(council, "visits/"),
        {
            "invitee": anna.pk,
            "visited_on": timezone.localdate().isoformat(),
            "told_about_model": "on",
            "presented_questions": "on",
            "will_attend": "yes",
        },
    )
    assert response.status_code == 302
    visit = council.visits.get()
    assert (visit.told_about_model, visit.presented_questions, visit.will_attend) == (
        True,
        True,
        True,
    )
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(_page(council, "visits/"), {"invitee": anna.pk, "visited_on": future})
    assert response.status_code == 400
    assert "future" in response.content.decode()
    assert client.post(_page(council, "send/")).status_code == 302
    [message] = smtp_server.messages
    assert message["To"] == "anna@example.dk"


def test_coordinator_adds_an_invitee_by_typing_never_from_the_map(cast):
    draw_map(cast)
    council = prepared(cast)
    client = _client(cast.coordinator)
    body = client.get(_page(council)).content.decode()
    assert "c:c-anna" not in body  # the map's people are not offered to the coordinator
    response = client.post(
        _page(council, "invitees/"),
        {
            "person": "c:c-bo",
            "name": "Carl Nabo",
            "phone": "+45 5555",
            "language": "da",
            "channel": "phone",
        },
    )
    assert response.status_code == 302
    carl = council.meeting.invitees.get(name="Carl Nabo")
    assert carl.contact_id == ""


# --- The three steps and the room ----------------------------------------------------------------


def test_the_three_steps_with_the_room_on_one_device(cast):
    council = prepared(cast)
    coordinator = _client(cast.coordinator)
    worker = _client(cast.worker)

    response = coordinator.post(_page(council, "advance/"), {"step": "preparing"})
    assert response["Location"] == _page(council, "steps/information/")
    sheet = coordinator.get(response["Location"]).content.decode()
    assert "Samordneren byder velkommen." in sheet or "The coordinator welcomes everyone." in sheet
    coordinator.post(_page(council, "advance/"), {"step": "information"})
    council.refresh_from_db()
    assert council.status == CouncilStatus.PRIVATE

    opened = coordinator.post(_page(council, "room/"))
    assert opened.status_code == 200
    code = opened.context["code"]
    assert code in opened.content.decode().replace(" ", "")

    device = _join(code)
    page = device.get(ROOM_PROPOSALS)
    assert page.status_code == 200
    assert QUESTIONS[0] in page.content.decode()
    response = device.post(
        ROOM_PROPOSALS,
        {"kind": "resources", "what": "Bo hjælper med flytningen", "who": "Bo", "when": "Maj"},
    )
    assert response.status_code == 302
    assert "Bo hjælper med flytningen" in device.get(ROOM_PROPOSALS).content.decode()
    assert AccessLogEntry.objects.filter(
        user=None, action="council_room", citizen_id=cast.citizen.pk
    ).exists()

    # A second device with the right code is refused, as a wrong code is; the first keeps the page.
    second = Client().post(ROOM, {"code": code})
    assert second.status_code == 400
    assert "in use on another device" in second.content.decode()
    # Employees' accounts do not read the draft: the workspace and the plan count only.
    for client in (worker, coordinator):
        for url in (_page(council), _page(council, "plan/")):
            assert "Bo hjælper med flytningen" not in client.get(url).content.decode()
    assert worker.get(ROOM_PROPOSALS).status_code == 404
    # Presenting before the private step ended is refused.
    response = coordinator.post(_page(council, "plan/present/"), {"presented_by": "Anna"})
    assert response.status_code == 400
    assert "only after the private meeting has ended" in response.content.decode()
    council.refresh_from_db()
    assert council.presented_at is None

    coordinator.post(_page(council, "advance/"), {"step": "private"})
    council.refresh_from_db()
    assert council.status == CouncilStatus.ACKNOWLEDGEMENT
    closed = device.get(ROOM_PROPOSALS)
    assert closed.status_code == 410
    assert "has ended" in closed.content.decode()

    response = coordinator.post(_page(council, "plan/present/"), {"presented_by": "Anna Mor"})
    assert response.status_code == 302
    plan = worker.get(_page(council, "plan/")).content.decode()
    assert "Bo hjælper med flytningen" in plan
    assert "Resources in the network that can be activated" in plan

    _elaborate_and_answer(council, coordinator, worker)
    _close_and_read_the_plan(council, cast, coordinator, worker)


def _elaborate_and_answer(council, coordinator, worker) -> None:
    """Step 3: the presented proposal made concrete, then answered (a reason is required for
    'not possible')."""
    proposal = Proposal.objects.get()
    # Asked to elaborate, the network makes the proposal concrete.
    response = coordinator.post(
        _page(council, f"plan/proposals/{proposal.pk}/"),
        {
            f"e{proposal.pk}-kind": "resources",
            f"e{proposal.pk}-what": "Bo hjælper med flytningen den 3. maj",
            f"e{proposal.pk}-who": "Bo",
            f"e{proposal.pk}-when": "3. maj",
        },
    )
    assert response.status_code == 302
    response = coordinator.post(
        _page(council, f"plan/proposals/{proposal.pk}/"), {f"e{proposal.pk}-kind": "resources"}
    )
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert (proposal.what, proposal.when) == ("Bo hjælper med flytningen den 3. maj", "3. maj")
    answer_url = _page(council, f"plan/proposals/{proposal.pk}/answer/")
    prefix = f"p{proposal.pk}-"
    response = worker.post(answer_url, {prefix + "answer": "not_possible"})
    assert response.status_code == 400
    assert "Give the reason" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.answer == ""
    response = worker.post(
        answer_url, {prefix + "answer": "accepted", prefix + "responsible": "Bo"}
    )
    assert response.status_code == 302


def _close_and_read_the_plan(council, cast, coordinator, worker) -> None:
    """The council closed with a follow-up meeting; the coordinator's reach ends; the plan links
    the follow-up and prints."""
    followup_on = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = coordinator.post(
        _page(council, "close/"),
        {"next_steps": "Vi mødes igen", "followup_on": followup_on, "followup_time": "10:00"},
    )
    assert response["Location"] == "/councils/mine/"
    council.refresh_from_db()
    assert council.status == CouncilStatus.CLOSED
    assert coordinator.get(_page(council)).status_code == 404

    followup_meeting = council.meeting.followups.get()
    plan = worker.get(_page(council, "plan/")).content.decode()
    assert f"/citizens/{cast.citizen.pk}/meetings/{followup_meeting.pk}/" in plan

    pdf = worker.get(_page(council, "plan.pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Bo hjælper med flytningen den 3. maj" in " ".join(text.split())  # cells wrap


def test_wrong_or_expired_code_gets_a_clear_message(cast):
    council = in_step(cast, "private")
    code = sc_room.room_open(council=council, by=cast.coordinator)
    response = Client().post(ROOM, {"code": "WRONG123"})
    assert response.status_code == 400
    assert "it is wrong, has expired" in response.content.decode()
    Council.objects.filter(pk=council.pk).update(
        room_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = Client().post(ROOM, {"code": code})
    assert response.status_code == 400
    assert "it is wrong, has expired" in response.content.decode()
    council.refresh_from_db()
    assert council.room_device_hash == ""


def test_room_pages_refuse_signed_in_users_and_devices_without_the_code(cast):
    council = in_step(cast, "private")
    code = sc_room.room_open(council=council, by=cast.coordinator)
    for user in (cast.worker, cast.coordinator, cast.lead):
        client = _client(user)
        assert client.get(ROOM).status_code == 404
        assert client.post(ROOM, {"code": code}).status_code == 404
    response = Client().post(ROOM_PROPOSALS, {"kind": "improve", "what": "x"})
    assert response.status_code == 302 and response["Location"] == ROOM
    assert not council.proposals.exists()


def test_device_edits_a_proposal_of_its_own_council_only(cast):
    council = in_step(cast, "private")
    device = _join(sc_room.room_open(council=council, by=cast.coordinator))
    device.post(ROOM_PROPOSALS, {"kind": "improve", "what": "Mere motion"})
    proposal = council.proposals.get()
    url = f"{ROOM_PROPOSALS}{proposal.pk}/"
    assert device.get(url).status_code == 200
    response = device.post(url, {"kind": "wishes", "what": "Svømning om tirsdagen"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.kind, proposal.what) == ("wishes", "Svømning om tirsdagen")
    # Another council's proposal is not found from this device.
    other = in_step(cast, "acknowledgement")
    foreign = other.proposals.get()
    assert device.get(f"{ROOM_PROPOSALS}{foreign.pk}/").status_code == 404


# --- The plan, sharing, follow-up --------------------------------------------------------------


def test_plan_pdf_is_404_before_presentation(cast):
    council = in_step(cast, "acknowledgement")
    assert _client(cast.worker).get(_page(council, "plan.pdf")).status_code == 404


def test_plan_is_shared_from_the_page_with_chosen_participants(cast, smtp_server):
    council = in_step(cast, "presented")
    anna = council.meeting.invitees.get(name="Anna Mor")
    response = _client(cast.worker).post(_page(council, "plan/share/"), {"recipients": [anna.pk]})
    assert response.status_code == 302
    [message] = smtp_server.messages
    assert message["To"] == "anna@example.dk"


def test_followup_page_writes_people_who_became_active_onto_the_map(cast):
    draw_map(cast)
    council = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=QUESTIONS)
    sc.coordinator_assign(council=council, by=cast.worker, coordinator=cast.coordinator)
    anna = sc.council_invitee_add(
        council=council, by=cast.worker, contact_id="c-anna", email="anna@example.dk"
    )
    for _ in range(2):
        sc.step_advance(council=council, by=cast.coordinator)
    proposal = sc_room.proposal_add(
        council=council, kind="resources", what="Lektiehjælp", who_invitee=anna
    )
    sc.step_advance(council=council, by=cast.coordinator)
    sc_plan.plan_present(council=council, by=cast.coordinator)
    before = map_latest(citizen=cast.citizen).number
    client = _client(cast.worker)
    page = client.get(_page(council, "followup/"))
    assert "Anna Mor is now active" in page.content.decode()
    response = client.post(
        _page(council, "followup/"),
        {
            f"status_{proposal.pk}": "done",
            f"note_{proposal.pk}": "Går fint",
            f"activate_{proposal.pk}": "on",
        },
    )
    assert response.status_code == 302
    assert map_latest(citizen=cast.citizen).number == before + 1
    anna_on_map = next(c for c in map_document(citizen=cast.citizen).contacts if c.id == "c-anna")
    assert anna_on_map.already_active
    proposal.refresh_from_db()
    assert proposal.status == "done"


def test_wrong_method_is_refused(cast):
    council = prepared(cast)
    client = _client(cast.worker)
    assert client.get(_page(council, "advance/")).status_code == 405
    assert client.post(_page(council, "plan.pdf")).status_code == 405


@pytest.mark.parametrize("step", ["information", "private", "acknowledgement"])
def test_run_sheets_quote_the_leaflet_in_danish(cast, step):
    from omkreds.accounts.models import User

    User.objects.filter(pk=cast.worker.pk).update(language="da")
    council = prepared(cast)
    client = _client(cast.worker)
    client.cookies["django_language"] = "da"
    body = client.get(_page(council, f"steps/{step}/")).content.decode()
    expected = {
        "information": "Samordneren byder velkommen.",
        "private": "uden at medarbejderne og samordneren er til stede.",
        "acknowledgement": "Der aftales et opfølgende møde.",
    }[step]
    assert expected in body
    assert client.get(_page(council, "steps/nonsense/")).status_code == 404
