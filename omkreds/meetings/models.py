"""Network meetings (seed 002): from the worry to the decision, preparation, invitation, the
meeting and its memo, the actions agreed, the follow-up meeting and the participants' feedback.

A meeting belongs to the citizen's case. Rows are written only by `services.py`.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omkreds.accounts.models import Language
from omkreds.citizens.models import Citizen
from omkreds.invitations.choices import Channel, InviteeKind, Reply

# Long free texts are bounded so that a pasted book is refused with a message, not stored.
LONG_TEXT = 4000


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class MeetingStatus(models.TextChoices):
    DECIDED = "decided", _("decided")
    PREPARED = "prepared", _("prepared")
    INVITED = "invited", _("invited")
    HELD = "held", _("held")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


class MeetingQuerySet(models.QuerySet):
    def for_citizen(self, citizen):
        return self.filter(citizen=citizen).order_by(F("starts_at").desc(nulls_first=True))

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).exclude(
            status=MeetingStatus.CANCELLED
        )


class Meeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="meetings")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="meetings_created",
        verbose_name=_("called by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DECIDED
    )
    # 1. Decide
    concern = models.TextField(_("the worry"))
    why_not_own_tools = models.TextField(_("why your own tools are not enough"), blank=True)
    goal = models.TextField(_("goal of the meeting"))
    # 3. Invite
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    at_client_home = models.BooleanField(_("at the citizen's home"), default=False)
    # iCalendar: one UID for the meeting's whole life, SEQUENCE raised on every change sent out.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    invitations_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    # Seed 002: "kontakta nätverkskoordinatorn" — an advisory coordinator the worker can name.
    network_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings_advised",
        verbose_name=_("network coordinator"),
    )
    network_coordinator_told_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The meeting whose memo set this one up as its follow-up.
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("follows up on"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-created_at"]
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True, ends_at__isnull=True)
                | Q(starts_at__isnull=False, ends_at__isnull=False, ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="meeting_cancelled_has_time",
            ),
        ]

    def __str__(self) -> str:
        if self.starts_at:
            when = timezone.localtime(self.starts_at).strftime("%Y-%m-%d %H:%M")
            return str(_("Network meeting %(when)s") % {"when": when})
        return str(_("Network meeting"))

    @property
    def ical_uid(self) -> str:
        return f"{self.pk}@omkreds"

    @property
    def duration_minutes(self) -> int | None:
        if not (self.starts_at and self.ends_at):
            return None
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_scheduled(self) -> bool:
        return self.starts_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def has_started(self) -> bool:
        """The memo and the feedback belong to a meeting that has begun, never before."""
        return self.starts_at is not None and self.starts_at <= timezone.now()

    @property
    def starts_at_shown(self) -> str:
        """The start in the active language's date and time format, local time."""
        if self.starts_at is None:
            return ""
        return formats.date_format(timezone.localtime(self.starts_at), "DATETIME_FORMAT")


class Question(models.Model):
    """A question to discuss at the meeting, in the order agreed with the citizen."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=500)

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="question_unique_order")
        ]

    def __str__(self) -> str:
        return self.text


class PreparationTick(models.Model):
    """A point of the guide's preparation list gone through with the citizen."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ticks")
    item_key = models.CharField(max_length=40)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ticked_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["meeting", "ticked_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "item_key"], name="tick_unique_item")
        ]

    def __str__(self) -> str:
        return self.item_key


class InviteeQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by(
            models.Case(
                models.When(kind=InviteeKind.CITIZEN, then=0),
                models.When(kind=InviteeKind.CLOSE, then=1),
                default=2,
            ),
            "name",
            "pk",
        )


