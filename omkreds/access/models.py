from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
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


class ReviewReason(models.TextChoices):
    """Why an access-log entry was picked for a log review."""

    RANDOM = "random", _("random sample")
    OUTSIDE_CASELOAD = "outside_caseload", _("outside own caseload")
    OUTSIDE_HOURS = "outside_hours", _("outside working hours")
    BURST = "burst", _("many citizens in a short time")


class LogReview(models.Model):
    """A lead's sample check of the access log for a period: the routine supervisors ask for."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # The team whose users' look-ups are reviewed; empty for the whole organisation.
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="log_reviews"
    )
    created_at = models.DateTimeField(default=timezone.now)
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("until"))
    sample_size = models.PositiveSmallIntegerField(_("random sample size"))
    # The rule parameters in force when the review was made (working hours, burst threshold).
    rules = models.JSONField(default=dict)
    rng_seed = models.BigIntegerField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("log review")
        verbose_name_plural = _("log reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")),
                name="logreview_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_from} – {self.period_to}"


class LogReviewItem(models.Model):
    """One access-log entry picked for a review, and the reviewer's check of it."""

    review = models.ForeignKey(LogReview, on_delete=models.CASCADE, related_name="items")
    entry = models.ForeignKey(AccessLogEntry, on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(default=list)
    # For the burst rule: how many distinct citizens the user looked up in the window.
    burst_count = models.PositiveIntegerField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["entry__at", "pk"]
        verbose_name = _("log review item")
        verbose_name_plural = _("log review items")
        constraints = [
            models.UniqueConstraint(fields=["review", "entry"], name="logreviewitem_unique")
        ]

    def __str__(self) -> str:
        return f"{self.review_id} · {self.entry_id}"

    def get_reasons_display(self) -> list[str]:
        return [str(ReviewReason(r).label) for r in self.reasons if r in ReviewReason.values]


class ChangeRecord(models.Model):
    """Who changed what in a citizen's data, and when: one row per write a service makes.

    Written in the same transaction as the change. Writes that already keep their own author and
    time (map versions, consents, photos, CTI course events and checklist answers) are read from
    their own rows by `omkreds.access.history`; every other write leaves one of these.
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


class InformedRecord(models.Model):
    """A person on the citizen's map was told they are on it (GDPR art. 14): when, by whom.

    People on the map are data subjects too. Kept outside the map document, keyed by the
    contact's stable id, so that marking someone informed writes no map version and reaches no
    export of the map. Append-only: the latest row per contact counts.
    """

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="informed")
    contact_id = models.CharField(max_length=64)
    informed_on = models.DateField(_("informed on"))
    how = models.CharField(_("how"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("informed record")
        verbose_name_plural = _("informed records")
        indexes = [models.Index(fields=["citizen", "contact_id"], name="informed_citizen_contact")]

    def __str__(self) -> str:
        return f"{self.contact_id} {self.informed_on}"


class RightsSettings(models.Model):
    """An organisation's retention periods and how insight exports name staff.

    Danish and Swedish practice differ: some give the names of the staff who looked a citizen
    up, others only the organisation. Without a row the defaults below apply.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="rights_settings"
    )
    case_years = models.PositiveSmallIntegerField(
        _("years a closed case is kept"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    log_years = models.PositiveSmallIntegerField(
        _("years the access log is kept"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    insight_staff_names = models.BooleanField(
        _("name the staff in insight exports"),
        default=True,
        help_text=_("Otherwise an insight export names only the organisation of who looked."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rights settings")
        verbose_name_plural = _("rights settings")

    def __str__(self) -> str:
        return str(self.organisation)

    @classmethod
    def of(cls, organisation) -> RightsSettings:
        """The organisation's settings, or the defaults (unsaved) when it has none."""
        found = cls.objects.filter(organisation=organisation).first()
        return found or cls(organisation=organisation)
