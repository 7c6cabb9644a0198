import time

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from omkreds.accounts.models import UserSession


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    # Session bookkeeping belongs to the login itself, however it happens (form, tests, SSO).
    request.session["login_at"] = time.time()
    if not request.session.session_key:
        request.session.save()
    UserSession.objects.get_or_create(user=user, session_key=request.session.session_key)


@receiver(user_logged_out)
def end_session_record(sender, request, user, **kwargs):
    if user is not None:
        from omkreds.accounts.services import user_end_all_sessions

        user_end_all_sessions(user=user)


@receiver(user_locked_out)
def tell_the_account_holder(sender, request, username, ip_address, **kwargs):
    # Once, at the failure that locks the pair (axes also signals refused tries while locked).
    if getattr(request, "axes_failures_since_start", None) == settings.AXES_FAILURE_LIMIT:
        from omkreds.accounts.lockout import lockout_notify

        lockout_notify(username=username, ip_address=ip_address)
