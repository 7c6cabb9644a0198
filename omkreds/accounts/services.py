from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction

from omkreds.accounts.models import UserSession


def user_end_all_sessions(*, user) -> int:
    """End every session the user holds, on every device. Returns how many were ended."""
    with transaction.atomic():
        keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        store = SessionStore()
        for key in keys:
            store.delete(key)
        UserSession.objects.filter(user=user).delete()
    return len(keys)
