import pytest
from django.conf import settings
from django.contrib.sessions.models import Session

from omkreds.accounts.models import UserSession
from omkreds.accounts.tests.helpers import password_login
from omkreds.lib.testing import trust

pytestmark = pytest.mark.django_db


def test_login_page_renders_with_reset_link(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'href="/accounts/password/reset/"' in response.content.decode()
    assert 'for="id_username"' in response.content.decode()


def test_login_rotates_the_session_key_and_records_the_session(client, cast):
    session = client.session
    session["before"] = "anonymous"
    session.save()
    key_before = session.session_key
    response = password_login(client, cast.worker.email)
    assert response.status_code == 302
    key_after = client.session.session_key
    old_row_left = Session.objects.filter(session_key=key_before).exists()
    trust.record(
        "sessions",
        case="session key rotated at password login",
        key_rotated_at_login=int(key_after != key_before and not old_row_left),
        key_rotated_at_login_expected=1,
    )
    assert key_after != key_before
    assert not old_row_left
    assert UserSession.objects.filter(user=cast.worker, session_key=key_after).exists()


def test_login_sets_the_language_cookie(client, cast):
    cast.worker.language = "sv"
    cast.worker.save()
    response = password_login(client, cast.worker.email)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"


def test_login_falls_back_to_the_organisation_language(client, cast):
    cast.worker.language = ""
    cast.worker.save(update_fields=["language"])
    response = password_login(client, cast.worker.email)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "da"


@pytest.mark.parametrize(
    "username", ["not-an-email", "", "x" * 10_000 + "@example.org", "nobody@example.org"]
)
def test_bad_login_input_is_refused_without_500(client, cast, username):
    response = client.post("/accounts/login/", {"username": username, "password": "whatever"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_account_locks_after_the_failure_limit(client, cast):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = password_login(client, cast.worker.email, "wrong password")
    assert response.status_code == 429
    # Now even the right password is refused, with a translated page, not a 500.
    response = password_login(client, cast.worker.email)
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert "Logging in is paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_locked_out_page_is_translated(client, cast):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_login(client, cast.worker.email, "wrong password", HTTP_ACCEPT_LANGUAGE="da")
    response = password_login(client, cast.worker.email, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 429
    assert '<html lang="da">' in response.content.decode()


def test_forged_forwarded_for_neither_bypasses_nor_resets_the_lock(client, cast):
    for n in range(settings.AXES_FAILURE_LIMIT):
        password_login(
            client, cast.worker.email, "wrong password", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        )
    response = password_login(client, cast.worker.email, HTTP_X_FORWARDED_FOR="198.51.100.77")
    signed_in = "_auth_user_id" in client.session
    trust.record(
        "sessions",
        case=f"lockout after {settings.AXES_FAILURE_LIMIT} failures, each from a forged "
        "X-Forwarded-For, then the right password from another forged one",
        lockout_held=int(response.status_code == 429 and not signed_in),
        lockout_held_expected=1,
    )
    assert response.status_code == 429
    assert not signed_in


def test_another_address_is_slowed_down_not_locked(client, cast):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_login(client, cast.worker.email, "wrong password")
    response = password_login(client, cast.worker.email, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 429
    assert "accounts/locked_out.html" not in [t.name for t in response.templates]
    assert "Try again in" in response.content.decode()


def test_fewer_failures_than_the_limit_still_allow_login(client, cast):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        password_login(client, cast.worker.email, "wrong password")
    response = password_login(client, cast.worker.email)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.worker.pk)


def test_deactivated_user_cannot_log_in(client, cast):
    response = password_login(client, cast.deactivated.email)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(login_as, cast):
    client = login_as(cast.worker)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200
