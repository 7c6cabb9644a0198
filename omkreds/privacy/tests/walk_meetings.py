"""The history walk's steps through a network meeting and a network council (see
test_history_walk.py): each write through its service, checked by `Walk`."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from omkreds.councils import planning
from omkreds.councils import services as councils
from omkreds.councils import services_followup as councils_followup
from omkreds.councils import services_plan as councils_plan
from omkreds.councils import services_room as councils_room
from omkreds.invitations import tokens
from omkreds.meetings import (
    guide,
    network_coordinator,
    services_feedback,
    services_invitations,
    services_memo,
    team_map,
)
from omkreds.meetings import services as meetings
from omkreds.meetings.models import Meeting
from omkreds.networks.services import map_latest
from omkreds.privacy.tests.walk import at


def walk_meeting_planned(walk):
    """A network meeting from the decision to the first invitee."""
    cast = walk.cast
    citizen = cast.citizen
    worker = cast.worker
    lead = cast.lead
    meeting = walk(
        meetings.meeting_decide,
        "meeting_decide",
        worker,
        citizen=citizen,
        by=worker,
        concern="Rent arrears",
        goal="A plan",
        questions=["How can the rent be paid?"],
    )
    walk(
        meetings.meeting_revise,
        "meeting_revise",
        lead,
        meeting=meeting,
        by=lead,
        concern="Rent arrears and letters",
        goal="A plan",
        questions=["How can the rent be paid?"],
    )
    walk(
        meetings.meeting_change,
        "meeting_revise",
        lead,
        meeting=meeting,
        by=lead,
        based_on=meetings.meeting_version(meeting),
        changes={"goal": "A plan for the flat"},
    )
    walk(
        meetings.meeting_prepare_tick,
        "meeting_prepare_tick",
        worker,
        meeting=meeting,
        item_key=guide.PREPARATION.keys[0],
        by=worker,
    )
    walk(
        meetings.meeting_schedule,
        "meeting_schedule",
        worker,
        meeting=meeting,
        by=worker,
        starts_at=at(7, 10),
        ends_at=at(7, 11),
        place="Room 2",
    )
    britt = walk(
        services_invitations.invitee_add,
        "invitee_add",
        worker,
        meeting=meeting,
        by=worker,
        name="Britt Sister",
        email="britt@example.se",
        language="sv",
    )
    _walk_coordinator_and_team_map(walk, meeting)
    return meeting, britt


def _walk_coordinator_and_team_map(walk, meeting):
    """The advisory network coordinator named, the map sent to the team (seeds 002, 001)."""
    cast = walk.cast
    worker = cast.worker
    walk(
        network_coordinator.network_coordinator_name,
        "network_coordinator",
        worker,
        meeting=meeting,
        by=worker,
        coordinator=cast.lead,
        expected="",
    )
    # The team: a professional whose consent covers the map gets it.
    services_invitations.invitee_add(meeting=meeting, by=worker, user=cast.professional)
    walk(
        team_map.team_map_send,
        "map_sent_to_team",
        worker,
        meeting=meeting,
        by=worker,
        based_on=map_latest(citizen=cast.citizen).number,
    )


def walk_meeting_invited(walk, meeting, britt):
    """Invitations sent and answered, an invitee removed."""
    cast = walk.cast
    worker = cast.worker
    lead = cast.lead
    mads = services_invitations.invitee_add(
        meeting=meeting, by=worker, name="Mads Neighbour", email="mads@example.dk", language="da"
    )
    walk(
        services_invitations.invitations_send,
        "invitations_send",
        worker,
        meeting=meeting,
        by=worker,
    )
    walk(
        services_invitations.invitation_reply,
        "invitation_reply",
        None,
        by_label="Britt Sister",
        token=tokens.make(britt, tokens.REPLY),
        reply="yes",
    )
    walk(
        services_invitations.invitation_record_reply,
        "invitation_reply",
        lead,
        invitee=mads,
        reply="no",
        by=lead,
    )
    walk(
        services_invitations.invitee_remove,
        "invitee_remove",
        worker,
        meeting=meeting,
        invitee=mads,
        by=worker,
    )


def walk_meeting_held(walk, meeting, britt):
    """The memo, actions, feedback and a follow-up that is cancelled."""
    cast = walk.cast
    worker = cast.worker
    lead = cast.lead
    meeting.refresh_from_db()
    meeting.starts_at, meeting.ends_at = at(-1, 10), at(-1, 11)
    meeting.save()
    walk(
        services_memo.memo_save,
        "memo_save",
        worker,
        meeting=meeting,
        by=worker,
        summary="A plan for rent.",
        attendance={britt.pk: True},
        followup_at=at(30, 10),
        recipients=[britt.pk],
    )
    walk(services_memo.memo_send, "memo_send", worker, meeting=meeting, by=worker)
    meeting.refresh_from_db()
    action = walk(
        services_memo.action_add,
        "action_add",
        worker,
        meeting=meeting,
        by=worker,
        what="Call the landlord",
        owner_user=worker,
        due_on=timezone.localdate() + dt.timedelta(days=1),
    )
    walk(services_memo.action_reminders_send, "action_remind", None, by_label="system")
    walk(services_memo.action_complete, "action_complete", lead, action=action, by=lead)
    walk(
        services_feedback.feedback_request_send,
        "feedback_request_send",
        worker,
        meeting=meeting,
        by=worker,
    )
    walk(
        services_feedback.feedback_submit,
        "feedback_submit",
        None,
        token=tokens.make(britt, tokens.FEEDBACK),
        answers={},
        comment="It helped.",
    )
    walk(
        services_feedback.feedback_paper_add,
        "feedback_paper",
        worker,
        meeting=meeting,
        answers={"fb.heard": "yes"},
        based_on=1,
        by=worker,
    )
    followup = walk(
        services_memo.followup_create, "followup_create", worker, meeting=meeting, by=worker
    )
    walk(
        services_invitations.meeting_cancel,
        "meeting_cancel",
        lead,
        meeting=followup,
        by=lead,
        reason="She is ill",
    )


def walk_council_planned(walk):
    """A network council from the decision to the first visit."""
    cast = walk.cast
    citizen = cast.citizen
    worker = cast.worker
    council = walk(
        councils.council_create,
        "meeting_decide",
        worker,
        citizen=citizen,
        by=worker,
        questions=["Where can she live?"],
    )
    walk(
        councils.questions_set,
        "meeting_revise",
        worker,
        council=council,
        by=worker,
        questions=["Where can she live?", "Who helps with money?"],
    )
    coordinator = cast.coordinator
    walk(
        councils.coordinator_assign,
        "council_coordinator",
        worker,
        council=council,
        by=worker,
        coordinator=coordinator,
    )
    walk(
        planning.planning_meeting_record,
        "council_planning",
        worker,
        council=council,
        by=worker,
        met_on=timezone.localdate(),
        expected="",
    )
    walk(
        councils.council_schedule,
        "meeting_schedule",
        worker,
        council=council,
        by=worker,
        starts_at=at(7, 17),
        ends_at=at(7, 19),
        place="Community hall",
    )
    anna = walk(
        councils.council_invitee_add,
        "invitee_add",
        worker,
        council=council,
        by=worker,
        contact_id="anna",
        email="anna@example.dk",
    )
    walk(
        councils.visit_record,
        "council_visit",
        coordinator,
        council=council,
        by=coordinator,
        invitee=anna,
        visited_on=timezone.localdate(),
        told_about_model=True,
    )
    return council, anna


def walk_council_room(walk, council, anna):
    """The council's invitees, steps and private page, where the network proposes."""
    cast = walk.cast
    worker = cast.worker
    coordinator = cast.coordinator
    bo = councils.council_invitee_add(
        council=council, by=worker, name="Bo", phone="+45 1234", channel="phone"
    )
    walk(
        councils.council_reply_record,
        "invitation_reply",
        coordinator,
        council=council,
        by=coordinator,
        invitee=bo,
        reply="yes",
    )
    walk(
        councils.council_invitee_remove,
        "invitee_remove",
        coordinator,
        council=council,
        by=coordinator,
        invitee=bo,
    )
    walk(
        councils.council_invitations_send,
        "invitations_send",
        coordinator,
        council=council,
        by=coordinator,
    )
    walk(councils.step_advance, "council_step", coordinator, council=council, by=coordinator)
    walk(councils.step_advance, "council_step", coordinator, council=council, by=coordinator)
    council.refresh_from_db()
    code = walk(
        councils_room.room_open, "council_room_open", coordinator, council=council, by=coordinator
    )
    walk(councils_room.room_join, "council_room_join", None, by_label="the network", code=code)
    proposal = walk(
        councils_room.proposal_add,
        "proposal_add",
        None,
        by_label="the network",
        council=council,
        kind="resources",
        what="Anna drives her to the doctor",
        who_invitee=anna,
    )
    walk(
        councils_room.proposal_edit,
        "proposal_edit",
        None,
        by_label="the network",
        proposal=proposal,
        kind="resources",
        what="Anna drives her to the doctor on Tuesdays",
        who_invitee=anna,
    )
    walk(councils.step_advance, "council_step", coordinator, council=council, by=coordinator)
    council.refresh_from_db()
    walk(
        councils_plan.plan_present,
        "plan_present",
        coordinator,
        council=council,
        by=coordinator,
        presented_by="Anna",
    )
    return proposal


