"""The fast paths draw and store exactly what the slow ones did.

The SVG renderer builds its text directly instead of through ElementTree. The files in
data/render/ were written by the ElementTree renderer before that change; every case must
still come out byte for byte the same. When the drawing is changed on purpose, write them
again with `OMKREDS_WRITE_RENDER_FIXTURES=1 .venv/bin/pytest <this file>` and look at the diff.
"""

import io
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from omkreds.networks import draw_cairo, sectors
from omkreds.networks.geometry import Frame
from omkreds.networks.models import MapVersion
from omkreds.networks.render import RenderOptions, render_svg
from omkreds.networks.samples import sample_document
from omkreds.networks.schema import load_stored, parse_document
from omkreds.networks.sectors import DK_SOCIALSTYRELSEN, SE_TEMAN, SectorSetDef
from omkreds.networks.tests.helpers import contact, document, tie

FIXTURES = Path(__file__).parent / "data" / "render"
WRITE = os.environ.get("OMKREDS_WRITE_RENDER_FIXTURES") == "1"

ONE_SECTOR = SectorSetDef(
    key="org-7",
    labels={"en": "Ours"},
    sectors=(
        sectors.SectorDef(key="family", colour="#abcdef", labels={"en": "Everyone & co <b>"}),
    ),
)


def features():
    """Every kind of drawing the renderer does, and text that must be escaped."""
    return document(
        [
            contact("a", "Anna Andersen", valence="positive", trend="closer", wanted_closeness=0.1),
            contact(
                "b",
                "Bo <b>Berg</b> & \"Co\" 'x'",
                sector="professionals",
                closeness=0.8,
                angle=300,
                valence="negative",
                trend="away",
                wanted_closeness=0.95,
            ),
            contact("c", "Cleo the cat", type="pet", valence="mixed", closeness=0.0, angle=0),
            contact("d", "Dag Deceased", type="deceased", closeness=1.0, angle=359.99),
            contact(
                "g",
                "The football team of the neighbourhood",
                type="group",
                sector="others",
                closeness=0.33,
                angle=200,
                relation="team\u200dmates",
            ),
            contact(
                "s",
                "Secret Sam",
                safety_marker=True,
                address="Hidden Road 1",
                note="not for others",
                valence="neutral",
            ),
            contact(
                "r",
                "\u05e9\u05e8\u05d4 \u05db\u05d4\u05df",
                sector="work_school",
                angle=120,
                closeness=0.5,
                wanted_closeness=0.5,
            ),
            contact(
                "e",
                "\U0001f469\u200d\U0001f467\u200d\U0001f466 Family emoji name long enough",
                sector="others",
                angle=220,
                closeness=0.6,
            ),
            contact(
                "t",
                "<script>alert(1)</script>",
                sector="professionals",
                angle=280,
                relation="a > b",
                role="own_doctor",
            ),
        ],
        [
            tie("a", "b"),
            tie("a", "s", "conflict"),
            tie("c", "d", "conflict"),
            tie("b", "g", note="private"),
            tie("e", "r"),
            tie("a", "c", "conflict"),
        ],
        note="The map's own note",
    )


def cases():
    feat = features()
    sample = sample_document(40, seed=5)
    swedish = sample_document(30, sector_set=SE_TEMAN.key, seed=6)
    return {
        "features-en": (
            feat,
            DK_SOCIALSTYRELSEN,
            "Carla <Citizen> & co",
            RenderOptions(language="en"),
        ),
        "features-da-shared": (
            feat,
            DK_SOCIALSTYRELSEN,
            "Carla",
            RenderOptions(language="da", shared=True, caption="Version 3, 1.2.2026"),
        ),
        "features-sv-nolegend": (
            feat,
            DK_SOCIALSTYRELSEN,
            "C",
            RenderOptions(language="sv", legend=False, id_prefix="v2-"),
        ),
        "features-no-set": (feat, None, "Carla", RenderOptions(language="en")),
        "features-one-sector": (
            feat.model_copy(
                update={
                    "contacts": [c.model_copy(update={"sector": "family"}) for c in feat.contacts]
                }
            ),
            ONE_SECTOR,
            "Carla",
            RenderOptions(language="en", frame=Frame(cx=500, cy=480, r0=50, radius=380)),
        ),
        "sample-40-da": (sample, DK_SOCIALSTYRELSEN, "Karin Holm 3", RenderOptions(language="da")),
        "sample-40-en-shared": (
            sample,
            DK_SOCIALSTYRELSEN,
            "Karin",
            RenderOptions(language="en", shared=True),
        ),
        "sample-30-sv-rings": (
            swedish.model_copy(update={"rings": 5}),
            SE_TEMAN,
            "Lars Vik",
            RenderOptions(language="sv"),
        ),
        "empty": (document(rings=1), DK_SOCIALSTYRELSEN, "", RenderOptions(language="en")),
    }


