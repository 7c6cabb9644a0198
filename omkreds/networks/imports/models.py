"""What an import keeps between the upload and the worker's confirmation.

The file is read once, at upload; the people and lines read from it wait here, server-side,
while the worker sets the mapping and looks at the preview. A draft belongs to one worker and
one citizen, lives at most `DRAFT_LIFETIME`, and is deleted when the import is saved, cancelled
or replaced by the worker's next upload. Imported at the end of `omkreds.networks.models`.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from omkreds.citizens.models import Citizen

__all__ = ["ImportDraft"]

DRAFT_LIFETIME = dt.timedelta(hours=2)


class ImportDraftQuerySet(models.QuerySet):
    def live(self):
        return self.filter(created_at__gte=timezone.now() - DRAFT_LIFETIME)

    def expired(self):
        return self.filter(created_at__lt=timezone.now() - DRAFT_LIFETIME)


class ImportDraft(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    file_name = models.CharField(max_length=200)
    # "graphml", "gexf", "csv", "xlsx" (a Source to map) or "own" (our own map document).
    kind = models.CharField(max_length=10)
    # The read source (sources.Source.to_json) or, for our own files, the map document.
    content = models.JSONField()
    # The latest version number when the file was read: the import is based on it.
    based_on = models.PositiveIntegerField(null=True, blank=True)

    objects = ImportDraftQuerySet.as_manager()

    class Meta:
        verbose_name = "import draft"

    def __str__(self) -> str:
        return f"import draft {self.pk}"
