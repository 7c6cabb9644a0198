import pytest

from omkreds.access import log
from omkreds.access.models import AccessLogEntry
from omkreds.citizens.models import Citizen
from omkreds.lib.testing.cast import CANARY

pytestmark = pytest.mark.django_db


def test_search_page_and_full_page_post(cast, login_as):
    client = login_as(cast.lead)
    assert client.get("/citizens/search/").status_code == 200
    response = client.post("/citizens/search/", {"name": "canary-7F3A"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body
    assert "CANARY-7f3a-citizen-name" in body
    assert "CANARY-7f3a-colleague-citizen" in body
    assert "CANARY-7f3a-other-team-citizen" not in body
    assert "CANARY-7f3a-outsider-citizen" not in body
    assert AccessLogEntry.objects.filter(user=cast.lead, action=log.SEARCH).count() == 2


def test_htmx_gets_a_fragment(cast, login_as):
    response = login_as(cast.worker).post(
        "/citizens/search/", {"name": "citizen-name"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "CANARY-7f3a-citizen-name" in body
    assert "1 match" in body


def test_search_finds_nothing_out_of_reach(cast, login_as):
    body = login_as(cast.worker).post("/citizens/search/", {"name": "colleague"}).content.decode()
    assert CANARY not in body
    assert "No match" in body
    assert not AccessLogEntry.objects.filter(action=log.SEARCH).exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "This field is required."), ("a", "at least 2 characters"), ("x" * 201, "at most 200")],
)
def test_search_bad_input(cast, login_as, name, message):
    for headers in ({}, {"HX-Request": "true"}):
        response = login_as(cast.worker).post("/citizens/search/", {"name": name}, headers=headers)
        assert response.status_code == 200
        assert message in response.content.decode()


def test_the_name_never_goes_in_the_url(cast, login_as):
    response = login_as(cast.worker).get("/citizens/search/", {"name": "citizen-name"})
    assert CANARY not in response.content.decode()
    assert 'method="post"' in response.content.decode()


@pytest.mark.parametrize("who", ["professional", "coordinator", "admin"])
def test_search_is_for_case_roles(cast, login_as, who):
    assert (
        login_as(getattr(cast, who)).post("/citizens/search/", {"name": "canary"}).status_code
        == 404
    )


def test_search_query_count_is_bounded(cast, login_as, django_assert_max_num_queries):
    Citizen.objects.bulk_create(
        Citizen(organisation=cast.org, team=cast.team, name=f"Many {i}", primary_worker=cast.worker)
        for i in range(80)
    )
    client = login_as(cast.worker)
    with django_assert_max_num_queries(10):
        response = client.post("/citizens/search/", {"name": "many"})
    assert response.context["more"] is True
    assert len(response.context["results"]) == 50


def test_search_wrong_method(cast, login_as):
    assert login_as(cast.worker).put("/citizens/search/").status_code == 405
