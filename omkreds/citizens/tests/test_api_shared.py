"""GET /api/v1/citizens/ for a professional: the citizens shared with them under a consent in
force, as the browser's "Shared with me" shows them (issue 13, point 12)."""

import datetime as dt

import pytest
from django.utils import timezone

from omkreds.access.models import AccessLogEntry, Consent, GivenHow
from omkreds.citizens.models import Citizen

LIST = "/api/v1/citizens/"
API = "/api/v1"


def _citizen(cast, name: str) -> Citizen:
    return Citizen.objects.create(
        organisation=cast.org,
        team=cast.team,
        name=name,
        primary_worker=cast.worker,
        date_of_birth=dt.date(1980, 5, 17),
    )


def _consent(cast, citizen, parts, **extra) -> Consent:
    values = {"to_user": cast.professional, **extra}
    return Consent.objects.create(
        citizen=citizen,
        parts=parts,
        purpose="Patientens team",
        given_how=GivenHow.WRITTEN,
        recorded_by=cast.worker,
        **values,
    )


@pytest.fixture
def shared(cast):
    """Besides the cast's citizen (all parts shared): one with the map only, one with the
    overview, meetings and CTI (the second consent names the organisation), one whose consent
    expired and one whose consent was withdrawn."""
    today = timezone.localdate()
    only_map = _citizen(cast, "Bent Kort")
    _consent(cast, only_map, ["map"])
    three = _citizen(cast, "Cecilie Tre")
    _consent(cast, three, ["overview", "meetings"])
    _consent(cast, three, ["cti"], to_user=None, to_organisation=cast.org)
    expired = _citizen(cast, "Dorte Udløbet")
    _consent(
        cast,
        expired,
        ["map"],
        valid_from=today - dt.timedelta(days=30),
        valid_until=today - dt.timedelta(days=1),
    )
    withdrawn = _citizen(cast, "Erik Trukket")
    _consent(cast, withdrawn, ["map"], withdrawn_at=timezone.now(), withdrawn_by=cast.worker)
    return {"all": cast.citizen, "map": only_map, "three": three}


def _links(citizen, *parts) -> dict:
    paths = {
        "map": f"{API}/citizens/{citizen.pk}/map",
        "overview": f"{API}/citizens/{citizen.pk}/overview",
        "meetings": f"{API}/citizens/{citizen.pk}/meetings",
        "cti": f"{API}/cti/citizens/{citizen.pk}/courses",
    }
    return {p: paths[p] for p in parts}


def test_a_professional_lists_the_citizens_shared_with_them(client, cast, shared, login_as):
    login_as(cast.professional)

    body = client.get(LIST).json()

    expected = {
        shared["map"].pk: (["map"], _links(shared["map"], "map")),
        shared["three"].pk: (
            ["overview", "meetings", "cti"],
            _links(shared["three"], "overview", "cti"),
        ),
        shared["all"].pk: (
            ["map", "overview", "meetings", "cti"],
            _links(shared["all"], "map", "overview", "cti"),
        ),
    }
    assert body["count"] == 3
    assert len(body["items"]) == 3
    for item in body["items"]:
        parts, links = expected[Citizen.objects.get(name=item["name"]).pk]
        assert item["shared"] is True
        assert item["parts"] == parts
        assert item["links"] == links
        # The case's facts are not shared by a consent.
        assert (item["date_of_birth"], item["team"], item["primary_worker"]) == (None,) * 3
    assert [i["name"] for i in body["items"]] == sorted(i["name"] for i in body["items"])
    # Every listed citizen is logged; the expired and withdrawn ones are not listed.
    logged = set(
        AccessLogEntry.objects.filter(user=cast.professional, action="list").values_list(
            "citizen_id", flat=True
        )
    )
    assert logged == set(expected)


def test_each_link_given_answers_the_professional(client, cast, shared, login_as):
    login_as(cast.professional)
    items = client.get(LIST).json()["items"]
    followed = 0
    for item in items:
        for part, url in item["links"].items():
            assert client.get(url).status_code == 200, (item["name"], part)
            followed += 1
        # The parts not consented are out of reach as before.
        for part, url in _links(Citizen.objects.get(pk=item["id"]), "map", "cti").items():
            if part not in item["parts"]:
                assert client.get(url).status_code == 404, (item["name"], part)
    assert followed == 1 + 2 + 3


def test_the_worker_sees_their_cases_unshared_with_every_part_linked(
    client, cast, shared, login_as
):
    login_as(cast.worker)
    items = client.get(LIST).json()["items"]
    assert len(items) >= 3
    for item in items:
        citizen = Citizen.objects.get(pk=item["id"])
        assert item["shared"] is False
        assert item["parts"] == ["map", "overview", "meetings", "cti"]
        assert item["links"] == _links(citizen, "map", "overview", "meetings", "cti")
        assert item["primary_worker"] == {"id": cast.worker.pk, "name": cast.worker.full_name}


def test_a_withdrawn_consent_takes_the_citizen_off_the_list_at_once(client, cast, shared, login_as):
    login_as(cast.professional)
    assert shared["map"].name in [i["name"] for i in client.get(LIST).json()["items"]]
    Consent.objects.filter(citizen=shared["map"]).update(
        withdrawn_at=timezone.now(), withdrawn_by=cast.worker
    )
    names = [i["name"] for i in client.get(LIST).json()["items"]]
    assert names == [shared["all"].name, shared["three"].name]


def test_the_shared_list_is_bounded_in_queries(
    client, cast, shared, login_as, django_assert_max_num_queries
):
    login_as(cast.professional)
    # Session, user, second factor, memberships, count, the page, the log rows, the parts.
    with django_assert_max_num_queries(11):
        assert len(client.get(LIST).json()["items"]) == 3
    for i in range(20):
        _consent(cast, _citizen(cast, f"Borger {i:02}"), ["map", "cti"])
    with django_assert_max_num_queries(11):
        body = client.get(LIST + "?limit=200").json()
    assert body["count"] == len(body["items"]) == 23
    assert all(item["shared"] for item in body["items"])
