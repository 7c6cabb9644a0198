"""The guide's data holds seed 002's Swedish wording word for word, and all three languages."""

import re
from pathlib import Path

from django.utils import translation

from omkreds.meetings import guide

SEED = Path(__file__).parent / "seed" / "002_63225f686ad7e7d2.txt"
LISTS = [
    guide.DECIDE,
    guide.PREPARATION,
    guide.INVITATION,
    guide.ROOM,
    guide.RUN_SHEET,
    guide.NOTES,
]


def _flat(text: str) -> str:
    """The seed without its PDF line breaks: words separated by single spaces."""
    text = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", text)  # "ord-" + "förande"
    return re.sub(r"\s+", " ", text).strip()


def test_every_swedish_text_is_the_seeds_own_wording():
    seed = _flat(SEED.read_text(encoding="utf-8"))
    missing = [i.key for gl in LISTS for i in gl.items if _flat(i.text.sv) not in seed]
    assert missing == []


def test_feedback_questions_are_built_from_the_guides_words():
    seed = _flat(SEED.read_text(encoding="utf-8"))
    for phrase in (
        "lyssnar och blir hörda",
        "delaktighet",
        "trygghet",
        "vad som kommer att hända och varför",
        "resurser, lösningar och möjligheter",
        "förnyade krafter",
        "om mötet varit lyckat",
    ):
        assert phrase in seed


def test_keys_are_unique_and_every_text_has_three_languages():
    keys = [i.key for gl in [*LISTS, guide.FEEDBACK] for i in gl.items]
    assert len(keys) == len(set(keys))
    for gl in [*LISTS, guide.FEEDBACK]:
        for item in gl.items:
            assert item.text.da and item.text.sv and item.text.en, item.key
            assert len({item.text.da, item.text.en}) == 2, item.key


def test_the_run_sheet_follows_the_guides_order():
    keys = guide.RUN_SHEET.keys
    order = [
        "run.welcome",
        "run.intro_order",
        "run.intro_relation",
        "run.choose_chair",
        "chair.repeat",
        "chair.timetable",
        "chair.memo",
        "chair.client_first",
        "chair.check_understanding",
        "plan.actions",
        "plan.responsible",
        "plan.followup",
        "close.successful",
    ]
    assert [keys.index(k) for k in order] == sorted(keys.index(k) for k in order)
    assert "Låt först klienten presentera sig" in guide.item("run.intro_order").get_text("sv")


def test_the_room_checklist_uses_the_guides_words():
    assert "blädderblock, näsdukar och något att dricka" in guide.item("room.supplies").text.sv
    assert "flip chart, tissues and something to drink" in guide.item("room.supplies").text.en
    assert "samtidigt" in guide.item("room.together").text.sv


def test_texts_follow_the_active_language():
    item = guide.item("prep.structure")
    with translation.override("da"):
        assert str(item) == "Hvordan er netværksmødet struktureret?"
    with translation.override("sv"):
        assert str(item.label) == "Hur är nätverksmötet strukturerat?"
    with translation.override("en-gb"):
        assert str(item) == "How is the network meeting structured?"
