"""The network map document: one JSON document per version, validated by these models.

The same models validate what the editor and the API send, what imports produce, and what is
stored. `parse_document` is the one entry point that turns untrusted input into a
`MapDocument` or a `DocumentInvalid` with one clear, translated message per problem.

Text fields reject characters that XML cannot carry (control characters, lone surrogates,
U+FFFE/U+FFFF), so every valid document renders as SVG, GraphML and PDF. Letters of every
script, right-to-left text and emoji (including joiners) are welcome.
"""

import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import pydantic_core
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from omkreds.networks import sectors as sector_sets
from omkreds.networks.marks import ColourKey, SignKeys
from omkreds.networks.roles import ROLE_SEED_DA, Role  # noqa: F401  (part of the schema)
from omkreds.networks.schema_fields import (  # noqa: F401  (ID_PATTERN: read from here too)
    ID_PATTERN,
    Angle,
    Email,
    Fraction,
    Id,
    Line,
    Name,
    Phone,
    Text,
)

SCHEMA_VERSION = 1
MAX_CONTACTS = 500
MAX_TIES = 5000
MAX_RINGS = 6


def new_id() -> str:
    """A short random id that stays with a contact across versions."""
    return uuid.uuid4().hex[:12]


class ContactType(models.TextChoices):
    PERSON = "person", _("person")
    PET = "pet", _("pet")
    GROUP = "group", _("group")
    DECEASED = "deceased", _("deceased")


class Valence(models.TextChoices):
    POSITIVE = "positive", _("positive")
    NEGATIVE = "negative", _("negative")
    MIXED = "mixed", _("mixed")
    NEUTRAL = "neutral", _("neutral")


class Trend(models.TextChoices):
    CLOSER = "closer", _("moving closer")
    AWAY = "away", _("moving away")
    STEADY = "steady", _("steady")


class SupportKind(models.TextChoices):
    EMOTIONAL = "emotional", _("emotional")
    PRACTICAL = "practical", _("practical")
    INFORMATION = "information", _("information")
    COMPANY = "company", _("company")
    ADVICE = "advice", _("advice")


_SUPPORT_ORDER = tuple(SupportKind)


class HelpDirection(models.TextChoices):
    GIVES = "gives", _("gives help")
    RECEIVES = "receives", _("receives help")
    BOTH = "both", _("gives and receives help")
    NONE = "none", _("no help either way")


class ContactFrequency(models.TextChoices):
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")
    RARELY = "rarely", _("rarely")
    NEVER = "never", _("never")
    UNKNOWN = "unknown", _("unknown")


class TieKind(models.TextChoices):
    KNOWS = "knows", _("know each other")
    CONFLICT = "conflict", _("conflict")


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Id = Field(default_factory=new_id)
    name: Name
    type: ContactType = ContactType.PERSON
    sector: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    # 0 is next to the citizen, 1 the outer edge; the ring follows from closeness.
    closeness: Fraction
    # Degrees clockwise from the top of the map (see geometry.py).
    angle: Angle = 0.0
    valence: Valence = Valence.NEUTRAL
    trend: Trend = Trend.STEADY
    wanted_closeness: Fraction | None = None
    relation: Line = ""
    role: Role | None = None
    organisation: Line = ""
    phone_direct: Phone = ""
    phone_main: Phone = ""
    email: Email = None
    address: Text = ""
    photo: Annotated[str, StringConstraints(pattern=ID_PATTERN)] | None = None
    help_text: Text = ""
    support_kinds: list[SupportKind] = Field(default_factory=list, max_length=len(SupportKind))
    help_direction: HelpDirection | None = None
    contact_frequency: ContactFrequency = ContactFrequency.UNKNOWN
    lives_with_citizen: bool = False
    already_active: bool = False
    team_member: bool = False
    # Do not contact: never printed, shared or exported for others.
    safety_marker: bool = False
    note: Text = ""
    note_internal: bool = False
    colour: ColourKey = None  # the citizen's own marks (marks.py)
    signs: SignKeys = []

    @field_validator("support_kinds")
    @classmethod
    def _canonical_kinds(cls, kinds: list[SupportKind]) -> list[SupportKind]:
        # A set in a canonical order, so that equal choices compare and diff as equal.
        if len(kinds) < 2:
            return kinds
        chosen = set(kinds)
        return [kind for kind in _SUPPORT_ORDER if kind in chosen]

    @property
    def is_professional(self) -> bool:
        """Part of the professional network by role or team membership (the sector may say so too)."""
        return self.team_member or (self.role is not None and self.role != Role.FAMILY_RELATIVES)


class Tie(BaseModel):
    model_config = ConfigDict(extra="forbid")

    a: Id
    b: Id
    kind: TieKind = TieKind.KNOWS
    note: Text = ""
    colour: ColourKey = None
    signs: SignKeys = []

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


