"""Reading files made by real tools, and mapping them onto a map (issue 19).

The files are written here by the tools themselves: networkx's GraphML and GEXF writers over
its bundled graphs, openpyxl for XLSX, and CSV bytes as Danish Excel saves them. The Network
Canvas and yEd files follow those tools' published formats."""

import io
import zipfile

import networkx as nx
import openpyxl
import pytest

from omkreds.networks.imports import mapping as m
from omkreds.networks.imports.sources import OwnDocument, Source, read_upload
from omkreds.networks.schema import DocumentInvalid
from omkreds.networks.sectors import DK_SOCIALSTYRELSEN

DK = DK_SOCIALSTYRELSEN


def graphml_of(graph) -> bytes:
    return "\n".join(nx.generate_graphml(graph)).encode()


def gexf_of(graph) -> bytes:
    out = io.BytesIO()
    nx.write_gexf(graph, out)
    return out.getvalue()


def refused(raw: bytes) -> str:
    with pytest.raises(DocumentInvalid) as caught:
        read_upload(raw)
    return " ".join(p.message for p in caught.value.problems)


def build(source: Source, mapping: m.Mapping | None = None) -> m.Result:
    return m.build(source, mapping or m.guess(source, DK, 3), sector_set=DK, rings=3)


def test_karate_club_graphml_from_networkx_maps_clubs_to_sectors():
    source = read_upload(graphml_of(nx.karate_club_graph()))
    assert isinstance(source, Source)
    assert source.kind == "graphml"
    assert source.attributes == ["club"]
    assert len(source.networks[0].people) == 34

    mapping = m.guess(source, DK, 3)
    mapping.sector = "club"
    mapping.sector_values = {"Mr. Hi": "family", "Officer": "work_school"}
    result = build(source, mapping)
    assert not result.problems
    assert len(result.document.contacts) == 34
    assert len(result.document.ties) == 78
    sectors = {c.name: c.sector for c in result.document.contacts}
    assert sectors["0"] == "family" and sectors["33"] == "work_school"
    # Everyone on the middle ring by default; the weights kept in the lines' notes.
    assert {c.closeness for c in result.document.contacts} == {0.5}
    assert all(t.note.startswith("weight: ") for t in result.document.ties)


def test_a_value_without_sector_and_no_default_names_the_person_and_the_field():
    source = read_upload(graphml_of(nx.karate_club_graph()))
    mapping = m.guess(source, DK, 3)
    mapping.sector = "club"
    mapping.sector_values = {"Mr. Hi": "family"}
    mapping.sector_default = ""
    result = build(source, mapping)
    assert result.document is None
    assert "9: Sector: choose a sector for “Officer”." in result.problems
    assert len(result.problems) == 17  # the Officer's club


def test_les_miserables_gexf_from_networkx_keeps_names_and_weights():
    source = read_upload(gexf_of(nx.les_miserables_graph()))
    assert source.kind == "gexf"
    result = build(source)
    assert not result.problems
    names = [c.name for c in result.document.contacts]
    assert len(names) == 77 and "Valjean" in names and "Cosette" in names
    assert len(result.document.ties) == 254
    # Each sector's people are spread over its wedge, not stacked on one spot.
    assert len({c.angle for c in result.document.contacts}) == 77


def test_directed_graph_keeps_direction_and_merges_both_ways_into_one_tie():
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=2)
    g.add_edge("b", "a")
    g.add_edge("a", "c")
    result = build(read_upload(graphml_of(g)))
    assert not result.problems
    notes = {frozenset((t.a, t.b)): t.note for t in result.document.ties}
    assert notes[frozenset("ab")] == "from a to b; weight: 2; from b to a"
    assert notes[frozenset("ac")] == "from a to c"


NC = "http://schema.networkcanvas.com/xmlns"


