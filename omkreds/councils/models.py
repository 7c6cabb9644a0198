"""Network councils (seed 003, "Netværksrådslagning"): the main person's questions, a neutral
coordinator, visits, the council in three steps and the personal plan.

A council owns a `Meeting` for its time, place and invitees, so invitations, calendar files,
letters, replies and feedback are the meetings' own. Rows are written only by the services
(`services.py`, `services_room.py`, `services_plan.py`, `services_followup.py`).

The tables were made when councils lived in the meetings app and keep those names
(`meetings_council` …); the models moved here by state only (migrations `councils.0001` and
`meetings.0004`), so no row was copied.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omkreds.accounts.models import Language, Organisation
from omkreds.citizens.models import Citizen
from omkreds.meetings.models import LONG_TEXT, Invitee, Meeting


class CouncilStatus(models.TextChoices):
    PREPARING = "preparing", _("being prepared")
    INFORMATION = "information", _("step 1 – information")
    PRIVATE = "private", _("step 2 – the private meeting")
    ACKNOWLEDGEMENT = "acknowledgement", _("step 3 – acknowledgement of the plan")
    CLOSED = "closed", _("closed")


# The order the council moves through; `step_advance` takes one step at a time.
COUNCIL_STEPS = (
    CouncilStatus.PREPARING,
    CouncilStatus.INFORMATION,
    CouncilStatus.PRIVATE,
    CouncilStatus.ACKNOWLEDGEMENT,
)


class CouncilQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=CouncilStatus.CLOSED)

    def coordinated_by(self, user):
        return self.filter(coordinator=user).open()


class Council(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="councils")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="councils"
    )
    # Time, place, invitees and the invitations: the meetings' machinery.
    # RESTRICT, not PROTECT: the meeting cannot go on its own, but a case deletion takes both.
    meeting = models.OneToOneField(Meeting, on_delete=models.RESTRICT, related_name="council")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="councils_created",
        verbose_name=_("created by"),
    )
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="councils_as_employee",
        verbose_name=_("the employee the main person chose"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="councils_coordinated",
        verbose_name=_("coordinator"),
    )
    period_from = models.DateField(_("coordinator from"), null=True, blank=True)
    period_until = models.DateField(_("coordinator until"), null=True, blank=True)
    # Seed 003: "Derefter aftales et møde med en samordner": the planning meeting of the main
    # person, the employee and the coordinator, and the questions agreed there.
    planning_met_on = models.DateField(_("planning meeting held on"), null=True, blank=True)
    planning_questions = models.JSONField(default=list, blank=True, editable=False)
    planning_note = models.TextField(_("note"), max_length=LONG_TEXT, blank=True)
    planning_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=CouncilStatus.choices, default=CouncilStatus.PREPARING
    )
    # The main person's language: the plan is printed in it.
    language = models.CharField(
        _("the main person's language"), max_length=5, choices=Language.choices
    )
    # The private page in the room: a short code (only its keyed hash is kept), its expiry, and
    # the one device that joined with it (a keyed hash of the key kept in that device's session).
    room_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    room_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    room_device_hash = models.CharField(max_length=64, blank=True, editable=False)
    private_ended_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Step 3: the plan as presented by a representative of the network.
    presented_at = models.DateTimeField(null=True, blank=True, editable=False)
    presented_by = models.CharField(_("presented by"), max_length=200, blank=True)
    next_steps = models.TextField(_("what happens from here"), max_length=LONG_TEXT, blank=True)
    followup_at = models.DateTimeField(_("follow-up meeting"), null=True, blank=True)
    followup_done_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        # The table keeps the name it had when councils lived in the meetings app.
        db_table = "meetings_council"
        verbose_name = _("network council")
        verbose_name_plural = _("network councils")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CouncilStatus.values), name="council_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_from__isnull=True)
                | Q(period_until__isnull=True)
                | Q(period_until__gte=models.F("period_from")),
                name="council_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False)
                | (~Q(status="closed") & Q(closed_at__isnull=True)),
                name="council_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Network council"))

    @property
    def is_closed(self) -> bool:
        return self.status == CouncilStatus.CLOSED

    @property
    def room_is_open(self) -> bool:
        return (
            self.status == CouncilStatus.PRIVATE
            and bool(self.room_code_hash)
            and self.room_expires_at is not None
            and self.room_expires_at > timezone.now()
        )

    @property
    def plan_presented(self) -> bool:
        return self.presented_at is not None


class CouncilQuestion(models.Model):
    """A question the main person wants the network to discuss, in their order."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=500)

    class Meta:
        ordering = ["council", "order"]
        # The table keeps the name it had when councils lived in the meetings app.
        db_table = "meetings_councilquestion"
        verbose_name = _("council question")
        verbose_name_plural = _("council questions")
        constraints = [
            models.UniqueConstraint(fields=["council", "order"], name="council_question_order")
        ]

    def __str__(self) -> str:
        return self.text


