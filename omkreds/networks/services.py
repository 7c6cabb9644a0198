"""Writing network map versions.

A save names the version it was based on. If someone else saved in between, the save is
refused with `MapConflict`, which carries the current version so that the editor can show
both and let the user resolve the conflict. Nothing is stored half: the document is validated
before the transaction, and the version number is taken under a lock on the map row.

On PostgreSQL the lock is `SELECT … FOR UPDATE`; SQLite ignores that clause, but the project
opens SQLite transactions as IMMEDIATE, which serialises writers, and the unique constraint on
(map, number) is the last guard on both.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from omkreds.networks import sectors
from omkreds.networks.diff import MapDiff, diff_documents
from omkreds.networks.models import MapVersion, NetworkMap
from omkreds.networks.schema import DocumentInvalid, MapDocument, dump_document, parse_document


class MapConflict(Exception):
    """The save was based on a version that is no longer the latest."""

    def __init__(self, current: MapVersion | None, based_on: int | None):
        self.current = current
        self.based_on = based_on
        number = current.number if current is not None else None
        super().__init__(f"Map save based on version {based_on}, but the latest is {number}.")

    @property
    def message(self) -> str:
        if self.current is None:
            return gettext("This map has no saved versions yet. Reload and try again.")
        return gettext(
            "Someone saved version %(number)d of this map while you were working. "
            "Compare the two and save again."
        ) % {"number": self.current.number}


def map_document(*, citizen, sector_set: str | None = None) -> MapDocument:
    """The citizen's current map, or an empty one if nothing has been saved yet: a copy of its
    own, which the caller may change (the parsed versions are shared, see models.PARSED)."""
    version = map_latest(citizen=citizen)
    if version is not None:
        return version.parsed().model_copy(deep=True)
    return MapDocument(sector_set=sector_set or sectors.DEFAULT_KEY)


def map_latest(*, citizen) -> MapVersion | None:
    return (
        MapVersion.objects.filter(map__citizen=citizen)
        .select_related("author")
        # The document is read by `parsed()` only if this process has not parsed it already.
        .defer("document")
        .order_by("-number")
        .first()
    )


def map_latest_number(citizen) -> int | None:
    return (
        MapVersion.objects.filter(map__citizen=citizen)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )


def map_changes(*, citizen, since: int, until: int | None = None) -> MapDiff:
    """What changed from version `since` to version `until` (default: the latest)."""
    versions = MapVersion.objects.filter(map__citizen=citizen)
    old = versions.get(number=since)
    new = versions.get(number=until) if until is not None else versions.order_by("-number")[0]
    return diff_documents(old.parsed(), new.parsed())


def validate_for(*, citizen, document, known=None) -> MapDocument:
    """Validate `document` against the sector sets the citizen's organisation may use
    (`known`: people already validated, see schema.parse_document)."""
    key = document.get("sector_set") if isinstance(document, dict) else None
    if isinstance(key, str) and sectors.is_org_key(key):
        chosen = sectors.get_sector_set(key, organisation=citizen.organisation)
        if chosen is None:
            raise DocumentInvalid.single(gettext("Unknown sector set."), "sector_set")
        return parse_document(document, sector_set=chosen, known=known)
    return parse_document(document, known=known)


def _people_as_stored(*, citizen, number: int | None) -> dict:
    """The people of the version a save is based on, if this process has it parsed: a save
    usually changes a few of them, and the rest need not be validated and written again."""
    if number is None:
        return {}
    base = (
        MapVersion.objects.filter(map__citizen=citizen, number=number)
        .only("id", "map", "number", "created_at")
        .first()
    )
    return base.people_as_stored() if base is not None else {}


def professionals_without_details(document: MapDocument) -> int:
    """Professionals without a phone number or without an e-mail address; never anyone
    marked do-not-contact (the overview asks for no details of them)."""
    return sum(
        1
        for c in document.contacts
        if c.is_professional
        and not c.safety_marker
        and not ((c.phone_direct or c.phone_main) and c.email)
    )


def withheld_after(withheld: list[str], document: MapDocument) -> list[str]:
    """Who is left out for others once `document` is the latest version: the people it marks
    do-not-contact, and those withheld before who are no longer on the map (removing a marked
    person does not bring their older versions back). A person on the map without the marker
    is shown again: the latest version decides."""
    on_map = {c.id for c in document.contacts}
    marked = {c.id for c in document.contacts if c.safety_marker}
    return sorted(marked | (set(withheld or ()) - on_map))


def _write(
    *,
    citizen,
    author,
    document: MapDocument,
    based_on,
    note,
    restored_from=None,
    known=None,
    sent=None,
):
    data = dump_document(document, known or {}, sent)
    try:
        with transaction.atomic():
            network_map, _created = NetworkMap.objects.get_or_create(
                citizen=citizen, defaults={"sector_set": document.sector_set}
            )
            network_map = NetworkMap.objects.select_for_update().get(pk=network_map.pk)
            # Only the number: the latest document (up to 500 people) is read on a conflict only.
            latest_number = (
                network_map.versions.order_by("-number").values_list("number", flat=True).first()
            )
            if based_on != latest_number:
                raise MapConflict(map_latest(citizen=citizen), based_on)
            changed = {
                "sector_set": document.sector_set,
                "professionals_without_details": professionals_without_details(document),
                "withheld": withheld_after(network_map.withheld, document),
            }
            changed = {k: v for k, v in changed.items() if getattr(network_map, k) != v}
            if changed:
                for name, value in changed.items():
                    setattr(network_map, name, value)
                network_map.save(update_fields=list(changed))
            version = MapVersion.objects.create(
                map=network_map,
                number=(latest_number or 0) + 1,
                document=data,
                author=author,
                note=note,
                based_on=based_on,
                restored_from=restored_from,
            )
            # The document was validated above; whoever shows the new version (the API answers
            # with it) need not validate it again.
            version.remember(document)
            version.__dict__["_document_canonical"] = True
            return version
    except IntegrityError:
        # Another save took the same number (or created the map) at the same moment.
        raise MapConflict(map_latest(citizen=citizen), based_on) from None


def map_save(
    *, citizen, author, document: dict | MapDocument, based_on: int | None, note: str = ""
) -> MapVersion:
    """Validate and store `document` as the citizen's next map version.

    Raises `DocumentInvalid` (nothing stored) or `MapConflict` (nothing stored).
    """
    if isinstance(document, MapDocument):
        document = document.model_dump(mode="json")
    known = _people_as_stored(citizen=citizen, number=based_on)
    parsed = validate_for(citizen=citizen, document=document, known=known)
    note = (note or "").strip()
    if len(note) > 500:
        raise DocumentInvalid.single(gettext("Use at most 500 characters."), "note")
    return _write(
        citizen=citizen,
        author=author,
        document=parsed,
        based_on=based_on,
        note=note,
        known=known,
        sent=document,
    )


def map_restore(*, citizen, author, number: int, note: str = "") -> MapVersion:
    """Make an old version the current one by writing it again as a new version."""
    old = MapVersion.objects.filter(map__citizen=citizen, number=number).first()
    if old is None:
        raise MapVersion.DoesNotExist
    parsed = validate_for(citizen=citizen, document=old.document)
    latest = map_latest(citizen=citizen)
    return _write(
        citizen=citizen,
        author=author,
        document=parsed,
        based_on=latest.number if latest else None,
        note=(note or "").strip()[:500],
        restored_from=number,
    )