def network_canvas_two_egos() -> bytes:
    def person(id, name, closeness, relation):
        return (
            f'<node id="{id}"><data key="type">person</data><data key="name">{name}</data>'
            f'<data key="closeness">{closeness}</data><data key="rel">{relation}</data></node>'
        )

    return f"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:nc="{NC}"
    nc:caseID="study-7" nc:protocolName="Netværk 2026">
  <key id="ego_name" attr.name="ego_name" attr.type="string" for="graph"/>
  <key id="ego_age" attr.name="ego_age" attr.type="int" for="graph"/>
  <key id="type" attr.name="networkCanvasType" attr.type="string" for="node"/>
  <key id="name" attr.name="name" attr.type="string" for="node"/>
  <key id="closeness" attr.name="closeness" attr.type="string" for="node"/>
  <key id="rel" attr.name="relationship" attr.type="string" for="node"/>
  <key id="since" attr.name="known_since" attr.type="int" for="edge"/>
  <graph edgedefault="undirected" id="session-1" nc:sessionUUID="1f1ac148-1e05-4bb3-9028-552451817da6">
    <data key="ego_name">Mette</data><data key="ego_age">34</data>
    {person("n0", "Karen Jensen", "close", "mother")}
    {person("n1", "Ole Hansen", "far", "neighbour")}
    {person("n2", "Lise Berg", "middle", "friend")}
    <edge source="n0" target="n1"><data key="since">2010</data></edge>
  </graph>
  <graph edgedefault="undirected" id="session-2" nc:sessionUUID="2f1ac148-1e05-4bb3-9028-552451817da6">
    <data key="ego_name">Jonas</data><data key="ego_age">19</data>
    {person("n3", "Bo Dahl", "close", "brother")}
    {person("n4", "Ida Holm", "far", "teacher")}
    <edge source="n3" target="n4"/>
  </graph>
</graphml>""".encode()


def test_network_canvas_file_with_two_egos_lets_the_worker_pick_one():
    source = read_upload(network_canvas_two_egos())
    assert [n.label for n in source.networks] == ["Mette (3 people)", "Jonas (2 people)"]
    first, second = source.networks
    # Ego data is read (and shown) but fills in nothing of the citizen.
    assert first.ego["ego_name"] == "Mette" and first.ego["ego_age"] == 34
    assert first.ego["nc:caseID"] == "study-7" and "nc:sessionUUID" in first.ego

    mapping = m.guess(source, DK, 3, network=1)
    assert mapping.name == "name" and mapping.relation == "relationship"
    assert mapping.closeness == m.RINGS
    mapping.closeness_values = {"close": 1, "far": 3}
    result = build(source, mapping)
    assert [c.name for c in result.document.contacts] == ["Bo Dahl", "Ida Holm"]
    assert [c.relation for c in result.document.contacts] == ["brother", "teacher"]
    assert [round(c.closeness, 3) for c in result.document.contacts] == [0.167, 0.833]
    assert "networkCanvasType: person" in result.document.contacts[0].note
    assert len(result.document.ties) == 1

    mapping.network = 0
    result = build(source, mapping)
    # "middle" has no ring of its own in this mapping: the middle ring, as for no value.
    assert len(result.document.contacts) == 3
    assert result.document.ties[0].note == "known_since: 2010"


YED = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key for="edge" id="d10" yfiles.type="edgegraphics"/>
  <graph edgedefault="directed" id="G">
    <node id="n0"><data key="d6"><y:ShapeNode><y:Geometry height="30" width="30" x="10" y="20"/>
      <y:NodeLabel>Karen Jensen</y:NodeLabel><y:Shape type="ellipse"/></y:ShapeNode></data></node>
    <node id="n1"><data key="d6"><y:ShapeNode><y:Geometry height="30" width="30" x="90" y="20"/>
      <y:NodeLabel>Søren Ærø</y:NodeLabel><y:Shape type="rectangle"/></y:ShapeNode></data></node>
    <edge id="e0" source="n0" target="n1"><data key="d10"><y:PolyLineEdge/></data></edge>
  </graph>
</graphml>"""


def test_yed_shape_node_labels_give_the_names():
    source = read_upload(YED.encode())
    mapping = m.guess(source, DK, 3)
    assert mapping.name == "label"
    result = build(source, mapping)
    assert [c.name for c in result.document.contacts] == ["Karen Jensen", "Søren Ærø"]
    assert result.document.ties[0].note == "from Karen Jensen to Søren Ærø"


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SHEET = [
    ["Navn", "Felt", "Afstand", "Telefon", "E-mail", "Relation", "Kan hjælpe med"],
    ["Karen Jensen", "Familie", 1, "12 34 56 78", "karen@example.dk", "mor", "mad"],
    ["Ole Hansen", "Arbejde/skole", 3, "nej", "ole(at)example", "chef", None],
    [None, None, None, None, None, None, None],
    ["Ida Holm", "Fagpersoner", 2, None, None, "sagsbehandler", "bolig"],
]


