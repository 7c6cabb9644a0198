"""Figures beside the map, on the figures page and in the API, and over time."""

import pytest
from django.utils import timezone

from omkreds.access.models import AccessLogEntry
from omkreds.access.policy import Action
from omkreds.networks.agreed.services import agreement_mark
from omkreds.networks.present_figures import sparkline
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data, tie

pytestmark = pytest.mark.django_db


def url(citizen, rest=""):
    return f"/citizens/{citizen.pk}/map/{rest}"


def save(cast, *contacts, ties=(), based_on=None):
    return map_save(
        citizen=cast.citizen, author=cast.worker, document=data(contacts, ties), based_on=based_on
    )


def two_versions(cast):
    save(
        cast,
        contact("anna", "Anna", closeness=0.1, valence="negative", support_kinds=["emotional"]),
        contact("dr", "Dr Berg", sector="professionals", closeness=0.6),
    )
    save(
        cast,
        contact("anna", "Anna", closeness=0.1, valence="negative", support_kinds=["emotional"]),
        contact("dr", "Dr Berg", sector="professionals", closeness=0.6),
        contact("bo", "Bo", sector="relatives", support_kinds=["practical"]),
        contact("hidden", "Hidden Person", valence="positive", safety_marker=True, closeness=0.1),
        ties=[tie("anna", "bo"), tie("anna", "hidden", kind="conflict")],
        based_on=1,
    )


def test_figures_page_shows_every_figure_and_the_warning_signs(
    cast, login_as, django_assert_max_num_queries
):
    two_versions(cast)
    client = login_as(cast.worker)
    with django_assert_max_num_queries(14):
        response = client.get(url(cast.citizen, "figures/"))
    assert response.status_code == 200
    body = response.content.decode()
    for text in [
        "People per sector",
        "Private network",
        "Professional network",
        "How the relations affect",
        "Density",
        "People without lines to others",
        "Dr Berg",  # the only one without a line
        "Who can help with what",
        "A negative relation is in the inner ring.",
        "Only one person gives emotional support.",
        "No one in these sectors: Others, Work/school.",
        "Over time",
    ]:
        assert text in body, text
    assert 'class="sparkline"' in body
    assert AccessLogEntry.objects.filter(
        user=cast.worker, citizen_id=cast.citizen.pk, action=Action.VIEW_MAP
    ).exists()


def test_over_time_has_one_column_per_version_with_the_counts(cast, login_as):
    two_versions(cast)
    body = login_as(cast.worker).get(url(cast.citizen, "figures/")).content.decode()
    row = body[body.index('<th scope="row">People</th>') :].split("</tr>")[0]
    assert row.count('<td class="number">') == 2
    # Newest first: version 2 (4 people), then version 1 (2).
    assert '<td class="number">4</td><td class="number">2</td>' in row


def test_the_query_count_does_not_grow_with_versions(cast, login_as, django_assert_max_num_queries):
    first = save(cast, contact("anna"))
    number = first.number
    for _ in range(30):
        number = save(cast, contact("anna"), based_on=number).number
    client = login_as(cast.worker)
    with django_assert_max_num_queries(14):
        body = client.get(url(cast.citizen, "figures/")).content.decode()
    # The newest 24 versions are shown.
    assert f">v{number}<" in body and ">v8<" in body and ">v7<" not in body


def test_professional_figures_leave_out_safety_marked_people(cast, login_as):
    two_versions(cast)
    body = login_as(cast.professional).get(url(cast.citizen, "figures/")).content.decode()
    assert "Hidden Person" not in body
    data = login_as(cast.professional).get(f"/api/v1/citizens/{cast.citizen.pk}/map/figures")
    figures = data.json()["figures"]
    assert figures["contacts"] == 3
    assert figures["valence"][0] == {"key": "positive", "label": "positive", "count": 0}


def test_editor_shows_figures_beside_the_map(cast, login_as):
    two_versions(cast)
    body = login_as(cast.worker).get(url(cast.citizen)).content.decode()
    assert 'id="figures-heading"' in body
    assert "A negative relation is in the inner ring." in body
    assert url(cast.citizen, "figures/") in body
    # Not in front of the citizen: the together mode shows the questions instead.
    body = login_as(cast.worker).get(url(cast.citizen, "together/")).content.decode()
    assert 'id="figures-heading"' not in body


