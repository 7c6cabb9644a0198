"""Two people add the same invitee at the same moment: one gets them on the
list, the other the clear "already invited" message — never a 500 from the unique constraint.

On PostgreSQL real threads race (each with its own connection, meeting at a barrier); the meeting
row is locked before the duplicate check, so the second writer waits and then sees the first's
row. SQLite's in-memory test database cannot make threads wait (see lib/tests/test_concurrency.py),
so there the other writer's row is put in between the check and the insert, which is what the
race did before the lock: the unique constraint answers and the service turns it into the same
message.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from omkreds.lib.testing.cast import login
from omkreds.lib.testing.race import at_once, racing
from omkreds.meetings import services_invitations
from omkreds.meetings.errors import DuplicateInvitee
from omkreds.meetings.models import Invitee

K = 8


@racing
@pytest.mark.django_db(transaction=True)
def test_parallel_adds_of_the_same_person_add_one_and_tell_the_rest(scheduled, cast):
    def add(i):
        try:
            services_invitations.invitee_add(
                meeting=scheduled,
                by=cast.worker,
                name=f"Britt Syster {i}",
                email="Britt@Example.se" if i % 2 else "britt@example.se",
            )
        except DuplicateInvitee as error:
            return ("duplicate", " ".join(error.messages))
        return ("added", i)

    outcomes, errors = at_once(K, add)
    results = list(outcomes.values())

    assert errors == []
    added = [r for r in results if r[0] == "added"]
    refused = [r for r in results if r[0] == "duplicate"]
    assert len(added) == 1 and len(refused) == K - 1
    assert all("is already invited to this meeting" in message for _kind, message in refused)
    assert scheduled.invitees.count() == 1


@racing
@pytest.mark.django_db(transaction=True)
def test_parallel_form_posts_answer_one_added_and_the_others_a_message(scheduled, cast):
    url = f"/citizens/{cast.citizen.pk}/meetings/{scheduled.pk}/invitees/"
    form = {
        "name": "Britt Syster",
        "email": "britt@example.se",
        "language": "sv",
        "channel": "email",
        "kind": "close",
    }
    clients = []
    for _ in range(4):
        client = Client()
        login(client, cast.worker)
        clients.append(client)

    def post(i):
        with translation.override("en"):
            response = clients[i].post(url, form)
        return response.status_code, response.content.decode()

    outcomes, errors = at_once(4, post)
    results = list(outcomes.values())

    assert errors == []
    statuses = sorted(status for status, _body in results)
    assert 500 not in statuses
    assert statuses.count(302) == 1
    refused = [body for status, body in results if status != 302]
    assert len(refused) == 3
    assert all("Britt Syster is already invited to this meeting." in body for body in refused)
    assert Invitee.objects.filter(meeting=scheduled).count() == 1


def _other_writer_in_between(monkeypatch, meeting, **row):
    """Let the duplicate check run, then let another writer's row in before the insert."""
    check = services_invitations._duplicate
    pending = [row]

    def check_then_other_writer(*args, **kwargs):
        found = check(*args, **kwargs)
        if pending:
            Invitee.objects.create(meeting=meeting, channel="email", language="sv", **pending.pop())
        return found

    monkeypatch.setattr(services_invitations, "_duplicate", check_then_other_writer)


@pytest.mark.django_db
def test_the_unique_constraint_gives_the_same_message_not_an_error(scheduled, cast, monkeypatch):
    _other_writer_in_between(monkeypatch, scheduled, name="Britt Syster", email="britt@example.se")

    with pytest.raises(DuplicateInvitee) as caught:
        services_invitations.invitee_add(
            meeting=scheduled, by=cast.worker, name="Britt Syster", email="britt@example.se"
        )

    assert caught.value.messages == ["Britt Syster is already invited to this meeting."]
    assert caught.value.message_dict == {
        "name": ["Britt Syster is already invited to this meeting."]
    }
    # Nothing of the refused add is left, and the database still takes the next change.
    assert scheduled.invitees.count() == 0
    services_invitations.invitee_add(
        meeting=scheduled, by=cast.worker, name="Mads", phone="+45 1234"
    )
    assert list(scheduled.invitees.values_list("name", flat=True)) == ["Mads"]


@pytest.mark.django_db
def test_the_form_shows_the_message_when_the_constraint_answers(
    client, scheduled, cast, monkeypatch
):
    _other_writer_in_between(monkeypatch, scheduled, name="Britt Syster", email="britt@example.se")
    login(client, cast.worker)

    response = client.post(
        f"/citizens/{cast.citizen.pk}/meetings/{scheduled.pk}/invitees/",
        {
            "name": "Britt Syster",
            "email": "BRITT@example.se",
            "language": "sv",
            "channel": "email",
            "kind": "close",
        },
    )

    assert response.status_code == 400
    assert "Britt Syster is already invited to this meeting." in response.content.decode()
    assert scheduled.invitees.count() == 0
