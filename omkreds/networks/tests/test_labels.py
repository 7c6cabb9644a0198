"""Names on the map avoid people and each other, the same way every time (labels.py).

The SVG carries the places, so the PNG and the PDF (drawn from it) show them too.
"""

import re

from omkreds.networks.geometry import Frame
from omkreds.networks.labels import (
    Person,
    Placed,
    Sizes,
    label_text,
    meets,
    name_box,
    overlaps,
    place_names,
    target_box,
)
from omkreds.networks.render import render_svg
from omkreds.networks.samples import sample_document
from omkreds.networks.sectors import DK_SOCIALSTYRELSEN
from omkreds.networks.tests.helpers import contact, document


def people_of(doc):
    frame = Frame()
    return [Person(c.id, *frame.to_xy(c.closeness, c.angle), label_text(c)) for c in doc.contacts]


def all_below(people):
    sizes = Sizes()
    return {
        p.id: Placed("below", name_box(p.x, p.y, p.text, "below", sizes), 0, sizes.name_y, "middle")
        for p in people
    }


def test_a_name_that_would_cover_a_person_goes_to_a_free_side():
    # Bo stands right under Anna, where her name would go; Cy stands above her.
    anna, bo, cy = (
        Person("a", 500, 500, "Anna"),
        Person("b", 500, 560, "Bo"),
        Person("c", 500, 440, "Cy"),
    )
    placed = place_names([anna, bo, cy])
    assert [placed[p.id].side for p in (anna, bo, cy)] == ["right", "below", "above"]
    assert overlaps([anna, bo, cy], placed) == (0, 0)
    # Anna's name on the right starts after her shape and is anchored at its start.
    assert (placed["a"].x, placed["a"].anchor) == (20, "start")


def test_placement_is_deterministic_and_keeps_earlier_names():
    people = people_of(sample_document(40, seed=7))
    first = place_names(people)
    assert place_names(people) == first
    # Someone added at the end where no name lies changes no one else's name.
    added = Person("new", 60, 60, "Zed")
    again = place_names([*people, added])
    assert {key: again[key] for key in first} == first


def test_names_on_a_30_person_map_cover_fewer_people_and_names():
    people = people_of(sample_document(30, seed=3))
    assert overlaps(people, place_names(people)) == (1, 4)
    assert overlaps(people, all_below(people)) == (2, 11)


def test_the_500_person_map_overlap_count_is_reported_and_bounded():
    # 500 names do not fit in the circle at print size, whatever the placement: the count is
    # bounded here and never worse than names always below.
    people = people_of(sample_document(500, seed=3))
    names, on_people = overlaps(people, place_names(people))
    below_names, below_on_people = overlaps(people, all_below(people))
    print(
        f"500 people: {names} pairs of names meet, {on_people} names on a person "
        f"(always below: {below_names}, {below_on_people})"
    )
    assert names <= below_names and on_people <= below_on_people
    assert names <= 1650 and on_people <= 5250


def test_the_svg_writes_the_places():
    doc = document(
        [
            contact("a", "Anna", angle=30.0, closeness=0.5),
            contact("b", "Bo", angle=30.0, closeness=0.5 + 60 / 340),
        ]
    )
    svg = render_svg(doc, DK_SOCIALSTYRELSEN, "Carla")
    texts = dict(re.findall(r'data-id="(\w)".*?<text class="name" ([^>]*)>', svg))
    # Bo stands just outside Anna: her name stays below, his goes above, off her.
    assert texts["a"].startswith('y="34" text-anchor="middle"')
    assert texts["b"].startswith('y="-22.2" text-anchor="middle"')


def test_boxes_meet_only_when_they_overlap():
    box = target_box(0, 0, Sizes())
    assert meets(box, (20, 20, 40, 40))
    assert not meets(box, (26, 0, 40, 10))
    assert not meets(box, (-40, -40, -26, -26))
