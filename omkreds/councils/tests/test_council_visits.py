"""The coordinator records a visit to each invitee of a council, not only the first in the list."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from omkreds.councils import services as sc
from omkreds.councils.tests.setup_councils import prepared
from omkreds.lib.testing.cast import login


def _coordinator(cast) -> Client:
    client = Client()
    login(client, cast.coordinator)
    return client


def test_a_visit_to_each_of_three_invitees_is_recorded(cast):
    council = prepared(cast)
    sc.council_invitee_add(council=council, by=cast.worker, name="Cia Nabo", email="cia@example.dk")
    invitees = list(council.meeting.invitees.in_order())
    assert len(invitees) >= 3
    client = _coordinator(cast)
    today = timezone.localdate()
    for days_ago, invitee in enumerate(invitees):
        response = client.post(
            f"/councils/{council.pk}/visits/",
            {
                "invitee": invitee.pk,
                "visited_on": (today - dt.timedelta(days=days_ago)).isoformat(),
                "presented_questions": "on",
                "will_attend": "yes" if days_ago % 2 == 0 else "no",
                "note": f"Besøg hos {invitee.name}",
            },
        )
        assert response.status_code == 302, response.content.decode()[:500]
    visits = {v.invitee_id: v for v in council.visits.all()}
    assert set(visits) == {i.pk for i in invitees}
    for days_ago, invitee in enumerate(invitees):
        visit = visits[invitee.pk]
        assert visit.visited_on == today - dt.timedelta(days=days_ago)
        assert visit.will_attend is (days_ago % 2 == 0)
        assert visit.note == f"Besøg hos {invitee.name}"
    page = client.get(f"/councils/{council.pk}/").content.decode()
    for invitee in invitees:
        assert f"Besøg hos {invitee.name}" in page


def test_a_visit_to_someone_not_invited_is_refused_and_nothing_is_recorded(cast):
    council = prepared(cast)
    other = prepared(cast).meeting.invitees.first()
    response = _coordinator(cast).post(
        f"/councils/{council.pk}/visits/",
        {"invitee": other.pk, "visited_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert not council.visits.exists()
