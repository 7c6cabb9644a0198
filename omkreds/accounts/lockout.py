"""Wrong passwords: the (account, address) pair locks; the account slows down elsewhere.

Locking an account from every address, or an address for every account, lets anyone lock
anyone out (issue 15, point 3). So, as ASVS 5.0 V6.3 asks (docs/security.md):

- django-axes locks the pair: `AXES_FAILURE_LIMIT` wrong passwords for one account from one
  address lock that account at that address for `AXES_COOLOFF_TIME`; other accounts from the
  address, and the account from other addresses, are not locked.
- Across addresses the account slows down instead (`wait_seconds`): once its failures from all
  addresses reach the limit, each further try from an address where the account has never
  signed in must wait a delay that doubles with each failure (1 s, 2 s, 4 s … at most 15
  minutes). A refused try checks no password and counts no failure.
- The address the user signs in from as usual (an earlier successful login there, from axes'
  access log) is never slowed down: the real user still signs in while someone guesses elsewhere.
- The user gets a mail when a pair is locked (`lockout_notify`), so they learn of the guessing.
"""

from __future__ import annotations

import datetime as dt
import math

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

FIRST_DELAY_SECONDS = 1
MAX_DELAY_SECONDS = 15 * 60


def normalise_username(request, credentials=None) -> str:
    """The account name as axes counts it: trimmed and lower-case, as the login form reads it
    (else "Worker@…" and "worker@…" would be two accounts to the counters)."""
    source = credentials or request.POST
    return str(source.get(settings.AXES_USERNAME_FORM_FIELD, "") or "").strip().lower()


def _window_start(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)


def usual_address(*, username: str, ip_address: str) -> bool:
    """Whether the account has signed in from this address before."""
    return AccessLog.objects.filter(username=username, ip_address=ip_address).exists()


def delay_after(failures: int) -> int:
    """Seconds between tries once an account's failures (all addresses) reach the limit."""
    over = failures - settings.AXES_FAILURE_LIMIT
    if over < 0:
        return 0
    return min(FIRST_DELAY_SECONDS * 2 ** min(over, 20), MAX_DELAY_SECONDS)


def wait_seconds(*, username: str, ip_address: str, now: dt.datetime | None = None) -> int:
    """How long this address must still wait before trying this account's password (0: go)."""
    if not username:
        return 0
    now = now or timezone.now()
    recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=_window_start(now))
    totals = recent.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    delay = delay_after(totals["failures"] or 0)
    if not delay or usual_address(username=username, ip_address=ip_address):
        return 0
    remaining = (totals["last"] + dt.timedelta(seconds=delay) - now).total_seconds()
    return max(0, math.ceil(remaining))


def lockout_notify(*, username: str, ip_address: str) -> None:
    """Mail the account holder that logging in was paused at an address (if the account exists)."""
    from omkreds.accounts.models import User
    from omkreds.accounts.tasks import send_lockout_mail

    user = User.objects.filter(email__iexact=username, is_active=True).first()
    if user is not None:
        send_lockout_mail.enqueue(user_id=user.pk, ip_address=ip_address)
