"""From a read `Source` and the worker's `Mapping` to a map document, with what was dropped.

`build` never raises for what is in the file: people without a name and lines to them are
dropped with the reason; a phone number or e-mail address that is not one moves to the note;
what cannot be decided for a person (no sector for their value, no default) is a problem that
names the person and the field. Only a result without problems is a valid document.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext, ngettext
from pydantic import TypeAdapter, ValidationError

from omkreds.networks import geometry
from omkreds.networks.imports.sources import Network, Person, Source, Value
from omkreds.networks.schema import (
    ID_PATTERN,
    MAX_CONTACTS,
    MAX_TIES,
    Contact,
    DocumentInvalid,
    Email,
    Phone,
    Valence,
    new_id,
    parse_document,
    problems_from,
)
from omkreds.networks.sectors import SectorSetDef, is_org_key

MIDDLE = "middle"
NUMBER = "number"
RINGS = "rings"
HIGHER = "higher"
LOWER = "lower"
NOTE_LIMIT = 4000
# More distinct values than this are not mapped one by one; the rest get the default.
MAX_VALUES = 40
_PHONE = TypeAdapter(Phone)
_EMAIL = TypeAdapter(Email)


@dataclass
class Mapping:
    network: int = 0
    name: str = ""  # an attribute; "" is the id (or row) in the file
    sector: str = ""  # "" gives everyone the default
    sector_values: dict[str, str] = field(default_factory=dict)  # value → sector key
    sector_default: str = ""  # "" is no default: a person without a sector is a problem
    closeness: str = MIDDLE
    closeness_attr: str = ""
    closer_when: str = LOWER
    closeness_values: dict[str, int] = field(default_factory=dict)  # value → ring, from 1
    valence: str = ""
    valence_values: dict[str, str] = field(default_factory=dict)
    valence_default: str = Valence.NEUTRAL.value
    relation: str = ""
    phone: str = ""
    email: str = ""
    rest_in_note: bool = True

    def fingerprint(self) -> str:
        text = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def used(self) -> set[str]:
        attrs = {self.name, self.sector, self.valence, self.relation, self.phone, self.email}
        if self.closeness != MIDDLE:
            attrs.add(self.closeness_attr)
        return attrs - {""}


@dataclass
class Result:
    contacts: list[dict[str, Any]] = field(default_factory=list)
    ties: list[dict[str, Any]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    adjusted: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    document: Any = None  # the validated MapDocument, when there are no problems


def text(value: Value | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def number(value: Value | None) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    cleaned = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"[-+]?\d+,\d+", cleaned):  # a decimal comma, as Danish Excel writes
        cleaned = cleaned.replace(",", ".")
    try:
        parsed = float(cleaned)
    except ValueError:
        return None
    return parsed if math.isfinite(parsed) else None


def values_of(network: Network, attribute: str) -> list[str]:
    """The distinct values of an attribute (the first MAX_VALUES), in the file's order."""
    if attribute in network.values:
        return list(network.values[attribute])
    seen: dict[str, None] = {}
    for person in network.people:
        value = text(person.attrs.get(attribute))
        if value:
            seen.setdefault(value, None)
            if len(seen) == MAX_VALUES:
                break
    network.values[attribute] = list(seen)
    return list(seen)


def _ring_closeness(ring: int, rings: int) -> float:
    """The middle of ring `ring` (0 = innermost)."""
    return round((ring + 0.5) / rings, 4)


