"""The citizen's own marks (issue 14, point 3): the palette's contrast, the schema's refusals,
and the colours and signs read back from the SVG, PNG and PDF and their legend."""

import io
import re

import pypdf
import pytest
from PIL import Image

from omkreds.networks import marks, svg_subset
from omkreds.networks.pdf import map_pdf
from omkreds.networks.png import map_png
from omkreds.networks.render import render_svg
from omkreds.networks.schema import DocumentInvalid, parse_document
from omkreds.networks.sectors import BUILT_IN, DK_SOCIALSTYRELSEN
from omkreds.networks.tests.helpers import contact, data, document, tie


def rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_ratio_is_computed_as_wcag_says():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("colour", list(marks.PALETTE))
def test_each_palette_colour_stands_out_from_the_map_background_and_every_sector(colour):
    hex_colour = marks.PALETTE[colour].hex
    backgrounds = {"#ffffff"} | {s.colour for d in BUILT_IN.values() for s in d.sectors}
    assert len(backgrounds) >= 6
    for background in backgrounds:
        # WCAG 2.2, 1.4.11 Non-text Contrast: 3:1 against adjacent colours.
        assert contrast(hex_colour, background) >= 3.0, (colour, background)


def test_palette_and_signs_hold_what_the_issue_names():
    assert len(marks.PALETTE) >= 6
    needed = {"heart", "house", "star", "warning", "pet", "phone", "cake", "cross"}
    assert needed <= set(marks.SIGNS)


def test_marks_are_stored_in_the_document():
    doc = document(
        [
            contact("a", colour="red", signs=["heart", "star"]),
            contact("b", colour="blue", signs=["house", "house"]),
            contact("c", signs=["cross"]),
        ],
        [
            tie("a", "b", colour="green", signs=["phone"]),
            tie("b", "c"),
            tie("a", "c", signs=["cake"]),
        ],
    )
    assert [(c.colour, c.signs) for c in doc.contacts] == [
        ("red", ["heart", "star"]),
        ("blue", ["house"]),
        (None, ["cross"]),
    ]
    assert [(t.colour, t.signs) for t in doc.ties] == [
        ("green", ["phone"]),
        (None, []),
        (None, ["cake"]),
    ]
    assert doc.model_dump(mode="json")["contacts"][0]["signs"] == ["heart", "star"]


@pytest.mark.parametrize(
    ("people", "lines", "field", "message"),
    [
        ([contact("a", colour="chartreuse")], [], "contacts.1.colour", "Choose a colour"),
        ([contact("a", colour="#ff0000")], [], "contacts.1.colour", "Choose a colour"),
        ([contact("a", signs=["skull"])], [], "contacts.1.signs.1", "Choose a sign"),
        (
            [contact("a", signs=["heart", "star", "cake", "pet"])],
            [],
            "contacts.1.signs",
            "at most 3",
        ),
        ([contact("a", signs="heart")], [], "contacts.1.signs", "Enter a list."),
        (
            [contact("a"), contact("b")],
            [tie("a", "b", colour="mauve")],
            "ties.1.colour",
            "Choose a colour",
        ),
        (
            [contact("a"), contact("b")],
            [tie("a", "b", signs=["<script>"])],
            "ties.1.signs.1",
            "Choose a sign",
        ),
    ],
)
def test_a_colour_or_sign_not_in_the_palette_is_refused(people, lines, field, message):
    with pytest.raises(DocumentInvalid) as refused:
        parse_document(data(people, lines))
    problems = {p.field: p.message for p in refused.value.problems}
    assert field in problems, problems
    assert message in problems[field]


def marked_document():
    return document(
        [
            contact("a", "Anna", colour="red", signs=["heart"], closeness=0.4, angle=20),
            contact("b", "Bo", colour="teal", signs=["house", "pet"], closeness=0.6, angle=120),
            contact("c", "Cy", colour="purple", signs=["cross"], type="deceased", angle=240),
        ],
        [
            tie("a", "b", colour="orange", signs=["phone"]),
            tie("b", "c", colour="gold"),
            tie("a", "c", "conflict", signs=["warning"]),
        ],
    )


COLOURS = ["red", "teal", "purple", "orange", "gold"]
SIGNS = ["heart", "house", "pet", "cross", "phone", "warning"]


