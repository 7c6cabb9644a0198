"""Seed 003's additions: the planning meeting of main person, employee and coordinator ("Derefter
aftales et møde med en samordner": date, agreed questions), each proposal linked to the question
it answers (or "other"), and the plan PDF grouped by question."""

import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from omkreds.access.models import ChangeRecord
from omkreds.councils import documents as documents_council
from omkreds.councils import planning
from omkreds.councils import services as sc
from omkreds.councils import services_plan as sc_plan
from omkreds.councils import services_room as sc_room
from omkreds.councils.errors import InvalidChoice
from omkreds.councils.models import Council, Proposal
from omkreds.councils.tests.setup_councils import QUESTIONS, in_step, prepared
from omkreds.lib.testing.cast import login

ROOM = "/council-room/"
ROOM_PROPOSALS = "/council-room/proposals/"


def _client(user) -> Client:
    client = Client()
    login(client, user)
    return client


def _page(council, suffix: str = "") -> str:
    return f"/councils/{council.pk}/{suffix}"


def _pdf_text(data: bytes) -> str:
    # Words in table cells wrap: compare with single spaces.
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


# --- The planning meeting ------------------------------------------------------------------


def test_the_workspace_prompts_for_the_planning_meeting_and_records_it(cast):
    council = prepared(cast)
    worker = _client(cast.worker)
    page = worker.get(_page(council)).content.decode()
    assert "Next: agree a meeting of the main person, the employee and the coordinator" in page
    assert _page(council, "planning/") in page
    form = worker.get(_page(council, "planning/"))
    assert form.status_code == 200
    assert "Derefter aftales et møde med en samordner" in form.content.decode()
    met_on = timezone.localdate() - dt.timedelta(days=2)
    response = worker.post(
        _page(council, "planning/"),
        {"met_on": met_on.isoformat(), "note": "Ida vil have Bo med.", "based_on": ""},
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.planning_met_on == met_on
    assert council.planning_questions == QUESTIONS
    assert council.planning_note == "Ida vil have Bo med."
    assert ChangeRecord.objects.filter(kind="council_planning").count() == 1
    page = worker.get(_page(council)).content.decode()
    for question in QUESTIONS:
        assert question in page.split('id="planning"')[1].split("</section>")[0]


def test_the_coordinator_records_it_too_and_a_stale_record_gets_409(cast):
    council = prepared(cast)
    planning.planning_meeting_record(
        council=council, by=cast.worker, met_on=timezone.localdate(), expected=""
    )
    coordinator = _client(cast.coordinator)
    assert coordinator.get(_page(council, "planning/")).status_code == 200
    response = coordinator.post(
        _page(council, "planning/"),
        {"met_on": timezone.localdate().isoformat(), "note": "x", "based_on": ""},
    )
    assert response.status_code == 409
    assert "Someone else recorded the planning meeting" in response.content.decode()
    council.refresh_from_db()
    assert council.planning_note == ""
    response = coordinator.post(
        _page(council, "planning/"),
        {
            "met_on": timezone.localdate().isoformat(),
            "note": "Agreed.",
            "based_on": planning.based_on(council),
        },
    )
    assert response.status_code == 302
    assert Council.objects.get(pk=council.pk).planning_note == "Agreed."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"met_on": ""}, "This field is required"),
        ({"met_on": "not a date"}, "Enter a valid date"),
        ({"met_on": "1999-01-01"}, "within a year from today"),
    ],
)
def test_bad_input_changes_nothing(cast, data, message):
    council = prepared(cast)
    response = _client(cast.worker).post(_page(council, "planning/"), {"based_on": "", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Council.objects.get(pk=council.pk).planning_recorded_at is None


def test_not_before_the_coordinator_nor_after_the_council_started(cast):
    unassigned = prepared(cast, assigned=False)
    with pytest.raises(planning.CoordinatorFirst):
        planning.planning_meeting_record(
            council=unassigned, by=cast.worker, met_on=timezone.localdate(), expected=""
        )
    assert (
        "Once the coordinator is assigned"
        in _client(cast.worker).get(_page(unassigned)).content.decode()
    )
    Council.objects.filter(pk=unassigned.pk).delete()


def test_the_page_shows_when_the_questions_changed_since(cast):
    council = prepared(cast)
    planning.planning_meeting_record(
        council=council, by=cast.worker, met_on=timezone.localdate(), expected=""
    )
    sc.questions_set(council=council, by=cast.worker, questions=[*QUESTIONS, "Hvad med Bo?"])
    council.refresh_from_db()
    page = _client(cast.worker).get(_page(council, "planning/")).content.decode()
    assert "The questions have changed since the planning meeting was recorded" in page
    assert council.planning_questions == QUESTIONS  # as agreed then


def test_planning_page_guard(cast):
    council = prepared(cast)
    assert _client(cast.colleague).get(_page(council, "planning/")).status_code == 404
    assert _client(cast.worker).put(_page(council, "planning/")).status_code == 405
    started = in_step(cast, "information")
    response = _client(cast.worker).post(
        _page(started, "planning/"),
        {"met_on": timezone.localdate().isoformat(), "based_on": ""},
    )
    assert response.status_code == 400
    assert Council.objects.get(pk=started.pk).planning_recorded_at is None


# --- Proposals answer questions, and the plan is grouped by them ------------------------------


def _join(council) -> Client:
    device = Client()
    code = sc_room.room_open(council=council, by=cast_coordinator(council))
    response = device.post(ROOM, {"code": code})
    assert response.status_code == 302
    return device


def cast_coordinator(council):
    return council.coordinator


def test_the_network_links_each_proposal_to_a_question_or_other(cast):
    council = in_step(cast, "private")
    first, second = council.questions.all()
    device = _join(council)
    page = device.get(ROOM_PROPOSALS).content.decode()
    for question in QUESTIONS:
        assert question in page
    for question, what in ((first.pk, "Bo finder en lejlighed"), ("", "Ida går til fodbold")):
        response = device.post(
            ROOM_PROPOSALS, {"question": question, "kind": "resources", "what": what}
        )
        assert response.status_code == 302
    flat = Proposal.objects.get(what="Bo finder en lejlighed")
    assert flat.question == first
    assert Proposal.objects.get(what="Ida går til fodbold").question is None
    # A question of another council is not offered, and refused by the service.
    other = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=["Andet?"])
    response = device.post(
        ROOM_PROPOSALS,
        {"question": other.questions.get().pk, "kind": "wishes", "what": "Forkert"},
    )
    assert response.status_code == 400
    assert not Proposal.objects.filter(what="Forkert").exists()
    with pytest.raises(InvalidChoice):
        sc_room.proposal_add(
            council=council, kind="wishes", what="Forkert", question=other.questions.get()
        )
    # Changed in the room: moved to the second question.
    response = device.post(
        f"{ROOM_PROPOSALS}{flat.pk}/",
        {"question": second.pk, "kind": "resources", "what": flat.what},
    )
    assert response.status_code == 302
    flat.refresh_from_db()
    assert flat.question == second
    page = device.get(ROOM_PROPOSALS).content.decode()
    assert "Answers the question: " + QUESTIONS[1] in page


def test_making_a_proposal_concrete_in_step_3_keeps_its_question(cast):
    council = in_step(cast, "private")
    first = council.questions.first()
    proposal = sc_room.proposal_add(council=council, kind="improve", what="Bolig", question=first)
    sc.step_advance(council=council, by=cast.coordinator)
    sc_plan.plan_present(council=council, by=cast.coordinator, presented_by="Anna")
    sc_room.proposal_edit(proposal=proposal, kind="improve", what="Bolig inden 1. maj", who="Bo")
    proposal.refresh_from_db()
    assert (proposal.what, proposal.question) == ("Bolig inden 1. maj", first)


def test_the_plan_pdf_groups_the_proposals_by_question(cast):
    council = in_step(cast, "private")
    first, second = council.questions.all()
    for what, question in (
        ("Forslag til bolig", first),
        ("Forslag til økonomi", second),
        ("Endnu et til bolig", first),
        ("Forslag uden spørgsmål", None),
    ):
        sc_room.proposal_add(council=council, kind="public", what=what, question=question)
    Council.objects.filter(pk=council.pk).update(language="en")
    council.refresh_from_db()
    text = _pdf_text(documents_council.plan_pdf(council))
    order = [
        "1. " + QUESTIONS[0],
        "Forslag til bolig",
        "Endnu et til bolig",
        "2. " + QUESTIONS[1],
        "Forslag til økonomi",
        "Other",
        "Forslag uden spørgsmål",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions), text
    assert "Initiatives public partners could help with" in text  # the kind, as a column
    groups = documents_council.by_question(
        list(council.questions.all()), list(council.proposals.in_order())
    )
    assert [len(g["proposals"]) for g in groups] == [2, 1, 1]


# --- The council's calendar file ---------------------------------------------------------------


def test_the_council_page_offers_its_calendar_file(cast):
    from icalendar import Calendar

    council = prepared(cast)
    for user in (cast.worker, cast.coordinator, cast.lead):
        client = _client(user)
        page = client.get(_page(council)).content.decode()
        assert _page(council, "calendar.ics") in page
        response = client.get(_page(council, "calendar.ics"))
        assert response["Content-Type"].startswith("text/calendar")
        (event,) = Calendar.from_ical(response.content).walk("VEVENT")
        assert str(event["uid"]) == council.meeting.ical_uid
        assert event.decoded("dtstart") == council.meeting.starts_at
        assert str(event["summary"]) == "Network council"
        assert cast.citizen.name not in response.content.decode()
    assert _client(cast.colleague).get(_page(council, "calendar.ics")).status_code == 404
    unscheduled = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=["Q?"])
    assert _client(cast.worker).get(_page(unscheduled, "calendar.ics")).status_code == 404
