import csv
import io
import json

import networkx as nx
import openpyxl
import pytest
from django.utils import translation

from omkreds.networks.exports import (
    MAX_IMPORT_BYTES,
    contacts_csv,
    from_graphml,
    from_json,
    map_xlsx,
    ties_csv,
    to_graphml,
    to_json,
)
from omkreds.networks.geometry import Frame
from omkreds.networks.schema import DocumentInvalid
from omkreds.networks.sectors import DK_SOCIALSTYRELSEN, SE_TEMAN
from omkreds.networks.tests.helpers import contact, document, tie


def sample():
    return document(
        [
            contact(
                "a",
                "Anna <b>",
                sector="family",
                closeness=0.25,
                angle=36.5,
                valence="positive",
                support_kinds=["emotional", "advice"],
                email="anna@example.org",
                address="Vej 1\nBy",
                note="private",
                wanted_closeness=0.1,
            ),
            contact(
                "b",
                "مريم 👩‍👩‍👧",
                sector="relatives",
                closeness=0.5,
                angle=108,
                valence="negative",
                role="family_relatives",
            ),
            contact(
                "s", "Secret Sam", sector="others", closeness=0.3, angle=200, safety_marker=True
            ),
            contact("f", '=HYPERLINK("http://evil")', sector="others", closeness=0.7, angle=190),
        ],
        [tie("a", "b", note="cousins"), tie("a", "s", "conflict"), tie("b", "f")],
        note="map note",
    )


def test_graphml_round_trip_is_lossless():
    doc = sample()
    assert from_graphml(to_graphml(doc)) == doc


def test_graphml_is_readable_by_networkx_with_layout_attributes():
    g = nx.read_graphml(io.StringIO(to_graphml(sample())))
    assert set(g.nodes) == {"a", "b", "s", "f"}
    a = g.nodes["a"]
    assert a["sector"] == "family" and a["valence"] == "positive"
    assert a["closeness"] == 0.25 and a["angle"] == 36.5
    x, y = Frame().to_xy(0.25, 36.5)
    assert a["x"] == pytest.approx(x, abs=0.01) and a["y"] == pytest.approx(y, abs=0.01)
    assert g.edges["a", "s"]["kind"] == "conflict"
    assert g.graph["sector_set"] == "dk_socialstyrelsen"


def test_shared_exports_never_hold_safety_marked_people():
    doc = sample()
    for text in (
        to_graphml(doc, shared=True),
        to_json(doc, shared=True),
        contacts_csv(doc, shared=True),
        ties_csv(doc, shared=True),
    ):
        assert "Secret Sam" not in text
        assert "private" not in text and "Vej 1" not in text and "cousins" not in text
    g = nx.read_graphml(io.StringIO(to_graphml(doc, shared=True)))
    assert "s" not in g.nodes and "safety_marker" not in g.nodes["a"]
    assert [c.id for c in from_json(to_json(doc, shared=True)).contacts] == ["a", "b", "f"]


def test_private_exports_keep_everything():
    doc = sample()
    assert "Secret Sam" in contacts_csv(doc)
    assert from_json(to_json(doc)) == doc


def _rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")  # the byte-order mark spreadsheets read UTF-8 by
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_contacts_csv():
    rows = _rows(contacts_csv(sample(), DK_SOCIALSTYRELSEN))
    assert [r["Id"] for r in rows] == ["a", "b", "s", "f"]
    anna = rows[0]
    assert anna["Name"] == "Anna <b>"
    assert anna["Sector"] == "Family"
    assert anna["Kinds of support"] == "emotional, advice"
    assert anna["Ring"] == "1" and rows[1]["Ring"] == "2"
    assert anna["Lives with the person"] == "no"
    # Cells that a spreadsheet would run as a formula are defused.
    assert rows[3]["Name"] == '\'=HYPERLINK("http://evil")'


def test_ties_csv():
    rows = _rows(ties_csv(sample()))
    assert [(r["First person's id"], r["Second person's id"], r["Kind of line"]) for r in rows] == [
        ("a", "b", "know each other"),
        ("a", "s", "conflict"),
        ("b", "f", "know each other"),
    ]
    assert rows[0]["First person"] == "Anna <b>" and rows[0]["Note"] == "cousins"


