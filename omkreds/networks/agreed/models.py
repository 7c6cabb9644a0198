"""The versions the worker and the citizen agreed on (issue 14, point 4).

A session at the tablet writes many versions; the one that matters when looking back is the one
the worker and the citizen agreed on. Versions never change, so the mark is a row of its own,
one per version, which the worker may change or take away (each change leaves a ChangeRecord).
Imported at the end of `omkreds.networks.models`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["MapAgreement"]


class MapAgreementQuerySet(models.QuerySet):
    def of(self, citizen):
        return self.filter(version__map__citizen=citizen)


class MapAgreement(models.Model):
    version = models.OneToOneField(
        "networks.MapVersion",
        on_delete=models.CASCADE,
        related_name="agreement",
        verbose_name=_("map version"),
    )
    agreed_on = models.DateField(_("agreed on"))
    note = models.CharField(_("note"), max_length=500, blank=True, default="")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(auto_now=True)
    # Counts the changes of this mark: a change names the revision it was based on (409 if stale).
    revision = models.PositiveIntegerField(default=1)

    objects = MapAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-version__number"]
        verbose_name = _("agreed map version")
        verbose_name_plural = _("agreed map versions")

    def __str__(self) -> str:
        return str(_("Agreed on %(date)s") % {"date": self.agreed_on})