def _sector_context(info: ValidationInfo) -> sector_sets.SectorSetDef | None:
    """The sector set to check against: given in the validation context, or a built-in one."""
    context = info.context or {}
    if context.get("stored"):
        return None
    given = context.get("sector_set")
    if given is not None:
        return given
    key = info.data.get("sector_set")
    return sector_sets.built_in(key) if key else None


class MapDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    sector_set: str = sector_sets.DEFAULT_KEY
    rings: int = Field(default=3, ge=1, le=MAX_RINGS)
    contacts: list[Contact] = Field(default_factory=list)
    ties: list[Tie] = Field(default_factory=list)
    note: Text = ""

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise PydanticCustomError(
                "schema_version",
                gettext("This map was saved in a format this version of Omkreds does not know."),
            )
        return value

    @field_validator("sector_set")
    @classmethod
    def _known_set(cls, value: str, info: ValidationInfo) -> str:
        context = info.context or {}
        given = context.get("sector_set")
        if context.get("stored"):
            pass
        elif given is not None:
            if given.key != value:
                raise PydanticCustomError(
                    "sector_set", gettext("The map's sector set does not match.")
                )
        elif sector_sets.built_in(value) is None and not sector_sets.is_org_key(value):
            raise PydanticCustomError("sector_set", gettext("Unknown sector set."))
        return value

    @field_validator("contacts")
    @classmethod
    def _check_contacts(cls, contacts: list[Contact], info: ValidationInfo) -> list[Contact]:
        if len(contacts) > MAX_CONTACTS:
            raise PydanticCustomError(
                "too_many_contacts",
                gettext("A map can hold at most {max} people."),
                {"max": MAX_CONTACTS},
            )
        seen: set[str] = set()
        for number, contact in enumerate(contacts, start=1):
            if contact.id in seen:
                raise PydanticCustomError(
                    "duplicate_contact",
                    gettext("Person {number} has the same id as someone before them."),
                    {"number": number},
                )
            seen.add(contact.id)
        known = _sector_context(info)
        if known is not None:
            for number, contact in enumerate(contacts, start=1):
                if known.sector(contact.sector) is None:
                    raise PydanticCustomError(
                        "unknown_sector",
                        gettext(
                            "Person {number} is placed in a sector that is not part of this "
                            "map's sector set."
                        ),
                        {"number": number},
                    )
        return contacts

    @field_validator("ties")
    @classmethod
    def _check_ties(cls, ties: list[Tie], info: ValidationInfo) -> list[Tie]:
        if len(ties) > MAX_TIES:
            raise PydanticCustomError(
                "too_many_ties",
                gettext("A map can hold at most {max} lines between people."),
                {"max": MAX_TIES},
            )
        contacts = info.data.get("contacts")
        if contacts is None:  # the contacts failed; their error says enough
            return ties
        ids = {c.id for c in contacts}
        pairs: set[frozenset[str]] = set()
        for number, tie in enumerate(ties, start=1):
            if tie.a == tie.b:
                raise PydanticCustomError(
                    "tie_self",
                    gettext("Line {number} joins a person to themselves."),
                    {"number": number},
                )
            if tie.a not in ids or tie.b not in ids:
                raise PydanticCustomError(
                    "tie_unknown",
                    gettext("Line {number} joins someone who is not on the map."),
                    {"number": number},
                )
            if tie.pair in pairs:
                raise PydanticCustomError(
                    "tie_duplicate",
                    gettext("Line {number} joins two people who are already joined."),
                    {"number": number},
                )
            pairs.add(tie.pair)
        return ties

    def contact(self, contact_id: str) -> Contact | None:
        for contact in self.contacts:
            if contact.id == contact_id:
                return contact
        return None


def inner_ring(contact: Contact, rings: int) -> bool:
    return contact.closeness < 1.0 / rings


def shareable(document: MapDocument, withheld: Collection[str] = ()) -> MapDocument:
    """The document as others may see it: without safety-marked people (and their lines),
    without addresses, and without notes (the map's, the lines', internal ones and all).
    `withheld`: ids of people left out as well, whatever this document says of them (those
    safety-marked in the latest version, see `present.MapCopy`)."""
    kept = [c for c in document.contacts if not c.safety_marker and c.id not in withheld]
    ids = {c.id for c in kept}
    return document.model_copy(
        update={
            "contacts": [c.model_copy(update={"address": "", "note": ""}) for c in kept],
            "ties": [
                t.model_copy(update={"note": ""})
                for t in document.ties
                if t.a in ids and t.b in ids
            ],
            "note": "",
        }
    )


# --- Errors people can read -----------------------------------------------------------------


@dataclass(frozen=True)
class FieldProblem:
    loc: tuple[str | int, ...]
    message: str

    @property
    def field(self) -> str:
        """A readable path: "contacts.3.email" counts people from 1, as people do."""
        parts = []
        for part in self.loc:
            parts.append(str(part + 1) if isinstance(part, int) else part)
        return ".".join(parts)


