"""Background work for accounts. Immediate in the embedded default, a worker in production."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from omkreds.accounts.models import Organisation, User


@task
def send_set_password_mail(*, user_id: int, organisation_id: int) -> None:
    """Invite a new account holder to choose a password, with a password-reset link."""
    user = User.objects.get(pk=user_id)
    organisation = Organisation.objects.get(pk=organisation_id)
    link = settings.SITE_URL + reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    language = user.language or organisation.default_language
    with translation.override(language):
        context = {
            "user": user,
            "organisation": organisation,
            "link": link,
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            "reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
        }
        subject = render_to_string("accounts/email/set_password_subject.txt", context)
        body = render_to_string("accounts/email/set_password_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


@task
def send_lockout_mail(*, user_id: int, ip_address: str) -> None:
    """Tell an account holder that wrong passwords paused logging in from an address."""
    from omkreds.accounts.services import user_language

    user = User.objects.get(pk=user_id)
    with translation.override(user_language(user)):
        context = {
            "user": user,
            "ip_address": ip_address,
            "failures": settings.AXES_FAILURE_LIMIT,
            "hours": settings.AXES_COOLOFF_TIME,
            "reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
        }
        subject = render_to_string("accounts/email/lockout_subject.txt", context)
        body = render_to_string("accounts/email/lockout_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