class _Closeness:
    def __init__(self, mapping: Mapping, network: Network, rings: int):
        self.mapping = mapping
        self.rings = rings
        self.middle = _ring_closeness(rings // 2, rings)
        self.low = self.high = 0.0
        if mapping.closeness == NUMBER and mapping.closeness_attr:
            found = [number(p.attrs.get(mapping.closeness_attr)) for p in network.people]
            numbers = [n for n in found if n is not None]
            if numbers:
                self.low, self.high = min(numbers), max(numbers)

    def of(self, attrs: dict[str, Value]) -> float | None:
        """The closeness of a person, or None when their value cannot give one."""
        mapping = self.mapping
        if mapping.closeness == MIDDLE or not mapping.closeness_attr:
            return self.middle
        raw = attrs.get(mapping.closeness_attr)
        if mapping.closeness == RINGS:
            ring = mapping.closeness_values.get(text(raw))
            if not ring:
                return self.middle if not text(raw) else None
            return _ring_closeness(min(max(ring, 1), self.rings) - 1, self.rings)
        value = number(raw)
        if value is None:
            return None
        spread = self.high - self.low
        share = (value - self.low) / spread if spread else 0.5
        if mapping.closer_when == HIGHER:
            share = 1.0 - share
        # Keep people off the citizen's disc and the outer edge.
        return round(0.05 + 0.9 * share, 4)


def _label(key: str) -> str:
    labels = {
        "name": gettext("Name"),
        "sector": gettext("Sector"),
        "closeness": gettext("Distance from the centre"),
        "valence": gettext("How the relation affects"),
        "relation": gettext("Relation"),
        "phone_direct": gettext("Phone (direct)"),
        "email": gettext("E-mail"),
        "note": gettext("Note"),
    }
    return labels.get(key, key)


def person_problem(who: str, field_key: str, message: str) -> str:
    return gettext("%(person)s: %(field)s: %(message)s") % {
        "person": who,
        "field": _label(field_key),
        "message": message,
    }


def build(source: Source, mapping: Mapping, *, sector_set: SectorSetDef, rings: int) -> Result:
    result = Result()
    if not 0 <= mapping.network < len(source.networks):
        mapping.network = 0
    network = source.networks[mapping.network]
    result.dropped.extend(network.dropped)
    if len(network.people) > MAX_CONTACTS:
        result.problems.append(
            gettext("The file has %(count)s people; a map can hold at most %(max)s.")
            % {"count": len(network.people), "max": MAX_CONTACTS}
        )
        return result

    people = _People(mapping, network, sector_set, rings, result)
    for person in network.people:
        people.add(person)
    _place_around(people.by_sector, sector_set)
    contacts = people.validated()
    _ties(network, people.ids, people.names, result)
    if len(result.ties) > MAX_TIES:
        result.problems.append(
            gettext("A map can hold at most %(max)s lines between people.") % {"max": MAX_TIES}
        )
    if result.problems:
        return result
    document = {
        "sector_set": sector_set.key,
        "rings": rings,
        "contacts": contacts,
        "ties": result.ties,
    }
    try:
        result.document = parse_document(
            document, sector_set=sector_set if is_org_key(sector_set.key) else None
        )
    except DocumentInvalid as exc:
        result.problems.extend(problem.message for problem in exc.problems)
    return result


class _People:
    """Turns the file's people into contacts one by one, noting what it drops or changes."""

    def __init__(self, mapping: Mapping, network: Network, sector_set, rings: int, result):
        self.mapping = mapping
        self.sector_set = sector_set
        self.result = result
        self.closeness = _Closeness(mapping, network, rings)
        self.used = mapping.used()
        self.ids: dict[str, str] = {}  # key in the file → contact id
        self.names: dict[str, str] = {}
        self.taken: set[str] = set()
        self.whos: list[str] = []  # the name in messages, for each of result.contacts
        self.by_sector: dict[str, list[dict[str, Any]]] = {}

    def add(self, person: Person) -> None:
        mapping, result, attrs = self.mapping, self.result, person.attrs
        name = text(attrs.get(mapping.name)) if mapping.name else person.key
        if not name:
            result.dropped.append(
                gettext("%(where)s was left out: no name in the file.") % {"where": person.where}
            )
            return
        who = name[:80]
        value = text(attrs.get(mapping.sector)) if mapping.sector else ""
        sector = mapping.sector_values.get(value) or mapping.sector_default
        if not sector or self.sector_set.sector(sector) is None:
            message = (
                gettext("choose a sector for “%(value)s”.") % {"value": value[:60]}
                if value
                else gettext("choose a sector.")
            )
            result.problems.append(person_problem(who, "sector", message))
            return
        contact: dict[str, Any] = {"name": name, "sector": sector}
        contact["closeness"] = self._closeness(who, attrs)
        valence = text(attrs.get(mapping.valence)) if mapping.valence else ""
        contact["valence"] = mapping.valence_values.get(valence) or mapping.valence_default
        if mapping.relation:
            contact["relation"] = text(attrs.get(mapping.relation))[:200]
        note = self._details(who, attrs, contact)
        if note:
            joined = "\n".join(note)
            contact["note"] = (
                joined if len(joined) <= NOTE_LIMIT else joined[: NOTE_LIMIT - 1] + "…"
            )
        contact_id = person.key if re.match(ID_PATTERN, person.key) else new_id()
        while contact_id in self.taken:
            contact_id = new_id()
        self.taken.add(contact_id)
        contact["id"] = contact_id
        self.ids[person.key] = contact_id
        self.names[person.key] = who
        self.whos.append(who)
        result.contacts.append(contact)
        self.by_sector.setdefault(sector, []).append(contact)

    def validated(self) -> list[Contact]:
        """Each person checked once, after placing (problems name the person and the field);
        the document is then made of these, not validated a second time."""
        checked = []
        for contact, who in zip(self.result.contacts, self.whos, strict=True):
            try:
                checked.append(Contact.model_validate(contact))
            except ValidationError as exc:
                for problem in problems_from(exc):
                    self.result.problems.append(
                        person_problem(who, str(problem.loc[0]), problem.message)
                    )
        return checked

    def _closeness(self, who: str, attrs: dict[str, Value]) -> float:
        place = self.closeness.of(attrs)
        if place is None:
            place = self.closeness.middle
            self.result.adjusted.append(
                gettext("%(person)s: “%(value)s” gives no distance; placed on the middle ring.")
                % {"person": who, "value": text(attrs.get(self.mapping.closeness_attr))[:60]}
            )
        return place

    def _details(self, who: str, attrs: dict[str, Value], contact: dict[str, Any]) -> list[str]:
        """Phone and e-mail into their fields (or the note, if they are not one); the lines of
        the note."""
        mapping = self.mapping
        note: list[str] = []
        for key, adapter, attribute in (
            ("phone_direct", _PHONE, mapping.phone),
            ("email", _EMAIL, mapping.email),
        ):
            given = text(attrs.get(attribute)) if attribute else ""
            if not given:
                continue
            try:
                contact[key] = adapter.validate_python(given)
            except ValidationError:
                note.append(f"{_label(key)}: {given}")
                self.result.adjusted.append(
                    gettext("%(person)s: “%(value)s” is not a valid %(field)s; kept in the note.")
                    % {"person": who, "value": given[:60], "field": _label(key).lower()}
                )
        if mapping.rest_in_note:
            for attribute, raw in attrs.items():
                if attribute not in self.used and text(raw):
                    note.append(f"{attribute}: {text(raw)}")
        return note


def _place_around(by_sector: dict[str, list[dict[str, Any]]], sector_set: SectorSetDef) -> None:
    """Spread each sector's people evenly over its wedge, the closest first."""
    count = len(sector_set.sectors)
    for key, people in by_sector.items():
        people.sort(key=lambda c: c["closeness"])
        angles = geometry.spread_angles(sector_set.index(key), count, len(people))
        for contact, angle in zip(people, angles, strict=True):
            contact["angle"] = round(angle, 2)


def _ties(network: Network, ids: dict[str, str], names: dict[str, str], result: Result) -> None:
    seen: dict[frozenset[str], dict[str, Any]] = {}
    for line in network.lines:
        if line.a == line.b:
            result.dropped.append(
                gettext("A line from %(person)s to themselves was left out.")
                % {"person": names.get(line.a, line.a[:60])}
            )
            continue
        if line.a not in ids or line.b not in ids:
            continue  # the person was left out; said above
        a, b = ids[line.a], ids[line.b]
        pair = frozenset((a, b))
        parts = []
        if line.directed:
            parts.append(gettext("from %(a)s to %(b)s") % {"a": names[line.a], "b": names[line.b]})
        parts += [f"{k}: {text(v)}" for k, v in line.attrs.items() if text(v)]
        if pair in seen:
            # A second line between the same two (the other direction, or a repeat): one tie,
            # with both notes.
            tie = seen[pair]
            tie["note"] = "; ".join(p for p in (tie.get("note", ""), *parts) if p)[:NOTE_LIMIT]
            continue
        tie = {"a": a, "b": b, "kind": "knows"}
        if parts:
            tie["note"] = "; ".join(parts)[:NOTE_LIMIT]
        seen[pair] = tie
        result.ties.append(tie)


def summary(result: Result) -> dict[str, str]:
    people = len(result.contacts)
    ties = len(result.ties)
    return {
        "people": ngettext("%(n)d person", "%(n)d people", people) % {"n": people},
        "ties": ngettext("%(n)d line", "%(n)d lines", ties) % {"n": ties},
    }


# --- First guesses ---------------------------------------------------------------------------

_GUESS = {
    "name": ("name", "navn", "namn", "label", "full name", "fulde navn", "nimi"),
    "sector": ("sector", "felt", "område", "omrade", "tema", "group", "gruppe", "grupp"),
    "closeness": ("closeness", "afstand", "avstånd", "distance", "ring", "cirkel"),
    "valence": ("valence", "positiv/negativ", "positive/negative", "valens", "påvirkning"),
    "relation": ("relation", "relationship", "relation til borger", "rolle", "role", "roll"),
    "phone": ("phone", "telefon", "tlf", "tel", "mobile", "mobil", "telefonnummer"),
    "email": ("email", "e-mail", "mail", "e-post", "epost"),
}
_VALENCE_WORDS = {
    Valence.POSITIVE.value: ("positive", "positiv", "+", "god", "good"),
    Valence.NEGATIVE.value: ("negative", "negativ", "-", "dårlig", "bad", "conflict", "konflikt"),
    Valence.MIXED.value: ("mixed", "blandet", "blandad", "+/-", "both"),
    Valence.NEUTRAL.value: ("neutral", "0"),
}


def _find(attributes: list[str], words: tuple[str, ...]) -> str:
    lowered = {a.strip().lower(): a for a in attributes}
    for word in words:
        if word in lowered:
            return lowered[word]
    return ""


def guess_sector(value: str, sector_set: SectorSetDef) -> str:
    wanted = value.strip().lower()
    for sector in sector_set.sectors:
        if wanted == sector.key or wanted in (label.lower() for label in sector.labels.values()):
            return sector.key
    return ""


def guess_valence(value: str) -> str:
    wanted = value.strip().lower()
    for key, words in _VALENCE_WORDS.items():
        if wanted in words:
            return key
    return ""


def default_sector(sector_set: SectorSetDef) -> str:
    for key in ("others", "other"):
        if sector_set.sector(key) is not None:
            return key
    return sector_set.sectors[-1].key


def guess(source: Source, sector_set: SectorSetDef, rings: int, network: int = 0) -> Mapping:
    attributes = source.attributes
    chosen = source.networks[network] if 0 <= network < len(source.networks) else None
    mapping = Mapping(network=network if chosen else 0)
    chosen = source.networks[mapping.network]
    mapping.name = _find(attributes, _GUESS["name"])
    mapping.sector = _find(attributes, _GUESS["sector"])
    mapping.sector_default = default_sector(sector_set)
    mapping.valence = _find(attributes, _GUESS["valence"])
    mapping.relation = _find(attributes, _GUESS["relation"])
    mapping.phone = _find(attributes, _GUESS["phone"])
    mapping.email = _find(attributes, _GUESS["email"])
    closeness = _find(attributes, _GUESS["closeness"])
    if closeness:
        mapping.closeness_attr = closeness
        values = values_of(chosen, closeness)
        numeric = values and all(number(v) is not None for v in values)
        mapping.closeness = NUMBER if numeric and len(values) > rings else RINGS
    return complete(mapping, source, sector_set, rings)


def complete(mapping: Mapping, source: Source, sector_set: SectorSetDef, rings: int) -> Mapping:
    """Fill in value-by-value guesses the worker has not set (for a newly chosen attribute)."""
    network = source.networks[mapping.network]
    if mapping.sector:
        for value in values_of(network, mapping.sector):
            mapping.sector_values.setdefault(value, guess_sector(value, sector_set))
    if mapping.valence:
        for value in values_of(network, mapping.valence):
            mapping.valence_values.setdefault(value, guess_valence(value))
    if mapping.closeness == RINGS and mapping.closeness_attr:
        for value in values_of(network, mapping.closeness_attr):
            found = number(value)
            ring = int(found) if found is not None and found.is_integer() else 0
            mapping.closeness_values.setdefault(value, ring if 1 <= ring <= rings else 0)
    return mapping
