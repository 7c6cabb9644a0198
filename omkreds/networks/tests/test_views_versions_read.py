"""Versions read as they happened: compare names every change (movement marks, the lines that
went with a removed person), a restore says where it came from once, and "over time" shows the
newest versions first."""

import re

import pytest

from omkreds.networks.models import MapVersion
from omkreds.networks.tests.helpers import contact, tie
from omkreds.networks.tests.test_views_history import save, url

pytestmark = pytest.mark.django_db


def test_compare_names_a_movement_mark_and_the_line_of_a_removed_person(cast, login_as):
    save(
        cast,
        contact("anna", "Anna", trend="closer"),
        contact("bo", "Bo", trend="away"),
        contact("cy", "Cy"),
        ties=[tie("anna", "cy"), tie("bo", "cy")],
    )
    save(cast, contact("anna", "Anna"), contact("bo", "Bo", trend="closer"), based_on=1)
    body = login_as(cast.worker).get(url(cast.citizen, "compare/") + "?a=1&b=2").content.decode()
    assert "Anna: the movement changed from moving closer to steady." in body
    assert "Bo: the movement changed from moving away to moving closer." in body
    assert "Cy was removed." in body
    assert "The line between Anna and Cy was removed." in body
    assert "The line between Bo and Cy was removed." in body


def test_a_restore_without_a_note_says_where_it_came_from_once(cast, login_as):
    save(cast, contact("anna", "Anna"), note="first meeting")
    save(cast, contact("anna", "Anna"), contact("bo", "Bo"), based_on=1)
    client = login_as(cast.worker)
    client.post(url(cast.citizen, "versions/1/restore/"))
    restored = MapVersion.objects.order_by("-number").first()
    assert (restored.number, restored.restored_from, restored.note) == (3, 1, "")
    body = client.get(url(cast.citizen, "history/")).content.decode()
    assert body.lower().count("restored from version 1") == 1
    # A note typed with the restore is kept beside it.
    client.post(url(cast.citizen, "versions/2/restore/"), {"note": "Bo is back"})
    body = client.get(url(cast.citizen, "history/")).content.decode()
    assert "Bo is back" in body and body.lower().count("restored from version 2") == 1


def test_over_time_lists_the_newest_version_first(cast, login_as):
    people = [contact("anna", "Anna")]
    for number in range(1, 4):
        save(cast, *people, based_on=number - 1 or None)
        people.append(contact(f"p{number}", f"P{number}"))
    body = login_as(cast.worker).get(url(cast.citizen, "figures/")).content.decode()
    table = body[body.index('class="figures over-time"') :]
    assert re.findall(r">v(\d+)</a>", table) == ["3", "2", "1"]
    assert "newest first" in table
    people_row = re.search(r"<th scope=\"row\">People</th>(.*?)</tr>", table).group(1)
    assert re.findall(r'<td class="number">(\d+)</td>', people_row) == ["3", "2", "1"]
