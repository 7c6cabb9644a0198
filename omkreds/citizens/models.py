import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omkreds.accounts.models import Organisation, Team


class CitizenStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")


class CitizenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=CitizenStatus.ACTIVE)


class Citizen(models.Model):
    # A random id keeps URLs free of anything that could identify or enumerate a person.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="citizens"
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citizens",
        verbose_name=_("team"),
    )
    name = models.CharField(_("name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CitizenStatus.choices, default=CitizenStatus.ACTIVE
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    primary_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_citizens",
        verbose_name=_("primary worker"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CitizenQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="citizen_closed_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            raise ValidationError(
                {"date_of_birth": _("The date of birth cannot be in the future.")}
            )
        if self.date_of_birth and self.date_of_birth.year < 1900:
            raise ValidationError({"date_of_birth": _("The date of birth must be after 1900.")})


class CaseRole(models.TextChoices):
    WORKER = "worker", _("worker")
    CTI_WORKER = "cti_worker", _("CTI worker")
    LEAD = "lead", _("lead")
    PROFESSIONAL = "professional", _("professional")
    OTHER = "other", _("other")


class CaseTeamMemberQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class CaseTeamMember(models.Model):
    """A user on a citizen's case team ("Patientens team"), with their role on this case."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_teams"
    )
    role = models.CharField(_("role on the case"), max_length=20, choices=CaseRole.choices)
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = CaseTeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("case team member")
        verbose_name_plural = _("case team members")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="caseteam_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
