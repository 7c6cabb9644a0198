"""CTI fidelity reviews (Bilag 4): a lead's review of the team's work against the model, its
score and trend, and suggested answers drawn from the courses the team ran.

Keyword-only services as in `services.py`: they change nothing and raise a `CtiError`, or make
the whole change.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from omkreds.accounts.countries import action_plan
from omkreds.accounts.models import Organisation, Team
from omkreds.cti import checklists
from omkreds.cti.errors import (
    InvalidAnswer,
    UnknownItem,
    WrongOrganisation,
)
from omkreds.cti.models import (
    ChecklistAnswer,
    ChecklistChoice,
    CtiCourse,
    EndReason,
    FidelityAnswer,
    FidelityChoice,
    FidelityReview,
    Phase,
)
from omkreds.cti.services import ON_TIME_DAYS, not_in_future, shift_delays

# Fidelity suggestions look at the courses running in the last year.
FIDELITY_WINDOW_DAYS = 365


@dataclass(frozen=True)
class FidelityScore:
    yes: int
    no: int
    dont_know: int
    total: int

    @property
    def unanswered(self) -> int:
        return self.total - self.yes - self.no - self.dont_know

    @property
    def share(self) -> float:
        """The share of all items answered "Yes", 0–1."""
        return self.yes / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)


def _score(counts: dict[str, int]) -> FidelityScore:
    return FidelityScore(
        yes=counts.get(FidelityChoice.YES, 0),
        no=counts.get(FidelityChoice.NO, 0),
        dont_know=counts.get(FidelityChoice.DONT_KNOW, 0),
        total=len(checklists.FIDELITY.items),
    )


def fidelity_score(review: FidelityReview) -> FidelityScore:
    return _score(Counter(review.answers.values_list("answer", flat=True)))


def fidelity_trend(
    *, organisation: Organisation, team: Team | None = None
) -> list[tuple[FidelityReview, FidelityScore]]:
    """The reviews of an organisation (or one team), oldest first, with their scores."""
    reviews = FidelityReview.objects.filter(organisation=organisation, team=team).annotate(
        n_yes=Count("answers", filter=Q(answers__answer=FidelityChoice.YES)),
        n_no=Count("answers", filter=Q(answers__answer=FidelityChoice.NO)),
        n_dont_know=Count("answers", filter=Q(answers__answer=FidelityChoice.DONT_KNOW)),
    )
    return [
        (
            r,
            _score(
                {
                    FidelityChoice.YES: r.n_yes,
                    FidelityChoice.NO: r.n_no,
                    FidelityChoice.DONT_KNOW: r.n_dont_know,
                }
            ),
        )
        for r in reviews.order_by("reviewed_on", "id")
    ]


def fidelity_review_save(
    *,
    organisation: Organisation,
    team: Team | None,
    reviewed_on: dt.date,
    lead,
    answers: dict[str, str | tuple[str, str]],
    note: str = "",
) -> FidelityReview:
    """Record a fidelity review. `answers` maps item keys to an answer or (answer, note)."""
    not_in_future(reviewed_on, "reviewed_on")
    if team is not None and team.organisation_id != organisation.pk:
        raise WrongOrganisation(field="team")
    fidelity_keys = {i.key for i in checklists.FIDELITY.items}
    rows = []
    for key, value in answers.items():
        answer, answer_note = value if isinstance(value, tuple) else (value, "")
        if key not in fidelity_keys:
            raise UnknownItem()
        if answer not in FidelityChoice.values:
            raise InvalidAnswer()
        rows.append((key, answer, (answer_note or "").strip()))
    with transaction.atomic():
        review = FidelityReview.objects.create(
            organisation=organisation,
            team=team,
            reviewed_on=reviewed_on,
            lead=lead,
            note=note.strip(),
        )
        FidelityAnswer.objects.bulk_create(
            FidelityAnswer(review=review, item_key=k, answer=a, note=n) for k, a, n in rows
        )
    return review


@dataclass(frozen=True)
class Suggestion:
    """An answer the data suggests for a fidelity item, and why. The lead decides."""

    answer: str
    reason: str


def fidelity_suggestions(
    *, organisation: Organisation, team: Team | None = None, on: dt.date | None = None
) -> dict[str, Suggestion]:
    """Suggested answers, from the courses of the last year, for the fidelity items the data
    can speak to: caseloads within the cap (10), phases shifted on time (12), § 141 action
    plan offered (15), a CTI plan for each course (17), and, for courses completed as planned,
    a handover plan (29) and a closing meeting with the support network (30)."""
    on = on or timezone.localdate()
    courses = list(
        CtiCourse.objects.filter(
            citizen__organisation=organisation,
            started_on__lte=on,
        )
        .filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on - dt.timedelta(days=FIDELITY_WINDOW_DAYS))
        )
        .filter(**({"citizen__team": team} if team is not None else {}))
        .annotate(n_plan_dimensions=Count("plans__dimensions"))
    )
    answers = _latest_answers(courses)
    return {
        "fidelity.10": _suggest_caseload(organisation, courses, on),
        "fidelity.12": _suggest_phases(courses, on),
        "fidelity.15": _suggest_action_plan_offered(courses, answers, organisation),
        "fidelity.17": _suggest_cti_plan(courses),
        "fidelity.29": _suggest_closing(courses, answers, HANDOVER_PLAN_ITEM),
        "fidelity.30": _suggest_closing(courses, answers, CLOSING_MEETING_ITEM),
    }


# The checklist items whose answers speak to fidelity items 15, 29 and 30.
ACTION_PLAN_OFFERED_ITEM = "p1.coherence.03"
HANDOVER_PLAN_ITEM = "p3.ending.05"
CLOSING_MEETING_ITEM = "p3.ending.06"


def _latest_answers(courses: list[CtiCourse]) -> dict[tuple[int, str], str]:
    """The latest answer of each course to the items the suggestions read, in one query."""
    latest: dict[tuple[int, str], str] = {}
    rows = (
        ChecklistAnswer.objects.filter(
            course__in=[c.pk for c in courses],
            item_key__in=[ACTION_PLAN_OFFERED_ITEM, HANDOVER_PLAN_ITEM, CLOSING_MEETING_ITEM],
        )
        .order_by("answered_at", "id")
        .values_list("course_id", "item_key", "answer")
    )
    for course_id, item_key, answer in rows:
        latest[(course_id, item_key)] = answer
    return latest


def _no_data() -> Suggestion:
    return Suggestion(FidelityChoice.DONT_KNOW, gettext("No CTI courses to judge from."))


def _suggest_caseload(
    organisation: Organisation, courses: list[CtiCourse], on: dt.date
) -> Suggestion:
    workers = {
        c.worker_id
        for c in courses
        if c.started_on <= on and (c.ended_on is None or c.ended_on > on)
    }
    if not workers:
        return _no_data()
    counts = Counter(
        CtiCourse.objects.open_on(on)
        .filter(citizen__organisation=organisation, worker_id__in=workers)
        .values_list("worker_id", flat=True)
    )
    cap = organisation.cti_caseload_cap
    highest = max(counts.values())
    over = sum(1 for n in counts.values() if n > cap)
    if over:
        return Suggestion(
            FidelityChoice.NO,
            ngettext(
                "%(over)d worker holds more than %(cap)d courses (highest: %(highest)d).",
                "%(over)d workers hold more than %(cap)d courses (highest: %(highest)d).",
                over,
            )
            % {"over": over, "cap": cap, "highest": highest},
        )
    return Suggestion(
        FidelityChoice.YES,
        gettext("Every worker holds %(cap)d courses or fewer (highest: %(highest)d).")
        % {"cap": cap, "highest": highest},
    )


def _suggest_phases(courses: list[CtiCourse], on: dt.date) -> Suggestion:
    judged = [c for c in courses if shift_delays(c, on=on) or c.phase > Phase.CONTACT]
    if not judged:
        return _no_data()
    late = sum(1 for c in judged if any(d > ON_TIME_DAYS for d in shift_delays(c, on=on).values()))
    if late:
        return Suggestion(
            FidelityChoice.NO,
            ngettext(
                "%(late)d of %(total)d courses shifted phase more than %(days)d days late.",
                "%(late)d of %(total)d courses shifted phase more than %(days)d days late.",
                late,
            )
            % {"late": late, "total": len(judged), "days": ON_TIME_DAYS},
        )
    return Suggestion(
        FidelityChoice.YES,
        gettext("All %(total)d courses shifted phase within %(days)d days of the plan.")
        % {"total": len(judged), "days": ON_TIME_DAYS},
    )


def _suggest_action_plan_offered(
    courses: list[CtiCourse], answers: dict[tuple[int, str], str], organisation: Organisation
) -> Suggestion:
    judged = [c for c in courses if c.phase > Phase.CONTACT or c.ended_on is not None]
    if not judged:
        return _no_data()
    offered = sum(
        1 for c in judged if answers.get((c.pk, ACTION_PLAN_OFFERED_ITEM)) == ChecklistChoice.YES
    )
    answer = FidelityChoice.YES if offered == len(judged) else FidelityChoice.NO
    return Suggestion(
        answer,
        # The plan of the organisation's country's law (§ 141 in Denmark, SoL, socialvårdslagen).
        gettext("%(offered)d of %(total)d courses record that a %(plan)s was offered.")
        % {"offered": offered, "total": len(judged), "plan": action_plan(organisation)},
    )


def _suggest_cti_plan(courses: list[CtiCourse]) -> Suggestion:
    judged = [c for c in courses if c.phase > Phase.CONTACT or c.ended_on is not None]
    if not judged:
        return _no_data()
    with_plan = sum(1 for c in judged if c.n_plan_dimensions > 0)
    answer = FidelityChoice.YES if with_plan == len(judged) else FidelityChoice.NO
    return Suggestion(
        answer,
        gettext("%(with_plan)d of %(total)d courses past the contact period have a CTI plan.")
        % {"with_plan": with_plan, "total": len(judged)},
    )


def _suggest_closing(
    courses: list[CtiCourse], answers: dict[tuple[int, str], str], item_key: str
) -> Suggestion:
    """Of the courses completed as planned, how many answered the closing item "Yes"."""
    judged = [c for c in courses if c.end_reason == EndReason.COMPLETED]
    if not judged:
        return _no_data()
    done = sum(1 for c in judged if answers.get((c.pk, item_key)) == ChecklistChoice.YES)
    answer = FidelityChoice.YES if done == len(judged) else FidelityChoice.NO
    if item_key == HANDOVER_PLAN_ITEM:
        reason = gettext(
            "%(done)d of %(total)d courses completed as planned record a handover plan."
        )
    else:
        reason = gettext(
            "%(done)d of %(total)d courses completed as planned record a closing meeting "
            "with the support network."
        )
    return Suggestion(answer, reason % {"done": done, "total": len(judged)})
