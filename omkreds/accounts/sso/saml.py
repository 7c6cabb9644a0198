"""SAML 2.0 service provider per organisation, built on djangosaml2's views.

Each organisation has its own service provider under /sso/saml/<organisation id>/: its entity
ID is the metadata address. Requests are signed; the IdP's assertions must be signed and may be
encrypted to our certificate. The answer is refused, with the reason on a page, when its
signature, audience, lifetime or request does not match, when it was used before, or when it
names an account of another organisation.
"""

from __future__ import annotations

import datetime as dt
import logging

import saml2
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from djangosaml2 import views as saml_views
from saml2.config import SPConfig
from saml2.ident import code
from saml2.response import (
    IncorrectlySigned,
    StatusError,
    UnsolicitedResponse,
    VerificationError,
)
from saml2.sigver import SignatureError
from saml2.validate import ResponseLifetimeExceed, ToEarly

from omkreds.accounts.models import IdentityProvider, SsoProtocol
from omkreds.accounts.sso import services
from omkreds.accounts.sso.keys import sp_key_pair

logger = logging.getLogger(__name__)


def sp_config(request, provider: IdentityProvider) -> SPConfig:
    """The organisation's service provider, as pysaml2 wants it."""
    organisation_id = provider.organisation_id

    def url(name: str) -> str:
        return request.build_absolute_uri(
            reverse(f"sso:saml_{name}", kwargs={"organisation_id": organisation_id})
        )

    key_file, cert_file = sp_key_pair()
    config = {
        "entityid": url("metadata"),
        "xmlsec_binary": settings.SAML_XMLSEC_BINARY,
        "allow_unknown_attributes": True,
        "accepted_time_diff": 60,
        "service": {
            "sp": {
                "name": f"Omkreds · {provider.organisation.name}",
                "endpoints": {
                    "assertion_consumer_service": [(url("acs"), saml2.BINDING_HTTP_POST)],
                    "single_logout_service": [
                        (url("sls"), saml2.BINDING_HTTP_REDIRECT),
                        (url("sls"), saml2.BINDING_HTTP_POST),
                    ],
                },
                "authn_requests_signed": True,
                "logout_requests_signed": True,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "allow_unsolicited": False,
                "signing_algorithm": saml2.xmldsig.SIG_RSA_SHA256,
                "digest_algorithm": saml2.xmldsig.DIGEST_SHA256,
            }
        },
        "key_file": key_file,
        "cert_file": cert_file,
        "encryption_keypairs": [{"key_file": key_file, "cert_file": cert_file}],
        "metadata": {"inline": [provider.saml_metadata]} if provider.saml_metadata else {},
    }
    conf = SPConfig()
    conf.load(config)
    return conf


def refused(request, reason: str, *, status: int = 403):
    return render(request, "accounts/sso_refused.html", {"reason": reason}, status=status)


def _reason(exception) -> str:
    """What to tell the person about an answer pysaml2 would not accept."""
    if isinstance(exception, PermissionDenied) and isinstance(
        exception.__cause__, services.SsoRefused
    ):
        return exception.__cause__.reason
    if isinstance(exception, SignatureError | IncorrectlySigned):
        return _("The identity provider's signature on the answer is not valid.")
    if isinstance(exception, ResponseLifetimeExceed | ToEarly):
        return _("The answer from the identity provider has expired or is not valid yet.")
    if isinstance(exception, UnsolicitedResponse):
        return _(
            "This answer from the identity provider was not asked for here, or it has been "
            "used already."
        )
    # pysaml2 folds an ended lifetime and a foreign audience into one "Condition not OK".
    if isinstance(exception, VerificationError) or "AudienceRestriction" in str(exception):
        return _(
            "The answer from the identity provider has expired or was meant for another service."
        )
    if isinstance(exception, StatusError):
        return _("The identity provider did not sign you in.")
    return _("The answer from the identity provider could not be accepted.")


class _OrganisationSp(saml_views.SPConfigMixin):
    """Find the organisation's SAML identity provider from the URL, or answer with a page."""

    needs_enabled = True

    def dispatch(self, request, *args, organisation_id: int, **kwargs):
        self.provider = (
            IdentityProvider.objects.filter(
                organisation_id=organisation_id, protocol=SsoProtocol.SAML
            )
            .select_related("organisation")
            .first()
        )
        if self.provider is None or (
            self.needs_enabled and not (self.provider.enabled and self.provider.saml_metadata)
        ):
            return refused(
                request,
                _("No organisation signs in through this address."),
                status=404,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_sp_config(self, request):
        return sp_config(request, self.provider)


class MetadataView(_OrganisationSp, saml_views.MetadataView):
    # The IdP's administrator needs our metadata before they can send theirs.
    needs_enabled = False


class LoginView(_OrganisationSp, saml_views.LoginView):
    def should_prevent_auth(self, request) -> bool:
        return request.user.is_authenticated


@method_decorator(csrf_exempt, name="dispatch")
class AssertionConsumerServiceView(_OrganisationSp, saml_views.AssertionConsumerServiceView):
    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        logger.info("SAML sign-in refused: %r", exception)
        return refused(request, _reason(exception), status=403)

    def authenticate_user(
        self, request, session_info, attribute_mapping, create_unknown_user, assertion_info
    ):
        provider = self.provider
        try:
            if session_info.get("issuer") != provider.saml_entity_id:
                raise services.SsoRefused(
                    _("The answer came from another identity provider than your organisation's.")
                )
            expires = assertion_info.get("not_on_or_after")
            services.assertion_use_once(
                provider=provider,
                assertion_id=assertion_info.get("assertion_id", ""),
                expires_at=_parse_time(expires),
            )
            user = services.sso_user(provider=provider, attributes=session_info["ava"])
        except services.SsoRefused as refusal:
            raise PermissionDenied(refusal.reason) from refusal
        contexts = [info[0] for info in session_info.get("authn_info", []) if info[0]]
        services.sso_login(request=request, provider=provider, user=user, authn_contexts=contexts)
        request.saml_session["_saml2_subject_id"] = code(session_info["name_id"])
        return user


def _parse_time(value) -> dt.datetime:
    if value:
        try:
            return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            pass
    return timezone.now() + dt.timedelta(hours=1)


@method_decorator(require_POST, name="dispatch")
class LogoutInitView(_OrganisationSp, saml_views.LogoutInitView):
    """Log out here and at the IdP (single logout). POST only: a link must not log anyone out."""

    def post(self, request, *args, **kwargs):
        response = self.get(request, *args, **kwargs)
        if response.status_code == 302 and not response["Location"].startswith("/"):
            # The browser's form-action policy stops a form's redirect to another site; a page
            # that moves on by itself (and offers the link) is not a form submission.
            return render(
                request, "accounts/sso_logout.html", {"idp_logout_url": response["Location"]}
            )
        return response

    def handle_unsupported_slo_exception(self, request, exception, *args, **kwargs):
        return redirect(settings.LOGOUT_REDIRECT_URL)


@method_decorator(csrf_exempt, name="dispatch")
class LogoutServiceView(_OrganisationSp, saml_views.LogoutView):
    """Where the IdP sends its logout answer, or its own logout request (another SP's logout)."""

    needs_enabled = False
