"""Authorization matrix entries for the accounts app (format: omkreds/lib/testing/matrix.py).

Nothing here shows citizen data. Pages that work without login (log in, password reset) are
open to everyone except a user who has given a password but no second factor yet: the
middleware sends them to the second factor first. A deactivated user counts as signed out.
"""

from omkreds.accounts.models import ApiToken, Membership, Role
from omkreds.lib.testing.cast import make_user
from omkreds.lib.testing.matrix import ANY_SIGNED_IN, ROLES, Route

OPEN = frozenset(ROLES) - {"unverified"}
ADMIN = frozenset({"admin"})
# The second-factor page is for the signed-in: it sets up or verifies (200) or, once verified,
# sends the user on (302).
SECOND_FACTOR = ANY_SIGNED_IN | {"unverified"}


def _target(cast, *, active: bool = True) -> dict:
    """A person of cast.org for the admin routes that change someone, so no cast user changes."""
    user = make_user("target@example.org", "Tove Target", cast.org, Role.WORKER, cast.team)
    membership = Membership.objects.get(user=user)
    if not active:
        membership.is_active = False
        membership.save()
    return {"membership": membership}


def _worker_token(cast) -> dict:
    token, _ = ApiToken.issue(user=cast.worker, organisation=cast.org, name="matrix")
    return {"token": token}


def _membership_kwargs(cast, extra):
    return {"membership_id": extra["membership"].pk}


ROUTES = [
    Route(
        "accounts:login",
        allowed=OPEN,
        ok_status=(200, 302),
        citizen_data=False,
        notes="Signed-in users are sent home (302).",
    ),
    Route(
        "accounts:logout",
        method="POST",
        allowed=frozenset(ROLES),
        ok_status=302,
        citizen_data=False,
    ),
    Route(
        "accounts:second_factor", allowed=SECOND_FACTOR, ok_status=(200, 302), citizen_data=False
    ),
    Route(
        "accounts:second_factor",
        method="POST",
        allowed=SECOND_FACTOR,
        ok_status=(200, 302),
        data=lambda cast, extra: {"code": "000000"},
        citizen_data=False,
    ),
    Route(
        "accounts:backup_codes",
        allowed=ANY_SIGNED_IN,
        ok_status=302,
        citizen_data=False,
        notes="Codes are shown once, right after they are made; otherwise back to the profile.",
    ),
    Route(
        "accounts:backup_codes_new",
        method="POST",
        allowed=ANY_SIGNED_IN,
        ok_status=302,
        citizen_data=False,
    ),
    Route("accounts:profile", allowed=ANY_SIGNED_IN, citizen_data=False),
    Route(
        "accounts:profile",
        method="POST",
        allowed=ANY_SIGNED_IN,
        ok_status=302,
        citizen_data=False,
        data=lambda cast, extra: {"full_name": "Matrix Name", "language": "en"},
    ),
    Route(
        "accounts:switch_organisation",
        method="POST",
        allowed=ANY_SIGNED_IN,
        ok_status=302,
        citizen_data=False,
        data=lambda cast, extra: {"organisation": cast.org.pk},
        notes="An organisation without a membership is refused with a message, not saved.",
    ),
    Route(
        "accounts:token_new",
        method="POST",
        allowed=ANY_SIGNED_IN,
        ok_status=302,
        citizen_data=False,
        data=lambda cast, extra: {"name": "matrix"},
    ),
    Route(
        "accounts:token_revoke",
        method="POST",
        setup=_worker_token,
        allowed=frozenset({"worker"}),
        ok_status=302,
        citizen_data=False,
        kwargs=lambda cast, extra: {"token_id": extra["token"].pk},
    ),
    Route("accounts:password_change", allowed=ANY_SIGNED_IN, citizen_data=False),
    Route(
        "accounts:password_change",
        method="POST",
        allowed=ANY_SIGNED_IN,
        citizen_data=False,
        data=lambda cast, extra: {
            "old_password": "wrong",
            "new_password1": "x",
            "new_password2": "y",
        },
        notes="Wrong old password: the form comes back with errors (200).",
    ),
    Route("accounts:password_reset", allowed=OPEN, citizen_data=False),
    Route(
        "accounts:password_reset",
        method="POST",
        allowed=OPEN,
        ok_status=302,
        citizen_data=False,
        data=lambda cast, extra: {"email": "nobody@example.org"},
    ),
    Route("accounts:password_reset_done", allowed=OPEN, citizen_data=False),
    Route(
        "accounts:password_reset_confirm",
        allowed=OPEN,
        citizen_data=False,
        kwargs=lambda cast, extra: {"uidb64": "MQ", "token": "not-a-token"},
        notes="An invalid link shows a page saying so (200).",
    ),
    Route("accounts:password_reset_complete", allowed=OPEN, citizen_data=False),
    Route("accounts:org_people", allowed=ADMIN, citizen_data=False),
    Route("accounts:org_person_new", allowed=ADMIN, citizen_data=False),
    Route(
        "accounts:org_person_new",
        method="POST",
        allowed=ADMIN,
        ok_status=302,
        citizen_data=False,
        data=lambda cast, extra: {
            "email": "invited@example.org",
            "full_name": "Ines Invited",
            "role": Role.WORKER,
        },
    ),
    Route(
        "accounts:org_person",
        setup=_target,
        kwargs=_membership_kwargs,
        allowed=ADMIN,
        citizen_data=False,
    ),
    Route(
        "accounts:org_person",
        method="POST",
        setup=_target,
        kwargs=_membership_kwargs,
        allowed=ADMIN,
        ok_status=302,
        citizen_data=False,
        data=lambda cast, extra: {"role": Role.LEAD, "team": cast.team.pk},
    ),
    Route(
        "accounts:org_person_deactivate",
        method="POST",
        setup=_target,
        kwargs=_membership_kwargs,
        allowed=ADMIN,
        ok_status=302,
        citizen_data=False,
    ),
    Route(
        "accounts:org_account_deactivate",
        method="POST",
        setup=_target,
        kwargs=_membership_kwargs,
        allowed=ADMIN,
        ok_status=302,
        citizen_data=False,
    ),
    Route(
        "accounts:org_person_reactivate",
        method="POST",
        setup=lambda cast: _target(cast, active=False),
        kwargs=_membership_kwargs,
        allowed=ADMIN,
        ok_status=302,
        citizen_data=False,
    ),
    Route("accounts:org_settings", allowed=ADMIN, citizen_data=False),
    Route(
        "accounts:org_settings",
        method="POST",
        allowed=ADMIN,
        ok_status=302,
        citizen_data=False,
        data=lambda cast, extra: {
            "name": "Demo Kommune",
            "default_language": "da",
            "citizen_term": "citizen",
            "cti_caseload_cap": "10",
        },
    ),
]


