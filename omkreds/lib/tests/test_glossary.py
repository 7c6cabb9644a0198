"""The glossary files (locale/glossary.*.tsv) and the check that the catalogues keep to them."""

from pathlib import Path

import pytest

from omkreds.lib.glossary import check, glossaries, read_glossary

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "locale"

GLOSSARY = (
    "# a comment\n"
    "concept\tterm\tforbidden\tsource\n"
    "council coordinator\tsamordner\tkoordinator*\tseed 003\n"
    "checklist answer\tIrrelevant\tikke relevant\tseed 004\n"
    "realised\trealiseret\tfaktisk* | *troskab\tseed 004\n"
)

CATALOGUE = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "The coordinator"
msgstr "Koordinatoren"

msgid "network coordinator"
msgstr "netværkskoordinator"

msgctxt "answer"
msgid "Irrelevant"
msgstr ""
"Ikke "
"relevant"

msgid "%(counter)s realised"
msgid_plural "%(counter)s realised"
msgstr[0] "%(counter)s realiseret"
msgstr[1] "%(counter)s faktiske"

msgid "fidelity"
msgstr "metodetroskab"

#~ msgid "old"
#~ msgstr "koordinator"
"""


def test_the_committed_catalogues_and_seed_texts_use_no_forbidden_word():
    findings = check(LOCALE, ROOT / "omkreds")
    assert findings == [], "\n".join(str(f) for f in findings)


def test_there_is_a_glossary_for_danish_and_swedish_with_the_seeds_terms():
    found = glossaries(LOCALE)
    assert {"da", "sv"} <= set(found)
    terms = {
        language: {entry.concept: entry.term for entry in entries}
        for language, entries in found.items()
    }
    assert terms["da"]["council coordinator"] == "samordner"
    assert terms["da"]["checklist answer: not relevant"] == "Irrelevant"
    assert terms["da"]["CTI contact-establishment period"] == "kontaktskabelsesperiode"
    assert terms["sv"]["CTI intervention"] == "CTI-insats"
    assert terms["sv"]["meeting memo"] == "promemoria"
    assert terms["sv"]["participants' feedback"] == "respons"


def _locale(tmp_path: Path) -> Path:
    (tmp_path / "locale" / "da" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "locale" / "glossary.da.tsv").write_text(GLOSSARY, encoding="utf-8")
    po = tmp_path / "locale" / "da" / "LC_MESSAGES" / "django.po"
    po.write_text(CATALOGUE, encoding="utf-8")
    return tmp_path / "locale"


def test_each_forbidden_word_in_a_catalogue_is_found_and_named(tmp_path):
    findings = check(_locale(tmp_path))
    found = {(f.where.split("msgid ")[1], f.forbidden, f.term) for f in findings}
    assert found == {
        ("'The coordinator'", "koordinator*", "samordner"),
        ("'Irrelevant'", "ikke relevant", "Irrelevant"),  # a message wrapped over two lines
        ("'%(counter)s realised'", "faktisk*", "realiseret"),  # a plural form
        ("'fidelity'", "*troskab", "realiseret"),  # a word that ends a compound
    }
    # "netværkskoordinator" is another word: "koordinator*" must start a word. Obsolete
    # entries (#~) are not translations.
    assert not [f for f in findings if "network coordinator" in f.where or "old" in f.where]


def test_a_forbidden_word_in_a_seed_text_in_the_code_is_found(tmp_path):
    code = tmp_path / "omkreds"
    code.mkdir()
    (code / "guide.py").write_text(
        'A = Text(da="Koordinatoren byder velkommen", sv="Samordnaren", en="x")\n'
        'B = Text(da="Samordneren", sv="Koordinator", en="x")\n'
        'C = Text(da="Svar: ikke relevant", en="x")\n',
        encoding="utf-8",
    )
    findings = check(_locale(tmp_path), code)
    in_code = sorted((f.where, f.forbidden) for f in findings if f.where.startswith("omkreds"))
    assert in_code == [
        ("omkreds/guide.py:1", "koordinator*"),
        ("omkreds/guide.py:3", "ikke relevant"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "concept\tterm\n",  # a wrong header
        "concept\tterm\tforbidden\tsource\nonly two\tcells\n",  # a short line
        "concept\tterm\tforbidden\tsource\n\t\tx\ty\n",  # no concept, no term
    ],
)
def test_a_malformed_glossary_is_refused_with_its_line(tmp_path, text):
    path = tmp_path / "glossary.da.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="glossary.da.tsv"):
        read_glossary(path)
