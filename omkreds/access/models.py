from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omkreds.accounts.models import Organisation
from omkreds.citizens.models import Citizen


class Part(models.TextChoices):
    """The parts of a case a consent can cover."""

    MAP = "map", _("network map")
    OVERVIEW = "overview", _("network overview")
    MEETINGS = "meetings", _("network meetings")
    CTI = "cti", _("CTI")


class GivenHow(models.TextChoices):
    WRITTEN = "written", _("written")
    VERBAL = "verbal", _("verbal")


class ConsentQuerySet(models.QuerySet):
    def in_force(self, at=None):
        """Consents neither withdrawn nor expired nor yet to start, at `at` (default now)."""
        today = timezone.localdate(at) if at else timezone.localdate()
        return self.filter(
            Q(withdrawn_at__isnull=True),
            Q(valid_from__lte=today),
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        )

    def naming(self, user, organisation_ids):
        return self.filter(Q(to_user=user) | Q(to_organisation_id__in=organisation_ids))


class Consent(models.Model):
    """The citizen's consent to share parts of their case with a user or an organisation."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="consents")
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents_received",
        verbose_name=_("to person"),
    )
    to_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents_received",
        verbose_name=_("to organisation"),
    )
    parts = models.JSONField(_("parts"), default=list)
    purpose = models.CharField(_("purpose"), max_length=500)
    valid_from = models.DateField(_("from"), default=timezone.localdate)
    valid_until = models.DateField(_("until"), null=True, blank=True)
    given_how = models.CharField(_("given how"), max_length=10, choices=GivenHow.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consents_recorded"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_withdrawn",
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_user__isnull=False) | Q(to_organisation__isnull=False),
                name="consent_names_someone",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="consent_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} → {self.to_user or self.to_organisation}"

    def clean(self):
        if not self.to_user_id and not self.to_organisation_id:
            raise ValidationError(_("A consent must name a person or an organisation."))
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("The end date must be on or after the start date.")}
            )
        unknown = set(self.parts or []) - set(Part.values)
        if not self.parts or unknown:
            raise ValidationError({"parts": _("Choose at least one of the listed parts.")})

    @property
    def is_in_force(self) -> bool:
        today = timezone.localdate()
        return (
            self.withdrawn_at is None
            and self.valid_from <= today
            and (self.valid_until is None or self.valid_until >= today)
        )

    def covers(self, part: str) -> bool:
        return part in (self.parts or [])

    def get_parts_display(self) -> str:
        return ", ".join(str(Part(p).label) for p in self.parts if p in Part.values)


class AccessLogEntry(models.Model):
    """One look-up, export or change of citizen data. Append-only for the application.

    The citizen is kept as a plain id, not a foreign key: the log has its own retention period
    and must outlive the deletion of the case it describes.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # No index of its own: `accesslog_user_at` (user, at) serves every look-up by user.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_index=False,
    )
    user_label = models.CharField(max_length=254)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # No index of its own: `accesslog_citizen_at` (citizen_id, at) serves it.
    citizen_id = models.UUIDField()
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["citizen_id", "-at"], name="accesslog_citizen_at"),
            # A user's look-ups in a period (log review, issue 16): one range scan per user
            # instead of a scan of the whole period on `at`.
            models.Index(fields=["user", "at"], name="accesslog_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")


class ChangeRecord(models.Model):
    """Who changed what in a citizen's data, and when: one row per write a service makes.

    Written in the same transaction as the change. Writes that already keep their own author and
    time (map versions, consents, photos, CTI course events and checklist answers) are read from
    their own rows by `omkreds.privacy.history`; every other write leaves one of these.
    """

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Empty for a change made by the system (a scheduled job) or by a person without an account
    # (an invitee answering by link); `user_label` then says who.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user_label = models.CharField(max_length=254)
    kind = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [models.Index(fields=["citizen", "-at"], name="changerecord_citizen_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.kind}"