def test_figures_before_the_first_save(cast, login_as):
    body = login_as(cast.worker).get(url(cast.citizen, "figures/")).content.decode()
    assert "No version of the map has been saved yet." in body
    response = login_as(cast.worker).get(f"/api/v1/citizens/{cast.citizen.pk}/map/figures")
    assert response.json()["version"] is None
    assert response.json()["over_time"] == []


def test_figures_api(cast, login_as):
    two_versions(cast)
    client = login_as(cast.worker)
    response = client.get(f"/api/v1/citizens/{cast.citizen.pk}/map/figures")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 2
    assert body["figures"]["contacts"] == 4
    assert body["figures"]["professional"] == 1
    assert body["figures"]["ties"] == 2 and body["figures"]["conflicts"] == 1
    assert body["figures"]["without_ties"] == ["Dr Berg"]
    helpers = {row["key"]: row["names"] for row in body["figures"]["helpers"]}
    assert helpers["emotional"] == ["Anna"] and helpers["practical"] == ["Bo"]
    codes = [w["code"] for w in body["figures"]["warnings"]]
    assert "negative_inner" in codes and "single_emotional_supporter" in codes
    # Newest first, as the page shows them; no version agreed yet, so every version.
    assert [row["contacts"] for row in body["over_time"]] == [4, 2]
    assert [row["number"] for row in body["over_time"]] == [2, 1]
    assert body["over_time_versions"] == "all"
    old = client.get(f"/api/v1/citizens/{cast.citizen.pk}/map/figures?version=1").json()
    assert old["figures"]["contacts"] == 2
    assert client.get(f"/api/v1/citizens/{cast.citizen.pk}/map/figures?version=9").status_code == (
        404
    )
    assert AccessLogEntry.objects.filter(object_type="map_figures").exists()


def test_figures_are_out_of_reach_for_others(cast, login_as):
    two_versions(cast)
    response = login_as(cast.outsider).get(url(cast.citizen, "figures/"))
    assert response.status_code == 404
    assert "Anna" not in response.content.decode()
    assert login_as(cast.worker).post(url(cast.citizen, "figures/")).status_code == 405


def test_sparkline_is_hidden_from_screen_readers_and_spans_the_values():
    line = sparkline([1, 3, 2])
    assert 'aria-hidden="true"' in line and "<polyline" in line
    assert 'aria-hidden="true"' in sparkline([]) and "<polyline" not in sparkline([])
    assert "<polyline" in sparkline([5])


def test_figures_api_over_time_follows_the_agreed_versions_newest_first(cast, login_as):
    """Like the page: the agreed versions, newest first, each with its date; every version on
    request (versions=all); another value is refused before anything is read."""
    people = [contact(f"p{i}", f"Person {i}") for i in range(5)]
    for count in range(1, 6):
        save(cast, *people[:count], based_on=count - 1 or None)
    today = timezone.localdate()
    for number in (1, 3, 4):
        agreement_mark(
            citizen=cast.citizen, by=cast.worker, number=number, agreed_on=today, based_on=5,
            revision=0, note=f"note {number}",
        )  # fmt: skip
    client = login_as(cast.worker)
    base = f"/api/v1/citizens/{cast.citizen.pk}/map/figures"
    body = client.get(base).json()
    assert body["over_time_versions"] == "agreed"
    rows = body["over_time"]
    assert [row["number"] for row in rows] == [4, 3, 1]
    assert [row["contacts"] for row in rows] == [4, 3, 1]
    for row in rows:
        assert row["agreed_on"] == today.isoformat()
    # The figures of the version asked for are not limited to agreed ones.
    assert body["version"] == 5 and body["figures"]["contacts"] == 5
    every = client.get(base + "?versions=all").json()
    assert every["over_time_versions"] == "all"
    assert [row["number"] for row in every["over_time"]] == [5, 4, 3, 2, 1]
    assert [row["agreed_on"] is not None for row in every["over_time"]] == [
        False, True, True, False, True
    ]  # fmt: skip
    # The page shows the same versions in the same order.
    page = client.get(url(cast.citizen, "figures/")).content.decode()
    columns = [page.index(f'/map/versions/{n}/"') for n in (4, 3, 1)]
    assert columns == sorted(columns)
    refused = client.get(base + "?versions=some")
    assert refused.status_code == 422
    assert "versions" in refused.content.decode()
