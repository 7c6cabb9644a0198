"""Marking map versions as agreed with the citizen (issue 14, point 4): the write, its refusals,
the change history, and compare and over time defaulting to the marks."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from omkreds.access.models import ChangeRecord
from omkreds.networks.contributions import insight_part
from omkreds.networks.models import MapAgreement
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data

pytestmark = pytest.mark.django_db


def url(citizen, rest=""):
    return f"/citizens/{citizen.pk}/map/{rest}"


def versions(cast, count):
    """`count` versions; version n has n people."""
    for number in range(1, count + 1):
        people = [contact(f"p{i}", f"Person {i}", angle=i * 20.0) for i in range(number)]
        map_save(
            citizen=cast.citizen,
            author=cast.worker,
            document=data(people),
            based_on=number - 1 or None,
        )


def mark(client, cast, number, *, based_on, revision=0, on=None, note=""):
    return client.post(
        url(cast.citizen, f"versions/{number}/agreed/"),
        {
            "agreed_on": (on or timezone.localdate()).isoformat(),
            "note": note,
            "based_on": based_on,
            "revision": revision,
        },
    )


def test_worker_marks_changes_and_removes_the_agreed_mark_each_in_the_history(cast, login_as):
    versions(cast, 3)
    client = login_as(cast.worker)
    today = timezone.localdate()
    response = mark(client, cast, 2, based_on=3, note="We agreed on this at the kitchen table")
    assert response.status_code == 302
    agreement = MapAgreement.objects.get()
    assert (agreement.version.number, agreement.agreed_on, agreement.revision) == (2, today, 1)
    page = client.get(url(cast.citizen, "versions/2/")).content.decode()
    assert "Agreed with the citizen on" in page
    assert "We agreed on this at the kitchen table" in page

    assert mark(client, cast, 2, based_on=3, revision=1, note="changed").status_code == 302
    agreement.refresh_from_db()
    assert (agreement.note, agreement.revision) == ("changed", 2)

    response = client.post(
        url(cast.citizen, "versions/2/agreed/remove/"), {"based_on": 3, "revision": 2}
    )
    assert response.status_code == 302
    assert not MapAgreement.objects.exists()
    kinds = list(
        ChangeRecord.objects.filter(citizen=cast.citizen).order_by("id").values_list("kind", "user")
    )
    assert kinds == [
        ("map_agreed", cast.worker.pk),
        ("map_agreement_changed", cast.worker.pk),
        ("map_agreement_removed", cast.worker.pk),
    ]
    history = client.get(f"/citizens/{cast.citizen.pk}/history/").content.decode()
    assert "map version marked as agreed" in history
    assert "agreed mark taken off a map version" in history


def test_a_mark_based_on_an_older_version_or_revision_is_refused_with_409(cast, login_as):
    versions(cast, 3)
    client = login_as(cast.worker)
    # The page showed version 2 as the latest; version 3 was saved since.
    response = mark(client, cast, 2, based_on=2)
    assert response.status_code == 409
    assert "changed since you opened this page" in response.content.decode()
    assert not MapAgreement.objects.exists()
    assert mark(client, cast, 2, based_on=3).status_code == 302
    # Someone else marked it meanwhile: a second "new" mark and a removal of revision 0 fail.
    response = mark(client, cast, 2, based_on=3, revision=0, note="mine")
    assert response.status_code == 409
    removed = client.post(
        url(cast.citizen, "versions/2/agreed/remove/"), {"based_on": 2, "revision": 1}
    )
    assert removed.status_code == 409
    assert MapAgreement.objects.get().note == ""
    assert ChangeRecord.objects.filter(citizen=cast.citizen).count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"agreed_on": "2026-13-45"}, "Enter a valid date."),
        ({"agreed_on": "2999-01-01"}, "The date cannot be in the future."),
        ({"agreed_on": "2001-01-01"}, "The date cannot be before the version was saved"),
        ({"note": "x" * 501}, "Ensure this value has at most 500 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(cast, login_as, fields, message):
    versions(cast, 3)
    client = login_as(cast.worker)
    body = {"agreed_on": timezone.localdate().isoformat(), "based_on": 3, "revision": 0}
    response = client.post(url(cast.citizen, "versions/3/agreed/"), {**body, **fields})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MapAgreement.objects.exists()
    assert not ChangeRecord.objects.filter(citizen=cast.citizen).exists()


def test_unknown_version_and_wrong_method(cast, login_as):
    versions(cast, 3)
    client = login_as(cast.worker)
    unreadable = mark(client, cast, 3, based_on=3, revision="-1")
    assert unreadable.status_code == 409
    assert "changed since you opened this page" in unreadable.content.decode()
    assert mark(client, cast, 9, based_on=3).status_code == 404
    assert client.get(url(cast.citizen, "versions/3/agreed/")).status_code == 405
    assert client.get(url(cast.citizen, "versions/3/agreed/remove/")).status_code == 405
    assert not MapAgreement.objects.exists()


def test_professional_sees_the_mark_without_its_note_or_form(cast, login_as):
    versions(cast, 3)
    assert mark(login_as(cast.worker), cast, 3, based_on=3, note="secret note").status_code == 302
    client = login_as(cast.professional)
    page = client.get(url(cast.citizen, "versions/3/")).content.decode()
    assert "Agreed with the citizen on" in page
    assert "secret note" not in page
    assert "/agreed/" not in page
    assert mark(client, cast, 3, based_on=3, revision=1).status_code == 404


def _compared(page: str) -> tuple[int, int]:
    found = re.search(r"From version (\d+) to version (\d+)", page)
    return int(found[1]), int(found[2])


def test_compare_defaults_to_the_agreed_versions(cast, login_as):
    versions(cast, 5)
    client = login_as(cast.worker)
    assert _compared(client.get(url(cast.citizen, "compare/")).content.decode()) == (4, 5)
    assert mark(client, cast, 2, based_on=5).status_code == 302
    # One mark: from it to the latest.
    assert _compared(client.get(url(cast.citizen, "compare/")).content.decode()) == (2, 5)
    assert mark(client, cast, 4, based_on=5).status_code == 302
    assert mark(client, cast, 1, based_on=5).status_code == 302
    page = client.get(url(cast.citizen, "compare/")).content.decode()
    # Several: the two newest marks, each named as agreed in the choices and the heading.
    assert _compared(page) == (2, 4)
    assert "Version 2 was agreed with the citizen" in page
    assert "Version 4 was agreed with the citizen" in page
    for number in (1, 2, 4):
        assert re.search(rf">{number}, agreed ", page)
    history = client.get(url(cast.citizen, "history/")).content.decode()
    for number in (1, 2, 4):
        assert f"Version {number} agreed with the citizen" in history
    assert 'value="2" selected' in history and 'value="4" selected' in history


def _over_time_columns(page: str) -> list[int]:
    table = page.split('class="figures over-time"')[1].split("</thead>")[0]
    return [int(n) for n in re.findall(r"/map/versions/(\d+)/", table)]


def test_over_time_shows_the_agreed_versions_newest_first_unless_asked_for_all(
    cast, login_as, django_assert_max_num_queries
):
    versions(cast, 6)
    client = login_as(cast.worker)
    assert _over_time_columns(client.get(url(cast.citizen, "figures/")).content.decode()) == [
        6,
        5,
        4,
        3,
        2,
        1,
    ]
    for number in (1, 3, 4):
        assert mark(client, cast, number, based_on=6).status_code == 302
    with django_assert_max_num_queries(25):
        page = client.get(url(cast.citizen, "figures/")).content.decode()
    assert _over_time_columns(page) == [4, 3, 1]
    assert "The figures of the 3 versions agreed with the citizen" in page
    # People per column: version n has n people.
    people_row = page.split('<th scope="row">People</th>')[-1].split("</tr>")[0]
    assert re.findall(r'class="number">(\d+)<', people_row) == ["4", "3", "1"]
    every = client.get(url(cast.citizen, "figures/?versions=all")).content.decode()
    assert _over_time_columns(every) == [6, 5, 4, 3, 2, 1]


def test_history_lists_marks_in_bounded_queries(cast, login_as, django_assert_max_num_queries):
    versions(cast, 3)
    client = login_as(cast.worker)
    for number in (1, 2, 3):
        assert mark(client, cast, number, based_on=3).status_code == 302
    with django_assert_max_num_queries(20):
        client.get(url(cast.citizen, "history/"))
    versions_more = 12
    for number in range(4, versions_more + 1):
        map_save(
            citizen=cast.citizen,
            author=cast.lead,
            document=data([contact("p0", closeness=number / 20)]),
            based_on=number - 1,
        )
        assert mark(client, cast, number, based_on=number).status_code == 302
    # Four times the versions and marks, the same bound.
    with django_assert_max_num_queries(20):
        body = client.get(url(cast.citizen, "history/")).content.decode()
    for number in range(1, versions_more + 1):
        assert f"Version {number} agreed with the citizen" in body


def test_insight_export_holds_the_marks(cast, login_as):
    versions(cast, 3)
    client = login_as(cast.worker)
    for number, note in [(1, "first"), (2, "second"), (3, "third")]:
        assert mark(client, cast, number, based_on=3, note=note).status_code == 302
    exported = insight_part(cast.citizen)["map_agreements"]
    assert sorted((a["version_number"], a["note"]) for a in exported) == [
        (1, "first"),
        (2, "second"),
        (3, "third"),
    ]
    assert all(a["agreed_on"] == timezone.localdate().isoformat() for a in exported)
    assert dt.date.fromisoformat(exported[0]["agreed_on"])
