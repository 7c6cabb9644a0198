"""Versions read as they happened: one entry per sitting in the history, compare names every
change (movement marks, the lines that went with a removed person), a restore says where it
came from once, and "over time" shows the newest versions first."""

import re
from datetime import timedelta

import pytest
from django.db.models import F

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


def test_the_autosaves_of_one_sitting_are_one_entry_with_each_save_kept(cast, login_as):
    people = [contact("anna", "Anna")]
    for number in range(1, 6):  # five autosaves by the worker, seconds apart
        save(cast, *people, based_on=number - 1 or None, note=f"save {number}")
        people.append(contact(f"p{number}", f"P{number}"))
    save(cast, *people, based_on=5, author=cast.lead, note="the lead looked")
    body = login_as(cast.worker).get(url(cast.citizen, "history/")).content.decode()
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", body, re.S)
    assert len(rows) == 2
    assert "Version 6" in rows[0] and "the lead looked" in rows[0]
    assert "5 saves in one sitting, from version 1" in rows[1]
    # Each save is still there, with its time and note, and can be restored.
    assert [f"save {n}" in rows[1] for n in range(1, 6)] == [True] * 5
    assert all(url(cast.citizen, f"versions/{n}/restore/") in rows[1] for n in range(1, 6))
    # "What changed" compares the whole sitting: from before it (nothing) is not offered;
    # the lead's entry compares with the sitting's last version.
    assert "compare/?a=5&amp;b=6" in rows[0] and "compare/" not in rows[1]


def test_a_pause_or_a_restore_starts_a_new_sitting(cast, login_as):
    save(cast, contact("anna", "Anna"), note="morning")
    MapVersion.objects.filter(number=1).update(created_at=F("created_at") - timedelta(hours=2))
    save(cast, contact("anna", "Anna"), contact("bo", "Bo"), based_on=1, note="afternoon")
    client = login_as(cast.worker)
    client.post(url(cast.citizen, "versions/1/restore/"))
    body = client.get(url(cast.citizen, "history/")).content.decode()
    assert len(re.findall(r"<tr>\s*<th scope=\"row\">", body)) == 3
