"""Sector sets as data.

A sector set divides the map into wedges. Two sets are built in (code data): Socialstyrelsen's
five fields from seed 001 / seed 004 Bilag 8, and the Swedish six themes from seed 000.
Organisations may define their own in the `SectorSet` model; its JSON is validated by the
same pydantic models used here, so every set looks alike to the renderer and the figures.

Each label keeps the seed's own wording in the seed's language; the other languages are
translations. Keys are stable English slugs: documents store keys, never labels.
"""

from __future__ import annotations

import re
from typing import Annotated

from django.utils.translation import get_language, gettext
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

LANGUAGES = ("da", "sv", "fi", "en")

Key = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9_]{1,40}$")]
Colour = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^#[0-9a-fA-F]{6}$")]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]

ORG_SET_PREFIX = "org-"
_ORG_KEY = re.compile(r"^org-(\d{1,12})$")


def _pick_label(labels: dict[str, str], language: str | None) -> str:
    language = (language or get_language() or "en")[:2]
    # Finnish readers get the Swedish label where there is no Finnish one (Finland's two languages).
    fallback = labels.get("sv") if language == "fi" else None
    return labels.get(language) or fallback or labels.get("en") or next(iter(labels.values()))


def _check_labels(labels: dict[str, str]) -> dict[str, str]:
    unknown = set(labels) - set(LANGUAGES)
    if unknown:
        raise PydanticCustomError(
            "label_language",
            gettext(
                "Labels may be given in Danish (da), Swedish (sv), Finnish (fi) and English (en) only."
            ),
        )
    if not labels:
        raise PydanticCustomError("label_missing", gettext("Give at least one label."))
    return labels


class SectorDef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Key
    colour: Colour
    labels: dict[str, Label]
    # Professionals' sectors count as the professional network in figures and warnings.
    professional: bool = False

    _labels = field_validator("labels")(_check_labels)

    def label(self, language: str | None = None) -> str:
        return _pick_label(self.labels, language)


class SectorSetDef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    labels: dict[str, Label]
    rings: int = Field(default=3, ge=1, le=6)
    sectors: tuple[SectorDef, ...] = Field(min_length=1, max_length=12)

    _labels = field_validator("labels")(_check_labels)

    @field_validator("sectors")
    @classmethod
    def _unique_keys(cls, sectors: tuple[SectorDef, ...]) -> tuple[SectorDef, ...]:
        keys = [s.key for s in sectors]
        if len(set(keys)) != len(keys):
            raise PydanticCustomError("duplicate_sector", gettext("Two sectors have the same key."))
        return sectors

    def label(self, language: str | None = None) -> str:
        return _pick_label(self.labels, language)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.sectors)

    def sector(self, key: str) -> SectorDef | None:
        for sector in self.sectors:
            if sector.key == key:
                return sector
        return None

    def index(self, key: str) -> int:
        """Position of a sector's wedge, counted clockwise from the top; -1 if unknown."""
        try:
            return self.keys.index(key)
        except ValueError:
            return -1


class SectorList(BaseModel):
    """The JSON an organisation stores for its own sector set."""

    model_config = ConfigDict(extra="forbid")

    sectors: list[SectorDef] = Field(min_length=1, max_length=12)

    @field_validator("sectors")
    @classmethod
    def _unique_keys(cls, sectors: list[SectorDef]) -> list[SectorDef]:
        keys = [s.key for s in sectors]
        if len(set(keys)) != len(keys):
            raise PydanticCustomError("duplicate_sector", gettext("Two sectors have the same key."))
        return sectors


def _sector(key: str, colour: str, da: str, sv: str, en: str, fi: str, professional=False):
    labels = {"da": da, "sv": sv, "fi": fi, "en": en}
    return SectorDef(key=key, colour=colour, labels=labels, professional=professional)


# Colours are light tints for the wedges (Okabe–Ito hues lightened); the contacts carry the
# strong colours of their valence, so the two never compete.
DK_SOCIALSTYRELSEN = SectorSetDef(
    key="dk_socialstyrelsen",
    labels={
        "da": "Socialstyrelsens netværkskort",
        "sv": "Socialstyrelsens nätverkskarta (DK)",
        "fi": "Tanskan sosiaalihallituksen verkostokartta",
        "en": "Danish Social Services Agency network card",
    },
    sectors=(
        _sector("family", "#fbe3c0", "Familie", "Familj", "Family", "Perhe"),
        _sector("relatives", "#d6ecf9", "Slægt", "Släkt", "Relatives", "Suku"),
        _sector("others", "#d4efe6", "Andre", "Andra", "Others", "Muut"),
        _sector(
            "work_school", "#fbf5c4", "Arbejde/skole", "Arbete/skola", "Work/school", "Työ/koulu"
        ),
        _sector(
            "professionals",
            "#e9dcf0",
            "Fagpersoner",
            "Professionella",
            "Professionals",
            "Ammattilaiset",
            True,
        ),
    ),
)

SE_TEMAN = SectorSetDef(
    key="se_teman",
    labels={
        "da": "Svenske temaer (netværkskort)",
        "sv": "Nätverkskartans teman",
        "fi": "Ruotsalaisen verkostokartan teemat",
        "en": "Swedish network map themes",
    },
    sectors=(
        _sector("family", "#fbe3c0", "Familie", "Familj", "Family", "Perhe"),
        _sector("relatives", "#d6ecf9", "Slægt", "Släkt", "Relatives", "Suku"),
        _sector("colleague", "#fbf5c4", "Kollega", "Kollega", "Colleague", "Työtoveri"),
        _sector(
            "support_person",
            "#e9dcf0",
            "Støtteperson",
            "Stödperson",
            "Support person",
            "Tukihenkilö",
            True,
        ),
        _sector("friend", "#d4efe6", "Ven", "Vän", "Friend", "Ystävä"),
        _sector("other", "#eeeeee", "Øvrige", "Övrig", "Other", "Muut"),
    ),
)

BUILT_IN: dict[str, SectorSetDef] = {s.key: s for s in (DK_SOCIALSTYRELSEN, SE_TEMAN)}
DEFAULT_KEY = DK_SOCIALSTYRELSEN.key


def is_org_key(key: str) -> bool:
    return bool(_ORG_KEY.match(key or ""))


def built_in(key: str) -> SectorSetDef | None:
    return BUILT_IN.get(key)


def get_sector_set(key: str, *, organisation=None) -> SectorSetDef | None:
    """The sector set named by `key`, or None.

    Organisation-defined sets ("org-<id>") are found only within `organisation`, so one
    organisation's map can never point at another's set.
    """
    if key in BUILT_IN:
        return BUILT_IN[key]
    match = _ORG_KEY.match(key or "")
    if match is None or organisation is None:
        return None
    from omkreds.networks.models import SectorSet

    row = SectorSet.objects.filter(pk=int(match.group(1)), organisation=organisation).first()
    return row.as_definition() if row is not None else None


def available_sector_sets(*, organisation=None) -> list[SectorSetDef]:
    sets = list(BUILT_IN.values())
    if organisation is not None:
        from omkreds.networks.models import SectorSet

        sets += [row.as_definition() for row in SectorSet.objects.filter(organisation=organisation)]
    return sets