class DocumentInvalid(Exception):
    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))

    @classmethod
    def single(cls, message: str, *loc: str | int) -> "DocumentInvalid":
        return cls([FieldProblem(tuple(loc), message)])


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return gettext("This field is required.")
    if kind == "extra_forbidden":
        return gettext("This field is not part of a network map.")
    if kind == "string_too_short":
        return gettext("This field cannot be empty.")
    if kind == "string_too_long":
        n = int(ctx.get("max_length", 0))
        return ngettext("Use at most %(n)d character.", "Use at most %(n)d characters.", n) % {
            "n": n
        }
    if kind == "too_long":
        n = int(ctx.get("max_length", 0))
        return ngettext("Give at most %(n)d item.", "Give at most %(n)d items.", n) % {"n": n}
    if kind == "string_pattern_mismatch":
        return gettext("This value has characters that are not allowed here.")
    if kind in ("string_type", "str_type"):
        return gettext("Enter text.")
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        return gettext("Enter a number.")
    if kind == "finite_number":
        return gettext("Enter a finite number.")
    if kind in ("greater_than_equal", "greater_than"):
        return gettext("Enter a number of at least %(limit)s.") % {
            "limit": _number(ctx.get("ge", ctx.get("gt")))
        }
    if kind in ("less_than_equal", "less_than"):
        return gettext("Enter a number of at most %(limit)s.") % {
            "limit": _number(ctx.get("le", ctx.get("lt")))
        }
    if kind in ("bool_parsing", "bool_type"):
        return gettext("Enter yes or no (true or false).")
    if kind == "enum":
        return gettext("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind in ("list_type", "tuple_type"):
        return gettext("Enter a list.")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return gettext("Enter an object with named fields.")
    # Our own PydanticCustomErrors are already translated.
    return str(error["msg"])


def problems_from(exc: ValidationError) -> list[FieldProblem]:
    return [FieldProblem(tuple(e["loc"]), _message(e)) for e in exc.errors()]


def parse_document(
    data: Any,
    *,
    sector_set: sector_sets.SectorSetDef | None = None,
    known: Mapping[str, tuple[Contact, bytes]] | None = None,
) -> MapDocument:
    """Validate untrusted input. Give `sector_set` for organisation-defined sets.

    `known`: id -> (a validated person, their JSON as stored), e.g. the version the save is
    based on. A person sent exactly as stored is that validated person (validating a person
    depends on nothing but their own fields); the map as a whole (ids, sectors, lines) is
    checked as always."""
    if isinstance(data, MapDocument):
        data = data.model_dump(mode="json")
    if not isinstance(data, dict):
        raise DocumentInvalid.single(gettext("A network map must be a JSON object."))
    if known and isinstance(data.get("contacts"), list):
        data = {**data, "contacts": [_as_known(person, known) for person in data["contacts"]]}
    context = {"sector_set": sector_set} if sector_set is not None else None
    try:
        return MapDocument.model_validate(data, context=context)
    except ValidationError as exc:
        raise DocumentInvalid(problems_from(exc)) from None


def _as_known(person: Any, known: Mapping[str, tuple[Contact, bytes]]) -> Any:
    if isinstance(person, dict):
        ident = person.get("id")
        found = known.get(ident) if isinstance(ident, str) else None
        if found is not None:
            try:
                same = pydantic_core.to_json(person) == found[1]
            except pydantic_core.PydanticSerializationError:
                same = False
            if same:
                return found[0]
    return person


def dump_document(
    document: MapDocument, known: Mapping[str, tuple[Contact, bytes]], sent: Any = None
) -> dict:
    """`document.model_dump(mode="json")`, taking the people it shares with `known` (see
    parse_document) as they were sent (`sent`: the dict parsed) instead of writing them again."""
    people_sent = sent.get("contacts") if isinstance(sent, dict) else None
    if not known or not isinstance(people_sent, list) or len(people_sent) != len(document.contacts):
        return document.model_dump(mode="json")
    people = []
    for person, as_sent in zip(document.contacts, people_sent, strict=True):
        found = known.get(person.id)
        reused = found is not None and found[0] is person and isinstance(as_sent, dict)
        people.append(as_sent if reused else person.model_dump(mode="json"))
    whole = document.model_dump(mode="json", exclude={"contacts"})
    return {
        name: people if name == "contacts" else whole[name] for name in MapDocument.model_fields
    }


def load_stored(data: dict[str, Any]) -> MapDocument:
    """Read back a stored document. It was checked against its sector set when saved, and an
    organisation's set may have changed since, so the sector keys are not checked again."""
    return MapDocument.model_validate(data, context={"stored": True})


def empty_document(sector_set: str = sector_sets.DEFAULT_KEY, rings: int = 3) -> MapDocument:
    return MapDocument(sector_set=sector_set, rings=rings)
