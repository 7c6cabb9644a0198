"""What the map pages and the map API show: shared by views.py and api.py.

Nothing here decides access: callers have asked the policy and written the access log first.
`MapCopy` is the one place that says what a reader sees of a citizen's map, in any version:
the case team (workers and leads) everything; anyone who reaches the map under a consent the
shared copy (no safety-marked people, addresses or notes), from which everyone withheld by the
latest version is left out of every version, note, comparison, figure and export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from omkreds.access import policy
from omkreds.networks import sectors
from omkreds.networks.diff import LABELS, MapDiff, diff_documents
from omkreds.networks.models import MapVersion, NetworkMap
from omkreds.networks.schema import MapDocument, shareable


def for_others(user, citizen) -> bool:
    """Whether this user sees the shared copy: they read the map under a consent only."""
    return shared_copy(policy.reach(user, citizen))


def shared_copy(reach: policy.Reach) -> bool:
    """Whether this reach sees the shared copy (`for_others` for a reach already resolved)."""
    return not reach.case


@dataclass
class MapCopy:
    """The copy of one citizen's map one reader sees, in every version.

    `shared` (anyone outside the case team): each version as `schema.shareable` gives it, and
    without the people in `withheld` (`NetworkMap.withheld`: safety-marked in the latest
    version, or removed while marked), whatever that version says of them, with their lines and
    photos. Version notes are free text that may name anyone: a shared reader gets, instead,
    what changed in their own copy, counted without names.
    """

    citizen: Any
    shared: bool
    withheld: frozenset[str] = frozenset()
    _notes: dict[int, str] = field(default_factory=dict, repr=False)

    def show(self, document: MapDocument) -> MapDocument:
        return shareable(document, self.withheld) if self.shared else document

    def printed(self) -> MapCopy:
        """The copy for paper, which leaves the case team: always the shared one."""
        return MapCopy(self.citizen, shared=True, withheld=self.withheld)

    def photo_keys(self, whole: MapDocument) -> set[str]:
        """Photos this copy may show of a version, judged on the whole version (map_photos)."""
        from omkreds.networks import map_photos

        return map_photos.allowed_keys(whole, shared=self.shared, withheld=self.withheld)

    def read_notes(self, versions) -> None:
        """Put on each version the note this reader reads. In memory only: a version is never
        saved again (MapVersion.save refuses). At most one query, however many versions."""
        if not self.shared:
            return
        wanted = {v.number for v in versions} - set(self._notes)
        if wanted:
            documents = {
                v.number: v.parsed()
                for v in MapVersion.objects.filter(
                    map__citizen=self.citizen, number__in=wanted | {n - 1 for n in wanted}
                ).only("id", "map", "number", "created_at", "document")
            }
            for number in wanted:
                before = documents.get(number - 1, MapDocument())
                after = documents.get(number, MapDocument())
                diff = diff_documents(self.show(before), self.show(after))
                self._notes[number] = counted_changes(diff)
        for version in versions:
            version.note = self._notes[version.number]


def copy_for(reach: policy.Reach, citizen) -> MapCopy:
    """The copy this reach sees (one query: who the latest version withholds)."""
    withheld = NetworkMap.objects.filter(citizen=citizen).values_list("withheld", flat=True).first()
    return MapCopy(citizen, shared=shared_copy(reach), withheld=frozenset(withheld or ()))


def case_copy(citizen) -> MapCopy:
    """The case team's copy, for those who just saved (they are on the case team)."""
    return MapCopy(citizen, shared=False)


def counted_changes(diff: MapDiff) -> str:
    """What changed, without names ("people added: 2, moved closer: 1")."""
    return ", ".join(f"{LABELS[name]}: {n}" for name, n in diff.counts().items() if n)


def sector_set_of(document: MapDocument, citizen) -> sectors.SectorSetDef | None:
    return sectors.get_sector_set(document.sector_set, organisation=citizen.organisation)


def version_meta(version: MapVersion | None, copy: MapCopy) -> dict[str, Any] | None:
    if version is None:
        return None
    copy.read_notes([version])
    return {
        "number": version.number,
        "created_at": version.created_at.isoformat(),
        "author": version.author.full_name if version.author else "",
        "note": version.note,
        "based_on": version.based_on,
        "restored_from": version.restored_from,
    }


