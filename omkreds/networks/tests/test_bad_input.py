"""The issue's list of bad input, at the API and at the import: each gets a clear message and
nothing is stored; names with markup, right-to-left script and emoji are kept and shown as text
everywhere (editor, history, compare, figures, SVG, PNG, PDF, CSV, GraphML)."""

import csv
import io
import json
import re

import networkx as nx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from omkreds.networks.models import MapVersion
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data, tie

pytestmark = pytest.mark.django_db

PEOPLE = [contact("a", "Anna"), contact("b", "Bo")]

CASES = {
    "unknown sector": (
        data([contact("a", sector="mars")]),
        "Person 1 is placed in a sector that is not part of this map's sector set.",
    ),
    "unknown sector set": (data([], sector_set="nowhere"), "Unknown sector set."),
    "tie to an unknown person": (
        data(PEOPLE, [tie("a", "zz")]),
        "Line 1 joins someone who is not on the map.",
    ),
    "tie to the same person": (
        data(PEOPLE, [tie("a", "a")]),
        "Line 1 joins a person to themselves.",
    ),
    "duplicate ids": (
        data([contact("a"), contact("b"), contact("a")]),
        "Person 3 has the same id as someone before them.",
    ),
    "name over 200 characters": (data([contact("a", "x" * 201)]), "200"),
    "more than 500 people": (
        data([contact(f"p{n}") for n in range(501)]),
        "A map can hold at most 500 people.",
    ),
    "not an object": ([1, 2], "A network map must be a JSON object."),
    "unknown field": (data([], colour="red"), "not part of a network map"),
    "closeness out of range": (data([contact("a", closeness=-1)]), "at least 0"),
}


@pytest.fixture
def one_version(cast):
    return map_save(citizen=cast.citizen, author=cast.worker, document=data(PEOPLE), based_on=None)


def assert_unchanged(first):
    assert list(MapVersion.objects.values_list("number", flat=True)) == [first.number]
    assert MapVersion.objects.get().document == first.document