# --- Single sign-on -------------------------------------------------------------------------
# The SSO endpoints are public by design: the IdP's administrator reads our metadata, the
# browser arrives from the IdP unsigned-in. Without a configured IdP they answer 404 to all.


def _saml_provider(cast) -> dict:
    from omkreds.accounts.models import IdentityProvider, SsoProtocol

    IdentityProvider.objects.create(organisation=cast.org, protocol=SsoProtocol.SAML)
    return {}


def _org_kwargs(cast, extra):
    return {"organisation_id": cast.org.pk}


ROUTES += [
    Route("sso:choose", allowed=frozenset(ROLES), citizen_data=False),
    Route(
        "sso:saml_metadata",
        kwargs=_org_kwargs,
        setup=_saml_provider,
        allowed=frozenset(ROLES),
        citizen_data=False,
    ),
    Route(
        "sso:saml_login",
        kwargs=_org_kwargs,
        allowed=frozenset(ROLES),
        ok_status=404,
        citizen_data=False,
        notes="Public; with no IdP switched on it answers 404 (a page saying so) to everyone.",
    ),
    Route(
        "sso:saml_acs",
        method="POST",
        kwargs=_org_kwargs,
        allowed=frozenset(ROLES),
        ok_status=404,
        citizen_data=False,
        data=lambda cast, extra: {"SAMLResponse": "x"},
    ),
    Route(
        "sso:saml_sls",
        kwargs=_org_kwargs,
        allowed=frozenset(ROLES),
        ok_status=404,
        citizen_data=False,
    ),
    Route(
        "sso:saml_logout",
        method="POST",
        kwargs=_org_kwargs,
        allowed=frozenset(ROLES),
        ok_status=404,
        citizen_data=False,
    ),
    Route(
        "sso:oidc_login",
        kwargs=_org_kwargs,
        allowed=frozenset(ROLES),
        ok_status=404,
        citizen_data=False,
        notes="Public; with no OpenID provider switched on it answers 404 (a page) to everyone.",
    ),
    Route(
        "sso:oidc_callback",
        kwargs=_org_kwargs,
        allowed=frozenset(ROLES),
        ok_status=404,
        citizen_data=False,
    ),
    Route("accounts:org_identity_provider", allowed=ADMIN, citizen_data=False),
    Route(
        "accounts:org_identity_provider",
        method="POST",
        allowed=ADMIN,
        ok_status=200,
        citizen_data=False,
        data=lambda cast, extra: {"email_attribute": ""},
    ),
]


# --- Passkeys -------------------------------------------------------------------------------
# The WebAuthn ceremonies answer JSON, not pages: without a session, registering is refused
# with 403 (there is no one to add a passkey to); a ceremony completed without being begun in
# the same session is refused with 400; beginning a sign-in is open (a passkey may replace the
# password where the organisation allows it, which completing decides).


def _worker_passkey(cast) -> dict:
    from django_otp_webauthn.models import WebAuthnCredential

    passkey = WebAuthnCredential.objects.create(
        user=cast.worker,
        name="matrix",
        credential_id=b"matrix-credential",
        public_key=b"matrix-public-key",
        confirmed=True,
    )
    return {"passkey": passkey}


ROUTES += [
    Route(
        "accounts:passkey_register_begin",
        method="POST",
        allowed=frozenset(ROLES),
        ok_status=(200, 403),
        citizen_data=False,
        notes="Signed in and past any second factor: 200; otherwise 403 (JSON).",
    ),
    Route(
        "accounts:passkey_register_complete",
        method="POST",
        allowed=frozenset(ROLES),
        ok_status=(400, 403),
        citizen_data=False,
        notes="No registration begun in this session: 400; not signed in: 403.",
    ),
    Route(
        "accounts:passkey_authenticate_begin",
        method="POST",
        allowed=frozenset(ROLES),
        ok_status=200,
        citizen_data=False,
    ),
    Route(
        "accounts:passkey_authenticate_complete",
        method="POST",
        allowed=frozenset(ROLES),
        ok_status=400,
        citizen_data=False,
        notes="No sign-in begun in this session: 400, for everyone.",
    ),
    Route(
        "accounts:passkey_delete",
        method="POST",
        setup=_worker_passkey,
        kwargs=lambda cast, extra: {"passkey_id": extra["passkey"].pk},
        allowed=frozenset({"worker"}),
        ok_status=302,
        citizen_data=False,
        notes="One's own passkey only; anyone else's is absent (404).",
    ),
]
