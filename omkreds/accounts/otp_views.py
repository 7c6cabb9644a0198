"""The second factor: set up a TOTP app (with backup codes), then verify at each login."""

import re
from base64 import b32encode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from omkreds.accounts import services
from omkreds.accounts.forms import SecondFactorForm, SetUpSecondFactorForm

_TOTP_CODE = re.compile(r"\d{6}")


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _check_code(model, device_pk: int, code: str):
    """Try `code` on one device under a row lock, so parallel guesses cannot dodge the throttle.

    Returns (device or None, throttled).
    """
    with transaction.atomic():
        device = model.objects.select_for_update().get(pk=device_pk)
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            return None, True
        return (device if device.verify_token(code) else None), False


def _complete(request, device) -> None:
    django_otp.login(request, device)
    services.session_rotate(request=request)


def _code_error(form, throttled: bool) -> None:
    if throttled:
        form.add_error(
            "code", gettext("Too many wrong codes in a row. Wait a little, then try again.")
        )
    else:
        form.add_error("code", gettext("That code is not right. Check it and try again."))


@login_required
def second_factor(request):
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    has_passkey = WebAuthnCredential.objects.filter(user=request.user, confirmed=True).exists()
    if device is None and not has_passkey:
        return _set_up(request, next_url)
    return _verify(request, device, next_url, has_passkey=has_passkey)


def _set_up(request, next_url: str):
    device = services.totp_device_pending(user=request.user)
    form = SetUpSecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed, throttled = _check_code(TOTPDevice, device.pk, form.cleaned_data["code"])
        if confirmed is not None:
            codes = services.totp_device_confirm(device=confirmed)
            _complete(request, confirmed)
            request.session["backup_codes"] = codes
            return redirect(f"{reverse('accounts:backup_codes')}?{urlencode({'next': next_url})}")
        _code_error(form, throttled)
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": services.totp_qr_svg(device),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }
    return render(request, "accounts/second_factor_setup.html", context)


def _verify(request, device: TOTPDevice | None, next_url: str, *, has_passkey: bool):
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if _TOTP_CODE.fullmatch(code):
            model, pk = TOTPDevice, getattr(device, "pk", None)
        else:
            backup = StaticDevice.objects.devices_for_user(request.user, confirmed=True).first()
            model, pk = StaticDevice, getattr(backup, "pk", None)
        verified, throttled = _check_code(model, pk, code) if pk else (None, False)
        if verified is not None:
            _complete(request, verified)
            if model is StaticDevice:
                messages.warning(
                    request,
                    gettext(
                        "You used a backup code. Each code works once; make new ones on your "
                        "profile page when you run low."
                    ),
                )
            return redirect(next_url)
        _code_error(form, throttled)
    # The code form is for the app's codes and backup codes (a passkey-only person may have made some).
    has_codes = device is not None or (
        StaticDevice.objects.devices_for_user(request.user, confirmed=True).exists()
    )
    context = {"form": form, "next": next_url, "has_totp": has_codes}
    return render(request, "accounts/second_factor.html", {**context, "has_passkey": has_passkey})


@login_required
def backup_codes(request):
    codes = request.session.pop("backup_codes", None)
    if not codes:
        messages.info(request, gettext("Backup codes are shown only once. You can make new ones."))
        return redirect("accounts:profile")
    return render(
        request, "accounts/backup_codes.html", {"codes": codes, "next": _next_url(request)}
    )


@require_POST
@login_required
def backup_codes_new(request):
    request.session["backup_codes"] = services.backup_codes_issue(user=request.user)
    return redirect("accounts:backup_codes")