@pytest.mark.parametrize("case", CASES)
def test_api_refuses_with_a_clear_message_and_stores_nothing(cast, login_as, one_version, case):
    document, message = CASES[case]
    response = login_as(cast.worker).post(
        f"/api/v1/citizens/{cast.citizen.pk}/map/versions",
        {"document": document, "based_on": one_version.number},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    messages = [text for texts in response.json()["errors"].values() for text in texts]
    assert any(message in text for text in messages), messages
    assert_unchanged(one_version)


# The import names the person and the field, and says how many people the file has.
IMPORT_MESSAGES = {
    "unknown sector": "A: Sector: “mars” is not a sector of this map",
    "name over 200 characters": f"{'x' * 80}: Name: Use at most 200 characters.",
    "more than 500 people": "The file has 501 people; a map can hold at most 500.",
    "closeness out of range": "A: Distance from the centre: Enter a number of at least 0.",
}


@pytest.mark.parametrize("case", CASES)
def test_json_import_refuses_with_a_clear_message_and_stores_nothing(
    cast, login_as, one_version, case
):
    document, message = CASES[case]
    message = IMPORT_MESSAGES.get(case, message)
    upload = SimpleUploadedFile("map.json", json.dumps(document).encode())
    response = login_as(cast.worker).post(
        f"/citizens/{cast.citizen.pk}/map/import/", {"file": upload}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The file was not imported:" in body
    assert message.replace("'", "&#x27;") in body, body[body.find("not imported") :][:600]
    assert_unchanged(one_version)


def graphml(nodes: str, edges: str = "", *, own: bool = False) -> bytes:
    # Omkreds' own GraphML says its schema version on the graph; other tools' files do not.
    own_key = '<key id="sv" for="graph" attr.name="schema_version" attr.type="int"/>'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="name" for="node" attr.name="name" attr.type="string"/>'
        '<key id="sector" for="node" attr.name="sector" attr.type="string"/>'
        '<key id="closeness" for="node" attr.name="closeness" attr.type="double"/>'
        f"{own_key if own else ''}"
        f'<graph edgedefault="undirected">{'<data key="sv">1</data>' if own else ""}'
        f"{nodes}{edges}</graph></graphml>"
    ).encode()


def node(id, name="Anna", sector="family"):
    return (
        f'<node id="{id}"><data key="name">{name}</data><data key="sector">{sector}</data>'
        '<data key="closeness">0.5</data></node>'
    )


# Refused at the upload, or shown in the preview (which saves nothing) with the reason.
GRAPHML_CASES = {
    "malformed": (b"<graphml><node", "The file is not well-formed XML."),
    "unknown sector (our own GraphML)": (
        graphml(node("a", sector="mars"), own=True),
        "Anna: Sector: “mars” is not a sector",
    ),
    "tie to the same person": (
        graphml(node("a"), '<edge source="a" target="a"/>'),
        "A line from Anna to themselves was left out.",
    ),
    "edge to a missing person": (
        graphml(node("a"), '<edge source="a" target="zz"/>'),
        "A line names zz, who is not in the file.",
    ),
    "duplicate ids": (
        graphml(node("a") + node("a", "Bo")),
        "Two people in the file have the same id: a.",
    ),
    "name over 200 characters": (
        graphml(node("a", "x" * 201)),
        f"{'x' * 80}: Name: Use at most 200 characters.",
    ),
    "empty name": (graphml(node("a", "") + node("b", "Bo")), "node a was left out: no name"),
    "more than 500 people": (
        graphml("".join(node(f"p{n}") for n in range(501))),
        "The file has 501 people; a map can hold at most 500.",
    ),
}


@pytest.mark.parametrize("case", GRAPHML_CASES)
def test_graphml_import_refuses_with_a_clear_message_and_stores_nothing(
    cast, login_as, one_version, case
):
    content, message = GRAPHML_CASES[case]
    upload = SimpleUploadedFile("map.graphml", content)
    response = login_as(cast.worker).post(
        f"/citizens/{cast.citizen.pk}/map/import/", {"file": upload}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message.replace("'", "&#x27;") in body, body[body.find("<main") :][:3000]
    assert_unchanged(one_version)


MARKUP = '<script>alert(1)</script><b onmouseover="x()">Bo</b>'
RTL = "مريم الحسن"
EMOJI = "👩‍👩‍👧 Familien"


def test_markup_right_to_left_and_emoji_names_are_text_everywhere(cast, login_as):
    people = [
        contact("m", MARKUP, closeness=0.1),
        contact("r", RTL, sector="relatives", support_kinds=["practical"]),
        contact("e", EMOJI, sector="others", valence="negative", closeness=0.1),
    ]
    first = map_save(
        citizen=cast.citizen, author=cast.worker, document=data(people[:1]), based_on=None
    )
    map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data(people, [tie("r", "e")]),
        based_on=first.number,
    )
    client = login_as(cast.worker)
    base = f"/citizens/{cast.citizen.pk}/map/"
    for path in ["", "history/", "compare/?a=1&b=2", "figures/", "versions/2/", "export/svg/"]:
        body = client.get(base + path).content.decode()
        assert "<script>alert(1)</script>" not in body, path
        assert "<b onmouseover" not in body, path
        if path != "history/":
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, path
            assert RTL in body and EMOJI in body, path
    figures = client.get(base + "figures/").content.decode()
    assert f"<bdi>{RTL}</bdi>" in figures

    # The editor's data is JSON in a script element, escaped so it cannot end the element.
    editor = client.get(base).content.decode()
    assert "\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E" in editor

    csv_body = client.get(base + "export/contacts-csv/").content.decode("utf-8-sig")
    names = [row["Name"] for row in csv.DictReader(io.StringIO(csv_body))]
    assert names == [MARKUP, RTL, EMOJI]
    assert json.loads(client.get(base + "export/json/").content)["contacts"][0]["name"] == MARKUP
    graph = nx.read_graphml(io.BytesIO(client.get(base + "export/graphml/").content))
    assert sorted(graph.nodes[n]["name"] for n in graph) == sorted([MARKUP, RTL, EMOJI])

    pdf = PdfReader(io.BytesIO(client.get(base + "export/pdf-a3/").content))
    # Fonts for other scripts come out of pypdf as UTF-16; what matters is that it is text.
    text = re.sub(r"[\s\x00]", "", "".join(page.extract_text() for page in pdf.pages))
    # Drawn as characters (shortened on the map to 24), not taken as markup.
    assert "<script>alert(1)</scrip" in text, text
    assert client.get(base + "export/png/").status_code == 200
