"""The shapes of the network-council API (`councils/api.py`), and the functions that shape the
rows into them.

As in the meetings API (`schemas_api.py`, whose invitee shapes are reused): texts are capped here
only as a guard against huge bodies, the limits a user meets are the services', and bodies
refuse fields they do not know.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StringConstraints

from omkreds.accounts.models import Language
from omkreds.councils import documents as documents_council
from omkreds.councils.models import (
    COUNCIL_STEPS,
    Council,
    Proposal,
    ProposalAnswer,
    ProposalStatus,
    Visit,
)
from omkreds.councils.rules import questions_version
from omkreds.lib.api.schemas import PageMeta
from omkreds.meetings.schemas_api import PhoneOut, Ref, ShortText, Text

# ------------------------------------------------------------------------------ out


class CouncilQuestionOut(Schema):
    order: int
    text: str


class CouncilSummaryOut(Schema):
    id: uuid.UUID
    main_person: str
    status: str = Field(description="preparing, information, private, acknowledgement or closed.")
    status_label: str
    coordinator: Ref | None
    period_from: dt.date | None
    period_until: dt.date | None
    starts_at: dt.datetime | None
    place: str
    questions: int
    invitees: int
    created_at: dt.datetime
    closed_at: dt.datetime | None


class CouncilPage(PageMeta):
    items: list[CouncilSummaryOut]


class CouncilOut(Schema):
    id: uuid.UUID
    citizen_id: uuid.UUID
    main_person: str
    meeting_id: uuid.UUID = Field(
        description="The council's meeting: time, place, invitees, replies and feedback."
    )
    status: str = Field(description="preparing, information, private, acknowledgement or closed.")
    status_label: str
    language: str = Field(description="The main person's language: the plan is printed in it.")
    created_by: Ref
    employee: Ref = Field(description="The employee the main person chose.")
    coordinator: Ref | None
    period_from: dt.date | None
    period_until: dt.date | None
    questions: list[CouncilQuestionOut]
    questions_version: str = Field(description="Send it as `based_on` when you change them.")
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    place: str
    invitations_sent_at: dt.datetime | None
    invitees: int
    visits: int
    proposals: int = Field(
        description="How many proposals the network wrote. Their text is readable only once "
        "the plan is presented."
    )
    private_ended_at: dt.datetime | None
    presented_at: dt.datetime | None
    presented_by: str
    next_steps: str
    followup_at: dt.datetime | None
    followup_done_at: dt.datetime | None
    closed_at: dt.datetime | None


class CouncilScheduleOut(Schema):
    council: CouncilOut
    in_past: bool
    needs_update: bool
    warnings: list[str]


class VisitOut(Schema):
    id: int
    invitee_id: int
    invitee_name: str
    visited_on: dt.date
    told_about_model: bool
    presented_questions: bool
    will_attend: bool | None
    note: str
    recorded_at: dt.datetime


class CouncilLetterOut(Schema):
    invitee_id: int
    name: str
    pdf_url: str


class CouncilSendOut(Schema):
    emailed: list[int] = Field(description="Invitees whose e-mail was handed to the mail server.")
    failed: list[int] = Field(description="Invitees whose e-mail could not be sent.")
    letters: list[CouncilLetterOut] = Field(description="Letters to print and post.")
    phone: list[PhoneOut] = Field(description="Calls to make.")
    warnings: list[str]


class ProposalOut(Schema):
    id: int
    kind: str = Field(description="improve, wishes, public or resources (the leaflet's kinds).")
    what: str
    who: str
    who_invitee_id: int | None
    when: str
    responsible: str
    answer: str = Field(description="accepted, clarify, not_possible, or empty: not answered.")
    answer_reason: str
    answered_at: dt.datetime | None
    status: str = Field(description="At the follow-up: done, under_way, not_started, dropped.")
    status_note: str


class ProposalGroupOut(Schema):
    kind: str
    label: str
    proposals: list[ProposalOut]


class PlanOut(Schema):
    council_id: uuid.UUID
    language: str
    presented_at: dt.datetime
    presented_by: str
    questions: list[str]
    groups: list[ProposalGroupOut] = Field(description="The four kinds, in the leaflet's order.")
    next_steps: str
    followup_at: dt.datetime | None
    shared_with: list[int] = Field(description="Invitees the main person agreed may have the plan.")


class FollowupOut(Schema):
    plan: PlanOut
    map_version: int | None = Field(
        description="The new version of the network map, when the follow-up changed it."
    )


# ------------------------------------------------------------------------------ in

# An id the database can hold: a larger number is refused before it reaches a lookup.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
_Language = Literal[tuple(Language.values)]  # type: ignore[valid-type]


class CouncilCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    questions: list[ShortText] = Field(max_length=50)
    employee_id: int | None = Field(
        None, description="The employee the main person chose; you, when left out."
    )
    language: _Language | None = None  # type: ignore[valid-type]


class QuestionsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    questions: list[ShortText] = Field(max_length=50)
    based_on: Annotated[str, StringConstraints(max_length=64)] = Field(
        description="The `questions_version` you read. If the questions have changed since "
        "(someone else wrote first), 409 and nothing is saved."
    )


class CoordinatorIn(Schema):
    model_config = ConfigDict(extra="forbid")

    coordinator_id: int
    period_from: dt.date | None = None
    period_until: dt.date | None = None


class CouncilScheduleIn(Schema):
    model_config = ConfigDict(extra="forbid")

    starts_at: dt.datetime
    ends_at: dt.datetime
    place: ShortText = ""


class VisitIn(Schema):
    """Recording a visit to the same invitee again corrects it."""

    model_config = ConfigDict(extra="forbid")

    invitee_id: int
    visited_on: dt.date
    told_about_model: bool = False
    presented_questions: bool = False
    will_attend: bool | None = None
    note: Text = ""


class AdvanceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    step: Literal[tuple(COUNCIL_STEPS)] = Field(  # type: ignore[valid-type]
        description="The step the council is at as you last read it (its `status`). If it has "
        "moved on since (someone pressed first), 409 and nothing changes."
    )


class PresentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    presented_by: ShortText = ""


class AnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answer: Literal[tuple(ProposalAnswer.values)]  # type: ignore[valid-type]
    reason: ShortText = Field("", description="Required when the answer is not_possible.")
    responsible: ShortText = ""


class CloseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    next_steps: Text = ""
    followup_at: dt.datetime


class ShareIn(Schema):
    model_config = ConfigDict(extra="forbid")

    invitee_ids: list[Id] = Field(max_length=500)


class StatusIn(Schema):
    model_config = ConfigDict(extra="forbid")

    status: Literal[("", *ProposalStatus.values)]  # type: ignore[valid-type]
    note: ShortText = ""


class FollowupIn(Schema):
    model_config = ConfigDict(extra="forbid")

    statuses: dict[int, StatusIn] = Field(
        default_factory=dict, max_length=100, description="Proposal id → status and note."
    )
    activate: list[int] = Field(
        default_factory=list,
        max_length=100,
        description="Proposal ids whose person (an invitee from the map) is now active.",
    )
    ties: list[tuple[int, int]] = Field(
        default_factory=list,
        max_length=100,
        description="Pairs of invitee ids (from the map) who now know each other.",
    )
    new_contacts: dict[int, str] = Field(
        default_factory=dict,
        max_length=100,
        description=(
            "Proposal id → sector key: a resource the plan names, typed in by hand (not from "
            "the map), becomes a new, active person on the map in that sector."
        ),
    )


# ------------------------------------------------------------------------------ shaping


def _ref(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.full_name or user.email}


def council_summary(council: Council) -> dict:
    """A row of a list: needs `citizen`, `coordinator` and `meeting` selected and the counts
    `n_questions`, `n_invitees` annotated."""
    return {
        "id": council.pk,
        "main_person": council.citizen.name,
        "status": council.status,
        "status_label": str(council.get_status_display()),
        "coordinator": _ref(council.coordinator),
        "period_from": council.period_from,
        "period_until": council.period_until,
        "starts_at": council.meeting.starts_at,
        "place": council.meeting.place,
        "questions": council.n_questions,
        "invitees": council.n_invitees,
        "created_at": council.created_at,
        "closed_at": council.closed_at,
    }


def council_out(council: Council) -> dict:
    meeting = council.meeting
    questions = list(council.questions.all())
    return {
        "id": council.pk,
        "citizen_id": council.citizen_id,
        "main_person": council.citizen.name,
        "meeting_id": council.meeting_id,
        "status": council.status,
        "status_label": str(council.get_status_display()),
        "language": council.language,
        "created_by": _ref(council.created_by),
        "employee": _ref(council.employee),
        "coordinator": _ref(council.coordinator),
        "period_from": council.period_from,
        "period_until": council.period_until,
        "questions": questions,
        "questions_version": questions_version(questions),
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "invitations_sent_at": meeting.invitations_sent_at,
        "invitees": meeting.invitees.count(),
        "visits": council.visits.count(),
        "proposals": council.proposals.count(),
        "private_ended_at": council.private_ended_at,
        "presented_at": council.presented_at,
        "presented_by": council.presented_by,
        "next_steps": council.next_steps,
        "followup_at": council.followup_at,
        "followup_done_at": council.followup_done_at,
        "closed_at": council.closed_at,
    }


def visit_out(visit: Visit) -> dict:
    return {
        "id": visit.pk,
        "invitee_id": visit.invitee_id,
        "invitee_name": visit.invitee.name,
        "visited_on": visit.visited_on,
        "told_about_model": visit.told_about_model,
        "presented_questions": visit.presented_questions,
        "will_attend": visit.will_attend,
        "note": visit.note,
        "recorded_at": visit.recorded_at,
    }


def proposal_out(proposal: Proposal) -> dict:
    return {
        "id": proposal.pk,
        "kind": proposal.kind,
        "what": proposal.what,
        "who": proposal.who_label,
        "who_invitee_id": proposal.who_invitee_id,
        "when": proposal.when,
        "responsible": proposal.responsible,
        "answer": proposal.answer,
        "answer_reason": proposal.answer_reason,
        "answered_at": proposal.answered_at,
        "status": proposal.status,
        "status_note": proposal.status_note,
    }


def plan_out(council: Council) -> dict:
    """The presented plan, grouped by the leaflet's four kinds. Call only once presented."""
    proposals = list(council.proposals.in_order())
    return {
        "council_id": council.pk,
        "language": council.language,
        "presented_at": council.presented_at,
        "presented_by": council.presented_by,
        "questions": [q.text for q in council.questions.all()],
        "groups": [
            {
                "kind": group["kind"],
                "label": str(group["label"]),
                "proposals": [proposal_out(p) for p in group["proposals"]],
            }
            for group in documents_council.plan_groups(proposals)
        ],
        "next_steps": council.next_steps,
        "followup_at": council.followup_at,
        "shared_with": list(
            council.meeting.invitees.filter(receives_memo=True).values_list("pk", flat=True)
        ),
    }
