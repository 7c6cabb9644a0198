"""The map's own SVG drawer (draw_cairo.py), which draws the PNG and the PDF: it knows all that
render.py writes, places things where the SVG does, keeps text as text (emoji and right-to-left
names included), never fetches anything and keeps a big map's PDF small."""

import base64
import io
import re
from collections import Counter

import pypdf
import pytest
from PIL import Image

from omkreds.networks import draw_cairo, svg_subset
from omkreds.networks.pdf import map_pdf, page_svg
from omkreds.networks.png import map_png
from omkreds.networks.render import RenderOptions, render_svg
from omkreds.networks.samples import sample_document
from omkreds.networks.sectors import DK_SOCIALSTYRELSEN
from omkreds.networks.tests.helpers import contact, document, tie

EMOJI = "Mormor 🌸"
ARABIC = "ليلى حداد"
HEBREW = "נועה כהן"


def picture_uri(fmt: str, colour: str) -> str:
    out = io.BytesIO()
    Image.new("RGB" if fmt == "JPEG" else "RGBA", (40, 40), colour).save(out, format=fmt)
    kind = "jpeg" if fmt == "JPEG" else "png"
    return f"data:image/{kind};base64," + base64.b64encode(out.getvalue()).decode()


PHOTOS = {"p1": picture_uri("JPEG", "#0000ff"), "p2": picture_uri("PNG", "#00ff00")}