def version_payload(version: MapVersion | None, copy: MapCopy) -> dict[str, Any]:
    """A version with its document, as the API returns it (an empty map before the first save)."""
    if version is not None and not copy.shared and version.__dict__.get("_document_canonical"):
        # Just saved: the stored JSON is the validated document's own dump (services._write).
        return {"version": version_meta(version, copy), "document": version.document}
    document = version.parsed() if version is not None else MapDocument()
    return {
        "version": version_meta(version, copy),
        "document": copy.show(document).model_dump(mode="json"),
    }


def _sector_label(key: str, sector_set) -> str:
    sector = sector_set.sector(key) if sector_set else None
    return sector.label() if sector else key


def diff_lines(diff: MapDiff, sector_set=None, names: dict[str, str] | None = None) -> list[str]:
    """The changes as sentences people read ("Anna moved closer")."""
    names = names or {}
    lines: list[str] = []
    for contact in diff.added:
        lines.append(gettext("%(name)s was added.") % {"name": contact.name})
    for contact in diff.removed:
        lines.append(gettext("%(name)s was removed.") % {"name": contact.name})
    for change in diff.moved_closer:
        lines.append(gettext("%(name)s moved closer.") % {"name": change.contact.name})
    for change in diff.moved_away:
        lines.append(gettext("%(name)s moved further away.") % {"name": change.contact.name})
    for change in diff.valence_changed:
        lines.append(
            gettext("%(name)s: the relation changed from %(before)s to %(after)s.")
            % {
                "name": change.contact.name,
                "before": _choice_label(change.before),
                "after": _choice_label(change.after),
            }
        )
    for change in diff.sector_changed:
        lines.append(
            gettext("%(name)s moved from %(before)s to %(after)s.")
            % {
                "name": change.contact.name,
                "before": _sector_label(change.before, sector_set),
                "after": _sector_label(change.after, sector_set),
            }
        )
    for change in diff.renamed:
        lines.append(
            gettext("%(before)s is now called %(after)s.")
            % {"before": change.before, "after": change.after}
        )
    for change in diff.trend_changed:
        lines.append(
            gettext("%(name)s: the movement changed from %(before)s to %(after)s.")
            % {
                "name": change.contact.name,
                "before": _choice_label(change.before),
                "after": _choice_label(change.after),
            }
        )
    for tie in diff.ties_added:
        lines.append(
            gettext("A line was drawn between %(a)s and %(b)s.")
            % {"a": names.get(tie.a, tie.a), "b": names.get(tie.b, tie.b)}
        )
    for tie in diff.ties_removed:
        lines.append(
            gettext("The line between %(a)s and %(b)s was removed.")
            % {"a": names.get(tie.a, tie.a), "b": names.get(tie.b, tie.b)}
        )
    for _before, after in diff.ties_changed:
        lines.append(
            gettext("The line between %(a)s and %(b)s is now: %(kind)s.")
            % {
                "a": names.get(after.a, after.a),
                "b": names.get(after.b, after.b),
                "kind": _choice_label(after.kind),
            }
        )
    return lines


def _choice_label(value) -> str:
    return str(getattr(value, "label", value))


def diff_payload(old: MapDocument, new: MapDocument, copy: MapCopy, sector_set=None) -> dict:
    """A diff as JSON: ids per kind of change, and the sentences to show."""
    old, new = copy.show(old), copy.show(new)
    diff = diff_documents(old, new)
    names = {c.id: c.name for c in [*old.contacts, *new.contacts]}

    def changes(items):
        return [
            {
                "id": c.contact.id,
                "name": c.contact.name,
                "before": str(c.before),
                "after": str(c.after),
            }
            for c in items
        ]

    return {
        "added": [{"id": c.id, "name": c.name} for c in diff.added],
        "removed": [{"id": c.id, "name": c.name} for c in diff.removed],
        "moved_closer": changes(diff.moved_closer),
        "moved_away": changes(diff.moved_away),
        "valence_changed": changes(diff.valence_changed),
        "sector_changed": changes(diff.sector_changed),
        "renamed": changes(diff.renamed),
        "trend_changed": changes(diff.trend_changed),
        "ties_added": [{"a": t.a, "b": t.b} for t in diff.ties_added],
        "ties_removed": [{"a": t.a, "b": t.b} for t in diff.ties_removed],
        "ties_changed": [{"a": t.a, "b": t.b, "kind": str(t.kind)} for _b, t in diff.ties_changed],
        "lines": diff_lines(diff, sector_set, names),
    }


