"""The privacy duties' own records: log reviews, who on a map was told they are on it, and an
organisation's retention and insight settings.

These models were born in the access app; their tables keep their names (`access_*`), so that
moving them here moved no data (migrations access 0010 and privacy 0001).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omkreds.access.models import AccessLogEntry
from omkreds.accounts.models import Organisation
from omkreds.citizens.models import Citizen


class ReviewReason(models.TextChoices):
    """Why an access-log entry was picked for a log review."""

    RANDOM = "random", _("random sample")
    OUTSIDE_CASELOAD = "outside_caseload", _("outside own caseload")
    OUTSIDE_HOURS = "outside_hours", _("outside working hours")
    BURST = "burst", _("many citizens in a short time")
    REFUSED_LOOKUPS = "refused_lookups", _("many refused look-ups in a short time")


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
        db_table = "access_logreview"
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
    # No foreign key in the database: the log is partitioned by month on PostgreSQL, and its
    # rows are unique by (id, at) only (migration access 0011).
    entry = models.ForeignKey(
        AccessLogEntry, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
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
        db_table = "access_logreviewitem"
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
        db_table = "access_informedrecord"
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
        db_table = "access_rightssettings"
        verbose_name = _("rights settings")
        verbose_name_plural = _("rights settings")

    def __str__(self) -> str:
        return str(self.organisation)

    @classmethod
    def of(cls, organisation) -> RightsSettings:
        """The organisation's settings, or the defaults (unsaved) when it has none."""
        found = cls.objects.filter(organisation=organisation).first()
        return found or cls(organisation=organisation)
