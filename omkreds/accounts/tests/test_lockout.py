"""Wrong passwords lock the (account, address) pair, slow the account down elsewhere, and mail
the account holder; the real user still signs in from their usual address (issue 15, point 3;
ASVS 5.0 V6.3, docs/security.md).

Two client addresses stand for the guesser (127.0.0.2) and the real user (127.0.0.3), a third
(127.0.0.4) for an address the account never used. Figure: sign-ins refused at an address
that never failed (trust-lockout.json, must be 0).
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.db.models import Max
from django.test import Client

from omkreds.accounts import lockout
from omkreds.accounts.tests.helpers import password_login
from omkreds.lib.testing import trust

pytestmark = pytest.mark.django_db

GUESSER, USUAL, NEW = "127.0.0.2", "127.0.0.3", "127.0.0.4"


def _guess(client, email, times=None, address=GUESSER):
    for _ in range(settings.AXES_FAILURE_LIMIT if times is None else times):
        response = password_login(client, email, "wrong password", REMOTE_ADDR=address)
    return response


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _earlier(seconds: int) -> None:
    """Let `seconds` pass for the failures on record."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= dt.timedelta(seconds=seconds)
        attempt.save(update_fields=["attempt_time"])


def _at_the_last_failure(monkeypatch) -> None:
    """The lock-out's clock stands at the last failure on record: the waits read the same on a
    machine too busy to answer the next request within the second it is told to wait."""
    last = AccessAttempt.objects.aggregate(last=Max("attempt_time"))["last"]
    monkeypatch.setattr(lockout, "timezone", SimpleNamespace(now=lambda: last))


def test_the_pair_locks_and_the_real_user_still_signs_in_from_their_usual_address(cast):
    real = Client()
    assert password_login(real, cast.worker.email, REMOTE_ADDR=USUAL).status_code == 302
    real.post("/accounts/logout/")

    guesser = Client()
    _guess(guesser, cast.worker.email)
    locked = password_login(guesser, cast.worker.email, REMOTE_ADDR=GUESSER)
    assert locked.status_code == 429 and not _signed_in(guesser)

    response = password_login(real, cast.worker.email, REMOTE_ADDR=USUAL)
    # Another account from the guesser's address is not locked either.
    other = password_login(Client(), cast.lead.email, REMOTE_ADDR=GUESSER)
    refused = int(response.status_code != 302) + int(other.status_code != 302)
    trust.record(
        "lockout",
        case=f"{settings.AXES_FAILURE_LIMIT} wrong passwords from {GUESSER}; the user from "
        f"{USUAL} (usual), another account from {GUESSER}",
        sign_ins=2,
        refused_at_an_address_that_never_failed=refused,
    )
    assert response.status_code == 302 and _signed_in(real)
    assert other.status_code == 302


def test_the_account_slows_down_at_other_addresses_with_a_growing_delay(cast, monkeypatch):
    email = cast.worker.email
    _guess(Client(), email)
    _at_the_last_failure(monkeypatch)
    assert lockout.wait_seconds(username=email, ip_address=NEW) == 1
    # Too early: refused without a password check (the right one is not let through) and
    # without counting a failure.
    client = Client()
    response = password_login(client, email, REMOTE_ADDR=NEW)
    assert response.status_code == 429
    assert response["Retry-After"] == "1"
    assert "Try again in 1 second" in response.content.decode()
    assert not _signed_in(client)
    assert sum(a.failures_since_start for a in AccessAttempt.objects.all()) == 5

    waits = []
    for _ in range(4):
        _earlier(lockout.wait_seconds(username=email, ip_address=NEW))
        monkeypatch.undo()
        _guess(client, email, times=1, address=NEW)
        _at_the_last_failure(monkeypatch)
        waits.append(lockout.wait_seconds(username=email, ip_address="127.0.0.5"))
    assert waits == [2, 4, 8, 16]
    # After the wait, the right password works from the new address.
    monkeypatch.undo()
    _earlier(waits[-1])
    assert password_login(client, email, REMOTE_ADDR="127.0.0.5").status_code == 302


def test_the_usual_address_is_never_slowed_down(cast):
    email = cast.worker.email
    password_login(Client(), email, REMOTE_ADDR=USUAL)
    _guess(Client(), email)
    _guess(Client(), email, address=NEW, times=1)
    assert lockout.wait_seconds(username=email, ip_address=USUAL) == 0
    assert lockout.wait_seconds(username=email, ip_address="127.0.0.9") > 0
    assert password_login(Client(), email, REMOTE_ADDR=USUAL).status_code == 302


def test_case_variants_of_the_address_count_as_one_account(cast):
    client = Client()
    for variant in ("Worker@Example.org", "WORKER@example.org", " worker@example.org "):
        password_login(client, variant, "wrong", REMOTE_ADDR=GUESSER)
    _guess(client, cast.worker.email, times=settings.AXES_FAILURE_LIMIT - 3)
    assert password_login(client, cast.worker.email, REMOTE_ADDR=GUESSER).status_code == 429


def test_the_account_holder_gets_a_mail_when_a_pair_locks(cast):
    cast.worker.language = "da"
    cast.worker.save(update_fields=["language"])
    _guess(Client(), cast.worker.email, times=settings.AXES_FAILURE_LIMIT - 1)
    assert not mail.outbox
    _guess(Client(), cast.worker.email, times=1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.worker.email]
    assert GUESSER in message.body
    assert "/accounts/password/reset/" in message.body
    assert "Hello" not in message.body  # in Danish
    # An unknown account gets the same answers and sends no mail.
    response = _guess(Client(), "nobody@example.org", times=settings.AXES_FAILURE_LIMIT)
    assert response.status_code == 429
    assert len(mail.outbox) == 1