def walk_council_closed(walk, council, anna, proposal):
    """The plan presented, answered, shared; the council closed and followed up."""
    cast = walk.cast
    worker = cast.worker
    proposal.refresh_from_db()
    walk(
        councils_plan.proposal_answer,
        "proposal_answer",
        worker,
        proposal=proposal,
        by=worker,
        answer="accepted",
    )
    walk(
        councils_plan.plan_share,
        "plan_share",
        worker,
        council=council,
        by=worker,
        invitee_ids=[anna.pk],
    )
    walk(
        councils_plan.council_close,
        "council_close",
        worker,
        council=council,
        by=worker,
        next_steps="We meet again.",
        followup_at=at(40),
    )
    # Feedback is asked for from the council's start: it began an hour ago.
    Meeting.objects.filter(pk=council.meeting_id).update(
        starts_at=timezone.now() - dt.timedelta(hours=1)
    )
    council.meeting.refresh_from_db()
    walk(
        councils.council_feedback_send,
        "feedback_request_send",
        worker,
        council=council,
        by=worker,
    )
    walk(
        councils.council_feedback_paper_add,
        "feedback_paper",
        worker,
        council=council,
        answers={"fb.safe": "partly"},
        based_on=0,
        by=worker,
    )
    walk(
        councils_followup.council_followup,
        "council_followup",
        worker,
        council=council,
        by=worker,
        statuses={proposal.pk: ("under_way", "Going well")},
        activate=[proposal.pk],
    )