class Visit(models.Model):
    """The coordinator's personal visit to someone the main person wants to take part."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="visits")
    invitee = models.ForeignKey(Invitee, on_delete=models.CASCADE, related_name="council_visits")
    visited_on = models.DateField(_("date of the visit"))
    told_about_model = models.BooleanField(_("told about the model"), default=False)
    presented_questions = models.BooleanField(_("presented the questions"), default=False)
    will_attend = models.BooleanField(_("will attend"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=LONG_TEXT, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council", "visited_on", "pk"]
        # The table keeps the name it had when councils lived in the meetings app.
        db_table = "meetings_visit"
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.UniqueConstraint(fields=["council", "invitee"], name="visit_one_per_invitee")
        ]

    def __str__(self) -> str:
        return str(self.invitee)


class ProposalKind(models.TextChoices):
    # The leaflet's four kinds, in its order ("Netværket finder sammen med hovedpersonen frem til
    # forslag om").
    IMPROVE = "improve", _("How the main person's situation can be improved")
    WISHES = "wishes", _("Initiatives the main person would like to see started")
    PUBLIC = "public", _("Initiatives public partners could help with")
    RESOURCES = "resources", _("Resources in the network that can be activated")


class ProposalAnswer(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("proposal answer", "accepted")
    CLARIFY = "clarify", pgettext_lazy("proposal answer", "needs clarification")
    NOT_POSSIBLE = "not_possible", pgettext_lazy("proposal answer", "not possible")


class ProposalStatus(models.TextChoices):
    DONE = "done", pgettext_lazy("proposal status", "done")
    UNDER_WAY = "under_way", pgettext_lazy("proposal status", "under way")
    NOT_STARTED = "not_started", pgettext_lazy("proposal status", "not started")
    DROPPED = "dropped", pgettext_lazy("proposal status", "dropped")


class ProposalQuerySet(models.QuerySet):
    def in_order(self):
        order = models.Case(
            *(models.When(kind=k, then=n) for n, k in enumerate(ProposalKind.values)),
            default=len(ProposalKind.values),
        )
        return self.select_related("who_invitee", "question").order_by(order, "pk")


class Proposal(models.Model):
    """One proposal of the personal plan: who, what, when, and the answer it got."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(_("kind"), max_length=10, choices=ProposalKind.choices)
    # The main person's question the proposal answers; none means "other".
    question = models.ForeignKey(
        CouncilQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("answers the question"),
    )
    what = models.CharField(_("what"), max_length=500)
    who = models.CharField(_("who"), max_length=200, blank=True)
    # When "who" is someone invited: lets the follow-up mark them active on the map.
    who_invitee = models.ForeignKey(
        Invitee, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    when = models.CharField(_("when"), max_length=200, blank=True)
    responsible = models.CharField(_("responsible party"), max_length=200, blank=True)
    answer = models.CharField(
        _("answer"), max_length=12, choices=ProposalAnswer.choices, blank=True
    )
    answer_reason = models.CharField(_("reason"), max_length=500, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status at the follow-up"), max_length=12, choices=ProposalStatus.choices, blank=True
    )
    status_note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["council", "pk"]
        # The table keeps the name it had when councils lived in the meetings app.
        db_table = "meetings_proposal"
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProposalKind.values), name="proposal_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(answer__in=["", *ProposalAnswer.values]), name="proposal_answer_valid"
            ),
            models.CheckConstraint(
                condition=~Q(answer="not_possible") | ~Q(answer_reason=""),
                name="proposal_not_possible_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["", *ProposalStatus.values]), name="proposal_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def who_label(self) -> str:
        return self.who or (self.who_invitee.name if self.who_invitee_id else "")


class RoomCodeMiss(models.Model):
    """Refused room codes in the current window, per client address and per code (a keyed hash
    of what was typed): the throttle of `services_room.room_enter`."""

    key = models.CharField(max_length=80, unique=True)
    window_started_at = models.DateTimeField()
    misses = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("refused room code")
        verbose_name_plural = _("refused room codes")

    def __str__(self) -> str:
        return self.key
