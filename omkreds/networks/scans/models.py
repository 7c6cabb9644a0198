"""Photos and scans of paper maps beside a map version (issue 14, point 5).

Seed 001 and Bilag 8 draw the map on A3 paper; a photo or scan of that paper is kept with the
version drawn from it. Versions never change, so a scan is a row of its own, several per version.
The file is re-encoded (no metadata) and kept in the private storage, served only by the
authorised scan view. Imported at the end of `omkreds.networks.models`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["MapScan"]


def _scan_key() -> str:
    return uuid.uuid4().hex


class MapScanQuerySet(models.QuerySet):
    def of(self, citizen):
        return self.filter(version__map__citizen=citizen)


class MapScan(models.Model):
    class Source(models.TextChoices):
        IMAGE = "image", _("photo or picture")
        PDF = "pdf", _("first page of a PDF")

    key = models.CharField(max_length=32, unique=True, default=_scan_key, editable=False)
    version = models.ForeignKey(
        "networks.MapVersion",
        on_delete=models.CASCADE,
        related_name="scans",
        verbose_name=_("map version"),
    )
    file = models.FileField(upload_to="scans/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.IMAGE)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MapScanQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("scan of a paper map")
        verbose_name_plural = _("scans of paper maps")

    def __str__(self) -> str:
        return self.key
