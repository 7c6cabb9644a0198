"""CTI courses, checklist answers, fidelity reviews and CTI plans (seed 004, Bilag 1–6).

Workflows that change these (start, phase shift, end, answer) live in `services.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omkreds.accounts.models import Organisation, Team
from omkreds.citizens.models import Citizen
from omkreds.cti import checklists


class Phase(models.IntegerChoices):
    CONTACT = 0, checklists.PHASES[0].label
    ONE = 1, checklists.PHASES[1].label
    TWO = 2, checklists.PHASES[2].label
    THREE = 3, checklists.PHASES[3].label


def _label(terms: tuple[checklists.Term, ...], key: str):
    return next(t.label for t in terms if t.key == key)


class EndReason(models.TextChoices):
    """Bilag 5: why a course ended. Labels come from the checklist data, in three languages."""

    COMPLETED = "completed", _label(checklists.END_REASONS, "completed")
    DIED = "died", _label(checklists.END_REASONS, "died")
    MOVED = "moved", _label(checklists.END_REASONS, "moved")
    DISAPPEARED = "disappeared", _label(checklists.END_REASONS, "disappeared")
    REFUSES = "refuses", _label(checklists.END_REASONS, "refuses")
    IMPRISONED = "imprisoned", _label(checklists.END_REASONS, "imprisoned")
    HOSPITALISED = "hospitalised", _label(checklists.END_REASONS, "hospitalised")
    OTHER = "other", _label(checklists.END_REASONS, "other")


class PlanDimension(models.TextChoices):
    """Bilag 6: the dimensions a CTI plan can work with in a phase."""

    HOUSING = "housing", _label(checklists.PLAN_DIMENSIONS, "housing")
    MENTAL = "mental", _label(checklists.PLAN_DIMENSIONS, "mental")
    PHYSICAL = "physical", _label(checklists.PLAN_DIMENSIONS, "physical")
    ECONOMY = "economy", _label(checklists.PLAN_DIMENSIONS, "economy")
    ACTIVITIES = "activities", _label(checklists.PLAN_DIMENSIONS, "activities")
    NETWORK = "network", _label(checklists.PLAN_DIMENSIONS, "network")
    SUBSTANCE = "substance", _label(checklists.PLAN_DIMENSIONS, "substance")
    EDUCATION = "education", _label(checklists.PLAN_DIMENSIONS, "education")


class ChecklistChoice(models.TextChoices):
    YES = "yes", pgettext_lazy("checklist answer", "Yes")
    NO = "no", pgettext_lazy("checklist answer", "No")
    IRRELEVANT = "irrelevant", pgettext_lazy("checklist answer", "Irrelevant")


class FidelityChoice(models.TextChoices):
    YES = "yes", pgettext_lazy("checklist answer", "Yes")
    NO = "no", pgettext_lazy("checklist answer", "No")
    DONT_KNOW = "dont_know", pgettext_lazy("checklist answer", "Don't know")


@dataclass(frozen=True)
class PhaseDates:
    start: dt.date
    start_planned: bool  # not started yet: the planned date
    end: dt.date
    end_planned: bool


class CtiCourseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(ended_on__isnull=True)

    def open_on(self, day):
        """Courses running on `day`: started by then and not ended before it."""
        return self.filter(Q(started_on__lte=day), Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def _after(later: str, earlier: str) -> Q:
    return Q(**{f"{later}__isnull": True}) | Q(**{f"{later}__gte": F(earlier)})


class CtiCourse(models.Model):
    """One CTI intervention for one citizen: a contact period, then phases 1, 2 and 3."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="cti_courses")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cti_courses",
        verbose_name=_("CTI worker"),
    )
    started_on = models.DateField(_("contact period started"))
    contact_period_ends_planned = models.DateField(_("contact period ends (planned)"))
    phase1_planned_on = models.DateField(_("phase 1 starts (planned)"))
    phase2_planned_on = models.DateField(_("phase 2 starts (planned)"))
    phase3_planned_on = models.DateField(_("phase 3 starts (planned)"))
    planned_end_on = models.DateField(_("course ends (planned)"))
    phase1_started_on = models.DateField(_("phase 1 started"), null=True, blank=True)
    phase2_started_on = models.DateField(_("phase 2 started"), null=True, blank=True)
    phase3_started_on = models.DateField(_("phase 3 started"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_reason_text = models.TextField(_("reason for ending, in words"), blank=True)
    cap_override_reason = models.TextField(
        _("reason for assigning beyond the caseload cap"), blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CtiCourseQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("CTI course")
        verbose_name_plural = _("CTI courses")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen"],
                condition=Q(ended_on__isnull=True),
                name="cti_one_open_course_per_citizen",
            ),
            models.CheckConstraint(
                condition=Q(contact_period_ends_planned__gte=F("started_on"))
                & Q(phase1_planned_on__gte=F("contact_period_ends_planned"))
                & Q(phase2_planned_on__gt=F("phase1_planned_on"))
                & Q(phase3_planned_on__gt=F("phase2_planned_on"))
                & Q(planned_end_on__gt=F("phase3_planned_on")),
                name="cti_planned_dates_in_order",
            ),
            models.CheckConstraint(
                condition=_after("phase1_started_on", "started_on")
                & _after("phase2_started_on", "phase1_started_on")
                & _after("phase3_started_on", "phase2_started_on")
                & (Q(phase2_started_on__isnull=True) | Q(phase1_started_on__isnull=False))
                & (Q(phase3_started_on__isnull=True) | Q(phase2_started_on__isnull=False)),
                name="cti_realised_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | (
                    Q(ended_on__isnull=False) & ~Q(end_reason="") & Q(ended_on__gte=F("started_on"))
                ),
                name="cti_ended_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citizen} · {self.started_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def phase(self) -> int:
        """The phase the course is in (0 = contact period), from the realised dates."""
        for number in (3, 2, 1):
            if self.realised_start(number) is not None:
                return number
        return Phase.CONTACT

    def planned_start(self, phase: int):
        if phase == Phase.CONTACT:
            return self.started_on
        return getattr(self, f"phase{phase}_planned_on")

    def realised_start(self, phase: int):
        if phase == Phase.CONTACT:
            return self.started_on
        return getattr(self, f"phase{phase}_started_on")

    def phase_dates(self, phase: int) -> PhaseDates:
        """When `phase` starts and ends (Bilag 6: "Dato for fasens start/afslutning"): the
        realised date where there is one, else the planned one."""
        start = self.realised_start(phase)
        if phase == Phase.THREE:
            end, planned_end = self.ended_on, self.planned_end_on
        elif phase == Phase.CONTACT:
            end, planned_end = self.phase1_started_on, self.contact_period_ends_planned
        else:
            end, planned_end = self.realised_start(phase + 1), self.planned_start(phase + 1)
        return PhaseDates(
            start=start or self.planned_start(phase),
            start_planned=start is None,
            end=end or planned_end,
            end_planned=end is None,
        )

    def next_shift_due(self):
        """The planned date of the next phase shift (or of the end), while the course is open."""
        if not self.is_open:
            return None
        if self.phase == Phase.THREE:
            return self.planned_end_on
        return self.planned_start(self.phase + 1)

    def clean(self):
        errors = {}
        # (field, may it fall on the same day as the date before it?)
        planned = [
            ("contact_period_ends_planned", True),
            ("phase1_planned_on", True),
            ("phase2_planned_on", False),
            ("phase3_planned_on", False),
            ("planned_end_on", False),
        ]
        previous = self.started_on
        for name, same_day in planned:
            value = getattr(self, name)
            if (
                value is not None
                and previous is not None
                and (value < previous or (value == previous and not same_day))
            ):
                errors[name] = _("The planned dates must follow each other in order.")
            previous = value or previous
        previous = self.started_on
        for phase in (1, 2, 3):
            value = self.realised_start(phase)
            if value is None:
                continue
            if phase > 1 and self.realised_start(phase - 1) is None:
                errors[f"phase{phase}_started_on"] = _(
                    "A phase cannot start before the phase before it has started."
                )
            elif previous is not None and value < previous:
                errors[f"phase{phase}_started_on"] = _(
                    "A phase cannot start before the phase before it."
                )
            previous = value
        if self.ended_on is not None:
            if not self.end_reason:
                errors["end_reason"] = _("Choose why the course ended.")
            elif self.end_reason == EndReason.OTHER and not self.end_reason_text.strip():
                errors["end_reason_text"] = _("Describe the reason when it is “other”.")
            if previous is not None and self.ended_on < previous:
                errors["ended_on"] = _("The course cannot end before its last phase started.")
        if errors:
            raise ValidationError(errors)


class CourseEventKind(models.TextChoices):
    STARTED = "started", _("started")
    PLANNED_DATES = "planned_dates", _("planned dates changed")
    PHASE_SHIFT = "phase_shift", _("phase shift")
    WORKER = "worker", _("worker changed")
    ENDED = "ended", _("ended")


class CourseEvent(models.Model):
    """Who did what to a course, when. Append-only: the course's own history."""

    course = models.ForeignKey(CtiCourse, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=CourseEventKind.choices)
    phase = models.PositiveSmallIntegerField(null=True, blank=True, choices=Phase.choices)
    on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("course event")
        verbose_name_plural = _("course events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.on or self.at:%Y-%m-%d}"


class ChecklistAnswerQuerySet(models.QuerySet):
    def history(self, item_key: str):
        return self.filter(item_key=item_key).order_by("-answered_at", "-id")


class ChecklistAnswer(models.Model):
    """One answer to one phase-checklist item. Never updated: the latest per item counts."""

    course = models.ForeignKey(CtiCourse, on_delete=models.CASCADE, related_name="answers")
    item_key = models.CharField(_("item"), max_length=40)
    answer = models.CharField(_("answer"), max_length=12, choices=ChecklistChoice.choices)
    note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    objects = ChecklistAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["answered_at", "id"]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        indexes = [models.Index(fields=["course", "item_key", "answered_at"])]

    def __str__(self) -> str:
        return f"{self.item_key}: {self.get_answer_display()}"

    @property
    def item(self) -> checklists.Item:
        return checklists.item(self.item_key)


def current_answers(course: CtiCourse) -> dict[str, ChecklistAnswer]:
    """The latest answer per item of a course, in one query."""
    latest: dict[str, ChecklistAnswer] = {}
    for answer in course.answers.order_by("answered_at", "id").select_related("answered_by"):
        latest[answer.item_key] = answer
    return latest


class FidelityReview(models.Model):
    """A lead's review of a team's fidelity to the CTI model on a date (Bilag 4)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="fidelity_reviews"
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fidelity_reviews",
        verbose_name=_("team"),
    )
    reviewed_on = models.DateField(_("reviewed on"))
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="fidelity_reviews",
        verbose_name=_("lead"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("fidelity review")
        verbose_name_plural = _("fidelity reviews")

    def __str__(self) -> str:
        return f"{self.team or self.organisation} · {self.reviewed_on:%Y-%m-%d}"


class FidelityAnswer(models.Model):
    review = models.ForeignKey(FidelityReview, on_delete=models.CASCADE, related_name="answers")
    item_key = models.CharField(_("item"), max_length=40)
    answer = models.CharField(_("answer"), max_length=12, choices=FidelityChoice.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["item_key"]
        verbose_name = _("fidelity answer")
        verbose_name_plural = _("fidelity answers")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "item_key"], name="fidelity_one_answer_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_key}: {self.get_answer_display()}"

    @property
    def item(self) -> checklists.Item:
        return checklists.item(self.item_key)


class CtiPlan(models.Model):
    """The CTI plan for one phase of a course (Bilag 6). Not the § 141 action plan, but part of it."""

    course = models.ForeignKey(CtiCourse, on_delete=models.CASCADE, related_name="plans")
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    made_on = models.DateField(_("date drawn up"), default=timezone.localdate)
    action_plan_reference = models.CharField(
        _("§ 141 action plan reference"), max_length=200, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["phase"]
        verbose_name = _("CTI plan")
        verbose_name_plural = _("CTI plans")
        constraints = [
            models.UniqueConstraint(fields=["course", "phase"], name="cti_one_plan_per_phase")
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.get_phase_display()}"


class CtiPlanDimension(models.Model):
    """A dimension worked with in a phase: why, the goal, who is responsible, which contacts."""

    plan = models.ForeignKey(CtiPlan, on_delete=models.CASCADE, related_name="dimensions")
    dimension = models.CharField(_("dimension"), max_length=20, choices=PlanDimension.choices)
    reason = models.TextField(_("reason for working with this dimension"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    responsibility = models.TextField(_("responsibility"), blank=True)
    # Bilag 6: "konkrete oplysninger om, hvilke aktiviteter der skal gennemføres".
    activities = models.TextField(_("activities"), blank=True)
    # Contact ids from the citizen's network map (stable across map versions).
    contact_ids = models.JSONField(_("contacts involved"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("CTI plan dimension")
        verbose_name_plural = _("CTI plan dimensions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "dimension"], name="cti_plan_dimension_once")
        ]

    def __str__(self) -> str:
        return str(self.get_dimension_display())


class SubGoal(models.Model):
    dimension = models.ForeignKey(
        CtiPlanDimension, on_delete=models.CASCADE, related_name="subgoals"
    )
    text = models.TextField(_("sub-goal"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("sub-goal")
        verbose_name_plural = _("sub-goals")

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class PhaseStatus:
    """How far a phase's checklist has come, for one course."""

    phase: int
    total: int
    answered: int
    yes: int
    open_no: int
    open_transition_items: tuple[checklists.Item, ...]

    @property
    def unanswered(self) -> int:
        return self.total - self.answered
