"""Network council workflows (seed 003), step by step, through the services."""

import datetime as dt
import io

import pytest
from django.utils import timezone, translation
from icalendar import Calendar
from pypdf import PdfReader

from omkreds.accounts.models import Membership, Role, Team
from omkreds.councils import services as sc
from omkreds.councils import services_followup as sc_followup
from omkreds.councils import services_plan as sc_plan
from omkreds.councils import services_room as sc_room
from omkreds.councils.errors import (
    CouncilWrongState,
    NoCoordinator,
    NotACoordinator,
    NotOnTheMap,
    PlanNotPresented,
    PrivateNotEnded,
    ReasonRequired,
    RoomClosed,
    RoomCodeInvalid,
    RoomTaken,
    UnansweredProposals,
)
from omkreds.councils.models import Council, CouncilStatus, Proposal, Visit
from omkreds.councils.tests.setup_councils import QUESTIONS, draw_map, in_step, prepared
from omkreds.lib.testing.cast import make_user
from omkreds.meetings.errors import NoQuestions, NotAnInvitee, Required
from omkreds.meetings.models import MeetingStatus
from omkreds.networks.services import map_document, map_latest


@pytest.fixture(autouse=True)
def _english():
    # The messages are asserted in English, whatever language an earlier request left active.
    with translation.override("en"):
        yield


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- Create, questions, coordinator ------------------------------------------------------------


def test_create_keeps_the_questions_in_order_and_a_meeting_for_time_and_invitees(cast):
    council = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=QUESTIONS)
    assert [q.text for q in council.questions.all()] == QUESTIONS
    assert council.status == CouncilStatus.PREPARING
    assert council.employee == cast.worker
    assert council.language == "da"  # the organisation's language until told otherwise
    # The invitation lists the same questions: it is the meetings' invitation.
    assert [q.text for q in council.meeting.questions.all()] == QUESTIONS


def test_create_without_questions_changes_nothing(cast):
    with pytest.raises(NoQuestions):
        sc.council_create(citizen=cast.citizen, by=cast.worker, questions=["  "])
    assert not Council.objects.exists()


def test_questions_can_be_rewritten_only_before_the_council(cast):
    council = prepared(cast)
    sc.questions_set(council=council, by=cast.worker, questions=["Ny?", "Anden?", "Tredje?"])
    assert [q.text for q in council.questions.all()] == ["Ny?", "Anden?", "Tredje?"]
    assert council.meeting.questions.count() == 3
    sc.step_advance(council=council, by=cast.coordinator)
    with pytest.raises(CouncilWrongState):
        sc.questions_set(council=council, by=cast.worker, questions=["Later?"])
    assert council.questions.count() == 3


def test_coordinator_must_hold_the_coordinator_role(cast):
    council = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=QUESTIONS)
    for user in (cast.colleague, cast.lead, cast.outsider):
        with pytest.raises(NotACoordinator):
            sc.coordinator_assign(council=council, by=cast.worker, coordinator=user)
    council.refresh_from_db()
    assert council.coordinator is None


def test_coordinator_from_another_unit_is_assigned_and_becomes_the_organiser(cast):
    other_unit = Team.objects.create(organisation=cast.org, name="Enhed Øst")
    elsewhere = make_user("samordner@example.org", "Sam Ordner", cast.org, Role.COORDINATOR)
    Membership.objects.filter(user=elsewhere).update(team=other_unit)
    council = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=QUESTIONS)
    today = timezone.localdate()
    sc.coordinator_assign(
        council=council,
        by=cast.worker,
        coordinator=elsewhere,
        period_from=today,
        period_until=today + dt.timedelta(days=30),
    )
    council.refresh_from_db()
    assert council.coordinator == elsewhere
    assert council.meeting.created_by == elsewhere


def test_the_coordinator_is_told_by_e_mail_without_the_main_persons_name(
    cast, smtp_server, django_capture_on_commit_callbacks
):
    council = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=QUESTIONS)
    with django_capture_on_commit_callbacks(execute=True):
        sc.coordinator_assign(council=council, by=cast.worker, coordinator=cast.coordinator)
    [message] = smtp_server.messages
    assert message["To"] == cast.coordinator.email
    body = message.get_body(("plain",)).get_content()
    assert f"/councils/{council.pk}/" in body
    assert "CANARY" not in body and "CANARY" not in message["Subject"]
    # Assigning the same person again sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        sc.coordinator_assign(council=council, by=cast.worker, coordinator=cast.coordinator)
    assert len(smtp_server.messages) == 1