@pytest.mark.parametrize("name", list(cases()))
def test_svg_is_byte_for_byte_what_the_elementtree_renderer_drew(name):
    doc, sector_set, label, options = cases()[name]
    svg = render_svg(doc, sector_set, label, options)
    path = FIXTURES / f"{name}.svg"
    if WRITE:
        path.write_text(svg, encoding="utf-8")
    assert svg == path.read_text(encoding="utf-8")
    ET.fromstring(svg)  # and it is well-formed XML


def test_shared_svg_never_holds_the_safety_marked_person_or_private_text():
    doc, sector_set, label, options = cases()["features-da-shared"]
    svg = render_svg(doc, sector_set, label, options)
    for secret in (
        "Secret Sam",
        "contact-s",
        "Hidden Road",
        "not for others",
        "private",
        "own note",
        'data-b="s"',
    ):
        assert secret not in svg


# --- Saving -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_saved_answer_is_what_reading_the_version_back_gives(cast, login_as):
    """The answer reuses the document validated for the save instead of validating it again."""
    client = login_as(cast.worker)
    document = sample_document(60, seed=9).model_dump(mode="json")
    document["contacts"][0]["name"] = '  Anna <b> & "Bo"  '
    document["contacts"][1]["support_kinds"] = ["advice", "emotional", "advice"]
    document["contacts"][2]["angle"] = 360
    url = f"/api/v1/citizens/{cast.citizen.pk}/map"
    answer = client.post(
        url + "/versions", {"document": document, "based_on": None}, content_type="application/json"
    )
    assert answer.status_code == 201, answer.content
    read_back = client.get(url).json()
    assert answer.json()["document"] == read_back["document"]
    stored = MapVersion.objects.get(map__citizen=cast.citizen, number=1)
    assert load_stored(stored.document) == parse_document(document)
    # Normalised as before: trimmed, a set in canonical order, 360° is 0°.
    first, second, third = answer.json()["document"]["contacts"][:3]
    assert first["name"] == 'Anna <b> & "Bo"'
    assert second["support_kinds"] == ["emotional", "advice"]
    assert third["angle"] == 0


@pytest.mark.django_db
def test_a_save_does_not_read_the_previous_document(cast):
    from omkreds.networks.services import map_save

    big = sample_document(200, seed=1)
    first = map_save(citizen=cast.citizen, author=cast.worker, document=big, based_on=None)
    with CaptureQueriesContext(connection) as queries:
        second = map_save(
            citizen=cast.citizen, author=cast.worker, document=big, based_on=first.number
        )
    assert second.number == 2
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and '"networks_mapversion"."document"' in q["sql"]
    ]
    assert reads == []
    assert len(queries.captured_queries) <= 8
    assert second.parsed() == big


# --- PNG and PDF text -----------------------------------------------------------------------


def test_text_the_map_does_not_write_is_still_drawn():
    """Several positions, `dx`, a child element or a stroke without fill: still drawn (from
    the first position, as one line), not left out."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">'
        '<text x="10 30 50" y="30" font-size="20">abc</text>'
        '<text x="100" y="30" dx="4" font-size="20">de<tspan>f</tspan></text>'
        '<text x="150" y="30" font-size="20" fill="none" stroke="#000">g</text>'
        "</svg>"
    )
    png = draw_cairo.png(svg, width=200, height=60)
    with Image.open(io.BytesIO(png)) as image:
        dark = [
            x
            for x in range(200)
            if min(image.convert("L").getpixel((x, y)) for y in range(10, 40)) < 128
        ]
    assert any(x < 60 for x in dark) and any(100 <= x < 140 for x in dark)
    assert any(x >= 150 for x in dark)
