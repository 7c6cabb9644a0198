import re

import pytest
from django.core import mail
from django.test import Client

from omkreds.accounts.models import UserSession
from omkreds.accounts.tests.helpers import live_sessions
from omkreds.lib.testing import trust
from omkreds.lib.testing.cast import PASSWORD, login

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a brand new long passphrase 42"


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_password_change_ends_other_sessions_and_keeps_this_one(client, cast):
    login(client, cast.worker)
    other = Client()
    login(other, cast.worker)
    key_before = client.session.session_key
    keys = [key_before, other.session.session_key]
    assert live_sessions(keys) == 2
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # The sessions signed in with the old password: the other one, and this one's old key.
    left = live_sessions(keys)
    trust.record(
        "sessions",
        case="password change: the other session and this session's old key",
        sessions_to_end=2,
        live_sessions_after_password_change=left,
    )
    assert left == 0
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    cast.worker.refresh_from_db()
    assert cast.worker.check_password(NEW_PASSWORD)
    assert not _signed_in(other)
    # This session stays signed in (and verified), under a new key that is still on record.
    assert _signed_in(client)
    key_after = client.session.session_key
    assert key_after != key_before
    assert list(
        UserSession.objects.filter(user=cast.worker).values_list("session_key", flat=True)
    ) == [key_after]


@pytest.mark.parametrize(
    "data",
    [
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "different one"},
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
        {"old_password": PASSWORD, "new_password1": "", "new_password2": ""},
        {"old_password": PASSWORD, "new_password1": "x" * 10_000, "new_password2": "y"},
    ],
)
def test_bad_password_change_changes_nothing(client, cast, data):
    login(client, cast.worker)
    other = Client()
    login(other, cast.worker)
    response = client.post("/accounts/password/change/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    cast.worker.refresh_from_db()
    assert cast.worker.check_password(PASSWORD)
    assert _signed_in(other)


def _link(message) -> str:
    return re.search(r"http://[^\s]+/accounts/password/reset/[^\s]+/", message.body).group(0)


def test_password_reset_by_mail_ends_sessions_and_works_once(client, cast):
    other = Client()
    login(other, cast.worker)
    cast.worker.language = "en"
    cast.worker.save()
    response = client.post("/accounts/password/reset/", {"email": "Worker@Example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.worker.email]
    link = _link(message)
    response = client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
    assert response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/accounts/password/reset/done/"
    cast.worker.refresh_from_db()
    assert cast.worker.check_password(NEW_PASSWORD)
    # A new password ends every session the user had.
    assert not _signed_in(other)
    # The link works once.
    response = client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
    assert not response.context["validlink"]


def test_password_reset_does_not_reveal_unknown_addresses(client, cast):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["", "not-an-email", "x" * 10_000 + "@example.org"])
def test_password_reset_bad_input(client, cast, email):
    response = client.post("/accounts/password/reset/", {"email": email})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert mail.outbox == []


def test_deactivated_user_gets_no_reset_mail(client, cast):
    client.post("/accounts/password/reset/", {"email": cast.deactivated.email})
    assert mail.outbox == []


def test_reset_link_with_garbage_is_refused(client, db):
    response = client.get("/accounts/password/reset/zzz/not-a-token/")
    assert response.status_code == 200
    assert not response.context["validlink"]
    assert "Ask for a new link" in response.content.decode()


def test_password_change_needs_login(client, db):
    response = client.get("/accounts/password/change/")
    assert response["Location"].startswith("/accounts/login/")
