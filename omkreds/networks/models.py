"""A citizen's network map: a sequence of immutable versions (DESIGN §5).

`NetworkMap` is the citizen's one map; `MapVersion` holds the whole map document of one save.
The latest version is the map. New versions are written only by `services.map_save` and
`services.map_restore`.
"""

import threading
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as PydanticValidationError

from omkreds.accounts.models import Organisation
from omkreds.citizens.models import Citizen
from omkreds.lib import fastjson
from omkreds.networks import sectors as sector_sets
from omkreds.networks.schema import MAX_RINGS, Contact, MapDocument, load_stored, problems_from


class SectorSet(models.Model):
    """A sector set an organisation defines for its own maps. Maps name it as "org-<id>"."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sector_sets"
    )
    name = models.CharField(_("name"), max_length=100)
    rings = models.PositiveSmallIntegerField(_("rings"), default=3)
    # {"sectors": [{"key", "colour", "labels": {"da", "sv", "en"}, "professional"}]}
    sectors = models.JSONField(_("sectors"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector set")
        verbose_name_plural = _("sector sets")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="sectorset_unique_name"),
            models.CheckConstraint(
                condition=Q(rings__gte=1, rings__lte=MAX_RINGS), name="sectorset_rings_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def key(self) -> str:
        return f"{sector_sets.ORG_SET_PREFIX}{self.pk}"

    def clean(self):
        if not 1 <= (self.rings or 0) <= MAX_RINGS:
            raise ValidationError(
                {"rings": _("Choose between 1 and %(max)d rings.") % {"max": MAX_RINGS}}
            )
        try:
            sector_sets.SectorList.model_validate(self.sectors)
        except PydanticValidationError as exc:
            message = "; ".join(f"{p.field}: {p.message}" for p in problems_from(exc))
            raise ValidationError({"sectors": message}) from None

    def as_definition(self) -> sector_sets.SectorSetDef:
        parsed = sector_sets.SectorList.model_validate(self.sectors)
        name = self.name
        return sector_sets.SectorSetDef(
            key=self.key,
            labels={"da": name, "sv": name, "en": name},
            rings=self.rings,
            sectors=tuple(parsed.sectors),
        )


class NetworkMap(models.Model):
    citizen = models.OneToOneField(Citizen, on_delete=models.CASCADE, related_name="network_map")
    sector_set = models.CharField(_("sector set"), max_length=40, default=sector_sets.DEFAULT_KEY)
    created_at = models.DateTimeField(auto_now_add=True)
    # Of the latest version, counted when it is saved (services._store): the home page shows it
    # for every citizen of a caseload without reading their documents (issue 16).
    professionals_without_details = models.PositiveIntegerField(default=0, editable=False)
    # Ids of the people left out for everyone outside the case team, from every version, past
    # and future (issue 15): those safety-marked in the latest version, and those removed from
    # the map while marked. Kept by each save (services._write); read by present.MapCopy.
    withheld = models.JSONField(default=list, editable=False)

    class Meta:
        verbose_name = _("network map")
        verbose_name_plural = _("network maps")

    def __str__(self) -> str:
        return str(_("Network map of %(citizen)s") % {"citizen": self.citizen})

    def latest(self) -> "MapVersion | None":
        return self.versions.order_by("-number").first()


class _ParsedDocuments:
    """The parsed documents of the versions this process read last.

    Reading a 500-person map back takes ~10 ms (JSON and pydantic); the editor, its exports and
    the API read the same latest version again and again. A version never changes once written,
    so an entry cannot go stale. The key is the row's identity: id, map, number and the moment
    it was written, so that a row id used again (a rolled-back transaction, a restored database)
    never finds another version's document. What it hands out is shared by every request this
    process serves and must not be changed in place: services that edit a map work on a copy
    (`services.map_document`).

    Each entry also keeps every person as stored (their JSON text, by id): a save that sends a
    person exactly as stored gets the validated person back instead of validating them again
    (`services.map_save`). Text, not the stored dicts, so that nobody changing a version's
    `document` in place can change what a later save is compared with.
    """

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[tuple, tuple[MapDocument, dict[str, bytes]]] = OrderedDict()
        self._lock = threading.Lock()

    def entry(self, key: tuple) -> tuple[MapDocument, dict[str, bytes]] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def get(self, key: tuple) -> MapDocument | None:
        found = self.entry(key)
        return found[0] if found is not None else None

    def put(self, key: tuple, document: MapDocument, stored: dict | None = None) -> None:
        people = {
            person["id"]: fastjson.dumps(person)
            for person in (stored or {}).get("contacts", ())
            if isinstance(person, dict) and isinstance(person.get("id"), str)
        }
        with self._lock:
            self._items[key] = (document, people)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


# A few megabytes at most: 16 maps of 500 people.
PARSED = _ParsedDocuments(size=16)
_KEY_FIELDS = frozenset({"id", "map_id", "number", "created_at"})


class MapVersionQuerySet(models.QuerySet):
    def history(self):
        """Newest first, with the author in the same query; without the documents (a long
        history of a large map is megabytes), which `parsed()` reads when asked."""
        return self.select_related("author").defer("document").order_by("-number")


class MapVersion(models.Model):
    map = models.ForeignKey(NetworkMap, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    # Read and written by pydantic-core: a 500-person map is ~300 KB of JSON (lib/fastjson.py).
    document = models.JSONField(_("document"), encoder=fastjson.Encoder, decoder=fastjson.Decoder)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="map_versions",
        verbose_name=_("author"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True, default="")
    based_on = models.PositiveIntegerField(_("based on version"), null=True, blank=True)
    restored_from = models.PositiveIntegerField(_("restored from version"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MapVersionQuerySet.as_manager()

    class Meta:
        ordering = ["map", "number"]
        verbose_name = _("map version")
        verbose_name_plural = _("map versions")
        constraints = [
            models.UniqueConstraint(fields=["map", "number"], name="mapversion_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="mapversion_number_positive"),
        ]

    def __str__(self) -> str:
        return str(_("Version %(number)d") % {"number": self.number})

    def save(self, *args, **kwargs):
        # Versions are history: a saved one is never rewritten.
        if not self._state.adding:
            raise ValueError("A map version is immutable; save a new version instead.")
        super().save(*args, **kwargs)

    def cache_key(self) -> tuple | None:
        if self.pk is None or _KEY_FIELDS & self.get_deferred_fields():
            return None
        return (self.pk, self.map_id, self.number, self.created_at)

    def parsed(self) -> MapDocument:
        """The document, validated. Read-only: it may be shared with other requests (PARSED)."""
        cached = self.__dict__.get("_parsed_document")
        if cached is None:
            key = self.cache_key()
            cached = PARSED.get(key) if key else None
            if cached is None:
                # A deferred document is read here, in one query.
                stored = self.document
                cached = load_stored(stored)
                if key:
                    PARSED.put(key, cached, stored)
            self.__dict__["_parsed_document"] = cached
        return cached

    def remember(self, document: MapDocument) -> None:
        """Keep the document just validated and written, so that nobody reads it back."""
        self.__dict__["_parsed_document"] = document
        key = self.cache_key()
        if key:
            PARSED.put(key, document, self.document)

    def people_as_stored(self) -> dict[str, tuple[Contact, bytes]]:
        """Id -> (the validated person, their JSON as stored), if this process has this version
        parsed already; empty otherwise (reading it for this would cost more than it saves)."""
        key = self.cache_key()
        found = PARSED.entry(key) if key else None
        if found is None:
            return {}
        document, stored = found
        return {c.id: (c, stored[c.id]) for c in document.contacts if c.id in stored}


from omkreds.networks.models_overview import *  # noqa

from omkreds.networks.imports.models import *  # noqa

from omkreds.networks.agreed.models import *  # noqa

from omkreds.networks.scans.models import *  # noqa
