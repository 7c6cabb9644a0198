"""Deliveries: who gets which document of a meeting (or a council's meeting) by which channel,
and whether it has reached them (issue 13, point 1). Short links for typing by hand (point 2).

A delivery is one recipient × one document × one version. "Sent" is written only when it
happened: the mail server took the e-mail, the worker marked the letter printed, the call was
recorded. Nothing is silently skipped: a recipient whose document cannot go by their channel
has a delivery that says so (failed, with the reason).

The recipient is named by `recipient` ("invitee:<id>", "citizen"), so a new kind of recipient
(the citizen, handed a memo in the meeting) is a new key and a new channel, not a new table.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Document(models.TextChoices):
    INVITATION = "invitation", _("invitation")
    UPDATE = "update", pgettext_lazy("document", "update")
    CANCELLATION = "cancellation", _("cancellation")
    MEMO = "memo", pgettext_lazy("document", "memo")
    PLAN = "plan", pgettext_lazy("document", "plan")
    FEEDBACK = "feedback", _("feedback request")


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    LETTER = "letter", _("letter")
    PHONE = "phone", _("phone")
    # Given to the person in the meeting (the citizen's memo or plan).
    HAND = "hand", _("handed over in the meeting")


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("to be e-mailed")
    SENDING = "sending", _("being e-mailed")
    SENT = "sent", _("sent")
    TO_PRINT = "to_print", _("to print")
    PRINTED = "printed", _("printed")
    TO_CALL = "to_call", _("to call")
    CALLED = "called", _("called")
    TO_HAND = "to_hand", _("to hand over")
    HANDED = "handed", _("handed over")
    FAILED = "failed", _("failed")
    # A newer version of the same document replaced it before it went out.
    SUPERSEDED = "superseded", _("replaced by a newer version")


# What is left for a person to do: print, call, hand over, or see to a failure.
BY_HAND = (
    DeliveryState.TO_PRINT,
    DeliveryState.TO_CALL,
    DeliveryState.TO_HAND,
    DeliveryState.FAILED,
)
DONE = (DeliveryState.SENT, DeliveryState.PRINTED, DeliveryState.CALLED, DeliveryState.HANDED)
# The state a new delivery starts in, by channel.
FIRST_STATE = {
    DeliveryChannel.EMAIL: DeliveryState.QUEUED,
    DeliveryChannel.LETTER: DeliveryState.TO_PRINT,
    DeliveryChannel.PHONE: DeliveryState.TO_CALL,
    DeliveryChannel.HAND: DeliveryState.TO_HAND,
}

# A row still "being e-mailed" this long after it was claimed: the task that claimed it stopped
# between claiming and marking (a crash, a killed worker), so nobody knows whether the mail
# went. It is shown as not known and may be sent again (at least once; docs/decisions.md).
SENDING_STALE_AFTER = dt.timedelta(minutes=5)


def sending_stale_before() -> dt.datetime:
    return timezone.now() - SENDING_STALE_AFTER


class DeliveryQuerySet(models.QuerySet):
    def to_do(self):
        return self.filter(state__in=BY_HAND)

    def shown(self):
        return self.exclude(state=DeliveryState.SUPERSEDED)


class Delivery(models.Model):
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.CharField(max_length=40)
    invitee = models.ForeignKey(
        "meetings.Invitee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    name = models.CharField(_("name"), max_length=200)
    document = models.CharField(_("document"), max_length=20, choices=Document.choices)
    # Which version of the document: the meeting's SEQUENCE for invitations, the memo's save.
    version = models.CharField(max_length=40)
    channel = models.CharField(_("channel"), max_length=10, choices=DeliveryChannel.choices)
    state = models.CharField(_("state"), max_length=10, choices=DeliveryState.choices)
    # Why it failed, or what the call gave.
    outcome = models.CharField(_("outcome"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            # One delivery per person, document and version: a second "send" finds it.
            models.UniqueConstraint(
                fields=["meeting", "recipient", "document", "version"],
                name="delivery_once_per_version",
            ),
            models.CheckConstraint(
                condition=Q(state__in=DeliveryState.values), name="delivery_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=DeliveryChannel.values), name="delivery_channel_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_document_display()} ({self.get_state_display()})"

    @property
    def is_by_hand(self) -> bool:
        return self.state in BY_HAND

    @property
    def is_unknown(self) -> bool:
        """Claimed for sending too long ago: whether the mail went is not known."""
        return self.state == DeliveryState.SENDING and self.updated_at < sending_stale_before()


class ShortLink(models.Model):
    """A short code (/r/7K4M-Q2PX) for an invitee's reply or feedback link, to type from paper.

    Only the code's keyed hash is kept; the code itself is derived again from the invitee's
    current nonce whenever a letter is printed, so a reprint shows the same code and a new
    nonce (the invitee re-invited) gives a new one.
    """

    code_hash = models.CharField(max_length=64, unique=True)
    invitee = models.ForeignKey(
        "meetings.Invitee", on_delete=models.CASCADE, related_name="short_links"
    )
    purpose = models.CharField(max_length=40)
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("short link")
        verbose_name_plural = _("short links")

    def __str__(self) -> str:
        return f"{self.purpose} {self.invitee_id}"


class ShortLinkMiss(models.Model):
    """Wrong short codes from one client address in the current window (the throttle)."""

    address = models.CharField(max_length=64, unique=True)
    window_started_at = models.DateTimeField()
    misses = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.address
