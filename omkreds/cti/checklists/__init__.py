"""The CTI checklists and vocabularies of seed 004 (Bilag 1–6), as data with stable keys.

from omkreds.cti import checklists
checklists.item("p1.housing.03").get_text()      # in the active language
checklists.item_text("p1.housing.03", "da")       # the seed's own wording
checklists.PHASE_CHECKLISTS[2].transition_items   # "Ved overgang til 3. fase"
"""

from omkreds.cti.checklists.base import (
    LANGUAGES,
    Checklist,
    Item,
    Section,
    Term,
    Text,
    active_language,
    lazy_text,
)
from omkreds.cti.checklists.fidelity import FIDELITY
from omkreds.cti.checklists.phase1 import PHASE1
from omkreds.cti.checklists.phase2 import PHASE2
from omkreds.cti.checklists.phase3 import PHASE3
from omkreds.cti.checklists.vocabulary import END_REASONS, PHASES, PLAN_DIMENSIONS, SECTION_HEADINGS

__all__ = [
    "END_REASONS",
    "FIDELITY",
    "LANGUAGES",
    "PHASE1",
    "PHASE2",
    "PHASE3",
    "PHASES",
    "PHASE_CHECKLISTS",
    "PLAN_DIMENSIONS",
    "SECTION_HEADINGS",
    "Checklist",
    "Item",
    "Section",
    "Term",
    "Text",
    "active_language",
    "checklist_of",
    "item",
    "item_text",
    "lazy_text",
    "phase_item_keys",
]

# Phase number → its checklist. The transition items of phase n are those to check before
# shifting to phase n + 1 (phase 3's are those for ending the course).
PHASE_CHECKLISTS: dict[int, Checklist] = {1: PHASE1, 2: PHASE2, 3: PHASE3}
ALL_CHECKLISTS: tuple[Checklist, ...] = (PHASE1, PHASE2, PHASE3, FIDELITY)

_ITEMS: dict[str, Item] = {i.key: i for c in ALL_CHECKLISTS for i in c.items}


def item(key: str) -> Item:
    """The item with this key. KeyError when there is none."""
    return _ITEMS[key]


def item_text(key: str, language: str | None = None) -> str:
    """The item's text in `language`, or the active language; Danish is the seed's wording."""
    return _ITEMS[key].get_text(language)


def checklist_of(key: str) -> Checklist:
    return {c.key: c for c in ALL_CHECKLISTS}[key]


def phase_item_keys() -> frozenset[str]:
    """Keys that a course's checklist answers may use (phases 1–3, not fidelity)."""
    return frozenset(i.key for c in PHASE_CHECKLISTS.values() for i in c.items)