def rich_document():
    """Every kind of contact, valence, trend, wanted position and tie, photos and names in
    other scripts."""
    kinds = ["person", "pet", "group", "deceased"]
    valences = ["positive", "negative", "mixed", "neutral"]
    trends = ["steady", "closer", "away"]
    sectors = [s.key for s in DK_SOCIALSTYRELSEN.sectors]
    people = []
    for n in range(12):
        people.append(
            contact(
                f"c{n}",
                f"Person {n}",
                type=kinds[n % 4],
                valence=valences[(n // 4 + n) % 4],
                trend=trends[n % 3],
                sector=sectors[n % len(sectors)],
                closeness=0.25 + 0.05 * n,
                angle=n * 30 + 5,
                wanted_closeness=(0.1 if n % 5 == 0 else None),
            )
        )
    people += [
        contact("anna", "Anna Andersen", valence="positive", closeness=0.45, angle=100),
        contact("emoji", EMOJI, valence="positive", closeness=0.6, angle=150),
        contact("ar", ARABIC, valence="mixed", closeness=0.7, angle=200, sector="relatives"),
        contact("he", HEBREW, valence="neutral", closeness=0.8, angle=250, sector="others"),
        contact("ph1", "Photo Jay", photo="p1", valence="positive", closeness=0.5, angle=290),
        contact("ph2", "Photo Png", photo="p2", valence="negative", closeness=0.55, angle=330),
        contact("safe", "Secret Sam", safety_marker=True, closeness=0.3, angle=60),
    ]
    ties = [tie("c0", "c1"), tie("c2", "c3", "conflict"), tie("anna", "emoji"), tie("ar", "he")]
    return document(people, ties)


def rich_svg(**options) -> str:
    return render_svg(
        rich_document(),
        DK_SOCIALSTYRELSEN,
        "Carla Citizen",
        RenderOptions(photos=PHOTOS, caption="Version 3, 1 May 2026", **options),
    )


def rich_page() -> str:
    return page_svg(
        map_svg=rich_svg(shared=True),
        paper="A3",
        citizen_label="Carla Citizen",
        meta="Version 3 · printed 1 May 2026",
        footer="Confidential",
        title="Network map of Carla Citizen",
    )


def test_the_drawer_knows_everything_the_renderer_and_the_page_write():
    svg = rich_svg()
    # The fixture really holds what it is meant to test.
    for needle in (
        "tie-conflict",
        "tie-knows",
        'class="wanted"',
        "marker-end",
        "<image",
        "clip-path",
        "safety-marker",
        "type-pet",
        "type-group",
        "type-deceased",
        "valence-mixed",
        'class="caption"',
        'id="legend"',
        "sign-badge",
    ):
        assert needle in svg, needle
    assert svg_subset.unknown_features(svg) == []
    assert svg_subset.unknown_features(rich_page()) == []


def test_unknown_elements_attributes_and_values_are_reported():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<g transform="skewX(3)"><ellipse rx="2" ry="1" /></g>'
        '<text x="1" y="2">a<tspan>b</tspan></text><text x="1 2 3" y="4">abc</text>'
        '<line x1="0" y1="0" x2="1" y2="1" marker-start="url(#m)" stroke="hsl(0,0%,0%)" />'
        '<path d="M 0 0 B 1 1" filter="url(#f)" data-ok="1" aria-label="ok" />'
        "</svg>"
    )
    found = svg_subset.unknown_features(svg)
    assert "<ellipse>" in found and "<tspan>" in found
    assert "<g transform='skewX(3)'>" in found
    assert "<text> with child elements" in found and "<text x='1 2 3'>" in found
    assert "<line marker-start>" in found and "<line stroke='hsl(0,0%,0%)'>" in found
    assert "<path d='M 0 0 B 1 1'>" in found and "<path filter>" in found
    assert not any("data-ok" in f or "aria-label" in f for f in found)


def pdf_text(pdf: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return reader, "".join(page.extract_text() for page in reader.pages)


def fonts_of(reader: pypdf.PdfReader) -> set[str]:
    names = set()

    def walk(resources):
        resources = resources.get_object() if resources else {}
        for font in (resources.get("/Font") or {}).values():
            names.add(str(font.get_object().get("/BaseFont", "")))
        for xobject in (resources.get("/XObject") or {}).values():
            walk(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return names


def test_pdf_keeps_names_legend_heading_emoji_and_right_to_left_names_as_text():
    pdf = draw_cairo.pdf(rich_page(), title="Network map of Carla Citizen")
    reader, text = pdf_text(pdf)
    flat = re.sub(r"\s+", "", text)
    assert "NetworkmapofCarlaCitizen" in flat
    assert "Legend" in flat and "positiverelation" in flat and "Relatives" in flat
    assert "AnnaAndersen" in flat and "Person11" in flat
    assert "Mormor" in flat
    # Right-to-left names come out as their letters (in whichever order the reader puts them).
    for name in (ARABIC, HEBREW):
        for word in name.split():
            assert word in text or word[::-1] in text, word
    # The emoji is drawn with the colour emoji font, not as a box from the text font: cairo
    # 1.16 writes colour glyphs as small pictures, later versions as a font of their own.
    pictures = [
        image.image.convert("RGB")
        for image in reader.pages[0].images
        if image.image.size != (40, 40)  # the photos
    ]
    coloured = [
        picture
        for picture in pictures
        if any(max(p) - min(p) > 60 for p in picture.get_flattened_data())
    ]
    assert coloured or any("NotoColorEmoji" in f for f in fonts_of(reader)), fonts_of(reader)
    assert reader.metadata.title == "Network map of Carla Citizen"
    assert reader.metadata.creator == "Omkreds"
    # The page is the drawing's size: A3 landscape.
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (420, 297)


def test_pdf_text_holds_each_name_once():
    """The white halo under names is not text: searching, copying or reading the PDF aloud
    meets each name once, emoji and right-to-left names included."""
    names = ["Dag Holm", "Anna Dahl", ARABIC, EMOJI]
    pdf = map_pdf(
        document=document(
            [
                contact(f"c{n}", name, valence="positive", closeness=0.3 + 0.15 * n, angle=90 * n)
                for n, name in enumerate(names)
            ]
        ),
        sector_set=DK_SOCIALSTYRELSEN,
        citizen_label="Ida Jensen",
        paper="A4",
        language="en",
    )
    _reader, text = pdf_text(pdf)
    assert text.count("Dag Holm") == 1, text
    assert text.count("Anna Dahl") == 1, text
    # Arabic comes out word by word, in whichever order the reader puts the letters.
    for word in ARABIC.split():
        assert text.count(word) + text.count(word[::-1]) == 1, (word, text)
    # The emoji itself prints as a picture (cairo 1.16) or a glyph; the letters once.
    assert text.count("Mormor") == 1, text
    assert text.count("🌸") <= 1, text


def png_of(svg: str, scale: int = 2) -> Image.Image:
    return Image.open(io.BytesIO(map_png(svg, scale=scale))).convert("RGB")


def group_position(svg: str, element_id: str) -> tuple[float, float]:
    found = re.search(rf'id="{element_id}"[^>]*transform="translate\(([-\d.]+) ([-\d.]+)\)"', svg)
    assert found, element_id
    return float(found.group(1)), float(found.group(2))


def test_png_emoji_is_drawn_in_colour():
    svg = render_svg(
        document([contact("m", EMOJI, valence="positive", closeness=0.5, angle=90)]), None, "C"
    )
    image = png_of(svg)
    x, y = group_position(svg, "contact-m")
    # The name's line, under the shape: the emoji is the last thing on it.
    box = image.crop((int(x * 2), int((y + 24) * 2), int((x + 60) * 2), int((y + 42) * 2)))
    coloured = [
        (r, g, b)
        for r, g, b in box.get_flattened_data()
        if max(r, g, b) - min(r, g, b) > 60 and r > 150
    ]
    assert len(coloured) > 30, len(coloured)


def test_png_circle_outline_and_arrowhead_are_where_the_svg_puts_them():
    svg = render_svg(
        document(
            [
                contact("neg", "Nina", valence="negative", closeness=0.5, angle=45),
                contact("pos", "Per", valence="positive", closeness=0.7, angle=200, trend="away"),
            ]
        ),
        DK_SOCIALSTYRELSEN,
        "C",
    )
    image = png_of(svg)
    # Nina's outline: a circle of radius 14, stroke 3, dashed 5 3 from its rightmost point.
    x, y = group_position(svg, "contact-neg")
    red = image.getpixel((round((x + 14) * 2), round(y * 2)))
    assert red[0] > 150 and red[1] < 90 and red[2] < 90, red
    # Inside the circle it is white, outside it is the sector's colour, not red.
    assert image.getpixel((round(x * 2 + 12), round(y * 2))) == (255, 255, 255)
    outside = image.getpixel((round((x + 19) * 2), round(y * 2)))
    assert not (outside[0] > 150 and outside[1] < 90), outside
    # Per moves away: the trend line ends with an arrowhead at 44 units along the radius.
    px, py = group_position(svg, "contact-pos")
    line = re.search(
        r'class="trend trend-away" x1="[-\d.]+" y1="[-\d.]+" x2="([-\d.]+)" '
        r'y2="([-\d.]+)"',
        svg,
    )
    ex, ey = px + float(line.group(1)), py + float(line.group(2))
    # The arrowhead (its 10 × 10 view box drawn 4 stroke widths of 3 wide, refX 8) is wider
    # than the line: 6 units back from the line's end it is 8 units wide, the line 3.
    ux, uy = float(line.group(1)) / 44, float(line.group(2)) / 44
    side = (ex - ux * 6 - uy * 3, ey - uy * 6 + ux * 3)
    green = image.getpixel((round(side[0] * 2), round(side[1] * 2)))
    assert green[1] > 100 and green[0] < 80 and green[2] < 100, green
    # Without the marker that point would not be inked.
    plain = png_of(svg.replace('marker-end="url(#arrow-positive)"', ""))
    assert plain.getpixel((round(side[0] * 2), round(side[1] * 2))) != green


def test_png_names_have_a_white_halo_over_a_dark_line():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1500 1000">'
        '<rect width="1500" height="1000" fill="#24292f" />'
        '<text class="name" x="200" y="134" text-anchor="middle" font-size="14" fill="#24292f" '
        'stroke="#ffffff" stroke-width="3" paint-order="stroke" unicode-bidi="plaintext">'
        "Ida Lund</text></svg>"
    )
    image = png_of(svg)
    box = image.crop((300, 236, 500, 276))
    white = sum(1 for p in box.get_flattened_data() if p == (255, 255, 255))
    dark = sum(1 for p in box.get_flattened_data() if p == (0x24, 0x29, 0x2F))
    assert white > 300 and dark > 300, (white, dark)
    # The letters are dark, inside white: across the middle of the name, dark, white and dark
    # again alternate.
    row = [image.getpixel((x, 262)) for x in range(300, 500)]
    changes = sum(1 for a, b in zip(row, row[1:], strict=False) if (a[0] > 128) != (b[0] > 128))
    assert changes >= 8, changes


def test_png_halo_is_a_tight_plate_half_the_stroke_width_around_the_letters():
    """The halo reaches as far around the letters as the browser's stroke (half its width), so
    it does not cover neighbouring lines and names more than the browser's does."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100">'
        '<rect width="400" height="100" fill="#24292f" />'
        '<text x="200" y="50" text-anchor="middle" font-size="14" fill="#24292f" '
        'stroke="#ffffff" stroke-width="3" paint-order="stroke">Ida Lund</text></svg>'
    )

    # 4 pixels a unit: the halo should reach 6 pixels beyond the letters.
    def grey(svg: str) -> Image.Image:
        return Image.open(io.BytesIO(draw_cairo.png(svg, width=1600, height=400))).convert("L")

    plate = grey(svg).point(lambda v: 255 if v > 128 else 0).getbbox()
    # The same name without its halo, dark on white: where its letters are.
    bare = svg.replace('fill="#24292f" />', 'fill="#ffffff" />').replace('stroke="#ffffff"', "")
    letters = grey(bare).point(lambda v: 255 if v < 128 else 0).getbbox()
    assert plate and letters, (plate, letters)
    margins = (
        letters[0] - plate[0],
        letters[1] - plate[1],
        plate[2] - letters[2],
        plate[3] - letters[3],
    )
    assert all(4 <= m <= 8 for m in margins), margins


def test_text_anchor_and_central_baseline_centre_a_sign_in_its_circle():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        '<g transform="translate(50 50)"><text text-anchor="middle" dominant-baseline="central" '
        'font-size="40" font-weight="700" fill="#000000">+</text></g></svg>'
    )
    image = Image.open(io.BytesIO(draw_cairo.png(svg, width=200, height=200))).convert("L")
    ink = [(x, y) for x in range(200) for y in range(200) if image.getpixel((x, y)) < 128]
    cx = sum(x for x, _ in ink) / len(ink)
    cy = sum(y for _, y in ink) / len(ink)
    # A plus sign's centre is near the middle of its em box: within a few units of (50, 50).
    assert abs(cx - 100) < 3 and abs(cy - 100) < 12, (cx, cy)


@pytest.mark.parametrize("href", ["file:///etc/passwd", "http://127.0.0.1:9/x.png", "x.png"])
def test_nothing_outside_the_drawing_is_fetched(tmp_path, href, monkeypatch):
    secret = tmp_path / "secret.png"
    Image.new("RGB", (10, 10), "red").save(secret)
    href = href.replace("x.png", str(secret)) if href == "x.png" else href
    opened = []
    monkeypatch.setattr("urllib.request.urlopen", lambda *a, **k: opened.append(a))
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'viewBox="0 0 100 100"><rect width="100" height="100" fill="white"/>'
        f'<image href="{href}" xlink:href="{href}" width="100" height="100"/>'
        f'<image href="file://{secret}" width="100" height="100"/></svg>'
    )
    image = Image.open(io.BytesIO(draw_cairo.png(svg, width=100, height=100))).convert("RGB")
    assert set(image.get_flattened_data()) == {(255, 255, 255)}
    assert opened == []
    pdf = draw_cairo.pdf(svg)
    assert b"/Image" not in pdf


def test_empty_and_degenerate_parts_draw_nothing_and_do_not_fail():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        '<defs><marker id="m" viewBox="0 0 0 0" markerWidth="4" markerHeight="4" orient="auto">'
        '<path d="M 0 0 L 10 5 L 0 10 z" /></marker></defs>'
        '<svg width="0" height="10" viewBox="0 0 10 10"><circle r="5" /></svg>'
        '<svg width="10" height="10" viewBox="0 0 0 10"><circle r="5" /></svg>'
        '<line x1="0" y1="0" x2="10" y2="10" stroke="#000" stroke-width="0" marker-end="url(#m)" />'
        '<line x1="0" y1="0" x2="10" y2="10" stroke="#000" marker-end="url(#m)" />'
        '<line x1="0" y1="0" x2="10" y2="10" stroke="#000" marker-end="url(#missing)" />'
        '<circle r="-3" /><rect width="-1" height="4" /><text font-size="0">x</text><text> </text>'
        f'<image href="{PHOTOS["p2"]}" width="0" height="10" />'
        '<image href="data:image/png;base64,not-a-png" width="10" height="10" />'
        '<g clip-path="url(#nothing)"><path d="" /></g>'
        "</svg>"
    )
    assert draw_cairo.pdf(svg).startswith(b"%PDF")
    assert draw_cairo.png(svg, width=10, height=10).startswith(b"\x89PNG")
    empty = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 0"><circle r="5" /></svg>'
    assert draw_cairo.png(empty, width=10, height=10).startswith(b"\x89PNG")


def test_entities_are_refused():
    svg = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'
    )
    with pytest.raises(ValueError):
        draw_cairo.pdf(svg)


def test_photos_are_drawn_inside_their_circle():
    svg = rich_svg()
    image = png_of(svg)
    for key, expected in (("ph1", (0, 0, 255)), ("ph2", (0, 255, 0))):
        x, y = group_position(svg, f"contact-{key}")
        centre = image.getpixel((round(x * 2 - 8), round(y * 2 - 8)))
        assert all(abs(a - b) < 40 for a, b in zip(centre, expected, strict=True)), centre
        # The corner of the picture's square lies outside the circle: not drawn there.
        corner = image.getpixel((round((x - 13) * 2), round((y - 13) * 2)))
        assert corner != centre


def test_a_500_person_a3_pdf_is_small():
    pdf = map_pdf(
        document=sample_document(500, seed=3),
        sector_set=DK_SOCIALSTYRELSEN,
        citizen_label="Ida Jensen",
        paper="A3",
        language="en",
    )
    assert len(pdf) < 300 * 1024, len(pdf)
    _reader, text = pdf_text(pdf)
    assert "Network map of Ida Jensen" in text
    # Each name is in the text as often as there are people of that name, not nine times.
    names = Counter(c.name for c in sample_document(500, seed=3).contacts)
    assert {name: text.count(name) for name in names} == dict(names)
