"""Small helpers for the accounts tests: real codes, real logins."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from omkreds.lib.testing.cast import PASSWORD


def code_for(device: TOTPDevice, offset_steps: int = 0) -> str:
    """The code an authenticator app would show now (or `offset_steps` steps from now)."""
    value = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0 - offset_steps * device.step,
        digits=device.digits,
    )
    return f"{value:0{device.digits}d}"


def password_login(client, email: str, password: str = PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": email, "password": password}, **extra)


def live_sessions(keys) -> int:
    """How many of these session keys still have an unexpired session row (trust figure 8)."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    return Session.objects.filter(
        session_key__in=[k for k in keys if k], expire_date__gt=timezone.now()
    ).count()
