"""The data inventory of the ground floor: accounts, access and privacy, and Django and the
libraries it uses. The workflow apps register their own (`omkreds/<app>/inventory.py`); how to
classify a field is said in `omkreds/privacy/inventory.py`.
"""

from django.utils.translation import gettext_lazy as _

from omkreds.access.registry import Classification, ModelEntry

P = Classification.PERSONAL
S = Classification.SENSITIVE
N = Classification.NONE

INVENTORY: dict[str, ModelEntry] = {
    # --- accounts -------------------------------------------------------------------------------
    "accounts.Organisation": ModelEntry(
        _("The municipality or region that uses Omkreds, and its settings."),
        {
            "id": N,
            "name": N,
            "default_language": N,
            "citizen_term": N,
            "cti_caseload_cap": N,
            "network_meeting_offer_months": N,
            "letter_margin_top_mm": N,
            "letter_margin_right_mm": N,
            "letter_margin_bottom_mm": N,
            "letter_margin_left_mm": N,
            "passkey_sign_in": N,
            "country": N,
            "time_zone": N,
            "created_at": N,
        },
    ),
    "accounts.Team": ModelEntry(
        _("Teams of an organisation; a lead reaches the citizens of their team."),
        {"id": N, "organisation": N, "name": N},
    ),
    "accounts.User": ModelEntry(
        _("Employees and professionals who sign in: who they are and how they sign in."),
        {
            "id": P,
            "password": S,
            "last_login": P,
            "is_superuser": N,
            "email": P,
            "full_name": P,
            "language": N,
            "is_active": N,
            "is_staff": N,
            "is_demo": N,
            "date_joined": P,
        },
    ),
    "accounts.Membership": ModelEntry(
        _("A user's role in an organisation, which decides what they may see."),
        {
            "id": N,
            "user": P,
            "organisation": N,
            "role": P,
            "team": P,
            "is_active": N,
            "created_at": N,
        },
    ),
    "accounts.UserSession": ModelEntry(
        _("The sessions a user holds, so that all of them can be ended at once."),
        {"id": N, "user": P, "session_key": S, "created_at": P},
    ),
    "accounts.ApiToken": ModelEntry(
        _("Personal API tokens; only a digest of the secret is kept."),
        {
            "id": N,
            "user": P,
            "organisation": N,
            "name": N,
            "digest": S,
            "created_at": P,
            "last_used_at": P,
            "revoked_at": N,
        },
    ),
    "accounts.IdentityProvider": ModelEntry(
        _("An organisation's single sign-on: its identity provider and how its answers are read."),
        {
            "id": N,
            "organisation": N,
            "protocol": N,
            "enabled": N,
            "saml_metadata": N,
            "saml_metadata_url": N,
            "saml_entity_id": N,
            "saml_certificate_expires_at": N,
            "oidc_issuer": N,
            "oidc_client_id": N,
            "oidc_client_secret": S,
            "oidc_provider": N,
            "email_attribute": N,
            "name_attribute": N,
            "role_attribute": N,
            "default_role": N,
            "allowed_roles": N,
            "require_sso": N,
            "break_glass_user": P,
            "mfa_counts": N,
            "mfa_values": N,
        },
    ),
    "accounts.IdentityProviderDevice": ModelEntry(
        _("Marks a user's sign-in as verified by the identity provider's multi-factor sign-in."),
        {"id": N, "user": P, "name": N, "confirmed": N},
    ),
    "accounts.SeenAssertion": ModelEntry(
        _("Single sign-on answers already used, so that none is accepted twice."),
        {"id": N, "organisation": N, "assertion_id": N, "expires_at": N},
    ),
    # --- access ---------------------------------------------------------------------------------
    "access.Consent": ModelEntry(
        _("The citizen's consents to share parts of the case with named professionals."),
        {
            "id": N,
            "citizen": P,
            "to_user": P,
            "to_organisation": P,
            "parts": P,
            "purpose": S,
            "valid_from": P,
            "valid_until": P,
            "given_how": P,
            "recorded_by": P,
            "recorded_at": P,
            "withdrawn_at": P,
            "withdrawn_by": P,
        },
    ),
    "access.AccessLogEntry": ModelEntry(
        _("Who saw or changed which citizen's data, and when (the access log)."),
        {
            "id": N,
            "at": P,
            "user": P,
            "user_label": P,
            "organisation": N,
            "citizen_id": P,
            "action": P,
            "object_type": N,
            "object_id": P,
            "request_id": N,
        },
    ),
    "access.ChangeRecord": ModelEntry(
        _("Who changed which citizen's data, when and what (the change history)."),
        {
            "id": N,
            "citizen": P,
            "at": P,
            "user": P,
            "user_label": P,
            "kind": P,
            "object_type": N,
            "object_id": P,
            "summary": S,
        },
    ),
    # --- privacy -------------------------------------------------------------------------------
    "privacy.InformedRecord": ModelEntry(
        _("That a person on a citizen's map was told they are on it: when, how and by whom."),
        {
            "id": N,
            "citizen": P,
            "contact_id": P,
            "informed_on": P,
            "how": P,
            "recorded_by": P,
            "recorded_at": P,
        },
    ),
    "privacy.RightsSettings": ModelEntry(
        _("The organisation's retention periods and how insight exports name staff."),
        {
            "id": N,
            "organisation": N,
            "case_years": N,
            "log_years": N,
            "insight_staff_names": N,
            "updated_at": N,
        },
    ),
    "privacy.LogReview": ModelEntry(
        _("Sample checks of the access log by a lead, as supervisors ask for."),
        {
            "id": N,
            "organisation": N,
            "team": N,
            "reviewer": P,
            "created_at": P,
            "period_from": N,
            "period_to": N,
            "sample_size": N,
            "rules": N,
            "rng_seed": N,
        },
    ),
    "privacy.LogReviewItem": ModelEntry(
        _("One access-log entry picked for a log review, and whether it was checked."),
        {
            "id": N,
            "review": N,
            "entry": P,
            "reasons": P,
            "burst_count": P,
            "checked_at": P,
            "checked_by": P,
            "note": S,
        },
    ),
    # --- Django and the libraries it uses -------------------------------------------------------
    "auth.Permission": ModelEntry(
        _("Django's permissions (not used to decide access to case data)."),
        {"id": N, "name": N, "content_type": N, "codename": N},
    ),
    "auth.Group": ModelEntry(_("Django's groups (not used)."), {"id": N, "name": N}),
    "contenttypes.ContentType": ModelEntry(
        _("Django's list of data types."), {"id": N, "app_label": N, "model": N}
    ),
    "sessions.Session": ModelEntry(
        _("Signed-in sessions; they expire after 30 minutes without use."),
        {"session_key": S, "session_data": S, "expire_date": N},
    ),
    "admin.LogEntry": ModelEntry(
        _("Changes made in Django's technical admin site."),
        {
            "id": N,
            "action_time": P,
            "user": P,
            "content_type": N,
            "object_id": P,
            "object_repr": P,
            "action_flag": N,
            "change_message": P,
        },
    ),
    "otp_totp.TOTPDevice": ModelEntry(
        _("Users' authenticator apps (the second factor)."),
        {
            "id": N,
            "user": P,
            "name": N,
            "confirmed": N,
            "throttling_failure_timestamp": P,
            "throttling_failure_count": N,
            "created_at": P,
            "last_used_at": P,
            "key": S,
            "step": N,
            "t0": N,
            "digits": N,
            "tolerance": N,
            "drift": N,
            "last_t": N,
        },
    ),
    "django_otp_webauthn.WebAuthnCredential": ModelEntry(
        _("Users' passkeys (a second factor, or a sign-in where the organisation allows it)."),
        {
            "id": N,
            "user": P,
            "name": N,
            "confirmed": N,
            "created_at": P,
            "last_used_at": P,
            "credential_type": N,
            "credential_id": P,
            "public_key": P,
            "transports": N,
            "sign_count": N,
            "backup_eligible": N,
            "backup_state": N,
            "aaguid": N,
            "credential_id_sha256": P,
            "discoverable": N,
        },
    ),
    "django_otp_webauthn.WebAuthnAttestation": ModelEntry(
        _("What the authenticator said about itself when a passkey was added."),
        {"id": N, "fmt": N, "data": P, "client_data_json": P, "credential": P},
    ),
    "django_otp_webauthn.WebAuthnUserHandle": ModelEntry(
        _("The random handle that names a user to their passkeys."),
        {"handle_hex": P, "user": P},
    ),
    "otp_static.StaticDevice": ModelEntry(
        _("Users' backup codes for the second factor."),
        {
            "id": N,
            "user": P,
            "name": N,
            "confirmed": N,
            "throttling_failure_timestamp": P,
            "throttling_failure_count": N,
            "created_at": P,
            "last_used_at": P,
        },
    ),
    "otp_static.StaticToken": ModelEntry(
        _("The backup codes themselves."), {"id": N, "device": P, "token": S}
    ),
    "axes.AccessAttempt": ModelEntry(
        _("Failed sign-ins, to lock out password guessing."),
        {
            "id": N,
            "user_agent": P,
            "ip_address": P,
            "username": P,
            "http_accept": N,
            "path_info": N,
            "attempt_time": P,
            "get_data": P,
            "post_data": P,
            "failures_since_start": N,
        },
    ),
    "django_tasks_database.DBTaskResult": ModelEntry(
        _(
            "Background tasks waiting for the task worker, and their outcome (which e-mail "
            "deliveries to send); finished ones are pruned."
        ),
        {
            "id": N,
            "status": N,
            "enqueued_at": N,
            "started_at": N,
            "finished_at": N,
            "args_kwargs": P,
            "priority": N,
            "task_path": N,
            "worker_ids": N,
            "queue_name": N,
            "backend_name": N,
            "run_after": N,
            "return_value": P,
            "exception_class_path": N,
            "traceback": P,
        },
    ),
    "axes.AccessAttemptExpiration": ModelEntry(
        _("When a lock-out after failed sign-ins ends."),
        {"access_attempt": N, "expires_at": N},
    ),
    "axes.AccessFailureLog": ModelEntry(
        _("The log of failed sign-ins."),
        {
            "id": N,
            "user_agent": P,
            "ip_address": P,
            "username": P,
            "http_accept": N,
            "path_info": N,
            "attempt_time": P,
            "locked_out": N,
        },
    ),
    "axes.AccessLog": ModelEntry(
        _("The log of sign-ins and sign-outs."),
        {
            "id": N,
            "user_agent": P,
            "ip_address": P,
            "username": P,
            "http_accept": N,
            "path_info": N,
            "attempt_time": P,
            "logout_time": P,
            "session_hash": S,
        },
    ),
}