def test_in_danish_the_csv_has_semicolons_and_danish_words_not_keys():
    with translation.override("da"):
        text = contacts_csv(sample(), DK_SOCIALSTYRELSEN)
        lines = ties_csv(sample())
    assert text.startswith("\ufeff") and lines.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert [r["Navn"] for r in rows] == [
        "Anna <b>",
        "مريم 👩‍👩‍👧",
        "Secret Sam",
        '\'=HYPERLINK("http://evil")',
    ]
    assert [r["Felt"] for r in rows] == ["Familie", "Slægt", "Andre", "Andre"]
    assert [r["Hvordan relationen påvirker"] for r in rows] == [
        "positiv",
        "negativ",
        "neutral",
        "neutral",
    ]
    assert [r["Afstand fra midten"] for r in rows] == ["0,25", "0,5", "0,3", "0,7"]
    assert [r["Bor sammen med personen"] for r in rows] == ["nej"] * 4
    assert rows[1]["Rolle"] == "Familie/pårørende"
    assert rows[0]["Former for støtte"] == "følelsesmæssig, råd"
    ties = list(csv.reader(io.StringIO(lines.removeprefix("\ufeff")), delimiter=";"))
    assert [row[4] for row in ties[1:]] == ["kender hinanden", "konflikt", "kender hinanden"]


def test_the_xlsx_holds_people_and_lines_with_numbers_as_numbers():
    with translation.override("da"):
        book = openpyxl.load_workbook(io.BytesIO(map_xlsx(sample(), DK_SOCIALSTYRELSEN)))
    people, lines = book.worksheets
    assert (people.title, lines.title) == ("Personer", "Streger")
    header = [cell.value for cell in people[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in people.iter_rows(2)]
    assert [r["Navn"] for r in rows] == [
        "Anna <b>",
        "مريم 👩‍👩‍👧",
        "Secret Sam",
        '=HYPERLINK("http://evil")',
    ]
    assert [r["Afstand fra midten"] for r in rows] == [0.25, 0.5, 0.3, 0.7]
    assert [r["Ring"] for r in rows] == [1, 2, 1, 3]
    # Numbers are number cells; a name that looks like a formula is still text.
    assert {people.cell(row, 5).data_type for row in (2, 3, 4, 5)} == {"n"}
    assert people.cell(5, 2).data_type == "s"
    assert [[c.value for c in row][:2] for row in lines.iter_rows(2)] == [
        ["a", "Anna <b>"],
        ["a", "Anna <b>"],
        ["b", "مريم 👩‍👩‍👧"],
    ]


def test_graphml_from_another_tool_uses_labels_and_layout():
    g = nx.Graph()
    frame = Frame()
    x, y = frame.to_xy(0.5, 90)
    g.add_node("n 1", label="Ann", sector="friend", x=x, y=y)
    g.add_node("n2", label="Bo", sector="friend", closeness=0.2, angle=10.0)
    g.add_edge("n 1", "n2")
    g.graph["sector_set"] = "se_teman"
    text = "\n".join(nx.generate_graphml(g))
    doc = from_graphml(text)
    ann, bo = doc.contacts
    assert (
        ann.name == "Ann" and ann.closeness == pytest.approx(0.5) and ann.angle == pytest.approx(90)
    )
    assert ann.id != "n 1"  # not a valid id, so a new one was made and the line follows it
    assert bo.id == "n2"
    assert (doc.ties[0].a, doc.ties[0].b) == (ann.id, "n2")


def test_graphml_import_errors_are_clear():
    with pytest.raises(DocumentInvalid) as excinfo:
        from_graphml(b"<graphml><not-closed>")
    assert (
        excinfo.value.problems[0].message
        == "This file could not be read as GraphML. Export it again and retry."
    )
    g = nx.Graph()
    g.add_node("a", name="Ann")  # no sector, no closeness
    with pytest.raises(DocumentInvalid) as excinfo:
        from_graphml("\n".join(nx.generate_graphml(g)))
    fields = {p.field: p.message for p in excinfo.value.problems}
    assert fields == {
        "contacts.1.sector": "This field is required.",
        "contacts.1.closeness": "This field is required.",
    }


def test_graphml_import_does_not_expand_entities():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">'
        '<node id="a"><data key="d0">&ext;</data></node></graph></graphml>'
    )
    with pytest.raises(DocumentInvalid):
        from_graphml(bomb)


def test_imports_are_size_capped():
    with pytest.raises(DocumentInvalid) as excinfo:
        from_json(b" " * (MAX_IMPORT_BYTES + 1))
    assert "too large" in excinfo.value.problems[0].message


def test_json_import_errors_are_clear():
    with pytest.raises(DocumentInvalid) as excinfo:
        from_json("{not json")
    assert (
        excinfo.value.problems[0].message
        == "This file is not valid JSON. Export it again and retry."
    )
    with pytest.raises(DocumentInvalid) as excinfo:
        from_json(json.dumps({"contacts": [contact("a", sector="nope")]}))
    assert excinfo.value.problems[0].field == "contacts"


def test_import_with_an_organisation_set():
    org_set = SE_TEMAN.model_copy(update={"key": "org-3"})
    text = json.dumps({"sector_set": "org-3", "contacts": [contact("a", sector="friend")]})
    assert from_json(text, sector_set=org_set).sector_set == "org-3"
