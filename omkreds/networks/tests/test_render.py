import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from omkreds.networks.geometry import Frame, ring_index, sector_at, spread_angles, zigzag_points
from omkreds.networks.render import RenderOptions, render_svg
from omkreds.networks.sectors import DK_SOCIALSTYRELSEN, SE_TEMAN
from omkreds.networks.tests.helpers import contact, document, tie

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def group(root, contact_id):
    return root.find(f".//svg:g[@id='contact-{contact_id}']", NS)


def translate(element) -> tuple[float, float]:
    x, y = element.get("transform").removeprefix("translate(").removesuffix(")").split()
    return float(x), float(y)


# --- geometry ---------------------------------------------------------------------------------


def test_angle_zero_is_straight_up_and_angles_run_clockwise():
    frame = Frame()
    x, y = frame.to_xy(1.0, 0)
    assert (round(x, 6), round(y, 6)) == (frame.cx, frame.cy - frame.radius)
    x, y = frame.to_xy(1.0, 90)
    assert (round(x, 6), round(y, 6)) == (frame.cx + frame.radius, frame.cy)
    x, y = frame.to_xy(0.0, 180)
    assert (round(x, 6), round(y, 6)) == (frame.cx, frame.cy + frame.r0)


@given(closeness=st.floats(0, 1), angle=st.floats(0, 359.999))
def test_polar_and_cartesian_are_inverse(closeness, angle):
    frame = Frame()
    back_closeness, back_angle = frame.from_xy(*frame.to_xy(closeness, angle))
    assert back_closeness == pytest.approx(closeness, abs=1e-9)
    # Angles are equal on the circle.
    difference = abs(back_angle - angle) % 360
    assert min(difference, 360 - difference) < 1e-6 or frame.radius_at(closeness) == 0


def test_points_off_the_map_are_clamped():
    frame = Frame()
    assert frame.from_xy(frame.cx, frame.cy) == (0.0, 0.0)
    assert frame.from_xy(frame.cx + 5000, frame.cy)[0] == 1.0


def test_rings_and_sectors():
    assert [ring_index(c, 3) for c in (0, 0.33, 0.34, 0.66, 0.67, 1.0)] == [0, 0, 1, 1, 2, 2]
    assert [sector_at(a, 5) for a in (0, 71.9, 72, 359.9, 360)] == [0, 0, 1, 4, 0]
    assert spread_angles(1, 4, 2) == [120, 150]


def test_zigzag_starts_and_ends_at_the_endpoints():
    points = zigzag_points(0, 0, 100, 0)
    assert points[0] == (0, 0) and points[-1] == (100, 0)
    assert len(points) > 4 and any(y != 0 for _, y in points)


# --- render -----------------------------------------------------------------------------------


def sample():
    return document(
        [
            contact(
                "a",
                "Anna",
                sector="family",
                closeness=0.1,
                angle=36,
                valence="positive",
                trend="closer",
            ),
            contact(
                "b",
                "Bo",
                sector="relatives",
                closeness=0.5,
                angle=108,
                valence="negative",
                trend="away",
                wanted_closeness=0.9,
            ),
            contact(
                "c",
                "Cleo",
                sector="professionals",
                closeness=0.9,
                angle=324,
                valence="mixed",
                type="group",
            ),
            contact("d", "Dag", sector="others", closeness=0.6, angle=180, type="deceased"),
            contact(
                "s",
                "Secret Sam",
                sector="others",
                closeness=0.3,
                angle=200,
                safety_marker=True,
                address="Hidden Road 1",
                note="NOTE-XYZ",
            ),
        ],
        [tie("a", "b"), tie("a", "c", "conflict"), tie("s", "a")],
    )


