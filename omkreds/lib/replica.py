"""Reports and exports read from a streaming replica when one is configured (issue 16).

`DATABASE_REPLICA_URL` adds the database alias "replica" (settings.py). A view marked with
`@reads_from_replica` then runs its reads there, on GET and HEAD only, so that the primary
keeps the writes and the pages people work on. Everything else stays on the primary:

- every write (the router sends all writes to "default"), the access-log row a report writes
  included;
- reads after a write in the same request (read-after-write: once the request has written
  anything but its access-log rows, the rest of it reads from the primary);
- reads inside a transaction on the primary, and every view not marked.

Sessions, the user and the organisation are read by the middleware before the view runs, so
they come from the primary. A replica lags the primary by a moment: mark only views where a
few seconds' lag is harmless (a report of last month is; a form just saved is not).
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"

# "replica" while a marked view runs; "primary" once that request has written something.
_state: ContextVar[str | None] = ContextVar("omkreds_replica", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def from_replica(request):
    """Reads inside the block go to the replica (GET and HEAD only, when one is configured).

    Put the access decision before the block: who may see what is read from the primary, so
    that a consent withdrawn a moment ago is never missed by a lagging replica.
    """
    if request.method not in ("GET", "HEAD") or not replica_configured():
        yield
        return
    token = _state.set(REPLICA)
    try:
        yield
    finally:
        _state.reset(token)


def reads_from_replica(view):
    """The view's reads go to the replica. Put it below the decorator that authorizes."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with from_replica(request):
            return view(request, *args, **kwargs)

    return wrapper


class ReplicaRouter:
    """Reads of a marked view go to the replica; everything else to the primary."""

    # Rows written only to record the reading itself: they need not be read back.
    _RECORD_ONLY = {("access", "accesslogentry")}

    def db_for_read(self, model, **hints):
        if _state.get() != REPLICA or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        if (
            _state.get() == REPLICA
            and (model._meta.app_label, model._meta.model_name) not in self._RECORD_ONLY
        ):
            _state.set("primary")
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
