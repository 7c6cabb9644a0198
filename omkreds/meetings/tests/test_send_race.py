"""Two (or eight) simultaneous presses of "send" send nothing twice (issue 13, point 11):
real threads on PostgreSQL, each with its own connection, against a real SMTP server.

The deliveries are planned under the meeting's row lock, so the later presses find them; the
mail task claims each delivery before sending it. SQLite's in-memory test database cannot make
threads wait (see lib/testing/race.py); there the presses run one after the other.
"""

from __future__ import annotations

import collections

import pytest
from django.test import Client
from django.utils import translation

from omkreds.lib.testing.cast import login
from omkreds.lib.testing.race import at_once, racing
from omkreds.meetings import services_invitations, services_memo
from omkreds.meetings.models import Delivery

K = 8


def _race(k: int, act) -> tuple[list, list[str]]:
    """k presses at the same moment: what each returned (a list), and the errors."""
    results, errors = at_once(k, act)
    return list(results.values()), errors


EMAILS = ("anna@example.dk", "bo@example.dk", "cai@example.dk")


def _invite(meeting, cast):
    for address in EMAILS:
        services_invitations.invitee_add(
            meeting=meeting, by=cast.worker, name=address.split("@")[0].title(), email=address
        )
    services_invitations.invitee_add(
        meeting=meeting, by=cast.worker, name="Dorte Brev", postal_address="Vej 1"
    )


@racing
@pytest.mark.django_db(transaction=True)
def test_parallel_sends_e_mail_each_invitee_once(scheduled, cast, smtp_server):
    _invite(scheduled, cast)

    results, errors = _race(
        K, lambda i: services_invitations.invitations_send(meeting=scheduled, by=cast.worker)
    )

    assert errors == []
    per_address = collections.Counter(r for e in smtp_server.envelopes for r in e.recipients)
    assert per_address == dict.fromkeys(EMAILS, 1)  # 0 duplicate mails
    emailed = [i.name for result in results for i in result.emailed]
    assert sorted(emailed) == ["Anna", "Bo", "Cai"]
    letters = [letter.invitee.name for result in results for letter in result.letters]
    assert letters == ["Dorte Brev"]
    assert Delivery.objects.filter(meeting=scheduled).count() == 4


@racing
@pytest.mark.django_db(transaction=True)
def test_parallel_send_buttons_in_the_browser_send_nothing_twice(scheduled, cast, smtp_server):
    _invite(scheduled, cast)
    clients = []
    for _ in range(4):
        client = Client()
        login(client, cast.worker)
        clients.append(client)
    url = f"/citizens/{cast.citizen.pk}/meetings/{scheduled.pk}/send/"

    def press(i):
        with translation.override("en"):
            return clients[i].post(url).status_code

    results, errors = _race(4, press)

    assert errors == [] and results == [302] * 4
    per_address = collections.Counter(r for e in smtp_server.envelopes for r in e.recipients)
    assert per_address == dict.fromkeys(EMAILS, 1)


@racing
@pytest.mark.django_db(transaction=True)
def test_parallel_memo_sends_e_mail_the_memo_once(held, cast, smtp_server):
    services_memo.memo_save(
        meeting=held, by=cast.worker, summary="s", recipients={i.pk for i in held.invitees.all()}
    )
    smtp_server.clear()

    results, errors = _race(K, lambda i: services_memo.memo_send(meeting=held, by=cast.worker))

    assert errors == []
    assert [e.recipients for e in smtp_server.envelopes] == [["britt@example.se"]]
    assert sum(len(r.to_print) for r in results) == 1  # Mads's letter, planned once
    assert sum(len(r.to_call) for r in results) == 1  # Eve's call, planned once


def test_presses_one_after_the_other_send_nothing_twice(scheduled, cast, smtp_server):
    _invite(scheduled, cast)
    for _ in range(3):
        services_invitations.invitations_send(meeting=scheduled, by=cast.worker)
    per_address = collections.Counter(r for e in smtp_server.envelopes for r in e.recipients)
    assert per_address == dict.fromkeys(EMAILS, 1)
