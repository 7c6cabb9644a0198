"""Who is calling the API: a personal token, or a browser session past the second factor.

`DEFAULT_AUTH` is the NinjaAPI's default, so every router gets it without asking. Anything that
is not one of the two answers 401 JSON. Neither decides what the caller may see: that is
`omkreds.access.policy`, as for pages.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from omkreds.accounts.memberships import memberships
from omkreds.accounts.middleware import second_factor_required
from omkreds.accounts.models import ApiToken
from omkreds.lib.api.errors import CsrfFailed

# A token used again within this time does not write its `last_used_at` again.
LAST_USED_PRECISION = dt.timedelta(minutes=1)
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer omk_...`, looked up by its SHA-256 digest; live tokens only."""

    def authenticate(self, request: HttpRequest, token: str):
        token = token.strip()
        if not token.startswith(ApiToken.PREFIX) or len(token) > 200:
            return None
        found = (
            ApiToken.objects.live()
            .select_related("user", "organisation")
            .filter(digest=ApiToken.hash(token))
            .first()
        )
        if found is None:
            return None
        user = found.user
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = user
        # The token works in the organisation it was issued for, while the membership lasts.
        membership = next(
            (m for m in memberships(user) if m.organisation_id == found.organisation_id),
            None,
        )
        request.membership = membership
        request.organisation = membership.organisation if membership else None
        request.api_token = found
        return user


class VerifiedSessionAuth(APIKeyCookie):
    """The browser's session, only once the second factor is verified; CSRF on unsafe methods.

    A request that carries an `Authorization` header is left to the token: a wrong token must
    not fall back on a session cookie that happens to be there.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # The CSRF check is made below, after authentication, so that an anonymous POST is
        # told 401 (sign in) rather than 403 (CSRF).
        super().__init__(csrf=False)

    def __call__(self, request: HttpRequest):
        if "authorization" in request.headers:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if second_factor_required(user) and not user.is_verified():
            return None
        if self._csrf_fails(request):
            raise CsrfFailed
        return user

    @staticmethod
    def _csrf_fails(request: HttpRequest) -> bool:
        if request.method in _SAFE_METHODS or getattr(request, "_ninja_csrf_exempt", False):
            return False
        return check_csrf(request) is not None

    def authenticate(self, request: HttpRequest, key: str | None):  # pragma: no cover
        return self(request)


DEFAULT_AUTH = [ApiTokenAuth(), VerifiedSessionAuth()]