def test_period_must_not_end_before_it_starts(cast):
    council = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=QUESTIONS)
    today = timezone.localdate()
    with pytest.raises(Exception, match="period"):
        sc.coordinator_assign(
            council=council,
            by=cast.worker,
            coordinator=cast.coordinator,
            period_from=today,
            period_until=today - dt.timedelta(days=1),
        )
    council.refresh_from_db()
    assert council.coordinator is None


# --- Visits and invitations --------------------------------------------------------------------


def test_visit_is_recorded_once_per_invitee_and_can_be_corrected(cast):
    council = prepared(cast)
    anna = council.meeting.invitees.get(name="Anna Mor")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    sc.visit_record(
        council=council,
        by=cast.coordinator,
        invitee=anna,
        visited_on=yesterday,
        told_about_model=True,
        presented_questions=False,
        will_attend=None,
    )
    sc.visit_record(
        council=council,
        by=cast.coordinator,
        invitee=anna,
        visited_on=yesterday,
        told_about_model=True,
        presented_questions=True,
        will_attend=True,
        note="Glad for at blive spurgt.",
    )
    visit = Visit.objects.get()
    assert (visit.presented_questions, visit.will_attend) == (True, True)
    assert visit.recorded_by == cast.coordinator


def test_visit_in_the_future_or_to_someone_not_invited_is_refused(cast):
    council = prepared(cast)
    other = prepared(cast)
    stranger = other.meeting.invitees.first()
    with pytest.raises(NotAnInvitee):
        sc.visit_record(
            council=council, by=cast.coordinator, invitee=stranger, visited_on=timezone.localdate()
        )
    anna = council.meeting.invitees.get(name="Anna Mor")
    with pytest.raises(Exception, match="future"):
        sc.visit_record(
            council=council,
            by=cast.coordinator,
            invitee=anna,
            visited_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert not Visit.objects.exists()


def test_invitations_go_out_through_the_meetings_machinery(cast, smtp_server):
    council = prepared(cast)
    result = sc.council_invitations_send(council=council, by=cast.coordinator)
    assert [i.name for i in result.emailed] == ["Anna Mor"]
    assert [i.name for i, _script in result.phone] == ["Bo Ven"]
    [message] = smtp_server.messages
    assert message["To"] == "anna@example.dk"
    assert message["Reply-To"] == cast.coordinator.email
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    event = Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
    assert str(event["uid"]) == f"{council.meeting_id}@omkreds"
    # The meetings' invitation, worded for a council (Anna reads Danish; English when the
    # translations are not compiled).
    assert str(event["summary"]) in ("Network council", "Netværksrådslagning")
    assert "network council" in message["Subject"].lower() or "rådslagning" in message["Subject"]
    assert "Medborgerhuset" in str(event["location"])


def test_invitations_wait_for_a_coordinator(cast, smtp_server):
    council = prepared(cast, assigned=False)
    with pytest.raises(NoCoordinator):
        sc.council_invitations_send(council=council, by=cast.worker)
    assert smtp_server.messages == []


# --- The three steps and the room --------------------------------------------------------------


def test_the_council_starts_only_with_a_coordinator(cast):
    council = prepared(cast, assigned=False)
    with pytest.raises(NoCoordinator):
        sc.step_advance(council=council, by=cast.worker)
    council.refresh_from_db()
    assert council.status == CouncilStatus.PREPARING


def test_steps_go_in_order_and_leaving_the_private_meeting_closes_the_room(cast):
    council = in_step(cast, "private")
    code = sc_room.room_open(council=council, by=cast.coordinator)
    joined, key = sc_room.room_join(code=code)
    assert joined == council
    sc.step_advance(council=council, by=cast.coordinator)
    council.refresh_from_db()
    assert council.status == CouncilStatus.ACKNOWLEDGEMENT
    assert council.private_ended_at is not None
    assert council.meeting.status == MeetingStatus.HELD
    with pytest.raises(RoomClosed):
        sc_room.room_council(council_id=council.pk, device_key=key)
    with pytest.raises(RoomCodeInvalid):
        sc_room.room_join(code=code)
    with pytest.raises(CouncilWrongState):
        sc.step_advance(council=council, by=cast.coordinator)


def test_the_room_code_is_short_hashed_and_expires(cast):
    council = in_step(cast, "private")
    code = sc_room.room_open(council=council, by=cast.coordinator)
    council.refresh_from_db()
    assert len(code) == sc_room.ROOM_CODE_LENGTH
    assert code not in council.room_code_hash
    # Typed in lower case with a space: still the code.
    sc_room.room_join(code=f"{code[:4].lower()} {code[4:]}")
    Council.objects.filter(pk=council.pk).update(
        room_expires_at=timezone.now() - dt.timedelta(minutes=1), room_device_hash=""
    )
    with pytest.raises(RoomCodeInvalid):
        sc_room.room_join(code=code)


def test_one_device_only_in_the_room(cast):
    council = in_step(cast, "private")
    code = sc_room.room_open(council=council, by=cast.coordinator)
    _council, key = sc_room.room_join(code=code)
    # The same device may enter the code again; a second device may not.
    assert sc_room.room_join(code=code, device_key=key)[1] == key
    with pytest.raises(RoomTaken):
        sc_room.room_join(code=code)
    with pytest.raises(RoomTaken):
        sc_room.room_join(code=code, device_key="another-device")
    # The coordinator opens the page again (the tablet died): a new code for a new device.
    new_code = sc_room.room_open(council=council, by=cast.coordinator)
    _council, new_key = sc_room.room_join(code=new_code)
    with pytest.raises(RoomClosed):
        sc_room.room_council(council_id=council.pk, device_key=key)
    assert sc_room.room_council(council_id=council.pk, device_key=new_key) == council


def test_wrong_code_is_refused(cast):
    council = in_step(cast, "private")
    sc_room.room_open(council=council, by=cast.coordinator)
    for code in ("", "ABCD1234", None, 42):
        with pytest.raises((RoomCodeInvalid, Required)):
            sc_room.room_join(code=code)
    council.refresh_from_db()
    assert council.room_device_hash == ""


def test_room_opens_only_in_the_private_step(cast):
    council = in_step(cast, "information")
    with pytest.raises(CouncilWrongState):
        sc_room.room_open(council=council, by=cast.coordinator)


def test_proposals_are_written_in_the_private_meeting_only(cast):
    council = in_step(cast, "information")
    with pytest.raises(CouncilWrongState):
        sc_room.proposal_add(council=council, kind="improve", what="Mere motion")
    sc.step_advance(council=council, by=cast.coordinator)
    proposal = sc_room.proposal_add(
        council=council, kind="wishes", what="Et job", who="Ida", when="Til foråret"
    )
    sc_room.proposal_edit(proposal=proposal, kind="wishes", what="Et fritidsjob", who="Ida")
    proposal.refresh_from_db()
    assert proposal.what == "Et fritidsjob"
    with pytest.raises(Exception, match="Choose one"):
        sc_room.proposal_add(council=council, kind="nonsense", what="x")
    assert council.proposals.count() == 1


def test_the_plan_cannot_be_presented_before_the_private_step_ended(cast):
    council = in_step(cast, "private")
    sc_room.proposal_add(council=council, kind="improve", what="Mere motion")
    with pytest.raises(PrivateNotEnded):
        sc_plan.plan_present(council=council, by=cast.coordinator, presented_by="Anna")
    council.refresh_from_db()
    assert council.presented_at is None


def test_answers_after_presentation_and_not_possible_needs_a_reason(cast):
    council = in_step(cast, "acknowledgement")
    proposal = council.proposals.get()
    with pytest.raises(PlanNotPresented):
        sc_plan.proposal_answer(proposal=proposal, by=cast.worker, answer="accepted")
    sc_plan.plan_present(council=council, by=cast.coordinator, presented_by="Anna Mor")
    with pytest.raises(ReasonRequired):
        sc_plan.proposal_answer(proposal=proposal, by=cast.worker, answer="not_possible")
    proposal.refresh_from_db()
    assert proposal.answer == ""
    sc_plan.proposal_answer(
        proposal=proposal,
        by=cast.worker,
        answer="not_possible",
        reason="Kommunen kan ikke køre",
        responsible="Jobcenteret",
    )
    proposal.refresh_from_db()
    assert (proposal.answer, proposal.responsible) == ("not_possible", "Jobcenteret")


def test_close_needs_every_answer_and_a_follow_up_then_the_coordinator_reach_ends(cast):
    from omkreds.access import policy

    council = in_step(cast, "presented")
    assert policy.council_reach(cast.coordinator, council) == policy.CouncilReach.COORDINATOR
    followup = timezone.now() + dt.timedelta(days=40)
    with pytest.raises(UnansweredProposals):
        sc_plan.council_close(council=council, by=cast.worker, followup_at=followup)
    for proposal in council.proposals.all():
        sc_plan.proposal_answer(proposal=proposal, by=cast.worker, answer="clarify")
    with pytest.raises(Required):
        sc_plan.council_close(council=council, by=cast.worker)
    council.refresh_from_db()
    assert council.status == CouncilStatus.ACKNOWLEDGEMENT
    sc_plan.council_close(
        council=council, by=cast.worker, next_steps="Ring rundt", followup_at=followup
    )
    council.refresh_from_db()
    assert council.status == CouncilStatus.CLOSED
    assert policy.council_reach(cast.coordinator, council) is None
    assert policy.council_reach(cast.worker, council) == policy.CouncilReach.CASE
    # The follow-up meeting is set up for the employee the main person chose, same people.
    [meeting] = council.meeting.followups.all()
    assert meeting.created_by == cast.worker
    assert meeting.starts_at == followup
    assert sorted(meeting.invitees.values_list("name", flat=True)) == ["Anna Mor", "Bo Ven"]
    assert any("Anna kører Ida til lægen" in q.text for q in meeting.questions.all())


# --- The plan and the follow-up ----------------------------------------------------------------


def test_plan_pdf_is_in_the_main_persons_language_grouped_by_question(cast):
    from omkreds.councils import documents as documents_council

    council = in_step(cast, "closed")
    Council.objects.filter(pk=council.pk).update(language="en")
    council.refresh_from_db()
    text = " ".join(_pdf_text(documents_council.plan_pdf(council)).split())  # cells wrap
    assert "Personal plan" in text
    # Under each question (seed 003's plan answers them), the kind as a column; a proposal
    # linked to no question comes under "Other".
    assert "1. Hvordan kan Ida få en bolig?" in text
    assert "No proposal answers this question." in text
    assert "Resources in the network that can be activated" in text
    assert text.index("Other") < text.index("Anna kører Ida til lægen")


def test_plan_is_shared_only_with_those_the_main_person_agrees_to(cast, smtp_server):
    council = in_step(cast, "presented")
    anna = council.meeting.invitees.get(name="Anna Mor")
    bo = council.meeting.invitees.get(name="Bo Ven")
    # Bo has no e-mail: the plan goes to him by phone, never silently nowhere.
    by_phone = sc_plan.plan_share(council=council, by=cast.worker, invitee_ids=[bo.pk])
    assert [row.name for row in by_phone.to_call] == ["Bo Ven"] and by_phone.emailed == []
    assert smtp_server.messages == []
    sent = sc_plan.plan_share(council=council, by=cast.worker, invitee_ids=[anna.pk])
    assert [row.invitee for row in sent.emailed] == [anna]
    [message] = smtp_server.messages
    assert message["To"] == "anna@example.dk"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    anna.refresh_from_db()
    assert anna.receives_memo


def test_plan_is_not_shared_before_it_is_presented(cast, smtp_server):
    council = in_step(cast, "acknowledgement")
    anna = council.meeting.invitees.get(name="Anna Mor")
    with pytest.raises(PlanNotPresented):
        sc_plan.plan_share(council=council, by=cast.worker, invitee_ids=[anna.pk])
    assert smtp_server.messages == []


def test_followup_records_status_and_writes_resources_back_to_the_map(cast):
    draw_map(cast)
    council = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=QUESTIONS)
    sc.coordinator_assign(council=council, by=cast.worker, coordinator=cast.coordinator)
    anna = sc.council_invitee_add(
        council=council, by=cast.worker, contact_id="c-anna", email="anna@example.dk"
    )
    bo = sc.council_invitee_add(
        council=council, by=cast.worker, contact_id="c-bo", phone="+45 1234"
    )
    for _ in range(2):
        sc.step_advance(council=council, by=cast.coordinator)
    proposal = sc_room.proposal_add(
        council=council, kind="resources", what="Handler ind om torsdagen", who_invitee=anna
    )
    sc.step_advance(council=council, by=cast.coordinator)
    sc_plan.plan_present(council=council, by=cast.coordinator, presented_by="Bo")
    before = map_latest(citizen=cast.citizen).number

    version = sc_followup.council_followup(
        council=council,
        by=cast.worker,
        statuses={proposal.pk: ("under_way", "Er i gang")},
        activate=[proposal.pk],
        ties=[(anna.pk, bo.pk)],
    )
    assert version.number == before + 1
    document = map_document(citizen=cast.citizen)
    contact = next(c for c in document.contacts if c.id == "c-anna")
    assert contact.already_active
    assert "Handler ind om torsdagen" in contact.help_text
    assert any(t.pair == frozenset({"c-anna", "c-bo"}) for t in document.ties)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.status_note) == ("under_way", "Er i gang")


def test_followup_refuses_someone_not_on_the_map_and_changes_nothing(cast):
    draw_map(cast)
    council = in_step(cast, "presented")
    proposal = council.proposals.get()
    typed_in = council.meeting.invitees.get(name="Anna Mor")  # typed in, not picked from the map
    Proposal.objects.filter(pk=proposal.pk).update(who_invitee=typed_in)
    before = map_latest(citizen=cast.citizen).number
    with pytest.raises(NotOnTheMap):
        sc_followup.council_followup(
            council=council,
            by=cast.worker,
            statuses={proposal.pk: "done"},
            activate=[proposal.pk],
        )
    assert map_latest(citizen=cast.citizen).number == before
    proposal.refresh_from_db()
    assert proposal.status == ""
