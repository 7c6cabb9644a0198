"""Import workflows: read an upload into a draft, preview it with a mapping, save it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from omkreds.networks import sectors
from omkreds.networks.imports import mapping as m
from omkreds.networks.imports.models import ImportDraft
from omkreds.networks.imports.sources import OwnDocument, Source, read_upload
from omkreds.networks.models import MapVersion
from omkreds.networks.schema import MAX_CONTACTS, DocumentInvalid, FieldProblem, MapDocument
from omkreds.networks.services import MapConflict, map_latest, map_save, validate_for

OWN = "own"


@dataclass
class Preview:
    """What the import would save: the document (None while there are problems) and why."""

    document: MapDocument | None
    sector_set: sectors.SectorSetDef
    dropped: list[str] = field(default_factory=list)
    adjusted: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def refusal(messages: list[str]) -> DocumentInvalid:
    return DocumentInvalid([FieldProblem((), message) for message in messages])


def target(*, citizen) -> tuple[sectors.SectorSetDef, int]:
    """The sector set and rings the imported map is drawn with: the current map's, else the
    organisation's default (as the editor starts a new map)."""
    latest = map_latest(citizen=citizen)
    if latest is not None:
        current = latest.parsed()
        found = sectors.get_sector_set(current.sector_set, organisation=citizen.organisation)
        if found is not None:
            return found, current.rings
    if citizen.organisation.default_language == "sv":
        return sectors.SE_TEMAN, 3
    return sectors.DK_SOCIALSTYRELSEN, 3


def draft_create(*, citizen, author, file_name: str, raw: bytes) -> ImportDraft:
    """Read the file and keep what was read. Raises DocumentInvalid (nothing kept)."""
    read = read_upload(raw)
    if isinstance(read, OwnDocument):
        kind, content = OWN, own_document(citizen=citizen, data=read.data).model_dump(mode="json")
    else:
        kind, content = read.kind, read.to_json()
    latest = map_latest(citizen=citizen)
    with transaction.atomic():
        ImportDraft.objects.expired().delete()
        ImportDraft.objects.filter(citizen=citizen, created_by=author).delete()
        return ImportDraft.objects.create(
            citizen=citizen,
            created_by=author,
            file_name=file_name[:200],
            kind=kind,
            content=content,
            based_on=latest.number if latest else None,
        )


def own_document(*, citizen, data: Any) -> MapDocument:
    """Our own GraphML or JSON, validated as a save is, with problems that name the person."""
    if isinstance(data, dict) and isinstance(data.get("contacts"), list):
        count = len(data["contacts"])
        if count > MAX_CONTACTS:
            raise DocumentInvalid.single(
                gettext("The file has %(count)s people; a map can hold at most %(max)s.")
                % {"count": count, "max": MAX_CONTACTS}
            )
    if isinstance(data, dict) and "sector_set" not in data:
        data = {**data, "sector_set": target(citizen=citizen)[0].key}
    unknown = _unknown_sectors(citizen=citizen, data=data)
    if unknown:
        raise refusal(unknown)
    try:
        return validate_for(citizen=citizen, document=data)
    except DocumentInvalid as exc:
        raise refusal(_named(exc, data)) from None


def _unknown_sectors(*, citizen, data: Any) -> list[str]:
    """ "Karen Jensen: Sector: …" for each person whose sector the map's set does not have."""
    if not isinstance(data, dict) or not isinstance(data.get("contacts"), list):
        return []
    key = data.get("sector_set")
    chosen = (
        sectors.get_sector_set(key, organisation=citizen.organisation)
        if isinstance(key, str)
        else None
    )
    if chosen is None:
        return []
    found = []
    for number, person in enumerate(data["contacts"], start=1):
        if not isinstance(person, dict) or not isinstance(person.get("sector"), str):
            continue
        if chosen.sector(person["sector"]) is None:
            name = person.get("name")
            who = (
                name[:80]
                if isinstance(name, str) and name.strip()
                else (gettext("Person %(number)d") % {"number": number})
            )
            found.append(
                m.person_problem(
                    who,
                    "sector",
                    gettext("“%(value)s” is not a sector of this map; choose one of: %(choices)s.")
                    % {
                        "value": person["sector"][:40],
                        "choices": ", ".join(s.label() for s in chosen.sectors),
                    },
                )
            )
    return found


def _named(exc: DocumentInvalid, data: Any) -> list[str]:
    """Each problem as "Karen Jensen: Sector: …": the person by name, the field by its label."""
    people = data.get("contacts") if isinstance(data, dict) else None
    names = {}
    if isinstance(people, list):
        for number, person in enumerate(people):
            name = person.get("name") if isinstance(person, dict) else None
            names[number] = (
                str(name)[:80]
                if isinstance(name, str) and name.strip()
                else gettext("Person %(number)d") % {"number": number + 1}
            )
    lines = []
    for problem in exc.problems:
        loc = problem.loc
        if len(loc) >= 2 and loc[0] == "contacts" and isinstance(loc[1], int):
            who = names.get(loc[1], gettext("Person %(number)d") % {"number": loc[1] + 1})
            if len(loc) >= 3:
                lines.append(m.person_problem(who, str(loc[2]), problem.message))
            else:
                lines.append(f"{who}: {problem.message}")
        elif len(loc) >= 2 and loc[0] == "ties" and isinstance(loc[1], int):
            lines.append(
                gettext("Line %(number)d: %(message)s")
                % {"number": loc[1] + 1, "message": problem.message}
            )
        else:
            lines.append(problem.message)
    return lines


def draft_preview(
    *,
    draft: ImportDraft,
    mapping: m.Mapping | None,
    source: Source | None = None,
    drawn_with: tuple[sectors.SectorSetDef, int] | None = None,
) -> Preview:
    """`source` and `drawn_with` (target's answer), when the caller has them already: a
    request reads the draft and the current map once."""
    sector_set, rings = drawn_with or target(citizen=draft.citizen)
    if draft.kind == OWN:
        document = MapDocument.model_validate(draft.content, context={"stored": True})
        own_set = sectors.get_sector_set(
            document.sector_set, organisation=draft.citizen.organisation
        )
        return Preview(document=document, sector_set=own_set or sector_set)
    source = source or Source.from_json(draft.content)
    result = m.build(
        source, mapping or m.guess(source, sector_set, rings), sector_set=sector_set, rings=rings
    )
    return Preview(
        document=result.document,
        sector_set=sector_set,
        dropped=result.dropped,
        adjusted=result.adjusted,
        problems=result.problems,
    )


def draft_source(draft: ImportDraft) -> Source | None:
    return None if draft.kind == OWN else Source.from_json(draft.content)


def draft_save(
    *, draft: ImportDraft, author, mapping: m.Mapping | None, note: str = ""
) -> MapVersion:
    """Save the import as the citizen's next map version and forget the draft.

    Raises DocumentInvalid (problems left) or MapConflict (someone saved after the upload;
    the draft then takes the new version as its base, so a second confirmation replaces it)."""
    preview = draft_preview(draft=draft, mapping=mapping)
    if preview.document is None:
        raise refusal(preview.problems)
    text = gettext("Imported from %(file)s") % {"file": draft.file_name}
    note = f"{text}. {note.strip()}" if note.strip() else text
    try:
        version = map_save(
            citizen=draft.citizen,
            author=author,
            document=preview.document,
            based_on=draft.based_on,
            note=note[:500],
        )
    except MapConflict as conflict:
        draft.based_on = conflict.current.number if conflict.current else None
        draft.save(update_fields=["based_on"])
        raise
    draft.delete()
    return version
