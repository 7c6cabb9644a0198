import datetime as dt
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from omkreds.accounts import services
from omkreds.accounts.models import UserSession
from omkreds.accounts.tests.helpers import live_sessions
from omkreds.lib.testing import trust
from omkreds.lib.testing.cast import login

pytestmark = pytest.mark.django_db


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_idle_timeout_is_thirty_minutes_and_renewed_by_each_request(login_as, cast):
    client = login_as(cast.worker)
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert client.session.get_expiry_age() == 30 * 60
    row = Session.objects.get(session_key=client.session.session_key)
    row.expire_date = timezone.now() + dt.timedelta(minutes=1)
    row.save()
    assert _signed_in(client)
    row.refresh_from_db()
    # The request renewed the idle clock to a full 30 minutes.
    assert row.expire_date > timezone.now() + dt.timedelta(minutes=29)


def test_session_idle_for_more_than_thirty_minutes_is_gone(login_as, cast):
    client = login_as(cast.worker)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/")
    sent_to_login = response.status_code == 302 and response["Location"].startswith(
        "/accounts/login/"
    )
    trust.record(
        "sessions",
        case="idle timeout: a session idle past its limit signs no one in",
        idle_timeout_enforced=int(sent_to_login),
        idle_timeout_enforced_expected=1,
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_session_ends_twelve_hours_after_login_however_active(login_as, cast):
    client = login_as(cast.worker)
    session = client.session
    session["login_at"] = time.time() - settings.SESSION_ABSOLUTE_SECONDS + 60
    session.save()
    in_before_the_limit = _signed_in(client)
    assert in_before_the_limit
    session = client.session
    session["login_at"] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get("/")
    trust.record(
        "sessions",
        case="absolute timeout: signed in a minute before the limit, out a second after",
        absolute_timeout_enforced=int(
            in_before_the_limit
            and response.status_code == 302
            and response["Location"] == "/accounts/login/"
        ),
        absolute_timeout_enforced_expected=1,
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert not _signed_in(client)


def test_logout_ends_every_session_of_the_user(client, cast):
    login(client, cast.worker)
    other = Client()
    login(other, cast.worker)
    bystander = Client()
    login(bystander, cast.colleague)
    assert UserSession.objects.filter(user=cast.worker).count() == 2
    keys = [client.session.session_key, other.session.session_key]
    assert live_sessions(keys) == 2
    client.post("/accounts/logout/")
    left = live_sessions(keys)
    trust.record(
        "sessions",
        case="logout in one of two sessions",
        sessions_to_end=2,
        live_sessions_after_logout=left,
    )
    assert left == 0
    assert not _signed_in(client)
    assert not _signed_in(other)
    assert _signed_in(bystander)
    assert not UserSession.objects.filter(user=cast.worker).exists()


def test_user_end_all_sessions_can_spare_one(client, cast):
    login(client, cast.worker)
    other = Client()
    login(other, cast.worker)
    ended = services.user_end_all_sessions(
        user=cast.worker, keep_session_key=client.session.session_key
    )
    assert ended == 1
    assert _signed_in(client)
    assert not _signed_in(other)