def test_svg_draws_each_colour_and_sign_and_lists_them_in_the_legend():
    svg = render_svg(marked_document(), DK_SOCIALSTYRELSEN, "Carla")
    legend = svg.split('id="legend"')[1]
    for key in COLOURS:
        assert marks.PALETTE[key].hex in svg.split('id="legend"')[0], key
        assert f">{marks.PALETTE[key].label}<" in legend, key
    for key in SIGNS:
        assert f"sign-{key}" in svg.split('id="legend"')[0], key
        assert f"sign-{key}" in legend and f">{marks.SIGNS[key].label}<" in legend, key
    for person, colour in [("a", "red"), ("b", "teal"), ("c", "purple")]:
        group = re.search(rf'id="contact-{person}".*?</g></g>', svg)[0]
        assert f"colour-{colour}" in group
        assert str(marks.PALETTE[colour].label) in re.search(r'aria-label="([^"]*)"', group)[1]
    assert svg.count("tie-sign") == 2
    assert svg_subset.unknown_features(svg) == []
    # A map without marks lists none.
    plain = render_svg(document([contact("a")]), DK_SOCIALSTYRELSEN, "Carla")
    assert "legend-mark" not in plain and "mark-sign" not in plain


def _colours_in_pdf(pdf: bytes) -> list[tuple[float, float, float]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = []
    for page in reader.pages:
        stream = page.get_contents().get_data().decode("latin-1")
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:RG|rg)", stream):
            found.append((float(r), float(g), float(b)))
    return found


def test_pdf_holds_each_colour_and_each_sign_with_its_name():
    pdf = map_pdf(
        document=marked_document(),
        sector_set=DK_SOCIALSTYRELSEN,
        citizen_label="Carla",
        version_number=2,
        paper="A4",
        language="en",
    )
    drawn = _colours_in_pdf(pdf)
    for key in COLOURS:
        want = rgb(marks.PALETTE[key].hex)
        assert any(all(abs(a - b) < 0.004 for a, b in zip(c, want)) for c in drawn), key
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    for key in COLOURS:
        assert str(marks.PALETTE[key].label) in text, key
    for key in SIGNS:
        assert str(marks.SIGNS[key].label) in text, key


def test_png_draws_the_colour_ring_around_each_person():
    svg = render_svg(marked_document(), DK_SOCIALSTYRELSEN, "Carla")
    image = Image.open(io.BytesIO(map_png(svg, scale=2))).convert("RGB")
    for person, colour in [("a", "red"), ("b", "teal"), ("c", "purple")]:
        found = re.search(
            rf'id="contact-{person}"[^>]*transform="translate\(([-\d.]+) ([-\d.]+)\)"', svg
        )
        x, y = float(found[1]), float(found[2])
        # The ring: radius 19, stroke 5, on the right of the person (signs sit on the left).
        pixel = image.getpixel((round((x + 19) * 2), round(y * 2)))
        want = tuple(round(c * 255) for c in rgb(marks.PALETTE[colour].hex))
        assert all(abs(a - b) < 12 for a, b in zip(pixel, want)), (person, pixel, want)


def test_graphml_and_csv_keep_the_marks_of_people_and_lines():
    from omkreds.networks.exports import contacts_csv, from_graphml, ties_csv, to_graphml

    doc = marked_document()
    back = from_graphml(to_graphml(doc))
    assert [(c.colour, c.signs) for c in back.contacts] == [
        (c.colour, c.signs) for c in doc.contacts
    ]
    assert sorted((t.colour or "", tuple(t.signs)) for t in back.ties) == sorted(
        (t.colour or "", tuple(t.signs)) for t in doc.ties
    )
    people = contacts_csv(doc, DK_SOCIALSTYRELSEN)
    for expected in ("red,heart", 'teal,"house, pet"', "purple,cross (deceased)"):
        assert expected in people, expected
    lines = ties_csv(doc).removeprefix("\ufeff").splitlines()
    assert lines[0].endswith("Colour,Signs")
    assert [line.split(",")[-2:] for line in lines[1:]] == [
        ["orange", "phone"],
        ["gold", ""],
        ["", "warning"],
    ]
