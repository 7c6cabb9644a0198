"""Passkeys (WebAuthn) through django-otp-webauthn: a second factor next to TOTP, and a sign-in
of its own for the people of an organisation that allows it.

The library's views do the ceremonies (challenge in the session, used once; signature, origin,
relying party and sign count checked). These subclasses add what Omkreds decides: a passkey
alone signs in only a person whose organisations all allow it and none of which requires its
own identity provider; and every refusal is said in the person's language.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp_webauthn import exceptions, views
from django_otp_webauthn.models import WebAuthnCredential

from omkreds.accounts import services
from omkreds.accounts.models import Membership
from omkreds.accounts.sso.services import password_login_refused


class PasskeySignInNotAllowed(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "passkey_sign_in_not_allowed"


_MESSAGES = {
    "malformed_request": _("The browser's answer could not be read. Try again."),
    "invalid_state": _("This passkey request has expired or was used already. Try again."),
    "user_disabled": _("This account is switched off."),
    "credential_disabled": _("This passkey is switched off."),
    "credential_not_found": _("This passkey is not known here. Use your code instead."),
    "credential_user_mismatch": _("This passkey belongs to another account."),
    "not_authenticated": _("Log in with your password first."),
    "user_not_verified": _("Confirm your second factor before you add a passkey."),
    "passwordless_login_disabled": _("Signing in with a passkey alone is not allowed here."),
}


def passkey_sign_in_allowed(user) -> bool:
    """A passkey alone signs in someone whose every organisation allows it, none requiring SSO."""
    organisations = Membership.objects.filter(user=user, is_active=True).values_list(
        "organisation__passkey_sign_in", flat=True
    )
    return bool(organisations) and all(organisations) and not password_login_refused(user)


class _Translated:
    def handle_exception(self, exc):
        if isinstance(exc, exceptions.OTPWebAuthnApiError):
            message = _MESSAGES.get(exc.code)
            if isinstance(exc, PasskeySignInNotAllowed):
                message = exc.detail
            exc.detail = str(
                message or gettext("The passkey could not be used. Try again, or use your code.")
            )
        return super().handle_exception(exc)


class RegistrationBegin(_Translated, views.BeginCredentialRegistrationView):
    pass


class RegistrationComplete(_Translated, views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        verified_before = self.request.user.is_verified()
        response = super().post(*args, **kwargs)
        if not verified_before and self.request.user.is_verified():
            services.session_rotate(request=self.request)  # as after a TOTP code
        return response


class AuthenticationBegin(_Translated, views.BeginCredentialAuthenticationView):
    pass


class AuthenticationComplete(_Translated, views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        services.session_rotate(request=self.request)  # as after a TOTP code

    def check_device_usable(self, device) -> None:
        super().check_device_usable(device)
        if not self.request.user.is_authenticated and not passkey_sign_in_allowed(device.user):
            raise PasskeySignInNotAllowed(
                gettext(
                    "Your organisation does not allow signing in with a passkey alone. Log in "
                    "with your e-mail address and password, then use the passkey."
                )
            )


@require_POST
@login_required
def passkey_delete(request, passkey_id: int):
    """Remove one of one's own passkeys (the session is past its second factor already)."""
    passkey = get_object_or_404(WebAuthnCredential, pk=passkey_id, user=request.user)
    passkey.delete()
    messages.success(request, gettext("The passkey has been removed."))
    return redirect("accounts:profile")
