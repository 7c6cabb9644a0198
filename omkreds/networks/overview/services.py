"""The network overview (seed 004, Bilag 7): the map's contacts as a table.

The overview has no data of its own. Every change made in the table is a change of the map,
written as a new map version through `services.map_save`, based on the version the table was
showing; a stale change is refused with `MapConflict`, as in the editor.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from omkreds.access.history import record_change
from omkreds.networks import sectors as sector_sets
from omkreds.networks.diff import diff_documents
from omkreds.networks.geometry import sector_span
from omkreds.networks.models import MapVersion
from omkreds.networks.models_overview import ContactPhoto
from omkreds.networks.overview.photos import photo_prepare, photo_save
from omkreds.networks.schema import (
    Contact,
    DocumentInvalid,
    MapDocument,
    Role,
    SupportKind,
)
from omkreds.networks.services import MapConflict, map_latest, map_save

# The overview's own fields: what a cell of the table can change.
EDITABLE_FIELDS = (
    "name",
    "role",
    "organisation",
    "already_active",
    "team_member",
    "phone_direct",
    "phone_main",
    "email",
    "address",
    "help_text",
    "support_kinds",
)
# A new person added from the overview lands half-way out: the map is where closeness is set.
NEW_CLOSENESS = 0.6

FILTERS = ("all", "private", "professional", "active", "team")
SORTS = ("sector", "role", "closeness")
_ROLE_ORDER = {role.value: index for index, role in enumerate(Role)}


class ContactMissing(Exception):
    """The person is not (or no longer) on the version the change was based on."""


@dataclass(frozen=True)
class Row:
    contact: Contact
    sector_label: str
    sector_index: int
    professional: bool

    @property
    def role_label(self) -> str:
        return str(Role(self.contact.role).label) if self.contact.role else ""

    @property
    def support_labels(self) -> list[str]:
        return [str(SupportKind(kind).label) for kind in self.contact.support_kinds]

    @property
    def lacks_contact_details(self) -> bool:
        contact = self.contact
        return not (contact.phone_direct or contact.phone_main) or not contact.email


def shareable(document: MapDocument) -> MapDocument:
    """The overview as others may see it: no safety-marked (do-not-contact) people, no notes.

    Unlike the map's shared copy, postal addresses stay: they are a column of the overview that
    the consent covers (Bilag 7: "Kontaktoplysninger … postadresse")."""
    return document.model_copy(
        update={
            "contacts": [
                c.model_copy(update={"note": "", "note_internal": False})
                for c in document.contacts
                if not c.safety_marker
            ],
            "ties": [],
            "note": "",
        }
    )


def _is_professional(contact: Contact, sector_set) -> bool:
    sector = sector_set.sector(contact.sector) if sector_set else None
    return contact.is_professional or bool(sector and sector.professional)


def rows(
    document: MapDocument, sector_set, *, show: str = "all", sort: str = "sector"
) -> list[Row]:
    """The table's rows, filtered by `show` (see FILTERS) and ordered by `sort` (SORTS)."""
    found = []
    for contact in document.contacts:
        sector = sector_set.sector(contact.sector) if sector_set else None
        found.append(
            Row(
                contact=contact,
                sector_label=sector.label() if sector else contact.sector,
                sector_index=sector_set.index(contact.sector) if sector else 99,
                professional=_is_professional(contact, sector_set),
            )
        )
    if show == "private":
        found = [r for r in found if not r.professional]
    elif show == "professional":
        found = [r for r in found if r.professional]
    elif show == "active":
        found = [r for r in found if r.contact.already_active]
    elif show == "team":
        found = [r for r in found if r.contact.team_member]

    def name(row: Row) -> str:
        return row.contact.name.casefold()

    if sort == "role":
        found.sort(
            key=lambda r: (
                _ROLE_ORDER.get(r.contact.role, len(_ROLE_ORDER)) if r.contact.role else 999,
                name(r),
            )
        )
    elif sort == "closeness":
        found.sort(key=lambda r: (r.contact.closeness, name(r)))
    else:
        found.sort(key=lambda r: (r.sector_index, r.contact.closeness, name(r)))
    return found


