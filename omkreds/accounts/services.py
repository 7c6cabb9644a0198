"""Account workflows: sessions, second factor, invitations and memberships."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from omkreds.accounts.models import ApiToken, Membership, Organisation, Team, User, UserSession

BACKUP_CODE_COUNT = 10


# --- Sessions -------------------------------------------------------------------------------


def user_end_all_sessions(*, user, keep_session_key: str | None = None) -> int:
    """End every session the user holds, on every device. Returns how many were ended.

    `keep_session_key` spares one session: the one a user is changing their password in.
    """
    with transaction.atomic():
        records = UserSession.objects.filter(user=user)
        if keep_session_key:
            records = records.exclude(session_key=keep_session_key)
        keys = list(records.values_list("session_key", flat=True))
        store = SessionStore()
        for key in keys:
            store.delete(key)
        records.delete()
    return len(keys)


def session_record_rotation(*, old_key: str | None, new_key: str | None) -> None:
    """A session got a new key (login, second factor, new password): keep our record in step.

    Without this a rotated session would escape `user_end_all_sessions`.
    """
    if old_key and new_key and old_key != new_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=new_key)


def session_rotate(*, request) -> None:
    """Give the current session a new key, keeping its data (against session fixation)."""
    old_key = request.session.session_key
    request.session.cycle_key()
    session_record_rotation(old_key=old_key, new_key=request.session.session_key)


def api_tokens_revoke(*, user, organisation: Organisation | None = None) -> int:
    """Revoke the user's live API tokens (those for one organisation, if given); returns how
    many. A revoked token never comes back: an account switched on again makes new ones."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if organisation is not None:
        tokens = tokens.filter(organisation=organisation)
    return tokens.update(revoked_at=timezone.now())


def user_password_changed(*, request, user: User) -> int:
    """After a new password: end the user's other sessions and revoke their API tokens; keep
    this session under a new key.

    Returns how many other sessions were ended.
    """
    old_key = request.session.session_key
    api_tokens_revoke(user=user)
    ended = user_end_all_sessions(user=user, keep_session_key=old_key)
    update_session_auth_hash(request, user)  # rotates the session key
    session_record_rotation(old_key=old_key, new_key=request.session.session_key)
    return ended


# --- Second factor --------------------------------------------------------------------------


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device being set up; the same one until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


def totp_qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth URI as an inline SVG QR code (made here; no external request)."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2
    )
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.index("<svg") :]
    return svg.replace("<svg ", '<svg role="img" aria-labelledby="qr-title" ', 1).replace(
        ">", '><rect width="100%" height="100%" fill="#fff"/>', 1
    )


def backup_codes_issue(*, user: User) -> list[str]:
    """Replace the user's backup codes with a new set and return them (shown once)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def totp_device_confirm(*, device: TOTPDevice) -> list[str]:
    """Confirm a device whose first code was right; retire any other; issue backup codes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return backup_codes_issue(user=device.user)


# --- Language -------------------------------------------------------------------------------


def user_language(user: User, default: str | None = None) -> str:
    """The language to write to this user in: their own, else their organisation's."""
    if user.language:
        return user.language
    membership = (
        Membership.objects.filter(user=user, is_active=True).select_related("organisation").first()
    )
    if membership is not None:
        return membership.organisation.default_language
    return settings.LANGUAGE_CODE if default is None else default


# --- Organisation administration ------------------------------------------------------------


def user_invite(
    *, organisation: Organisation, email: str, full_name: str, role: str, team: Team | None
) -> User:
    """Create an account with a membership and send a mail to set its password."""
    from omkreds.accounts.tasks import send_set_password_mail

    with transaction.atomic():
        user = User.objects.create_user(email, None, full_name=full_name)  # unusable password
        Membership.objects.create(user=user, organisation=organisation, role=role, team=team)
    send_set_password_mail.enqueue(user_id=user.pk, organisation_id=organisation.pk)
    return user


def account_belongs_to(user: User, organisation: Organisation) -> bool:
    """An organisation's admin may switch an account on or off only if it has no other home."""
    return not user.memberships.exclude(organisation=organisation).exists()


def membership_deactivate(*, membership: Membership) -> None:
    """Take a person out of an organisation; their sessions end and their API tokens for it
    are revoked, so it takes effect at once."""
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    api_tokens_revoke(user=membership.user, organisation=membership.organisation)
    user_end_all_sessions(user=membership.user)


def user_deactivate(*, user: User) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    api_tokens_revoke(user=user)
    user_end_all_sessions(user=user)


def membership_reactivate(*, membership: Membership) -> None:
    """Bring a membership back, and the account with it when the account belongs here."""
    with transaction.atomic():
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        user = membership.user
        if not user.is_active and account_belongs_to(user, membership.organisation):
            user.is_active = True
            user.save(update_fields=["is_active"])
