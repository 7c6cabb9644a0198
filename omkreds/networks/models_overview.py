"""Models of the network overview (seed 004, Bilag 7): the organisation's directory of
professionals, and the photos of people on a citizen's map.

The overview itself has no model: it is the map's contacts shown as a table, so nobody types
the same person twice. Imported at the end of `omkreds.networks.models`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from omkreds.accounts.models import Organisation
from omkreds.citizens.models import Citizen
from omkreds.networks.schema import Role

__all__ = ["ContactPhoto", "DirectoryEntry"]


class DirectoryEntryQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)


class DirectoryEntry(models.Model):
    """A professional the organisation works with; picking one fills a person on the overview."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="directory_entries"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=40, choices=Role.choices, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    phone_direct = models.CharField(_("direct number"), max_length=40, blank=True)
    phone_main = models.CharField(_("main number"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    address = models.TextField(_("postal address"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DirectoryEntryQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory of professionals")

    def __str__(self) -> str:
        return self.name


def _photo_key() -> str:
    return uuid.uuid4().hex


class ContactPhoto(models.Model):
    """A photo of a person on a citizen's map, stored re-encoded in the private storage.

    The contact's `photo` field in the map document holds `key`. Photos no longer referenced by
    any version of the map are deleted by `overview.services.photos_prune`.
    """

    key = models.CharField(max_length=32, unique=True, default=_photo_key, editable=False)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="contact_photos")
    file = models.FileField(upload_to="photos/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.key
