"""Network councils through the JSON API: the workflow from the questions to the follow-up, the
coordinator's limits (their open council, never the case), the draft hidden from every account
until it is presented, bad input refused with nothing changed, the log, and a bounded list."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from omkreds.councils import services as sc
from omkreds.councils import services_plan as sc_plan
from omkreds.councils import services_room as sc_room
from omkreds.councils.models import Council, CouncilStatus, Proposal, Visit
from omkreds.councils.tests.setup_councils import (
    QUESTIONS,
    draw_map,
    in_step,
    prepared,
)
from omkreds.councils.tests.setup_councils import (
    api_citizen_url as citizen_url,
)
from omkreds.councils.tests.setup_councils import (
    api_url as url,
)
from omkreds.lib.testing.api import JSON, in_language
from omkreds.meetings import services, services_invitations
from omkreds.meetings.models import Invitee
from omkreds.meetings.tests.conftest import at
from omkreds.networks.services import map_document, map_latest

DRAFT = "Anna kører Ida til lægen"  # the proposal `in_step` writes in the private meeting


def _today(days: int = 0) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- The workflow --------------------------------------------------------------------------


def test_the_worker_creates_assigns_schedules_and_invites_from_the_map(worker, cast):
    draw_map(cast)
    response = worker.post(
        citizen_url(cast), {"questions": [*QUESTIONS, "  "], "language": "sv"}, content_type=JSON
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "preparing"
    assert [q["text"] for q in data["questions"]] == QUESTIONS
    assert (data["language"], data["employee"]["id"], data["coordinator"]) == (
        "sv",
        cast.worker.pk,
        None,
    )
    council = Council.objects.get(pk=data["id"])

    response = worker.put(
        url(council, "/coordinator"),
        {
            "coordinator_id": cast.coordinator.pk,
            "period_from": _today(),
            "period_until": _today(60),
        },
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert response.json()["coordinator"] == {"id": cast.coordinator.pk, "name": "Cora Coordinator"}
    assert response.json()["period_until"] == _today(60)

    response = worker.post(
        url(council, "/schedule"),
        {"starts_at": at(7, 17).isoformat(), "ends_at": at(7, 20).isoformat(), "place": "Huset"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert response.json()["council"]["place"] == "Huset"
    assert response.json()["warnings"] == []

    response = worker.post(
        url(council, "/invitees"),
        {"contact_id": "c-anna", "email": "anna@example.dk", "language": "da"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assert (response.json()["name"], response.json()["contact_id"]) == ("Anna Mor", "c-anna")

    based_on = worker.get(url(council)).json()["questions_version"]
    response = worker.put(
        url(council, "/questions"),
        {"questions": ["Hvor skal Ida bo?"], "based_on": based_on},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert [q["text"] for q in response.json()["questions"]] == ["Hvor skal Ida bo?"]
    # The invitation lists the same questions: the council's meeting has them too.
    assert [q.text for q in council.meeting.questions.all()] == ["Hvor skal Ida bo?"]

    assert [c["id"] for c in worker.get(citizen_url(cast)).json()["items"]] == [str(council.pk)]


def test_the_coordinator_invites_visits_and_sends(coordinator, cast, smtp_server):
    council = prepared(cast)
    response = coordinator.get(url(council))
    assert response.status_code == 200
    assert response.json()["questions"][0]["text"] == QUESTIONS[0]
    people = coordinator.get(url(council, "/invitees")).json()
    anna = next(p for p in people if p["name"] == "Anna Mor")
    assert (anna["email"], anna["phone"]) == ("anna@example.dk", "+45 11 22 33 44")

    response = coordinator.post(
        url(council, "/invitees"),
        {"name": "Mads Nabo", "postal_address": "Nørregade 1", "channel": "letter"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    mads = response.json()["id"]

    response = coordinator.post(
        url(council, "/visits"),
        {
            "invitee_id": anna["id"],
            "visited_on": _today(),
            "told_about_model": True,
            "presented_questions": True,
            "will_attend": True,
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    # A second visit to the same person corrects the first.
    response = coordinator.post(
        url(council, "/visits"),
        {"invitee_id": anna["id"], "visited_on": _today(-1), "will_attend": False},
        content_type=JSON,
    )
    assert response.status_code == 201
    visits = coordinator.get(url(council, "/visits")).json()
    assert [(v["invitee_name"], v["visited_on"], v["will_attend"]) for v in visits] == [
        ("Anna Mor", _today(-1), False)
    ]

    response = coordinator.post(url(council, "/send"), content_type=JSON)
    assert response.status_code == 200, response.content
    sent = response.json()
    assert sent["emailed"] == [anna["id"]]
    assert [letter["invitee_id"] for letter in sent["letters"]] == [mads]
    assert [call["name"] for call in sent["phone"]] == ["Bo Ven"]
    assert [e.recipients[0] for e in smtp_server.envelopes] == ["anna@example.dk"]
    letter = coordinator.get(sent["letters"][0]["pdf_url"])
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert "Mads Nabo" in _pdf_text(letter.content)


def test_the_draft_is_hidden_from_every_account_until_presented(worker, coordinator, cast):
    council = in_step(cast, "private")
    sc_room.proposal_add(council=council, kind="resources", what=DRAFT)
    for client in (worker, coordinator):
        for tail in ("/proposals", "/plan", "/plan.pdf"):
            response = client.get(url(council, tail))
            assert response.status_code == 409, tail
            assert DRAFT not in response.content.decode()
            assert response.json()["detail"] == "The network has not presented the plan yet."
        assert client.get(url(council)).json()["proposals"] == 1

    # Not before the private meeting has ended.
    response = coordinator.post(
        url(council, "/present"), {"presented_by": "Anna"}, content_type=JSON
    )
    assert response.status_code == 409
    assert "after the private meeting has ended" in response.json()["detail"]
    council.refresh_from_db()
    assert council.presented_at is None

    response = coordinator.post(url(council, "/advance"), {"step": "private"}, content_type=JSON)
    assert response.json()["status"] == "acknowledgement"
    assert worker.get(url(council, "/proposals")).status_code == 409
    response = coordinator.post(
        url(council, "/present"), {"presented_by": "Anna"}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    assert response.json()["presented_by"] == "Anna"
    for client in (worker, coordinator):
        rows = client.get(url(council, "/proposals")).json()
        assert [p["what"] for p in rows] == [DRAFT]


def test_answers_the_plan_its_pdf_sharing_and_close(worker, coordinator, cast, smtp_server):
    council = in_step(cast, "presented")
    proposal = council.proposals.get()
    anna = council.meeting.invitees.get(name="Anna Mor")
    answer = url(council, f"/proposals/{proposal.pk}/answer")
    response = coordinator.post(answer, {"answer": "not_possible"}, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == {"reason": ["Give the reason why this is not possible."]}
    proposal.refresh_from_db()
    assert proposal.answer == ""
    response = coordinator.post(
        answer, {"answer": "accepted", "responsible": "Anna Mor"}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    assert (response.json()["answer"], response.json()["responsible"]) == ("accepted", "Anna Mor")

    plan = worker.get(url(council, "/plan")).json()
    assert [g["kind"] for g in plan["groups"]] == ["improve", "wishes", "public", "resources"]
    assert [p["what"] for p in plan["groups"][3]["proposals"]] == [DRAFT]
    assert plan["questions"] == QUESTIONS
    pdf = coordinator.get(url(council, "/plan.pdf"))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "Anna kører Ida" in _pdf_text(pdf.content)

    response = worker.post(
        url(council, "/plan/share"), {"invitee_ids": [anna.pk]}, content_type=JSON
    )
    assert response.json() == {"sent_to": [anna.pk], "failed": [], "to_print": [], "to_call": []}
    assert [e.recipients[0] for e in smtp_server.envelopes] == ["anna@example.dk"]
    assert worker.get(url(council, "/plan")).json()["shared_with"] == [anna.pk]

    response = coordinator.post(
        url(council, "/close"),
        {"next_steps": "Vi ses igen.", "followup_at": at(40).isoformat()},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    # The coordinator's reach ends with the council; the case keeps it.
    assert coordinator.get(url(council)).status_code == 404
    assert coordinator.get(url(council, "/plan")).status_code == 404
    assert worker.get(url(council, "/plan")).json()["next_steps"] == "Vi ses igen."


def test_the_follow_up_marks_the_plans_resources_active_on_the_map(worker, cast):
    draw_map(cast)
    council = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=QUESTIONS)
    sc.coordinator_assign(council=council, by=cast.worker, coordinator=cast.coordinator)
    anna = sc.council_invitee_add(council=council, by=cast.worker, contact_id="c-anna", phone="1")
    bo = sc.council_invitee_add(council=council, by=cast.worker, contact_id="c-bo", phone="2")
    for _ in range(2):
        sc.step_advance(council=council, by=cast.coordinator)
    proposal = sc_room.proposal_add(
        council=council, kind="resources", what="Kører", who_invitee=anna
    )
    sc.step_advance(council=council, by=cast.coordinator)
    sc_plan.plan_present(council=council, by=cast.coordinator)

    response = worker.post(
        url(council, "/followup"),
        {
            "statuses": {str(proposal.pk): {"status": "under_way", "note": "Godt i gang"}},
            "activate": [proposal.pk],
            "ties": [[anna.pk, bo.pk]],
        },
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert response.json()["map_version"] == 2
    group = response.json()["plan"]["groups"][3]["proposals"]
    assert (group[0]["status"], group[0]["status_note"]) == ("under_way", "Godt i gang")
    document = map_document(citizen=cast.citizen)
    assert next(c for c in document.contacts if c.id == "c-anna").already_active
    assert {t.pair for t in document.ties} == {frozenset({"c-anna", "c-bo"})}


def test_followup_adds_a_typed_in_resource_to_the_map(cast, worker):
    draw_map(cast)
    council = in_step(cast, "presented")
    proposal = council.proposals.get()
    Proposal.objects.filter(pk=proposal.pk).update(who="Karen Nabo")  # typed in by hand
    before = map_latest(citizen=cast.citizen).number
    body = {"new_contacts": {str(proposal.pk): "nowhere"}}
    response = worker.post(url(council, "/followup"), body, content_type=JSON)
    assert response.status_code == 422
    assert map_latest(citizen=cast.citizen).number == before

    body = {"new_contacts": {str(proposal.pk): "family"}}
    response = worker.post(url(council, "/followup"), body, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json()["map_version"] == before + 1
    [karen] = [c for c in map_document(citizen=cast.citizen).contacts if c.name == "Karen Nabo"]
    assert (karen.sector, karen.already_active, karen.help_text) == (
        "family",
        True,
        "Anna kører Ida til lægen",
    )


# --- Bad input: 4xx, nothing changed --------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"questions": []}, "questions"),
        ({"questions": [" "]}, "questions"),
        ({"questions": ["q"], "language": "de"}, "language"),
        ({"questions": ["q"], "extra": 1}, "extra"),
        ({"questions": ["q" * 501]}, "questions"),
        ({"questions": ["q"], "employee_id": 0}, "employee_id"),
    ],
)
def test_a_bad_council_is_not_created(worker, cast, body, field):
    response = worker.post(citizen_url(cast), body, content_type=JSON)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not Council.objects.exists()


def test_only_an_employee_of_the_organisation_can_be_the_chosen_employee(worker, cast):
    response = worker.post(
        citizen_url(cast),
        {"questions": ["q"], "employee_id": cast.coordinator.pk},
        content_type=JSON,
    )
    assert response.json()["errors"] == {
        "employee_id": ["Choose an employee of the organisation of the main person."]
    }
    assert not Council.objects.exists()


def test_a_coordinator_must_hold_the_role_and_the_period_be_in_order(worker, cast):
    council = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=QUESTIONS)
    for body, field in (
        ({"coordinator_id": cast.colleague.pk}, "coordinator_id"),
        ({"coordinator_id": 999_999}, "coordinator_id"),
        (
            {
                "coordinator_id": cast.coordinator.pk,
                "period_from": _today(5),
                "period_until": _today(),
            },
            "period_until",
        ),
        ({"coordinator_id": cast.coordinator.pk, "period_from": "soon"}, "period_from"),
    ):
        response = worker.put(url(council, "/coordinator"), body, content_type=JSON)
        assert response.status_code == 422, body
        assert list(response.json()["errors"]) == [field]
    council.refresh_from_db()
    assert (council.coordinator, council.period_from) == (None, None)


def test_messages_are_in_the_callers_language(worker, cast):
    council = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=QUESTIONS)
    response = worker.put(
        url(council, "/coordinator"),
        {"coordinator_id": cast.colleague.pk},
        content_type=JSON,
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.json()["detail"] == in_language("da", "The change could not be made.")
    assert response.json()["errors"]["coordinator_id"] == [
        in_language(
            "da", "Choose a user with the coordinator role in the organisation of the main person."
        )
    ]


def test_bad_visits_record_nothing(coordinator, cast):
    council = prepared(cast)
    anna = council.meeting.invitees.get(name="Anna Mor")
    stranger = services_invitations.invitee_add(
        meeting=services.meeting_decide(
            citizen=cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q"]
        ),
        by=cast.worker,
        name="Stranger",
        phone="1",
    )
    for body, field in (
        ({"invitee_id": anna.pk, "visited_on": _today(3)}, "visited_on"),
        ({"invitee_id": anna.pk, "visited_on": "yesterday"}, "visited_on"),
        ({"invitee_id": stranger.pk, "visited_on": _today()}, "invitee_id"),
        ({"invitee_id": anna.pk}, "visited_on"),
    ):
        response = coordinator.post(url(council, "/visits"), body, content_type=JSON)
        assert response.status_code == 422, body
        assert field in response.json()["errors"], response.json()
    assert not Visit.objects.exists()


def test_the_coordinator_types_people_in_and_cannot_pick_from_the_map(coordinator, cast):
    draw_map(cast)
    council = prepared(cast)
    before = council.meeting.invitees.count()
    for body in ({"contact_id": "c-bo"}, {"user_id": cast.colleague.pk}):
        response = coordinator.post(url(council, "/invitees"), body, content_type=JSON)
        assert response.status_code == 422
        assert "does not see the network map" in str(response.json()["errors"])
        assert "c-bo" not in response.content.decode()
    assert council.meeting.invitees.count() == before


def test_steps_out_of_order_answer_409_and_change_nothing(worker, coordinator, cast):
    council = in_step(cast, "presented")
    proposal = council.proposals.get()
    # Questions only while preparing; closing needs every proposal answered.
    based_on = worker.get(url(council)).json()["questions_version"]
    response = worker.put(
        url(council, "/questions"), {"questions": ["New?"], "based_on": based_on}, content_type=JSON
    )
    assert response.status_code == 409
    assert "step 3" in response.json()["detail"]
    response = coordinator.post(
        url(council, "/close"), {"followup_at": at(40).isoformat()}, content_type=JSON
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "Answer every proposal first: 1 without an answer."
    response = coordinator.post(
        url(council, "/advance"), {"step": "acknowledgement"}, content_type=JSON
    )
    assert response.status_code == 409
    council.refresh_from_db()
    assert council.status == CouncilStatus.ACKNOWLEDGEMENT
    assert [q.text for q in council.questions.all()] == QUESTIONS
    proposal.refresh_from_db()
    assert proposal.answer == ""


def test_a_council_cannot_start_without_a_coordinator(worker, cast):
    council = prepared(cast, assigned=False)
    for tail in ("/advance", "/send"):
        body = {"step": "preparing"} if tail == "/advance" else None
        response = worker.post(url(council, tail), body, content_type=JSON)
        assert response.status_code == 409, tail
        assert (
            response.json()["detail"] == "Assign a coordinator before the network council starts."
        )
    council.refresh_from_db()
    assert council.status == CouncilStatus.PREPARING
    assert council.meeting.invitations_sent_at is None


def test_a_follow_up_before_the_council_or_unknown_ids_change_nothing(worker, cast):
    council = in_step(cast, "presented")
    proposal = council.proposals.get()
    sc_plan.proposal_answer(proposal=proposal, by=cast.worker, answer="accepted")
    response = worker.post(
        url(council, "/close"), {"followup_at": at(1).isoformat()}, content_type=JSON
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["followup_at"]
    for body in (
        {"statuses": {"999999": {"status": "done"}}},
        {"statuses": {str(proposal.pk): {"status": "finished"}}},
        {"activate": [proposal.pk]},  # typed-in person: not on the map
    ):
        response = worker.post(url(council, "/followup"), body, content_type=JSON)
        assert response.status_code == 422, body
    council.refresh_from_db()
    proposal.refresh_from_db()
    assert (council.status, council.followup_done_at, proposal.status) == (
        CouncilStatus.ACKNOWLEDGEMENT,
        None,
        "",
    )


def test_a_proposal_of_another_council_is_absent(worker, cast):
    council = in_step(cast, "presented")
    other = in_step(cast, "presented")
    stranger = other.proposals.get()
    response = worker.post(
        url(council, f"/proposals/{stranger.pk}/answer"), {"answer": "accepted"}, content_type=JSON
    )
    assert response.status_code == 404
    assert Proposal.objects.get(pk=stranger.pk).answer == ""
    assert Invitee.objects.count() == 4


def test_sharing_with_no_one_or_strangers_sends_nothing(worker, cast, smtp_server):
    council = in_step(cast, "presented")
    for ids in ([], [999_999], [2**70]):
        response = worker.post(url(council, "/plan/share"), {"invitee_ids": ids}, content_type=JSON)
        assert response.status_code == 422, ids
        assert [f.split(".")[0] for f in response.json()["errors"]] == ["invitee_ids"], ids
    assert smtp_server.envelopes == []
    assert not council.meeting.invitees.filter(receives_memo=True).exists()