def test_xlsx_written_by_openpyxl_maps_danish_columns():
    source = read_upload(workbook(SHEET))
    assert source.kind == "xlsx"
    mapping = m.guess(source, DK, 3)
    assert (mapping.name, mapping.sector, mapping.phone, mapping.email, mapping.relation) == (
        "Navn",
        "Felt",
        "Telefon",
        "E-mail",
        "Relation",
    )
    assert mapping.sector_values == {
        "Familie": "family",
        "Arbejde/skole": "work_school",
        "Fagpersoner": "professionals",
    }
    assert mapping.closeness == m.RINGS  # three values on three rings
    result = build(source, mapping)
    assert not result.problems
    karen, ole, ida = result.document.contacts
    assert (karen.sector, karen.phone_direct, karen.email) == (
        "family",
        "12 34 56 78",
        "karen@example.dk",
    )
    assert karen.note == "Kan hjælpe med: mad"
    assert karen.closeness < ida.closeness < ole.closeness
    # What is not a phone number or an e-mail address is kept, in the note, and said so.
    assert ole.phone_direct == "" and ole.email is None
    assert "Phone (direct): nej" in ole.note and "E-mail: ole(at)example" in ole.note
    assert len(result.adjusted) == 2


def test_danish_excel_csv_with_semicolons_and_bom():
    text = "Navn;Felt;Afstand\r\nKaren Jensen;Familie;0,2\r\nSøren Ærø;Slægt;0,9\r\n;Andre;0,5\r\n"
    source = read_upload(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert source.kind == "csv" and source.attributes == ["Navn", "Felt", "Afstand"]
    mapping = m.guess(source, DK, 3)
    mapping.closeness = m.NUMBER
    result = build(source, mapping)
    names = [c.name for c in result.document.contacts]
    assert names == ["Karen Jensen", "Søren Ærø"]
    assert result.dropped == ["row 4 was left out: no name in the file."]
    karen, soren = result.document.contacts
    assert karen.closeness < soren.closeness  # decimal commas read as numbers


def test_csv_in_windows_1252():
    text = "Navn;Felt\r\nSøren Ærø;Slægt\r\nÅse Øster;Familie\r\n"
    source = read_upload(text.encode("cp1252"))
    result = build(source)
    assert [c.name for c in result.document.contacts] == ["Søren Ærø", "Åse Øster"]
    assert [c.sector for c in result.document.contacts] == ["relatives", "family"]


def test_our_own_files_are_recognised():
    from omkreds.networks.exports import to_graphml, to_json
    from omkreds.networks.samples import sample_document

    document = sample_document(5)
    assert isinstance(read_upload(to_graphml(document).encode()), OwnDocument)
    assert isinstance(read_upload(to_json(document).encode()), OwnDocument)


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE graphml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph><node id="&b;"/></graph></graphml>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE gexf [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<gexf xmlns="http://gexf.net/1.3"><graph><nodes><node id="1" label="&x;"/></nodes></graph></gexf>"""


def workbook_with_entity() -> bytes:
    raw = workbook(SHEET)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/workbook.xml":
                data = b'<!DOCTYPE x [<!ENTITY e "e">]>' + data
            target.writestr(info, data)
    return out.getvalue()


def word_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document><body>Netværk</body></document>")
    return out.getvalue()


BAD = {
    "a PNG picture": (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "not one Omkreds can read"),
    "XML that is no network": (b"<html><body/></html>", "neither GraphML nor GEXF"),
    "malformed XML": (b"<graphml><graph><node id='a'>", "not well-formed XML"),
    "a DTD with entities (billion laughs)": (BILLION_LAUGHS, "DTD or entities"),
    "an external entity in GEXF": (EXTERNAL, "DTD or entities"),
    "an entity inside a workbook": (workbook_with_entity, "DTD or entities"),
    "a zip bomb posing as XLSX": (zip_bomb, "unpacks to far more"),
    "a zip that is no workbook": (b"PK\x03\x04broken", "not one Omkreds can read"),
    "10,000 rows": (
        ("Navn\n" + "".join(f"Person {n}\n" for n in range(10_000))).encode(),
        "The file has 10,000 people; a map can hold at most 500.",
    ),
    "only column names": (b"Navn;Felt\r\n", "no rows of people"),
    "an empty file": (b"  \n", "The file is empty."),
    "10,000 rows in a workbook": (
        lambda: workbook([["Navn"], *([f"Person {n}"] for n in range(10_000))]),
        "The file has 10,000 people; a map can hold at most 500.",
    ),
    "a Word document (a zip, but no workbook)": (word_document, "not one Omkreds can read"),
    "duplicate ids in GraphML": (
        b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">'
        b'<node id="n1"/><node id="n2"/><node id="n1"/></graph></graphml>',
        "Two people in the file have the same id: n1.",
    ),
    "duplicate ids in GEXF": (
        b'<gexf xmlns="http://gexf.net/1.3"><graph><nodes><node id="1" label="A"/>'
        b'<node id="1" label="B"/></nodes></graph></gexf>',
        "Two people in the file have the same id: 1.",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_files_are_refused_with_a_clear_message(case):
    raw, message = BAD[case]
    assert message in refused(raw() if callable(raw) else raw)


def test_openpyxl_reads_sheets_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


@pytest.mark.parametrize(
    "raw",
    [workbook(SHEET), network_canvas_two_egos(), graphml_of(nx.karate_club_graph())],
    ids=["xlsx", "network canvas", "karate"],
)
def test_the_form_as_first_shown_gives_the_previewed_mapping(raw):
    """Importing right after the upload, without touching the form, saves what was shown."""
    from omkreds.networks.imports.forms import MappingForm

    source = read_upload(raw)
    shown = MappingForm(source=source, sector_set=DK, rings=3)
    posted = {}
    for name in shown.fields:
        value = shown[name].value()
        if value is True:
            posted[name] = "on"
        elif value is not None and value is not False:
            posted[name] = str(value)
    form = MappingForm(posted, source=source, sector_set=DK, rings=3)
    assert form.is_valid(), form.errors
    assert form.mapping().fingerprint() == m.guess(source, DK, 3).fingerprint()


# A file another tool might write: a line to someone not in it, a person without a name (and a
# line to them), a line from a person to themselves.
LEFT_OUT = b"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="name" for="node" attr.name="name" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="a"><data key="name">Karen Jensen</data></node>
    <node id="b"><data key="name">Ole Hansen</data></node>
    <node id="c"><data key="name">  </data></node>
    <node id="d"><data key="name">Ida Holm</data></node>
    <edge source="a" target="b"/>
    <edge source="a" target="ghost"/>
    <edge source="b" target="b"/>
    <edge source="a" target="c"/>
    <edge source="d" target="a"/>
  </graph>
</graphml>"""


def test_lines_to_missing_people_and_people_without_names_are_left_out_with_the_reason():
    result = build(read_upload(LEFT_OUT))
    assert not result.problems
    assert [c.name for c in result.document.contacts] == ["Karen Jensen", "Ole Hansen", "Ida Holm"]
    names = {c.id: c.name for c in result.document.contacts}
    assert sorted(sorted((names[t.a], names[t.b])) for t in result.document.ties) == [
        ["Ida Holm", "Karen Jensen"],
        ["Karen Jensen", "Ole Hansen"],
    ]
    assert result.dropped == [
        "A line names ghost, who is not in the file.",
        "node c was left out: no name in the file.",
        "A line from Ole Hansen to themselves was left out.",
    ]


def test_excel_unicode_text_is_read_as_utf16_with_tabs():
    """Excel's "Unicode text (*.txt)": UTF-16 with a byte-order mark, separated by tabs."""
    text = "Navn\tFelt\tTelefon\r\nSøren Ærø\tSlægt\t12 34 56 78\r\nÅse Øster\tFamilie\t\r\n"
    for encoded in (text.encode("utf-16"), b"\xfe\xff" + text.encode("utf-16-be")):
        source = read_upload(encoded)
        assert source.kind == "csv" and source.attributes == ["Navn", "Felt", "Telefon"]
        result = build(source)
        people = result.document.contacts
        assert [c.name for c in people] == ["Søren Ærø", "Åse Øster"]
        assert [c.sector for c in people] == ["relatives", "family"]
        assert [c.phone_direct for c in people] == ["12 34 56 78", ""]
