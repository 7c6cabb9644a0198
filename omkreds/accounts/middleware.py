import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext

from omkreds.accounts.countries import zone_of
from omkreds.accounts.memberships import memberships

# Paths a signed-in user may reach before the second factor is verified.
_OPEN_BEFORE_OTP = (
    "/accounts/second-factor/",
    # Setting up a first passkey, or using one as the second factor (the library refuses to add
    # a passkey to an account that has a second factor but has not used it in this session).
    "/accounts/passkeys/",
    "/accounts/logout/",
    "/sso/",
    "/i18n/",
    "/static/",
    "/healthz",
    "/readyz",
    "/metrics",
)


def second_factor_required(user) -> bool:
    if not settings.OTP_REQUIRED:
        return False
    # Demo accounts exist to try the product; they skip the second factor only in DEBUG.
    return not (settings.DEBUG and user.is_demo)


class SessionLifetimeMiddleware:
    """End a session 12 hours after login, however active it has been.

    The 30-minute idle timeout is the session cookie's age, renewed on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get("login_at")
            if started is None or time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": gettext("Your session has expired. Please log in again.")},
                        status=401,
                    )
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and second_factor_required(user)
            and not request.path.startswith(_OPEN_BEFORE_OTP)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": gettext("Enter the code from your second factor first.")}, status=401
                )
            url = reverse("accounts:second_factor")
            if request.method == "GET" and request.path != "/":
                # Come back to the page that was asked for once the code is entered.
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        return self.get_response(request)


class ActiveOrganisationMiddleware:
    """Set `request.organisation` and `request.membership`: the organisation the user works in now.

    A user in several organisations picks one; the choice is kept in the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organisation = None
        request.membership = None
        if request.user.is_authenticated:
            chosen = request.session.get("organisation_id")
            found = memberships(request.user)
            membership = next((m for m in found if m.organisation_id == chosen), None)
            if membership is None and found:
                membership = found[0]
            if membership is not None:
                request.membership = membership
                request.organisation = membership.organisation
        if request.organisation is None:
            return self.get_response(request)
        # Times on the pages are the organisation's (Europe/Helsinki for a Finnish one).
        timezone.activate(zone_of(request.organisation))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
