"""What the network map and overview contribute to the privacy duties and the policy.

Registered in `NetworksConfig.ready()` (see `omkreds/access/registry.py`): the kinds of change
the services record, the history read from map versions and photos, the map's part of the
insight export, the photo sweep of the retention job, and the data inventory.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omkreds.access import registry
from omkreds.access.registry import Entry, export_row, user_label
from omkreds.citizens.models import Citizen
from omkreds.networks.agreed import services as agreed
from omkreds.networks.diff import LABELS as DIFF_LABELS
from omkreds.networks.diff import diff_documents
from omkreds.networks.inventory import INVENTORY
from omkreds.networks.models import ContactPhoto, MapScan, MapVersion, NetworkMap
from omkreds.networks.overview.services import photos_prune
from omkreds.networks.scans import services as scans

KINDS = {
    "map_version": gettext_lazy("network map saved"),
    "map_restore": gettext_lazy("network map restored"),
    "photo_upload": gettext_lazy("photo added"),
    "photos_prune": gettext_lazy("unused photos deleted"),
}


def _version_summary(version, parsed, previous) -> str:
    parts = [_("version %(number)d") % {"number": version.number}]
    if version.restored_from:
        parts.append(_("restored from version %(n)d") % {"n": version.restored_from})
    if previous is not None:
        counts = diff_documents(previous, parsed).counts()
        changed = ", ".join(
            f"{DIFF_LABELS.get(name, name)}: {n}" for name, n in counts.items() if n
        )
        if changed:
            parts.append(changed)
    else:
        parts.append(_("%(n)d people") % {"n": len(parsed.contacts)})
    if version.note:
        parts.append(version.note)
    return " · ".join(parts)


def map_history(citizen) -> list[Entry]:
    versions = MapVersion.objects.filter(map__citizen=citizen).select_related("author")
    entries = []
    previous = None
    for version in versions.order_by("number"):
        parsed = version.parsed()
        entries.append(
            Entry(
                at=version.created_at,
                user_id=version.author_id,
                user_label=user_label(version.author),
                kind="map_restore" if version.restored_from else "map_version",
                object_type="mapversion",
                object_id=str(version.pk),
                summary=_version_summary(version, parsed, previous),
            )
        )
        previous = parsed
    return entries


def photo_history(citizen) -> list[Entry]:
    return [
        Entry(
            photo.created_at,
            photo.uploaded_by_id,
            user_label(photo.uploaded_by),
            "photo_upload",
            "contactphoto",
            str(photo.pk),
            f"{photo.width}×{photo.height}",
        )
        for photo in ContactPhoto.objects.filter(citizen=citizen).select_related("uploaded_by")
    ]


def _without_safety_marked(document: dict) -> dict:
    contacts = [c for c in document.get("contacts", []) if not c.get("safety_marker")]
    ids = {c.get("id") for c in contacts}
    ties = [t for t in document.get("ties", []) if t.get("a") in ids and t.get("b") in ids]
    return {**document, "contacts": contacts, "ties": ties}


# Where a person is placed on the map; not part of the overview table.
_GEOMETRY = {"closeness", "angle", "wanted_closeness", "trend"}


def insight_part(citizen) -> dict:
    """Every map version and the overview (the latest map's people as a table), and the photos
    those show. Safety-marked (do-not-contact) people and their lines are left out."""
    versions = []
    latest_contacts: list[dict] = []
    for version in MapVersion.objects.filter(map__citizen=citizen).order_by("number"):
        row = export_row(version)
        row["document"] = _without_safety_marked(version.document)
        latest_contacts = row["document"].get("contacts", [])
        versions.append(row)
    overview = [{k: v for k, v in c.items() if k not in _GEOMETRY} for c in latest_contacts]
    shown_photos = {c.get("photo") for v in versions for c in v["document"]["contacts"]}
    photos = [
        {k: v for k, v in export_row(p).items() if k != "file"}
        for p in ContactPhoto.objects.filter(citizen=citizen, key__in=shown_photos - {None})
    ]
    agreements = [
        {**export_row(a), "version_number": a.version.number}
        for a in agreed.agreements_of(citizen).values()
    ]
    return {
        "map_versions": versions,
        "map_agreements": agreements,
        "map_scans": [
            {**{k: v for k, v in export_row(scan).items() if k != "file"}, "file_in_export": name}
            for scan, name in _exported_scans(citizen)
        ],
        "overview": overview,
        "photos": photos,
    }


def _exported_scans(citizen) -> list[tuple[MapScan, str]]:
    """The scans of paper maps the export holds, with their names in it. A picture of paper
    cannot be filtered: the scans of a version that has someone safety-marked (or withheld from
    every copy) are left out, as those people are (docs/decisions.md)."""
    withheld = set(
        NetworkMap.objects.filter(citizen=citizen).values_list("withheld", flat=True).first() or ()
    )
    scans = list(
        MapScan.objects.of(citizen)
        .select_related("version")
        .order_by("version__number", "created_at")
    )
    kept = []
    marked: dict[int, bool] = {}
    for scan in scans:
        version = scan.version
        if version.pk not in marked:
            marked[version.pk] = any(
                c.safety_marker or c.id in withheld for c in version.parsed().contacts
            )
        if not marked[version.pk]:
            extension = scan.file.name.rsplit(".", 1)[-1]
            kept.append((scan, f"map_scans/version-{version.number}-{scan.key}.{extension}"))
    return kept


def insight_scan_files(citizen):
    """The scans' files for the insight export, read one at a time (a file gone missing from
    the storage is left out rather than failing the export)."""
    for scan, name in _exported_scans(citizen):
        try:
            with scan.file.open("rb") as handle:
                content = handle.read()
        except OSError:
            continue
        yield name, lambda content=content: content


def sweep_photos() -> dict[str, int]:
    """Photos no version of the map names any more go after a day's grace, on every case."""
    photos = 0
    for citizen in Citizen.objects.filter(contact_photos__isnull=False).distinct():
        photos += photos_prune(citizen=citizen)
    return {"networks.ContactPhoto": photos} if photos else {}


def register() -> None:
    registry.register_history_kinds(KINDS)
    registry.register_history_kinds(agreed.KINDS)
    registry.register_history_kinds(scans.KINDS)
    registry.register_history_source(map_history)
    registry.register_history_source(photo_history)
    registry.register_insight_part(insight_part)
    registry.register_insight_files(insight_scan_files)
    registry.register_retention(registry.RetentionRule(sweep=sweep_photos))
    registry.register_inventory(INVENTORY)
