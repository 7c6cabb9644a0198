"""The shapes of the CTI checklist data: texts in three languages, items, sections, checklists.

Danish texts are the seed's wording (seed 004, Bilag 1–6), word for word; Swedish and English
are translations. Keys are stable: answers are stored against them, so never renumber.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy

LANGUAGES = ("da", "sv", "en")


def active_language() -> str:
    """The active language as one of ours: "da-dk" → "da"; anything unknown → English."""
    code = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    code = code.split("-")[0].split("_")[0]
    return code if code in LANGUAGES else "en"


@dataclass(frozen=True)
class Text:
    da: str
    sv: str
    en: str

    def get(self, language: str | None = None) -> str:
        return getattr(self, language if language in LANGUAGES else active_language())

    def __str__(self) -> str:
        return self.get()


def _text_str(text: Text) -> str:
    return text.get()


# A label that is resolved in the language active when it is shown, like gettext_lazy.
lazy_text = lazy(_text_str, str)


@dataclass(frozen=True)
class Term:
    """A named value from the seed: a dimension, an end reason, a phase."""

    key: str
    text: Text

    @property
    def label(self):
        return lazy_text(self.text)


@dataclass(frozen=True)
class Item:
    key: str
    checklist: str
    section: str
    text: Text

    def get_text(self, language: str | None = None) -> str:
        return self.text.get(language)

    def __str__(self) -> str:
        return self.text.get()


@dataclass(frozen=True)
class Section:
    key: str
    transition: bool
    items: tuple[Item, ...]

    @property
    def heading(self) -> Text:
        from omkreds.cti.checklists.vocabulary import SECTION_HEADINGS

        return SECTION_HEADINGS[self.key]


@dataclass(frozen=True)
class Checklist:
    key: str
    title: Text
    sections: tuple[Section, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    @property
    def transition_items(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections if s.transition for i in s.items)


def item(key: str, *, da: str, sv: str, en: str) -> tuple[str, Text]:
    return key, Text(da=da, sv=sv, en=en)


def section(key: str, *items: tuple[str, Text], transition: bool = False):
    return key, transition, items


def checklist(key: str, title: Text, *sections) -> Checklist:
    built = []
    for section_key, transition, items in sections:
        built.append(
            Section(
                key=section_key,
                transition=transition,
                items=tuple(
                    Item(key=item_key, checklist=key, section=section_key, text=text)
                    for item_key, text in items
                ),
            )
        )
    return Checklist(key=key, title=title, sections=tuple(built))
