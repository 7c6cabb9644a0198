"""The shapes of the CTI checklist data: texts in three languages, items, sections, checklists.

Danish texts are the seed's wording (seed 004, Bilag 1–6), word for word; Swedish and English
are translations. Keys are stable: answers are stored against them, so never renumber.
"""

from __future__ import annotations

from dataclasses import dataclass

from omkreds.lib.seedtext import LANGUAGES, Text, active_language, lazy_text

__all__ = ["LANGUAGES", "Text", "active_language", "lazy_text"]


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
