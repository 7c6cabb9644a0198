"""The seed texts for Finnish readers (issue 18): Finnish where written, else the Swedish text."""

import gc
from pathlib import Path

from django.conf import settings
from django.utils import translation

from omkreds.councils import guide as council_guide
from omkreds.cti import checklists
from omkreds.lib.glossary import read_glossary
from omkreds.lib.seedtext import Text
from omkreds.lib.seedtext_fi import FINNISH
from omkreds.meetings import guide
from omkreds.networks.sectors import BUILT_IN, SectorList


def _texts_in_use() -> list[Text]:
    assert guide.RUN_SHEET and council_guide and checklists.ALL_CHECKLISTS  # all imported
    return [o for o in gc.get_objects() if isinstance(o, Text)]


def test_every_finnish_text_belongs_to_a_seed_text_in_use():
    english = {text.en for text in _texts_in_use()}
    assert set(FINNISH) <= english, set(FINNISH) - english


def test_the_meeting_and_council_guides_read_in_finnish():
    run_sheet = [item for section in guide.RUN_SHEET.sections for item in section.items]
    assert len(run_sheet) >= 3
    with translation.override("fi"):
        for item in run_sheet:
            assert str(item) == FINNISH[item.text.en] != item.text.sv
    assert guide.item("run.welcome").get_text("fi") == (
        "Toivota kaikki tervetulleiksi ja esittele itsesi."
    )


def test_every_cti_checklist_item_reads_in_finnish():
    items = [i for c in checklists.ALL_CHECKLISTS for i in c.items]
    assert len(items) >= 3
    with translation.override("fi"):
        for item in items:
            assert checklists.item_text(item.key) == FINNISH[item.text.en] != item.text.sv
    assert checklists.item_text("p1.housing.04", "fi") == "Asiakas on saanut apua muuttoon"


def test_a_text_without_finnish_is_shown_in_swedish():
    texts = [Text(da=f"da {n}", sv=f"sv {n}", en=f"not yet in Finnish {n}") for n in range(3)]
    with translation.override("fi"):
        assert [str(t) for t in texts] == ["sv 0", "sv 1", "sv 2"]


def test_finnish_seed_texts_keep_to_the_glossary():
    glossary = read_glossary(Path(settings.BASE_DIR) / "locale" / "glossary.fi.tsv")
    for finnish in FINNISH.values():
        for entry in glossary:
            for word, pattern in entry.patterns():
                assert not pattern.search(finnish), (word, finnish)


def test_sector_labels_in_finnish_fall_back_to_swedish():
    for sector_set in BUILT_IN.values():
        with translation.override("fi"):
            assert [s.label() for s in sector_set.sectors] == [
                s.labels["fi"] for s in sector_set.sectors
            ]
    own = SectorList.model_validate(
        {"sectors": [{"key": "home", "colour": "#ffffff", "labels": {"sv": "Hem", "en": "Home"}}]}
    )
    assert own.sectors[0].label("fi") == "Hem"
    assert own.sectors[0].label("da") == "Home"
