"""The checklist data holds the seed's items word for word, in order, and nothing else."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from omkreds.cti import checklists

SEED = Path(__file__).parent / "seed" / "004_51c067851fc30c4b.txt"
SHARED_SEED = Path("/work/shared/seeds/004_51c067851fc30c4b.txt")
HEADER = re.compile(r"^(Dimension/aspekt|Aktivitet)\s+Ja\s+Nej\s+(Irrelevant|Ved ikke)$")


def _join(lines: list[str]) -> str:
    """Join lines broken by PDF extraction: "CTI-" + "indsatsen" → "CTI-indsatsen"."""
    text = ""
    for line in lines:
        if not text:
            text = line
        elif text.endswith("-"):
            text += line
        else:
            text += " " + line
    return re.sub(r"\s+", " ", text).strip()


def seed_tables(source: str) -> dict[int, list[str]]:
    """Bilag 1–4 as lists of headings and items, in the seed's order.

    A table starts after its "Tabel n." caption and ends at the next "Bilag". Blank and
    whitespace-only lines separate entries; the repeated column header on each page is dropped.
    """
    tables: dict[int, list[str]] = {}
    current: int | None = None
    in_table = False
    block: list[str] = []

    def flush():
        if block and current is not None and in_table:
            entry = _join(block)
            if not HEADER.match(entry):
                tables[current].append(entry)
        block.clear()

    for raw in source.splitlines():
        line = raw.strip()
        bilag = re.match(r"^Bilag (\d+):", line)
        if bilag:
            flush()
            number = int(bilag.group(1))
            current = number if number <= 4 else None
            in_table = False
            if current is not None:
                tables[current] = []
            continue
        if current is None:
            continue
        if not in_table:
            in_table = line.startswith("Tabel ")
            continue
        if line:
            block.append(line)
        else:
            flush()
    flush()
    return tables


def data_entries(checklist: checklists.Checklist) -> list[str]:
    entries = []
    for section in checklist.sections:
        if section.key != "fidelity":
            entries.append(section.heading.da)
        entries.extend(item.text.da for item in section.items)
    return entries


@pytest.fixture(scope="module")
def seed() -> dict[int, list[str]]:
    return seed_tables(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("bilag", "checklist"),
    [
        (1, checklists.PHASE1),
        (2, checklists.PHASE2),
        (3, checklists.PHASE3),
        (4, checklists.FIDELITY),
    ],
)
def test_checklist_matches_seed_word_for_word(seed, bilag, checklist):
    assert data_entries(checklist) == seed[bilag]


def test_parser_sees_the_whole_tables(seed):
    # Guards the guard: a parser that found nothing would make the comparison vacuous.
    assert [len(seed[n]) for n in (1, 2, 3, 4)] == [
        len(data_entries(c))
        for c in (checklists.PHASE1, checklists.PHASE2, checklists.PHASE3, checklists.FIDELITY)
    ]
    assert seed[1][0] == "Sammenhæng i indsatsen"
    assert seed[1][-1] == "Borgeren er i gang med nogle af de planlagte aktiviteter og tilbud"
    assert seed[4][-1] == "CTI-medarbejderen modtager regelmæssig supervision"
    assert len(checklists.FIDELITY.items) == 31


def test_comparison_fails_when_an_item_is_altered_or_missing(seed):
    entries = data_entries(checklists.PHASE2)
    altered = [e.replace("§85-bostøtte", "§ 85-bostøtte") for e in entries]
    assert altered != seed[2]
    assert entries[:-1] != seed[2]
    assert [*entries, "Et ekstra punkt"] != seed[2]


def test_the_fixture_is_the_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip("the shared seed folder is not on this machine")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_keys_are_unique_stable_and_name_their_section():
    keys = [i.key for c in checklists.ALL_CHECKLISTS for i in c.items]
    assert len(keys) == len(set(keys))
    for c in checklists.ALL_CHECKLISTS:
        for section in c.sections:
            for number, item in enumerate(section.items, start=1):
                assert item.key == f"{c.key}.{section.key}.{number:02d}" or (
                    c.key == "fidelity" and item.key == f"fidelity.{number:02d}"
                )


def test_dimension_headings_in_every_phase_checklist():
    dimensions = [
        "coherence",
        "housing",
        "support",
        "economy",
        "network",
        "activities",
        "physical",
        "mental",
        "substance",
        "education",
    ]
    transitions = {1: "to_phase2", 2: "to_phase3", 3: "ending"}
    for phase, checklist in checklists.PHASE_CHECKLISTS.items():
        assert [s.key for s in checklist.sections] == [*dimensions, transitions[phase]]
        assert [s.transition for s in checklist.sections] == [False] * 10 + [True]


def test_every_text_has_three_languages():
    texts = [i.text for c in checklists.ALL_CHECKLISTS for i in c.items]
    texts += list(checklists.SECTION_HEADINGS.values())
    texts += [
        t.text for t in checklists.PLAN_DIMENSIONS + checklists.END_REASONS + checklists.PHASES
    ]
    for text in texts:
        assert text.da.strip() and text.sv.strip() and text.en.strip()
        assert text.sv != text.en


def test_text_follows_the_active_language():
    with translation.override("da"):
        assert checklists.item_text("p1.housing.04") == "Borgeren har fået hjælp med flytningen"
    with translation.override("sv"):
        assert checklists.item_text("p1.housing.04") == "Klienten har fått hjälp med flytten"
    with translation.override("en"):
        assert checklists.item_text("p1.housing.04") == "The citizen has had help with the move"
        assert str(checklists.item("p1.housing.04")) == "The citizen has had help with the move"
    assert checklists.item_text("p1.housing.04", "da") == "Borgeren har fået hjælp med flytningen"


def test_lazy_labels_resolve_when_shown():
    label = checklists.END_REASONS[0].label
    with translation.override("da"):
        assert str(label) == "Afsluttet som planlagt efter 9 måneder"
    with translation.override("en"):
        assert str(label) == "Completed as planned after 9 months"


def test_plan_dimensions_and_end_reasons_follow_the_seed():
    assert [d.text.da for d in checklists.PLAN_DIMENSIONS] == [
        "Bolig",
        "Psykisk helbred",
        "Fysisk helbred",
        "Økonomi",
        "Daglige aktiviteter",
        "Netværk og sociale relationer",
        "Misbrug",
        "Uddannelse og beskæftigelse",
    ]
    source = SEED.read_text(encoding="utf-8")
    for term in checklists.PLAN_DIMENSIONS:
        assert f"☐ {term.text.da}" in source
    assert [r.key for r in checklists.END_REASONS] == [
        "completed",
        "died",
        "moved",
        "disappeared",
        "refuses",
        "imprisoned",
        "hospitalised",
        "other",
    ]
    footnote = _join(
        [line.strip() for line in source.split("*afsluttet som planlagt")[1].splitlines()[:3]]
    ).lower()
    for term in checklists.END_REASONS[1:-1]:
        assert term.text.da.lower() in footnote
