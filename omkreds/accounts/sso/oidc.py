"""OpenID Connect relying party per organisation, built on mozilla-django-oidc.

Each organisation's provider is found from the URL (/sso/oidc/<organisation id>/): its issuer,
client and the discovery document read when the admin saved them. The browser goes to the
provider with the authorization code flow and PKCE (S256); state, nonce and code verifier
are kept in the session and used once. The ID token must carry the provider's signature (a
key its JWKS publishes), its issuer, our client as audience, an unexpired lifetime and the
nonce of this request; otherwise the person sees why on a page and nothing is created.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import urllib.request

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import (
    add_state_and_verifier_and_nonce_to_session,
    generate_code_challenge,
    import_from_settings,
)

from omkreds.accounts.models import IdentityProvider, SsoProtocol
from omkreds.accounts.sso import services
from omkreds.accounts.sso.saml import refused

logger = logging.getLogger(__name__)

SCOPES = "openid email profile"
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "PS256")
MAX_DISCOVERY_BYTES = 200_000
TIMEOUT_SECONDS = 10
LEEWAY_SECONDS = 60
_REQUIRED_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")


# --- The admin's settings: the issuer's discovery document ---------------------------------


def fetch_discovery(issuer: str) -> dict:
    """The issuer's discovery document, checked; raise ValidationError saying what is wrong."""
    allowed = ("https://", "http://") if settings.SSO_ALLOW_HTTP else ("https://",)
    if not issuer.startswith(allowed):
        raise ValidationError(_("The issuer's address must start with https://."))
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310: scheme checked above
            data = response.read(MAX_DISCOVERY_BYTES + 1)
    except (OSError, ValueError) as error:
        raise ValidationError(
            _("The issuer's discovery document could not be fetched from %(url)s.") % {"url": url}
        ) from error
    try:
        document = json.loads(data)
    except ValueError as error:
        raise ValidationError(_("The issuer's discovery document is not JSON.")) from error
    if not isinstance(document, dict) or document.get("issuer") != issuer.rstrip("/"):
        raise ValidationError(
            _("The discovery document names another issuer than the one you gave.")
        )
    missing = [name for name in _REQUIRED_ENDPOINTS if not document.get(name)]
    if missing:
        raise ValidationError(
            _("The discovery document lacks %(names)s.") % {"names": ", ".join(missing)}
        )
    return document


# --- The flow -------------------------------------------------------------------------------


class _Client(OIDCAuthenticationBackend):
    """mozilla-django-oidc's token, JWKS and userinfo calls, for one organisation's provider."""

    def __init__(self, provider: IdentityProvider):  # the parent reads one global provider
        document = provider.oidc_provider
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = document.get("userinfo_endpoint", "")
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.oidc_client_id
        self.OIDC_RP_CLIENT_SECRET = provider.oidc_client_secret
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        # The client authenticates with its secret in the body when the provider takes that,
        # else in the Authorization header (the default of OpenID Connect Discovery).
        methods = document.get("token_endpoint_auth_methods_supported", ["client_secret_basic"])
        self.use_basic_auth = "client_secret_post" not in methods

    def get_settings(self, attr, *args):
        if attr == "OIDC_TIMEOUT":
            return TIMEOUT_SECONDS
        if attr == "OIDC_TOKEN_USE_BASIC_AUTH":
            return self.use_basic_auth
        return import_from_settings(attr, *args)


def _provider(organisation_id: int) -> IdentityProvider | None:
    return (
        IdentityProvider.objects.filter(
            organisation_id=organisation_id, protocol=SsoProtocol.OIDC, enabled=True
        )
        .exclude(oidc_provider={})
        .select_related("organisation")
        .first()
    )


def _callback_url(request, organisation_id: int) -> str:
    return request.build_absolute_uri(
        reverse("sso:oidc_callback", kwargs={"organisation_id": organisation_id})
    )


def _no_provider(request):
    return refused(request, _("No organisation signs in through this address."), status=404)


@require_GET
def login(request, organisation_id: int):
    """Send the browser to the organisation's provider: code flow, PKCE S256, state, nonce."""
    provider = _provider(organisation_id)
    if provider is None:
        return _no_provider(request)
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    state, verifier = get_random_string(32), get_random_string(64)
    params = {
        "response_type": "code",
        "client_id": provider.oidc_client_id,
        "redirect_uri": _callback_url(request, organisation_id),
        "scope": SCOPES,
        "state": state,
        "nonce": get_random_string(32),
        "code_challenge": generate_code_challenge(verifier, "S256"),
        "code_challenge_method": "S256",
    }
    add_state_and_verifier_and_nonce_to_session(request, state, params, verifier)
    request.session["oidc_states"][state]["organisation_id"] = organisation_id
    next_url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        request.session["oidc_states"][state]["next"] = next_url
    request.session.modified = True
    return redirect(f"{provider.oidc_provider['authorization_endpoint']}?{urlencode(params)}")


