"""Signing a person in through their organisation's identity provider, whatever the protocol.

The protocol modules (saml.py, oidc.py) check the IdP's answer; these functions decide who the
person is: an existing member of that organisation, or a new account made inside it. An
account of another organisation is never signed in, and nothing is created for a refusal.
"""

from __future__ import annotations

import datetime as dt

import django_otp
from django.contrib import auth
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from omkreds.accounts.models import (
    IdentityProvider,
    IdentityProviderDevice,
    Membership,
    Role,
    SeenAssertion,
    User,
)

SESSION_KEY = "sso"


class SsoRefused(Exception):
    """The identity provider's answer cannot sign anyone in; `reason` is for the person."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def first_value(values, name: str) -> str:
    """The first non-empty value of an attribute or claim (SAML gives lists, OIDC strings)."""
    if not name:
        return ""
    value = values.get(name)
    if isinstance(value, list | tuple):
        value = next((v for v in value if v), "")
    return str(value or "").strip()


def assertion_use_once(*, provider: IdentityProvider, assertion_id: str, expires_at: dt.datetime):
    """Record an assertion as used; a second use is refused (replay)."""
    if not assertion_id:
        raise SsoRefused(_("The identity provider's answer has no identifier."))
    try:
        with transaction.atomic():
            SeenAssertion.objects.create(
                organisation=provider.organisation, assertion_id=assertion_id, expires_at=expires_at
            )
    except IntegrityError:
        raise SsoRefused(
            _("This answer from the identity provider has been used already. Sign in again.")
        ) from None


def sso_user(*, provider: IdentityProvider, attributes: dict) -> User:
    """The account the IdP vouched for, made inside its organisation if it does not exist."""
    organisation = provider.organisation
    email = first_value(attributes, provider.email_attribute).lower()
    if "@" not in email:
        raise SsoRefused(_("The identity provider did not send an e-mail address."))
    name = " ".join(first_value(attributes, provider.name_attribute).split()) or email
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        role = _asserted_role(provider, attributes)
        with transaction.atomic():
            user = User.objects.create_user(email, None, full_name=name)
            Membership.objects.create(user=user, organisation=organisation, role=role)
        return user
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        raise SsoRefused(
            _(
                "The account %(email)s does not belong to %(organisation)s, so this identity "
                "provider cannot sign it in."
            )
            % {"email": email, "organisation": organisation.name}
        )
    if not (membership.is_active and user.is_active):
        raise SsoRefused(
            _("Your access to %(organisation)s has been switched off.")
            % {"organisation": organisation.name}
        )
    if name != user.full_name and name != email:
        user.full_name = name
        user.save(update_fields=["full_name"])
    return user


def _asserted_role(provider: IdentityProvider, attributes: dict) -> str:
    value = first_value(attributes, provider.role_attribute).lower()
    if not value:
        return provider.default_role
    if value not in provider.allowed_roles or value not in Role.values:
        raise SsoRefused(
            _(
                "The identity provider gave the role “%(role)s”, which %(organisation)s does not allow it to give."
            )
            % {"role": value, "organisation": provider.organisation.name}
        )
    return value


def sso_login(
    *, request, provider: IdentityProvider, user: User, authn_contexts: list[str]
) -> None:
    """Start the session; the IdP's multi-factor sign-in counts if the organisation says so."""
    auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_KEY] = {
        "organisation_id": provider.organisation_id,
        "protocol": provider.protocol,
    }
    request.session["organisation_id"] = provider.organisation_id
    if provider.mfa_counts and set(authn_contexts) & set(provider.mfa_values):
        device, _created = IdentityProviderDevice.objects.get_or_create(
            user=user, defaults={"name": "identity provider", "confirmed": True}
        )
        django_otp.login(request, device)


def password_login_refused(user: User) -> bool:
    """An organisation that requires SSO refuses its people's passwords, but its break-glass admin's."""
    return (
        IdentityProvider.objects.filter(
            organisation__memberships__user=user,
            organisation__memberships__is_active=True,
            enabled=True,
            require_sso=True,
        )
        .exclude(break_glass_user=user)
        .exists()
    )
