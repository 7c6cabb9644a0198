"""Every state change of a council names the step it expects (issue 13, point 11).

Two presses of "next step" used to move the council twice: from step 1 past the network's
private meeting straight to the acknowledgement, with no way back. Now a press carries the step
its page showed (the form's hidden `step`, the API's `step`); the council's row is locked, and a
press whose step is no longer the council's is refused (409) with nothing changed.

The races run threads with their own PostgreSQL connections meeting at a barrier; SQLite's
in-memory test database cannot make a second writer wait (see lib/tests/test_concurrency.py),
so there only the one-after-the-other cases run.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from omkreds.councils import services as sc
from omkreds.councils import services_plan as sc_plan
from omkreds.councils.errors import StepChanged
from omkreds.councils.models import CouncilStatus
from omkreds.councils.tests.setup_councils import _at, api_url, in_step, prepared
from omkreds.lib.testing.api import JSON, token_client
from omkreds.lib.testing.cast import login
from omkreds.lib.testing.race import at_once, racing
from omkreds.meetings.models import Meeting

K = 6


def _page(council, tail: str = "") -> str:
    return f"/councils/{council.pk}/{tail}"


# --- Parallel presses on PostgreSQL ------------------------------------------------------------


@racing
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("start", ["preparing", "information", "private"])
def test_parallel_next_step_presses_move_the_council_one_step(cast, start):
    council = prepared(cast) if start == "preparing" else in_step(cast, start)
    assert council.status == start

    def press(i):
        # Each press has its own copy of the council, as each request reads its own.
        mine = type(council).objects.get(pk=council.pk)
        try:
            sc.step_advance(council=mine, by=cast.coordinator, expected=start)
        except StepChanged as error:
            return ("refused", " ".join(error.messages))
        return ("moved", mine.status)

    outcomes, errors = at_once(K, press)
    results = list(outcomes.values())

    after = {"preparing": "information", "information": "private", "private": "acknowledgement"}
    assert errors == []
    assert [r for r in results if r[0] == "moved"] == [("moved", after[start])]
    refused = [message for kind, message in results if kind == "refused"]
    assert len(refused) == K - 1
    assert all("has moved on since this page was opened" in m for m in refused)
    council.refresh_from_db()
    assert council.status == after[start]
    # The way forward is still there: the next press from the new step moves it once more.
    if start != "private":
        sc.step_advance(council=council, by=cast.coordinator, expected=after[start])
        council.refresh_from_db()
        assert council.status == after[after[start]]


@racing
@pytest.mark.django_db(transaction=True)
def test_parallel_api_presses_answer_one_200_and_409_for_the_rest(cast):
    council = in_step(cast, "information")
    clients = [token_client(Client(), cast.coordinator, cast.org) for _ in range(K)]

    def press(i):
        with translation.override("en"):
            response = clients[i].post(
                api_url(council, "/advance"), {"step": "information"}, content_type=JSON
            )
        return response.status_code, response.json()

    outcomes, errors = at_once(K, press)
    results = list(outcomes.values())

    assert errors == []
    statuses = sorted(status for status, _body in results)
    assert statuses == [200] + [409] * (K - 1)
    assert [body["status"] for status, body in results if status == 200] == ["private"]
    for status, body in results:
        if status == 409:
            assert "has moved on since this page was opened" in body["detail"]
            assert "step 2 – the private meeting" in body["detail"]
    council.refresh_from_db()
    assert council.status == CouncilStatus.PRIVATE


@racing
@pytest.mark.django_db(transaction=True)
def test_parallel_closes_close_once_with_one_followup_meeting(cast):
    council = in_step(cast, "presented")
    for proposal in council.proposals.all():
        sc_plan.proposal_answer(proposal=proposal, by=cast.worker, answer="accepted")
    meetings_before = Meeting.objects.filter(citizen=cast.citizen).count()

    def close(i):
        mine = type(council).objects.select_related("meeting").get(pk=council.pk)
        try:
            sc_plan.council_close(
                council=mine, by=cast.worker, next_steps=f"Writer {i}", followup_at=_at(40)
            )
        except StepChanged:
            return ("refused", i)
        return ("closed", i)

    outcomes, errors = at_once(K, close)
    results = list(outcomes.values())

    assert errors == []
    closed = [i for kind, i in results if kind == "closed"]
    assert len(closed) == 1
    council.refresh_from_db()
    assert council.status == CouncilStatus.CLOSED
    assert council.next_steps == f"Writer {closed[0]}"
    assert Meeting.objects.filter(citizen=cast.citizen).count() == meetings_before + 1


# --- One press after another, on every database ------------------------------------------------


@pytest.mark.django_db
def test_a_second_press_of_the_same_button_is_refused_on_the_page(cast):
    council = in_step(cast, "information")
    coordinator = Client()
    login(coordinator, cast.coordinator)
    page = coordinator.get(_page(council)).content.decode()
    assert 'name="step" value="information"' in page

    first = coordinator.post(_page(council, "advance/"), {"step": "information"})
    assert first.status_code == 302
    with translation.override("en"):
        second = coordinator.post(_page(council, "advance/"), {"step": "information"})

    assert second.status_code == 409
    html = second.content.decode()
    assert "The network council has moved on since this page was opened" in html
    assert "step 2 – the private meeting" in html
    # The page now offers the next real step, carrying the step it shows.
    assert 'name="step" value="private"' in html
    council.refresh_from_db()
    assert council.status == CouncilStatus.PRIVATE


@pytest.mark.django_db
def test_a_press_without_a_step_or_with_another_one_changes_nothing(cast):
    council = in_step(cast, "information")
    coordinator = Client()
    login(coordinator, cast.coordinator)
    for data in ({}, {"step": ""}, {"step": "preparing"}, {"step": "bogus"}):
        response = coordinator.post(_page(council, "advance/"), data)
        assert response.status_code == 409, data
        council.refresh_from_db()
        assert council.status == CouncilStatus.INFORMATION


@pytest.mark.django_db
def test_the_api_names_the_step_and_refuses_a_stale_or_missing_one(cast):
    council = in_step(cast, "information")
    client = token_client(Client(), cast.coordinator, cast.org)
    url = api_url(council, "/advance")
    danish = {"content_type": JSON, "HTTP_ACCEPT_LANGUAGE": "da"}
    missing = client.post(url, {}, **danish)
    bogus = client.post(url, {"step": "closed"}, **danish)
    stale = client.post(url, {"step": "preparing"}, **danish)
    assert missing.status_code == 422
    assert missing.json()["errors"]["step"] == ["Dette felt skal udfyldes."]
    assert bogus.status_code == 422
    assert stale.status_code == 409
    assert stale.json()["errors"] == {"__all__": [stale.json()["detail"]]}
    assert "Intet blev ændret" in stale.json()["detail"]
    council.refresh_from_db()
    assert council.status == CouncilStatus.INFORMATION

    moved = client.post(url, {"step": "information"}, content_type=JSON)
    assert moved.status_code == 200
    assert moved.json()["status"] == "private"


@pytest.mark.django_db
def test_a_council_object_read_before_another_press_is_refused(cast):
    # A request that read the council before another press committed: its own copy still
    # says "information"; the locked row says "private".
    council = in_step(cast, "information")
    other = type(council).objects.get(pk=council.pk)
    sc.step_advance(council=other, by=cast.coordinator)
    with pytest.raises(StepChanged):
        sc.step_advance(council=council, by=cast.coordinator)
    with pytest.raises(StepChanged):
        sc_plan.plan_present(council=council, by=cast.coordinator)
    council.refresh_from_db()
    assert council.status == CouncilStatus.PRIVATE