class Invitee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("takes part as"), max_length=10, choices=InviteeKind.choices, default=InviteeKind.CLOSE
    )
    relation = models.CharField(_("relation to the citizen"), max_length=200, blank=True)
    # The contact's stable id on the citizen's network map, when picked from the map.
    contact_id = models.CharField(max_length=32, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_invitations",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), max_length=500, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.DANISH
    )
    channel = models.CharField(
        _("invite by"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    reply = models.CharField(
        _("reply"), max_length=10, choices=Reply.choices, default=Reply.PENDING
    )
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    # Links carry a signed token naming this nonce; a new nonce makes every old link void.
    token_nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    reply_link_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The SEQUENCE of the last invitation sent; None while nothing was sent.
    sent_sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Memo: present or absent (None until the memo says).
    present = models.BooleanField(_("present"), null=True, blank=True)
    receives_memo = models.BooleanField(_("receives the memo"), default=False)
    # Only that feedback was given, never which: the response itself is anonymous.
    feedback_given_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InviteeQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "name"]
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "contact_id"],
                condition=~Q(contact_id=""),
                name="invitee_unique_contact",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="invitee_unique_user",
            ),
            models.UniqueConstraint(
                models.functions.Lower("email"),
                "meeting",
                condition=~Q(email=""),
                name="invitee_unique_email",
            ),
            models.CheckConstraint(
                condition=(Q(channel="email") & ~Q(email=""))
                | (Q(channel="letter") & ~Q(postal_address=""))
                | (Q(channel="phone") & ~Q(phone=""))
                | Q(channel="hand", kind="citizen"),
                name="invitee_reachable_by_channel",
            ),
            # The citizen takes part once: one row of kind "citizen" per meeting.
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(kind="citizen"), name="invitee_one_citizen"
            ),
            models.CheckConstraint(
                condition=Q(reply="pending", replied_at__isnull=True)
                | (~Q(reply="pending") & Q(replied_at__isnull=False)),
                name="invitee_reply_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Success(models.TextChoices):
    YES = "yes", pgettext_lazy("meeting successful", "yes")
    PARTLY = "partly", pgettext_lazy("meeting successful", "partly")
    NO = "no", pgettext_lazy("meeting successful", "no")


class Memo(models.Model):
    """The meeting memo ("mötespromemoria") and the continued plan agreed at the meeting."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="memo")
    citizen_present = models.BooleanField(_("the citizen was present"), default=True)
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    secretary = models.CharField(_("secretary"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the citizen's responsible employee"),
    )
    responsible_name = models.CharField(
        _("the citizen's responsible employee"), max_length=200, blank=True
    )
    followup_at = models.DateTimeField(_("follow-up meeting"), null=True, blank=True)
    successful = models.CharField(
        _("was the meeting successful?"), max_length=10, choices=Success.choices, blank=True
    )
    successful_note = models.TextField(_("why"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("memo")
        verbose_name_plural = _("memos")
        constraints = [
            models.CheckConstraint(
                condition=Q(successful__in=["", *Success.values]), name="memo_successful_valid"
            )
        ]

    def __str__(self) -> str:
        return str(_("Memo of %(meeting)s") % {"meeting": self.meeting})

    @property
    def responsible(self) -> str:
        if self.responsible_user_id:
            return str(self.responsible_user)
        return self.responsible_name


class MemoNote(models.Model):
    """What was said about one question and what was agreed."""

    memo = models.ForeignKey(Memo, on_delete=models.CASCADE, related_name="notes")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="notes")
    notes = models.TextField(_("notes"), blank=True)
    decision = models.TextField(_("agreed"), blank=True)

    class Meta:
        ordering = ["memo", "question__order"]
        constraints = [
            models.UniqueConstraint(fields=["memo", "question"], name="memonote_one_per_question")
        ]

    def __str__(self) -> str:
        return str(self.question)


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def due_within(self, days: int, today=None):
        today = today or timezone.localdate()
        return self.open().filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=days))

    def for_owner(self, user):
        return self.filter(owner_user=user)

    def in_order(self):
        return self.select_related("owner_user", "owner_invitee", "meeting").order_by(
            F("due_on").asc(nulls_last=True), "pk"
        )


class Action(models.Model):
    """A further action of the continued plan: who, what, when and with whom."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="meeting_actions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(_("what"), max_length=500)
    # Who: a user, or a person from the meeting (an invitee), or just a name.
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_actions",
        verbose_name=_("who"),
    )
    owner_invitee = models.ForeignKey(
        Invitee, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    owner_name = models.CharField(_("who"), max_length=200, blank=True)
    owner_email = models.EmailField(_("e-mail address"), blank=True)
    with_whom = models.CharField(_("with whom"), max_length=300, blank=True)
    due_on = models.DateField(_("when"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False) | ~Q(owner_name=""),
                name="action_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def owner_label(self) -> str:
        if self.owner_user_id:
            return str(self.owner_user)
        return self.owner_name

    @property
    def reminder_email(self) -> str:
        if self.owner_user_id:
            return self.owner_user.email
        return self.owner_email

    def is_overdue(self, today=None) -> bool:
        return (
            self.done_at is None
            and self.due_on is not None
            and self.due_on < (today or timezone.localdate())
        )


class FeedbackSource(models.TextChoices):
    LINK = "link", _("through their own link")
    PAPER = "paper", _("answered on paper")
    TABLET = "tablet", _("on the tablet in the meeting")


class FeedbackResponse(models.Model):
    """One participant's anonymous answers: linked to the meeting, never to the invitee."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    # How it was given: the link, a paper form the worker typed in, or the worker's tablet.
    source = models.CharField(
        _("given"), max_length=10, choices=FeedbackSource.choices, default=FeedbackSource.LINK
    )
    # {question key: "yes" | "partly" | "no"}; unanswered questions are left out.
    answers = models.JSONField(default=dict)
    comment = models.TextField(_("comment"), blank=True)
    # A date, not a time: the time of day could tell who answered.
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["meeting", "submitted_on"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return str(_("Feedback on %(meeting)s") % {"meeting": self.meeting})


# Deliveries and short links live beside the invitees they serve (issue 13; docs/decisions.md).
from omkreds.meetings.models_delivery import Delivery, ShortLink, ShortLinkMiss  # noqa: E402

__all__ = [
    "Action",
    "Delivery",
    "FeedbackResponse",
    "FeedbackSource",
    "Invitee",
    "Meeting",
    "Memo",
    "MemoNote",
    "PreparationTick",
    "Question",
    "ShortLink",
    "ShortLinkMiss",
]
