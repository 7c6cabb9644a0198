"""Counting wrong guesses of a typed code, kept in the database so every app process behind the
load balancer sees the same count (the short links of meetings, the council's room code).

A `model` holds one row per key (a client address, a code's keyed hash): the start of the
current window and the misses in it. After `limit` misses within `window` the key is throttled
until the window has passed; the first miss after that starts a new window.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F


def throttled(model, *, field: str, keys, now, window, limit: int) -> bool:
    """Whether any of `keys` has had `limit` misses in the current window."""
    return model.objects.filter(
        **{f"{field}__in": list(keys)}, window_started_at__gt=now - window, misses__gte=limit
    ).exists()


def count_miss(model, *, field: str, key: str, now, window) -> None:
    """One more miss for `key`, in a transaction of its own (under a row lock, so parallel
    guesses are all counted)."""
    with transaction.atomic():
        miss, created = model.objects.select_for_update().get_or_create(
            **{field: key}, defaults={"window_started_at": now, "misses": 1}
        )
        if created:
            return
        if miss.window_started_at <= now - window:
            miss.window_started_at, miss.misses = now, 1
            miss.save(update_fields=["window_started_at", "misses"])
        else:
            model.objects.filter(pk=miss.pk).update(misses=F("misses") + 1)