def missing_roles(document: MapDocument) -> list[Role]:
    """Bilag 7's roles nobody on the map has yet: "who else could be relevant?"."""
    present = {c.role for c in document.contacts if c.role}
    return [role for role in Role if role not in present and role != Role.OTHER]


def _base(citizen, based_on: int | None) -> MapDocument:
    if based_on is None:
        latest = map_latest(citizen=citizen)
        if latest is not None:
            raise MapConflict(latest, None)
        return MapDocument()
    version = MapVersion.objects.filter(map__citizen=citizen, number=based_on).first()
    if version is None:
        raise MapConflict(map_latest(citizen=citizen), based_on)
    return version.parsed()


def _field_problems(exc: DocumentInvalid, index: int) -> dict[str, list[str]]:
    """The schema's problems with one person, keyed by the form's field names."""
    errors: dict[str, list[str]] = {}
    for problem in exc.problems:
        loc = problem.loc
        if len(loc) >= 3 and loc[0] == "contacts" and loc[1] == index:
            errors.setdefault(str(loc[2]), []).append(problem.message)
        else:
            errors.setdefault("__all__", []).append(problem.message)
    return errors


class ContactInvalid(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(errors)


def _save(*, citizen, author, document: dict, index: int, based_on, note: str) -> MapVersion:
    try:
        return map_save(
            citizen=citizen, author=author, document=document, based_on=based_on, note=note
        )
    except DocumentInvalid as exc:
        raise ContactInvalid(_field_problems(exc, index)) from None


def contact_update(
    *,
    citizen,
    author,
    contact_id: str,
    values: dict[str, Any],
    based_on: int | None,
    note: str = "",
) -> MapVersion:
    """Change some overview fields of one person, as a new map version.

    Raises `ContactMissing`, `ContactInvalid` (with messages per field) or `MapConflict`;
    none of them stores anything.
    """
    document = _base(citizen, based_on).model_dump(mode="json")
    index = next((i for i, c in enumerate(document["contacts"]) if c["id"] == contact_id), None)
    if index is None:
        raise ContactMissing(contact_id)
    contact = document["contacts"][index]
    for key, value in values.items():
        if key in EDITABLE_FIELDS or key == "photo":
            contact[key] = value
    return _save(
        citizen=citizen, author=author, document=document, index=index, based_on=based_on,
        note=note,
    )  # fmt: skip


def contact_add(
    *, citizen, author, values: dict[str, Any], based_on: int | None, note: str = ""
) -> MapVersion:
    """Add a person from the overview. They are placed in the professionals' sector if they
    have a professional role (else the first sector), half-way out; the map is where they are
    then moved to the right spot."""
    base = _base(citizen, based_on)
    if based_on is None:
        language = citizen.organisation.default_language
        base = base.model_copy(
            update={
                "sector_set": sector_sets.SE_TEMAN.key
                if language == "sv"
                else sector_sets.DEFAULT_KEY
            }
        )
    sector_set = sector_sets.get_sector_set(base.sector_set, organisation=citizen.organisation)
    keys = list(sector_set.keys) if sector_set else ["family"]
    role = values.get("role") or None
    professional = bool(values.get("team_member")) or (role and role != Role.FAMILY_RELATIVES)
    chosen = keys[0]
    if professional and sector_set:
        chosen = next((s.key for s in sector_set.sectors if s.professional), keys[0])
    start, end = sector_span(keys.index(chosen), len(keys))
    angle = start + (end - start) * random.uniform(0.2, 0.8)  # nosec B311  # layout, not a secret
    fields = {k: v for k, v in values.items() if k in EDITABLE_FIELDS}
    document = base.model_dump(mode="json")
    document["contacts"].append(
        {"sector": chosen, "closeness": NEW_CLOSENESS, "angle": round(angle, 1), **fields}
    )
    return _save(
        citizen=citizen,
        author=author,
        document=document,
        index=len(document["contacts"]) - 1,
        based_on=based_on,
        note=note,
    )


def changes_since(*, citizen, based_on: int | None) -> tuple[MapDocument, MapDocument]:
    """(the version a stale change was based on, the latest), to say what changed."""
    latest = map_latest(citizen=citizen)
    current = latest.parsed() if latest else MapDocument()
    base = None
    if based_on is not None:
        base = MapVersion.objects.filter(map__citizen=citizen, number=based_on).first()
    return (base.parsed() if base else MapDocument()), current


def conflict_lines(*, citizen, based_on: int | None, contact_id: str | None = None) -> list[str]:
    from omkreds.networks.present import diff_lines

    old, new = changes_since(citizen=citizen, based_on=based_on)
    diff = diff_documents(old, new)
    names = {c.id: c.name for c in [*old.contacts, *new.contacts]}
    lines = diff_lines(diff, None, names)
    if contact_id is not None:
        before, after = old.contact(contact_id), new.contact(contact_id)
        if before is not None and after is not None:
            changed = [
                f for f in EDITABLE_FIELDS + ("photo",) if getattr(before, f) != getattr(after, f)
            ]
            if changed:
                lines.append(
                    gettext("%(name)s: these details were changed: %(fields)s.")
                    % {"name": after.name, "fields": ", ".join(field_label(f) for f in changed)}
                )
    return lines


def field_label(name: str) -> str:
    labels = {
        "name": gettext("name"),
        "role": gettext("role"),
        "organisation": gettext("organisation"),
        "already_active": gettext("already active"),
        "team_member": gettext("team member"),
        "phone_direct": gettext("direct number"),
        "phone_main": gettext("main number"),
        "email": gettext("e-mail"),
        "address": gettext("postal address"),
        "help_text": gettext("can help with"),
        "support_kinds": gettext("kinds of support"),
        "photo": gettext("photo"),
    }
    return labels.get(name, name)


# --- Photos ---------------------------------------------------------------------------------


def photo_keys_referenced(*, citizen) -> set[str]:
    """Photo keys named by any version of the citizen's map."""
    keys: set[str] = set()
    for document in MapVersion.objects.filter(map__citizen=citizen).values_list(
        "document", flat=True
    ):
        for contact in document.get("contacts", []):
            if contact.get("photo"):
                keys.add(contact["photo"])
    return keys


# An uploaded photo has this long to be attached to a person before it counts as unreferenced.
PHOTO_GRACE = dt.timedelta(hours=24)


def photos_prune(*, citizen, now: dt.datetime | None = None) -> int:
    """Delete the photos (rows and files) no version of the map refers to any more.

    A photo stays while any version names it, so that history and restore keep their pictures;
    it goes once those versions are gone (the case is deleted, or versions are pruned under the
    retention rules). Returns the number of photos deleted.
    """
    now = now or timezone.now()
    referenced = photo_keys_referenced(citizen=citizen)
    stale = ContactPhoto.objects.filter(
        Q(citizen=citizen), Q(created_at__lt=now - PHOTO_GRACE)
    ).exclude(key__in=referenced)
    deleted = 0
    for photo in stale:
        photo.file.delete(save=False)
        photo.delete()
        deleted += 1
    if deleted:
        record_change(citizen=citizen, by=None, kind="photos_prune", summary=str(deleted))
    return deleted


def photo_attach(
    *, citizen, author, contact_id: str, upload, based_on: int | None, note: str = ""
) -> tuple[ContactPhoto, MapVersion]:
    """Store an uploaded photo and put it on the person as a new map version: both or neither.

    Raises `PhotoRejected`, `ContactMissing`, `ContactInvalid` or `MapConflict`. After those, as
    after any failure on the way, neither the photo's row nor its file is left behind.
    """
    # Decoded and re-encoded before the transaction: no lock is held while pixels are drawn.
    encoded = photo_prepare(upload)
    photo = None
    try:
        with transaction.atomic():
            photo = photo_save(citizen=citizen, encoded=encoded, user=author)
            version = contact_update(
                citizen=citizen,
                author=author,
                contact_id=contact_id,
                values={"photo": photo.key},
                based_on=based_on,
                note=note,
            )
    except BaseException:
        # The row went with the rolled-back transaction; the file must go too.
        if photo is not None:
            photo.file.storage.delete(photo.file.name)
        raise
    return photo, version


def photo_visible(*, document: MapDocument, key: str) -> bool:
    """Whether a photo belongs to someone on this (already filtered) document."""
    return any(c.photo == key for c in document.contacts)
