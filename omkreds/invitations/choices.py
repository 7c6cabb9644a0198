"""How someone takes part, how they are invited and what they replied: the invitee's choices,
the same for a network meeting and a network council."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InviteeKind(models.TextChoices):
    # The guide's order of introductions: the citizen first, then close ones, then employees
    # (seed 002: "Låt först klienten presentera sig").
    CITIZEN = "citizen", _("the citizen")
    CLOSE = "close", _("close one")
    EMPLOYEE = "employee", _("employee")


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    LETTER = "letter", _("letter")
    PHONE = "phone", _("phone")
    # The citizen only: documents are handed over in the meeting (or at the preparation).
    HAND = "hand", _("handed over in the meeting")


class Reply(models.TextChoices):
    PENDING = "pending", pgettext_lazy("reply", "no reply yet")
    YES = "yes", pgettext_lazy("reply", "yes")
    NO = "no", pgettext_lazy("reply", "no")
    MAYBE = "maybe", pgettext_lazy("reply", "maybe")
