"""API tokens end with the password and the account (issue 15, point 10): a new password (changed
or reset by mail), a deactivated account and an ended membership revoke them, and switching the
account or membership on again does not bring them back; the user makes new ones.

Figure: tokens still answering after each event (trust-api-tokens.json, must be 0).
"""

import re

import pytest
from django.core import mail
from django.test import Client

from omkreds.accounts.models import ApiToken, Membership
from omkreds.lib.testing import trust
from omkreds.lib.testing.cast import PASSWORD, login

pytestmark = pytest.mark.django_db

API = "/api/v1/citizens/"
NEW_PASSWORD = "a brand new long passphrase 42"


def _alive(secrets: list[str]) -> int:
    client = Client()
    return sum(
        client.get(API, headers={"Authorization": f"Bearer {secret}"}).status_code == 200
        for secret in secrets
    )


def _issue(cast, count: int = 3) -> list[str]:
    secrets = [
        ApiToken.issue(user=cast.worker, organisation=cast.org, name=f"script {n}")[1]
        for n in range(count)
    ]
    assert _alive(secrets) == count
    return secrets


def _record(case: str, secrets: list[str]) -> int:
    alive = _alive(secrets)
    trust.record("api-tokens", case=case, tokens=len(secrets), tokens_alive_after=alive)
    return alive


def test_a_password_change_revokes_the_api_tokens(client, cast):
    secrets = _issue(cast)
    login(client, cast.worker)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _record("password change", secrets) == 0
    assert ApiToken.objects.filter(user=cast.worker, revoked_at__isnull=True).count() == 0


def test_a_password_reset_by_mail_revokes_the_api_tokens(client, cast):
    secrets = _issue(cast)
    client.post("/accounts/password/reset/", {"email": cast.worker.email})
    link = re.search(r"http://[^\s]+(/accounts/password/reset/[^\s]+/)", mail.outbox[0].body)
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    cast.worker.refresh_from_db()
    assert cast.worker.check_password(NEW_PASSWORD)
    assert _record("password reset by mail", secrets) == 0


@pytest.mark.parametrize("action", ["deactivate-account", "deactivate"])
def test_deactivation_revokes_the_api_tokens_and_reactivation_does_not_revive_them(
    client, cast, action
):
    secrets = _issue(cast)
    login(client, cast.admin)
    membership = Membership.objects.get(user=cast.worker, organisation=cast.org)
    client.post(f"/accounts/organisation/people/{membership.pk}/{action}/")
    dead = _record(f"{action}", secrets)
    client.post(f"/accounts/organisation/people/{membership.pk}/reactivate/")
    cast.worker.refresh_from_db()
    membership.refresh_from_db()
    assert cast.worker.is_active and membership.is_active
    revived = _record(f"{action}, then reactivate", secrets)
    assert (dead, revived) == (0, 0)
    # The user makes a new one, and it works.
    assert _alive(_issue(cast, count=1)) == 1


def test_a_membership_ending_revokes_only_that_organisations_tokens(client, cast):
    Membership.objects.create(user=cast.worker, organisation=cast.other_org, role="worker")
    other = ApiToken.issue(user=cast.worker, organisation=cast.other_org, name="there")[0]
    _issue(cast, count=1)
    login(client, cast.admin)
    membership = Membership.objects.get(user=cast.worker, organisation=cast.org)
    client.post(f"/accounts/organisation/people/{membership.pk}/deactivate/")
    assert not ApiToken.objects.filter(organisation=cast.org, revoked_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.revoked_at is None
