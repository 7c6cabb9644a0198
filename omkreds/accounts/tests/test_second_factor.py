import datetime as dt

import pytest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from omkreds.accounts.models import UserSession
from omkreds.accounts.tests.helpers import code_for, live_sessions, password_login
from omkreds.lib.testing import trust

pytestmark = pytest.mark.django_db


def _unthrottle(device):
    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - dt.timedelta(hours=1)
    device.save()


def test_password_alone_is_not_enough(client, cast):
    password_login(client, cast.worker.email)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/second-factor/")


def test_middleware_remembers_the_page_asked_for(client, cast):
    password_login(client, cast.worker.email)
    response = client.get("/accounts/profile/")
    assert response["Location"] == "/accounts/second-factor/?next=%2Faccounts%2Fprofile%2F"


def test_set_up_shows_qr_code_and_secret_then_confirms(client, cast):
    password_login(client, cast.worker.email)
    response = client.get("/accounts/second-factor/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "http" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    device = TOTPDevice.objects.get(user=cast.worker, confirmed=False)
    secret = response.context["secret_groups"]
    assert "".join(secret) and " ".join(secret) in page
    # Reloading the page keeps the same secret, so the app set-up is not thrown away.
    client.get("/accounts/second-factor/")
    assert TOTPDevice.objects.filter(user=cast.worker).count() == 1

    response = client.post(
        "/accounts/second-factor/", {"code": code_for(device), "next": "/accounts/profile/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/backup-codes/")
    device.refresh_from_db()
    assert device.confirmed

    # Backup codes are shown once, then gone.
    response = client.get(response["Location"])
    codes = response.context["codes"]
    assert len(codes) == 10
    for code in codes:
        assert code in response.content.decode()
    assert set(
        StaticToken.objects.filter(device__user=cast.worker).values_list("token", flat=True)
    ) == set(codes)
    assert 'href="/accounts/profile/"' in response.content.decode()
    again = client.get("/accounts/backup-codes/")
    assert again.status_code == 302
    for code in codes:
        assert code not in client.get("/accounts/profile/").content.decode()

    # Now verified: the home page opens.
    assert client.get("/").status_code == 200


def test_set_up_rejects_a_wrong_code(client, cast):
    password_login(client, cast.worker.email)
    client.get("/accounts/second-factor/")
    device = TOTPDevice.objects.get(user=cast.worker)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/second-factor/", {"code": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert 'aria-describedby="id_code_helptext id_code_error"' in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("bad", ["", "abc", "1234567", "12 34", "x" * 10_000])
def test_set_up_rejects_malformed_codes(client, cast, bad):
    password_login(client, cast.worker.email)
    client.get("/accounts/second-factor/")
    response = client.post("/accounts/second-factor/", {"code": bad})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not TOTPDevice.objects.get(user=cast.worker).confirmed


def _confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def test_verify_with_a_real_code_rotates_the_session(client, cast):
    device = _confirmed_device(cast.worker)
    password_login(client, cast.worker.email)
    key_before = client.session.session_key
    response = client.get("/accounts/second-factor/?next=/accounts/profile/")
    assert response.templates[0].name == "accounts/second_factor.html"
    response = client.post(
        "/accounts/second-factor/", {"code": code_for(device), "next": "/accounts/profile/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    key_after = client.session.session_key
    trust.record(
        "sessions",
        case="session key rotated when the second factor is verified",
        key_rotated_at_login=int(key_after != key_before and not live_sessions([key_before])),
        key_rotated_at_login_expected=1,
    )
    assert key_after != key_before
    # The session record follows the new key, so "log out everywhere" still reaches it.
    assert UserSession.objects.filter(user=cast.worker, session_key=key_after).exists()
    assert client.get("/accounts/profile/").status_code == 200


def test_verify_refuses_reused_code_and_foreign_next(client, cast):
    device = _confirmed_device(cast.worker)
    code = code_for(device)
    password_login(client, cast.worker.email)
    response = client.post(
        "/accounts/second-factor/", {"code": code, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    client.post("/accounts/logout/")
    password_login(client, cast.worker.email)
    _unthrottle(device)
    response = client.post("/accounts/second-factor/", {"code": code})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()


def test_wrong_codes_are_throttled(client, cast):
    device = _confirmed_device(cast.worker)
    password_login(client, cast.worker.email)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    client.post("/accounts/second-factor/", {"code": wrong})
    # Straight after a wrong code, even the right code is refused for a moment.
    response = client.post("/accounts/second-factor/", {"code": code_for(device)})
    assert response.status_code == 200
    assert "Too many wrong codes" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert client.get("/").status_code == 302
    # Once the wait is over, the right code works.
    _unthrottle(device)
    response = client.post("/accounts/second-factor/", {"code": code_for(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_backup_code_works_once(client, cast):
    _confirmed_device(cast.worker)
    static = StaticDevice.objects.create(user=cast.worker, name="backup", confirmed=True)
    StaticToken.objects.create(device=static, token="abcd2345")
    password_login(client, cast.worker.email)
    response = client.post("/accounts/second-factor/", {"code": "ABCD 2345"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert not StaticToken.objects.filter(device=static).exists()
    client.post("/accounts/logout/")
    password_login(client, cast.worker.email)
    response = client.post("/accounts/second-factor/", {"code": "abcd2345"})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_new_backup_codes_replace_the_old(login_as, cast):
    client = login_as(cast.worker)
    static = StaticDevice.objects.create(user=cast.worker, name="backup", confirmed=True)
    StaticToken.objects.create(device=static, token="oldcode2")
    assert client.get("/accounts/backup-codes/new/").status_code == 405
    response = client.post("/accounts/backup-codes/new/")
    assert response["Location"] == "/accounts/backup-codes/"
    codes = client.get("/accounts/backup-codes/").context["codes"]
    tokens = set(
        StaticToken.objects.filter(device__user=cast.worker).values_list("token", flat=True)
    )
    assert tokens == set(codes)
    assert "oldcode2" not in tokens


def test_verified_user_is_sent_on(login_as, cast):
    client = login_as(cast.worker)
    response = client.get("/accounts/second-factor/?next=/accounts/profile/")
    assert response["Location"] == "/accounts/profile/"


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/accounts/second-factor/")
    assert response["Location"].startswith("/accounts/login/")


def test_the_trust_figure_counts_a_protected_route_reached_without_the_second_factor(
    monkeypatch,
):
    """Figure 8 reads the matrix's password-only checks: a 200 or a redirect elsewhere counts."""
    from omkreds.lib.testing import matrix

    def check(route, status, problem, allowed=False, role="unverified"):
        return {"kind": "check", "route": route, "method": "GET", "role": role,
                "allowed": allowed, "status": status, "problem": problem}  # fmt: skip

    monkeypatch.setattr(
        matrix,
        "RESULTS",
        [
            check("citizens:detail", 200, "expected 302 to /accounts/second-factor/, got 200 "),
            check("maps:save", 302, "expected 302 to /accounts/second-factor/, got 302 /maps/"),
            check("citizens:list", 302, ""),
            check("api:citizens_list", 401, ""),
            check("healthz", 200, "", allowed=True),
            check("citizens:detail", 200, "", allowed=True, role="worker"),
        ],
    )
    (row,) = trust.second_factor_rows()
    assert row["second_factor_checks"] == 4
    assert row["reachable_without_second_factor"] == 2
    assert row["reachable"] == ["citizens:detail GET → 200", "maps:save GET → 302"]