def test_svg_has_centre_rings_wedges_contacts_and_ties():
    root = parse(render_svg(sample(), DK_SOCIALSTYRELSEN, "Carla Citizen"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("svg:title", NS).text == "Network map of Carla Citizen"
    assert len(root.findall(".//svg:path[@class='sector']", NS)) == 5
    assert len(root.findall(".//svg:circle[@class='ring']", NS)) == 3
    assert len(root.findall(".//svg:g[@role='img'][@id]", NS)) == 6  # 5 people + citizen
    assert root.find(".//svg:g[@id='citizen']", NS).get("aria-label") == "Carla Citizen"
    assert len(root.findall(".//svg:line[@class='tie tie-knows']", NS)) == 2
    conflict = root.findall(".//svg:polyline[@class='tie tie-conflict']", NS)
    assert len(conflict) == 1 and conflict[0].get("stroke") == "#cf222e"
    labels = [t.text for t in root.findall(".//svg:g[@class='sector-labels']/svg:text", NS)]
    assert labels == ["Family", "Relatives", "Others", "Work/school", "Professionals"]


def test_contacts_are_placed_by_closeness_and_angle():
    root = parse(render_svg(sample(), DK_SOCIALSTYRELSEN, "C"))
    frame = Frame()
    for c in sample().contacts:
        x, y = translate(group(root, c.id))
        ex, ey = frame.to_xy(c.closeness, c.angle)
        assert (x, y) == (pytest.approx(ex, abs=0.01), pytest.approx(ey, abs=0.01))
        assert float(group(root, c.id).get("data-closeness")) == pytest.approx(c.closeness)
    # Closer people are nearer the centre.
    ax, ay = translate(group(root, "a"))
    cx, cy = translate(group(root, "c"))
    assert math.hypot(ax - frame.cx, ay - frame.cy) < math.hypot(cx - frame.cx, cy - frame.cy)


def test_valence_is_shown_by_colour_and_sign_and_line_style():
    root = parse(render_svg(sample(), DK_SOCIALSTYRELSEN, "C"))
    signs = {cid: group(root, cid).find("svg:text[@class='sign']", NS) for cid in "abcd"}
    assert signs["a"].text == "+" and signs["b"].text == "−" and signs["c"].text == "±"
    assert signs["d"] is None  # neutral: no sign
    shape_b = group(root, "b").find("*[@class='shape']", NS)
    assert shape_b.get("stroke-dasharray") == "5 3" and shape_b.get("stroke") == "#cf222e"
    assert group(root, "a").find("*[@class='shape']", NS).get("stroke-dasharray") is None
    assert (
        group(root, "b").get("aria-label")
        == "Bo, Relatives, relation: negative, moving away, wants more distance"
    )


def test_trend_arrows_point_inwards_or_outwards():
    root = parse(render_svg(sample(), DK_SOCIALSTYRELSEN, "C"))
    closer = group(root, "a").find("svg:line[@class='trend trend-closer']", NS)
    away = group(root, "b").find("svg:line[@class='trend trend-away']", NS)
    assert closer is not None and away is not None
    assert group(root, "c").find("svg:line", NS) is None  # steady
    # Arrow ends are relative to the contact: the "closer" arrow ends nearer the centre.
    frame = Frame()
    ax, ay = translate(group(root, "a"))
    tip = (ax + float(closer.get("x2")), ay + float(closer.get("y2")))
    assert math.dist(tip, (frame.cx, frame.cy)) < math.dist((ax, ay), (frame.cx, frame.cy))


def test_wanted_position_is_a_ghost():
    root = parse(render_svg(sample(), DK_SOCIALSTYRELSEN, "C"))
    ghosts = root.findall(".//svg:g[@class='wanted']", NS)
    assert [g.get("data-for") for g in ghosts] == ["b"]
    circle = ghosts[0].find("svg:circle", NS)
    ex, ey = Frame().to_xy(0.9, 108)
    assert float(circle.get("cx")) == pytest.approx(ex, abs=0.01)
    assert float(circle.get("cy")) == pytest.approx(ey, abs=0.01)


def test_private_map_shows_the_safety_marker():
    svg = render_svg(sample(), DK_SOCIALSTYRELSEN, "C")
    root = parse(svg)
    sam = group(root, "s")
    assert sam is not None and sam.find("svg:path[@class='safety-marker']", NS) is not None
    assert "do not contact" in sam.get("aria-label")


def test_shared_map_leaves_out_safety_marked_people_addresses_and_notes():
    svg = render_svg(sample(), DK_SOCIALSTYRELSEN, "C", RenderOptions(shared=True))
    root = parse(svg)
    assert group(root, "s") is None
    assert "Secret Sam" not in svg and "Hidden Road" not in svg and "NOTE-XYZ" not in svg
    assert "do not contact" not in svg
    ties = root.findall(".//svg:g[@class='ties']/*", NS)
    assert all("s" not in (t.get("data-a"), t.get("data-b")) for t in ties)
    assert len(ties) == 2


def test_script_and_markup_in_names_are_text():
    doc = document(
        [
            contact("x", '<script>alert("x")</script>', closeness=0.2),
            contact("y", "Tom & <b>Jerry</b> \"'", closeness=0.4),
        ]
    )
    svg = render_svg(doc, DK_SOCIALSTYRELSEN, "<img src=x onerror=alert(1)>")
    assert "<script>" not in svg and "<b>" not in svg and "<img" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)
    assert root.find(".//svg:script", NS) is None
    assert group(root, "x").get("aria-label").startswith('<script>alert("x")</script>')
    assert group(root, "y").find("svg:text[@class='name']", NS).text == "Tom & <b>Jerry</b> \"'"
    assert (
        root.find(".//svg:g[@id='citizen']", NS).get("aria-label") == "<img src=x onerror=alert(1)>"
    )


def test_right_to_left_and_emoji_names_survive():
    doc = document([contact("r", "مريم"), contact("e", "👩‍👩‍👧 Family")])
    root = parse(render_svg(doc, DK_SOCIALSTYRELSEN, "שרה"))
    assert group(root, "r").find("svg:text[@class='name']", NS).text == "مريم"
    assert group(root, "e").find("svg:text[@class='name']", NS).text == "👩‍👩‍👧 Family"
    assert group(root, "r").find("svg:text[@class='name']", NS).get("unicode-bidi") == "plaintext"


def test_long_names_are_shortened_on_the_map_but_whole_for_screen_readers():
    name = "Bartholomew Fitzgerald-Montgomery the Third"
    root = parse(render_svg(document([contact("l", name)]), DK_SOCIALSTYRELSEN, "C"))
    shown = group(root, "l").find("svg:text[@class='name']", NS).text
    assert shown.endswith("…") and len(shown) == 24
    assert group(root, "l").get("aria-label").startswith(name)


def test_legend_and_language():
    root = parse(
        render_svg(sample(), SE_TEMAN, "C", RenderOptions(language="sv", caption="2026-11-22"))
    )
    legend = root.find(".//svg:g[@id='legend']", NS)
    texts = [t.text for t in legend.iter("{http://www.w3.org/2000/svg}text")]
    assert "Familj" in texts and "Övrig" in texts and "2026-11-22" in texts
    assert len(legend.findall("svg:g[@class='legend-item']", NS)) >= 4 + 2 + 3 + 6
    no_legend = parse(render_svg(sample(), SE_TEMAN, "C", RenderOptions(legend=False)))
    assert no_legend.find(".//svg:g[@id='legend']", NS) is None


def test_id_prefix_keeps_two_maps_apart():
    root = parse(render_svg(sample(), DK_SOCIALSTYRELSEN, "C", RenderOptions(id_prefix="v2-")))
    assert root.find(".//svg:g[@id='v2-contact-a']", NS) is not None
    assert root.find(".//svg:g[@id='contact-a']", NS) is None


def test_empty_map_and_unknown_sector_render():
    root = parse(render_svg(document(), DK_SOCIALSTYRELSEN, "C"))
    assert root.findall(".//svg:g[@class='contacts']/*", NS) == []
    # A stored map whose organisation set has lost a sector still renders.
    from omkreds.networks.schema import load_stored

    stored = load_stored({"sector_set": "org-1", "contacts": [contact("z", sector="gone")]})
    root = parse(render_svg(stored, None, "C"))
    assert group(root, "z").get("aria-label") == "Z, gone, relation: neutral"
