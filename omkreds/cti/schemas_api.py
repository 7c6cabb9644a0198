"""The shapes the CTI API (`api.py`) reads and answers."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StringConstraints

from omkreds.cti import fidelity, services
from omkreds.cti.models import (
    ChecklistAnswer,
    ChecklistChoice,
    CtiCourse,
    CtiPlan,
    EndReason,
    FidelityChoice,
    FidelityReview,
    PlanDimension,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class Ref(Schema):
    id: int
    name: str


class ItemOut(Schema):
    key: str
    text: str


class SectionOut(Schema):
    key: str
    heading: str
    transition: bool
    items: list[ItemOut]


class ChecklistOut(Schema):
    key: str
    title: str
    phase: int | None
    sections: list[SectionOut]


class CourseOut(Schema):
    id: int
    citizen_id: uuid.UUID
    worker: Ref
    phase: int
    is_open: bool
    started_on: dt.date
    contact_period_ends_planned: dt.date
    phase1_planned_on: dt.date
    phase2_planned_on: dt.date
    phase3_planned_on: dt.date
    planned_end_on: dt.date
    phase1_started_on: dt.date | None
    phase2_started_on: dt.date | None
    phase3_started_on: dt.date | None
    ended_on: dt.date | None
    end_reason: str
    end_reason_text: str
    cap_override_reason: str
    next_shift_due: dt.date | None

    @staticmethod
    def resolve_worker(obj: CtiCourse) -> dict:
        return {"id": obj.worker_id, "name": obj.worker.full_name}

    @staticmethod
    def resolve_next_shift_due(obj: CtiCourse) -> dt.date | None:
        return obj.next_shift_due()


class PhaseStatusOut(Schema):
    phase: int
    total: int
    answered: int
    yes: int
    open_no: int
    open_transition_items: list[str]


class CourseDetailOut(CourseOut):
    checklists: list[PhaseStatusOut]


class ShiftResultOut(Schema):
    course: CourseOut
    open_items: list[str] = Field(description="Transition items not answered “Yes”.")


class CourseStartIn(Schema):
    model_config = ConfigDict(extra="forbid")

    worker_id: int
    started_on: dt.date
    cap_override_reason: Text = ""
    contact_period_ends_planned: dt.date | None = None
    phase1_planned_on: dt.date | None = None
    phase2_planned_on: dt.date | None = None
    phase3_planned_on: dt.date | None = None
    planned_end_on: dt.date | None = None


class ShiftIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to_phase: int
    on: dt.date


class EndIn(Schema):
    model_config = ConfigDict(extra="forbid")

    on: dt.date
    reason: Literal[tuple(EndReason.values)]  # type: ignore[valid-type]
    reason_text: Text = ""


class ReassignIn(Schema):
    model_config = ConfigDict(extra="forbid")

    worker_id: int
    cap_override_reason: Text = ""


class AnswerOut(Schema):
    id: int
    item_key: str
    answer: str
    note: str
    answered_by: Ref
    answered_at: dt.datetime

    @staticmethod
    def resolve_answered_by(obj: ChecklistAnswer) -> dict:
        return {"id": obj.answered_by_id, "name": obj.answered_by.full_name}


class AnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    item_key: ShortText
    answer: Literal[tuple(ChecklistChoice.values)]  # type: ignore[valid-type]
    note: Text = ""
    # The id of the item's latest answer the caller saw (null: unanswered). When given, an
    # answer given meanwhile by someone else makes this one a 409 conflict.
    based_on: int | None = None


class SubGoalOut(Schema):
    id: int
    text: str
    reached_on: dt.date | None


class DimensionOut(Schema):
    id: int
    dimension: str
    reason: str
    goal: str
    responsibility: str
    activities: str
    contact_ids: list[str]
    subgoals: list[SubGoalOut]

    @staticmethod
    def resolve_subgoals(obj) -> list:
        return list(obj.subgoals.all())


class PlanOut(Schema):
    id: int
    phase: int
    made_on: dt.date
    action_plan_reference: str
    dimensions: list[DimensionOut]
    warnings: list[str] = []
    version: str = Field(description="Send it as `based_on` when you change the plan.")

    @staticmethod
    def resolve_version(obj: CtiPlan) -> str:
        return services.plan_version(obj)

    @staticmethod
    def resolve_dimensions(obj: CtiPlan) -> list:
        return list(obj.dimensions.all())

    @staticmethod
    def resolve_warnings(obj: CtiPlan) -> list[str]:
        return services.plan_warnings(obj)


class DimensionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    dimension: Literal[tuple(PlanDimension.values)]  # type: ignore[valid-type]
    reason: Text = ""
    goal: Text = ""
    responsibility: Text = ""
    activities: Text = ""
    contact_ids: list[Annotated[str, StringConstraints(max_length=64)]] = Field(
        default_factory=list, max_length=200
    )
    subgoals: list[Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]] = (
        Field(default_factory=list, max_length=50)
    )


class PlanIn(Schema):
    model_config = ConfigDict(extra="forbid")

    based_on: Annotated[str, StringConstraints(max_length=64)] | None = Field(
        description="The plan's `version` you read (null: there was no plan of this phase "
        "yet). If it has changed since (someone else wrote first), 409 and nothing is saved."
    )
    made_on: dt.date | None = None
    action_plan_reference: ShortText = ""
    dimensions: list[DimensionIn] = Field(default_factory=list, max_length=8)


class PhasePlanRowOut(Schema):
    course: CourseOut
    citizen_name: str
    next_due: dt.date | None
    state: str = Field(description="“overdue”, “due” (within 14 days) or empty.")


class FidelityAnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answer: Literal[tuple(FidelityChoice.values)]  # type: ignore[valid-type]
    note: Text = ""


class FidelityIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reviewed_on: dt.date
    answers: dict[Annotated[str, StringConstraints(max_length=40)], FidelityAnswerIn] = Field(
        max_length=100
    )
    note: Text = ""


class FidelityOut(Schema):
    id: int
    team: Ref | None
    reviewed_on: dt.date
    lead: Ref
    note: str
    score_percent: int
    answers: dict[str, str]

    @staticmethod
    def resolve_lead(obj: FidelityReview) -> dict:
        return {"id": obj.lead_id, "name": obj.lead.full_name}

    @staticmethod
    def resolve_score_percent(obj: FidelityReview) -> int:
        return fidelity.fidelity_score(obj).percent

    @staticmethod
    def resolve_answers(obj: FidelityReview) -> dict[str, str]:
        return {a.item_key: a.answer for a in obj.answers.all()}
