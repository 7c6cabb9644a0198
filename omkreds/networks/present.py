"""What the map pages and the map API show: shared by views.py and api.py.

Nothing here decides access: callers have asked the policy and written the access log first.
`for_others` is true for anyone who reaches the map under a consent rather than as case
worker or lead; they get the shareable copy (no safety-marked people, addresses or notes).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from omkreds.access import policy
from omkreds.networks import sectors
from omkreds.networks.diff import MapDiff, diff_documents
from omkreds.networks.models import MapVersion
from omkreds.networks.schema import MapDocument, shareable


def for_others(user, citizen) -> bool:
    """Whether this user sees the shared copy: they read the map under a consent only."""
    return shared_copy(policy.reach(user, citizen))


def shared_copy(reach: policy.Reach) -> bool:
    """Whether this reach sees the shared copy (`for_others` for a reach already resolved)."""
    return not reach.case


def sector_set_of(document: MapDocument, citizen) -> sectors.SectorSetDef | None:
    return sectors.get_sector_set(document.sector_set, organisation=citizen.organisation)


def visible(document: MapDocument, *, shared: bool) -> MapDocument:
    return shareable(document) if shared else document


def version_meta(version: MapVersion | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {
        "number": version.number,
        "created_at": version.created_at.isoformat(),
        "author": version.author.full_name if version.author else "",
        "note": version.note,
        "based_on": version.based_on,
        "restored_from": version.restored_from,
    }


def version_payload(version: MapVersion | None, *, shared: bool, citizen) -> dict[str, Any]:
    """A version with its document, as the API returns it (an empty map before the first save)."""
    if version is not None and not shared and version.__dict__.get("_document_canonical"):
        # Just saved: the stored JSON is the validated document's own dump (services._write).
        return {"version": version_meta(version), "document": version.document}
    document = version.parsed() if version is not None else MapDocument()
    return {
        "version": version_meta(version),
        "document": visible(document, shared=shared).model_dump(mode="json"),
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


def compare(old: MapDocument, new: MapDocument, *, shared: bool) -> MapDiff:
    return diff_documents(visible(old, shared=shared), visible(new, shared=shared))


def diff_payload(old: MapDocument, new: MapDocument, *, shared: bool, sector_set=None) -> dict:
    """A diff as JSON: ids per kind of change, and the sentences to show."""
    diff = compare(old, new, shared=shared)
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
    fmt: str, *, document: MapDocument, citizen, version: MapVersion | None, shared: bool
) -> tuple[bytes | str, str, str] | None:
    """(content, content type, file name) of an export, or None for an unknown format."""
    from omkreds.networks import exports
    from omkreds.networks.render import RenderOptions, render_svg

    if fmt not in export_formats():
        return None
    content_type, extension = EXPORT_FORMATS[fmt]
    number = version.number if version else 0
    stem = f"network-map-v{number}"
    sector_set = sector_set_of(document, citizen)
    if fmt in ("svg", "png"):
        caption = _caption(version)
        photos = _photos(document, citizen=citizen, version=version, shared=shared)
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
    else:
        content = _pdf(fmt, document=document, citizen=citizen, version=version)
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


def _photos(document: MapDocument, *, citizen, version, shared: bool) -> dict[str, str]:
    """Thumbnails to put inside an exported file: of the people drawn, and for others none
    that a safety-marked person has (judged on the whole version, before they were left out)."""
    from omkreds.networks import map_photos

    whole = version.parsed() if version is not None else document
    drawn = {c.photo for c in document.contacts if c.photo}
    keys = map_photos.allowed_keys(whole, shared=shared) & drawn
    return map_photos.photo_data_uris(citizen=citizen, keys=keys)


def _pdf(fmt, *, document, citizen, version) -> bytes:
    # A printed map is always the shared copy (pdf.py renders with shared=True).
    return pdf_module().map_pdf(
        photos=_photos(document, citizen=citizen, version=version, shared=True),
        document=document,
        sector_set=sector_set_of(document, citizen),
        citizen_label=citizen.name,
        version_number=version.number if version else None,
        saved_at=version.created_at if version else None,
        paper=fmt.removeprefix("pdf-").upper(),
    )