@require_GET
def callback(request, organisation_id: int):
    """Where the provider sends the browser back with a code; sign in or say why not."""
    provider = _provider(organisation_id)
    if provider is None:
        return _no_provider(request)
    states = request.session.get("oidc_states") or {}
    entry = states.pop(request.GET.get("state", ""), None)
    request.session.modified = True
    if entry is None or entry.get("organisation_id") != organisation_id:
        return refused(
            request,
            _(
                "This answer from the identity provider was not asked for here, or it has been "
                "used already."
            ),
        )
    if "code" not in request.GET:
        return refused(request, _("The identity provider did not sign you in."))
    try:
        claims, contexts = _answer(request, provider, entry)
        user = services.sso_user(provider=provider, attributes=claims)
    except services.SsoRefused as refusal:
        logger.info("OpenID Connect sign-in refused: %s", refusal.reason)
        return refused(request, refusal.reason)
    services.sso_login(request=request, provider=provider, user=user, authn_contexts=contexts)
    return redirect(entry.get("next") or resolve_url(settings.LOGIN_REDIRECT_URL))


def _answer(request, provider: IdentityProvider, entry: dict) -> tuple[dict, list[str]]:
    """Exchange the code, check the ID token and read the claims; SsoRefused if anything fails."""
    client = _Client(provider)
    try:
        tokens = client.get_token(
            {
                "client_id": provider.oidc_client_id,
                "client_secret": provider.oidc_client_secret,
                "grant_type": "authorization_code",
                "code": request.GET["code"],
                "redirect_uri": _callback_url(request, provider.organisation_id),
                "code_verifier": entry["code_verifier"],
            }
        )
    except (requests.RequestException, ValueError) as error:
        logger.info("OpenID Connect token exchange failed: %s", error)
        raise services.SsoRefused(
            _("The identity provider would not exchange the sign-in code.")
        ) from error
    id_token = tokens.get("id_token") or ""
    payload = _verified_id_token(client, provider, id_token, nonce=entry["nonce"])
    services.assertion_use_once(
        provider=provider,
        assertion_id="oidc:" + hashlib.sha256(id_token.encode()).hexdigest(),
        expires_at=dt.datetime.fromtimestamp(payload["exp"], tz=dt.UTC),
    )
    claims = dict(payload)
    if client.OIDC_OP_USER_ENDPOINT and tokens.get("access_token"):
        try:
            userinfo = client.get_userinfo(tokens["access_token"], id_token, payload)
        except (requests.RequestException, ValueError, SuspiciousOperation) as error:
            raise services.SsoRefused(
                _("The identity provider would not tell who you are.")
            ) from error
        if userinfo.get("sub") != payload["sub"]:
            raise services.SsoRefused(_("The identity provider's answers name different people."))
        claims.update(userinfo)
    amr = payload.get("amr") or []
    contexts = [str(payload["acr"])] if payload.get("acr") else []
    contexts += [str(value) for value in (amr if isinstance(amr, list) else [amr])]
    return claims, contexts


def _verified_id_token(client: _Client, provider: IdentityProvider, id_token: str, *, nonce: str):
    try:
        header = jwt.get_unverified_header(id_token)
        if header.get("alg") not in SIGNING_ALGORITHMS:
            raise jwt.InvalidAlgorithmError(header.get("alg"))
        key = client.retrieve_matching_jwk(id_token)
        payload = jwt.decode(
            id_token,
            key,
            algorithms=[header["alg"]],
            audience=provider.oidc_client_id,
            issuer=provider.oidc_issuer.rstrip("/"),
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except (jwt.ExpiredSignatureError, jwt.ImmatureSignatureError) as error:
        raise services.SsoRefused(
            _("The answer from the identity provider has expired or is not valid yet.")
        ) from error
    except jwt.InvalidAudienceError as error:
        raise services.SsoRefused(
            _("The answer from the identity provider was meant for another service.")
        ) from error
    except jwt.InvalidIssuerError as error:
        raise services.SsoRefused(
            _("The answer came from another identity provider than your organisation's.")
        ) from error
    except (jwt.PyJWTError, SuspiciousOperation, requests.RequestException, KeyError) as error:
        logger.info("OpenID Connect ID token refused: %r", error)
        raise services.SsoRefused(
            _("The identity provider's signature on the answer is not valid.")
        ) from error
    audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
    if len(audiences) > 1 and payload.get("azp") != provider.oidc_client_id:
        raise services.SsoRefused(
            _("The answer from the identity provider was meant for another service.")
        )
    if payload.get("nonce") != nonce:
        raise services.SsoRefused(
            _("This answer from the identity provider has been used already. Sign in again.")
        )
    return payload
