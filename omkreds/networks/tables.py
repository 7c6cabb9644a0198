"""The map's people and lines as tables (CSV and .xlsx) in the reader's language.

Headers are the editor's own labels and values are words, not keys: "Familie", "blandet", "ja",
not `family`, `mixed`, `yes`. Distances and angles stay numbers, so a spreadsheet can sort them.
The JSON and GraphML exports keep the keys for programs.
"""

from django.utils.translation import gettext, pgettext

from omkreds.lib import spreadsheet
from omkreds.networks import geometry, marks
from omkreds.networks.schema import (
    Contact,
    ContactFrequency,
    ContactType,
    HelpDirection,
    MapDocument,
    Role,
    SupportKind,
    TieKind,
    Trend,
    Valence,
    shareable,
)
from omkreds.networks.sectors import SectorSetDef, built_in

# Not in exports that leave the case (the shareable copy leaves these people and texts out too).
_NOT_SHARED = ("address", "safety_marker", "note", "note_internal")


def _yes(value: bool) -> str:
    return pgettext("spreadsheet cell", "yes") if value else pgettext("spreadsheet cell", "no")


def _label(choices, value) -> str:
    return str(choices(value).label) if value else ""


def _columns() -> list[tuple[str, str]]:
    """(field, header) in the order of the editor's form."""
    return [
        ("id", gettext("Id")),
        ("name", gettext("Name")),
        ("type", gettext("Kind")),
        ("sector", gettext("Sector")),
        ("ring", gettext("Ring")),
        ("closeness", gettext("Distance from the centre")),
        ("angle", gettext("Direction (degrees clockwise from the top)")),
        ("valence", gettext("How the relation affects")),
        ("trend", gettext("Movement")),
        ("wanted_closeness", gettext("Wanted distance")),
        ("relation", gettext("Relation")),
        ("role", gettext("Role")),
        ("organisation", gettext("Organisation")),
        ("phone_direct", gettext("Phone (direct)")),
        ("phone_main", gettext("Phone (main number)")),
        ("email", gettext("E-mail")),
        ("address", gettext("Postal address")),
        ("photo", gettext("Photo")),
        ("help_text", gettext("What they can help with")),
        ("support_kinds", gettext("Kinds of support")),
        ("help_direction", gettext("Direction of help")),
        ("contact_frequency", gettext("How often in contact")),
        ("lives_with_citizen", gettext("Lives with the person")),
        ("already_active", gettext("Already active")),
        ("team_member", gettext("Member of the team")),
        ("safety_marker", gettext("Do not contact (never printed or shared)")),
        ("note", gettext("Note")),
        ("note_internal", gettext("The note is internal")),
        ("colour", gettext("Colour")),
        ("signs", gettext("Signs")),
    ]


def _signs(keys: list[str]) -> str:
    return ", ".join(str(marks.SIGNS[key].label) for key in keys if key in marks.SIGNS)


def _colour(key: str | None) -> str:
    return str(marks.PALETTE[key].label) if key in marks.PALETTE else ""


def _contact_values(contact: Contact, document: MapDocument, sector_set) -> dict:
    sector = sector_set.sector(contact.sector) if sector_set else None
    return {
        "id": contact.id,
        "name": contact.name,
        "type": _label(ContactType, contact.type),
        "sector": sector.label() if sector else contact.sector,
        "ring": geometry.ring_index(contact.closeness, document.rings) + 1,
        "closeness": contact.closeness,
        "angle": contact.angle,
        "valence": _label(Valence, contact.valence),
        "trend": _label(Trend, contact.trend),
        "wanted_closeness": contact.wanted_closeness,
        "relation": contact.relation,
        "role": _label(Role, contact.role),
        "organisation": contact.organisation,
        "phone_direct": contact.phone_direct,
        "phone_main": contact.phone_main,
        "email": contact.email or "",
        "address": contact.address,
        "photo": _yes(bool(contact.photo)),
        "help_text": contact.help_text,
        "support_kinds": ", ".join(str(SupportKind(k).label) for k in contact.support_kinds),
        "help_direction": _label(HelpDirection, contact.help_direction),
        "contact_frequency": _label(ContactFrequency, contact.contact_frequency),
        "lives_with_citizen": _yes(contact.lives_with_citizen),
        "already_active": _yes(contact.already_active),
        "team_member": _yes(contact.team_member),
        "safety_marker": _yes(contact.safety_marker),
        "note": contact.note,
        "note_internal": _yes(contact.note_internal),
        "colour": _colour(contact.colour),
        "signs": _signs(contact.signs),
    }


def contacts_sheet(
    document: MapDocument, sector_set: SectorSetDef | None = None, *, shared: bool = False
) -> spreadsheet.Sheet:
    document = shareable(document) if shared else document
    sector_set = sector_set or built_in(document.sector_set)
    columns = [(f, h) for f, h in _columns() if not (shared and f in _NOT_SHARED)]
    rows = []
    for contact in document.contacts:
        values = _contact_values(contact, document, sector_set)
        rows.append([values[field] for field, _header in columns])
    return spreadsheet.Sheet(gettext("People"), [h for _f, h in columns], rows)


def ties_sheet(document: MapDocument, *, shared: bool = False) -> spreadsheet.Sheet:
    document = shareable(document) if shared else document
    names = {c.id: c.name for c in document.contacts}
    header = [
        gettext("First person's id"),
        gettext("First person"),
        gettext("Second person's id"),
        gettext("Second person"),
        gettext("Kind of line"),
        gettext("Note"),
        gettext("Colour"),
        gettext("Signs"),
    ]
    rows = [
        [
            tie.a,
            names[tie.a],
            tie.b,
            names[tie.b],
            _label(TieKind, tie.kind),
            tie.note,
            _colour(tie.colour),
            _signs(tie.signs),
        ]
        for tie in document.ties
    ]
    return spreadsheet.Sheet(gettext("Lines"), header, rows)