# --- Exports ----------------------------------------------------------------------------------

EXPORT_FORMATS = {
    # key: (content type, file extension)
    "svg": ("image/svg+xml; charset=utf-8", "svg"),
    "png": ("image/png", "png"),
    "graphml": ("application/graphml+xml; charset=utf-8", "graphml"),
    "json": ("application/json; charset=utf-8", "json"),
    "contacts-csv": ("text/csv; charset=utf-8", "csv"),
    "ties-csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf-a4": ("application/pdf", "pdf"),
    "pdf-a3": ("application/pdf", "pdf"),
}


def pdf_module():
    """The PDF renderer, if this build has it (it is optional: WeasyPrint needs Pango)."""
    try:
        from omkreds.networks import pdf
    except ImportError:
        return None
    return pdf


def export_formats() -> list[str]:
    found = [key for key in EXPORT_FORMATS if not key.startswith("pdf")]
    if pdf_module() is not None:
        found += ["pdf-a4", "pdf-a3"]
    return found


def export_content(
    fmt: str, *, document: MapDocument, citizen, version: MapVersion | None, copy: MapCopy
) -> tuple[bytes | str, str, str] | None:
    """(content, content type, file name) of an export of `document` (a whole version, the
    latest by default) as `copy` shows it; None for an unknown format."""
    from omkreds.networks import exports
    from omkreds.networks.render import RenderOptions, render_svg

    if fmt not in export_formats():
        return None
    content_type, extension = EXPORT_FORMATS[fmt]
    number = version.number if version else 0
    stem = f"network-map-v{number}"
    whole, shared = document, copy.shared
    document = copy.show(whole)
    sector_set = sector_set_of(document, citizen)
    if fmt in ("svg", "png"):
        caption = _caption(version)
        photos = _photos(document, whole, citizen=citizen, copy=copy)
        content = render_svg(
            document,
            sector_set,
            citizen.name,
            RenderOptions(shared=shared, caption=caption, photos=photos),
        )
        if fmt == "png":
            from omkreds.networks.png import map_png

            content = map_png(content)
        else:
            content = '<?xml version="1.0" encoding="UTF-8"?>\n' + content
    elif fmt == "graphml":
        content = exports.to_graphml(document, shared=shared)
    elif fmt == "json":
        content = exports.to_json(document, shared=shared)
    elif fmt == "contacts-csv":
        content = exports.contacts_csv(document, sector_set, shared=shared)
        stem += "-contacts"
    elif fmt == "ties-csv":
        content = exports.ties_csv(document, shared=shared)
        stem += "-lines"
    elif fmt == "xlsx":
        content = exports.map_xlsx(document, sector_set, shared=shared)
    else:
        content = _pdf(fmt, whole=whole, citizen=citizen, version=version, copy=copy.printed())
        stem += "-" + fmt.removeprefix("pdf-")
    return content, content_type, f"{stem}.{extension}"


def _caption(version: MapVersion | None) -> str:
    from django.utils import formats, timezone

    if version is None:
        return ""
    return gettext("Version %(number)d, %(date)s") % {
        "number": version.number,
        "date": formats.date_format(timezone.localtime(version.created_at), "SHORT_DATE_FORMAT"),
    }


def _photos(document: MapDocument, whole: MapDocument, *, citizen, copy: MapCopy) -> dict:
    """Thumbnails to put inside an exported file: of the people drawn (`document`), and for
    others none that a safety-marked or withheld person has (judged on the whole version)."""
    from omkreds.networks import map_photos

    drawn = {c.photo for c in document.contacts if c.photo}
    keys = copy.photo_keys(whole) & drawn
    return map_photos.photo_data_uris(citizen=citizen, keys=keys)


def _pdf(fmt, *, whole, citizen, version, copy: MapCopy) -> bytes:
    # A printed map is always the shared copy (pdf.py renders with shared=True).
    document = copy.show(whole)
    return pdf_module().map_pdf(
        photos=_photos(document, whole, citizen=citizen, copy=copy),
        document=document,
        sector_set=sector_set_of(document, citizen),
        citizen_label=citizen.name,
        version_number=version.number if version else None,
        saved_at=version.created_at if version else None,
        paper=fmt.removeprefix("pdf-").upper(),
    )
