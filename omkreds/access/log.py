"""Writing the access log. Every response that shows citizen data writes its row first."""

import logging
import uuid

from django.db import DatabaseError, transaction

from omkreds.access.models import AccessLogEntry
from omkreds.lib import metrics

logger = logging.getLogger(__name__)


class AccessLogUnavailable(Exception):
    """The row could not be written, so no data may be returned."""


# Showing an edit form changes nothing (issue 15, point 4): a request that cannot write (GET,
# HEAD, OPTIONS) is logged under the view it is, whatever right its page needed.
VIEW_OF_EDIT = {
    "edit_case": "view_case",
    "edit_map": "view_map",
    "edit_overview": "view_overview",
    "edit_meetings": "view_meetings",
    "edit_cti": "view_cti",
}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def logged_action(request, action: str) -> str:
    """The action a request is logged under: only a writing request is logged as a change."""
    action = str(action)
    if getattr(request, "method", "GET") in SAFE_METHODS:
        return VIEW_OF_EDIT.get(action, action)
    return action


def record(
    request, *, citizen_id, action: str, obj=None, object_type: str = "", object_id: str = ""
) -> None:
    action = logged_action(request, action)
    user = request.user if request.user.is_authenticated else None
    organisation = getattr(request, "organisation", None)
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(obj.pk)
    try:
        AccessLogEntry.objects.create(
            user=user,
            user_label=user.email if user else "anonymous",
            organisation=organisation,
            citizen_id=citizen_id,
            action=str(action),
            object_type=object_type,
            object_id=object_id,
            request_id=getattr(request, "request_id", ""),
        )
    except DatabaseError as exc:
        # No savepoint on purpose: the request ends in AccessLogUnavailable (503), which rolls
        # back anything the view had begun, so a broken transaction cannot outlive it.
        logger.error("Access log write failed; refusing to return data.")
        raise AccessLogUnavailable from exc
    _count_when_committed(action, 1)


def _count_when_committed(action: str, rows: int) -> None:
    """The metrics count the rows that stay: a write rolled back with its request is not one."""
    transaction.on_commit(lambda: metrics.access_log_rows_written(action, rows))


# Actions that are not policy actions: a citizen shown in a list or in search results, and the
# creation of a case. Policy actions (`policy.Action`) are logged under their own value.
LIST = "list"
SEARCH = "search"
CREATE_CASE = "create_case"
# A look-up the policy refused (404): who, when, which id and what they tried, no data, so that
# the log review can see someone probing ids (issue 15, point 11).
REFUSED = "refused"


def record_refused(request, *, citizen_id, action: str) -> None:
    """A refused look-up of a citizen id; the attempted action goes in `object_type`."""
    try:
        citizen_id = uuid.UUID(str(citizen_id))
    except ValueError:
        return  # not an id at all: nothing anyone could have found
    record(request, citizen_id=citizen_id, action=REFUSED, object_type=str(action)[:40])


def record_many(request, *, citizen_ids, action: str) -> None:
    """One row per citizen shown in a list, written in one statement before the list is shown."""
    citizen_ids = list(dict.fromkeys(citizen_ids))
    if not citizen_ids:
        return
    action = logged_action(request, action)
    user = request.user if request.user.is_authenticated else None
    organisation = getattr(request, "organisation", None)
    request_id = getattr(request, "request_id", "")
    rows = [
        AccessLogEntry(
            user=user,
            user_label=user.email if user else "anonymous",
            organisation=organisation,
            citizen_id=citizen_id,
            action=str(action),
            request_id=request_id,
        )
        for citizen_id in citizen_ids
    ]
    try:
        AccessLogEntry.objects.bulk_create(rows)
    except DatabaseError as exc:
        logger.error("Access log write failed; refusing to return data.")
        raise AccessLogUnavailable from exc
    _count_when_committed(action, len(rows))
