"""The doors to a citizen's data: `citizen_view` for pages, `api_citizen` for the JSON API.

Each resolves the citizen through the policy (404 when out of reach) and writes the access-log
row before any of the citizen's data is read, once per request.
"""

from functools import wraps
from typing import NamedTuple

from django.contrib.auth.decorators import login_required
from django.http import Http404

from omkreds.access import log, policy
from omkreds.citizens.models import Citizen


def citizen_view(action: policy.Action):
    """Resolve `citizen_id` through the policy (404 when out of reach), log, then call the view.

    The view receives the citizen instead of its id, and `reach_of(request, citizen)` gives the
    reach resolved here. The access-log row is written before the view runs, so a view never
    returns citizen data that was not logged.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, citizen_id, *args, **kwargs):
            try:
                citizen, reach = policy.resolve(request.user, citizen_id, action)
            except Http404:
                log.record_refused(request, citizen_id=citizen_id, action=action)
                raise
            log.record(request, citizen_id=citizen.pk, action=action)
            request._citizen_reach = (citizen.pk, reach)
            return view(request, citizen, *args, **kwargs)

        return wrapper

    return decorator


class Reached(NamedTuple):
    """A citizen the request's user reaches, and how (`policy.Reach`): ask `reach.allows()`
    and `reach.case` instead of the policy again."""

    citizen: Citizen
    reach: policy.Reach


def api_citizen(
    request, citizen_id, action: policy.Action, *, logged_as: str | None = None, **log_extra
) -> Reached:
    """The citizen of an API operation, if the user may do `action` (else 404), after its
    access-log row: `logged_as` (default: the action) with `log_extra` (`object_type`,
    `object_id`, `obj`)."""
    try:
        citizen, reach = policy.resolve(request.user, citizen_id, action)
    except Http404:
        log.record_refused(request, citizen_id=citizen_id, action=action)
        raise
    log.record(request, citizen_id=citizen.pk, action=logged_as or action, **log_extra)
    request._citizen_reach = (citizen.pk, reach)
    return Reached(citizen, reach)


def reach_of(request, citizen) -> policy.Reach:
    """The request's user's reach of `citizen`: the one the door resolved, so that a page asks
    `reach_of(request, citizen).allows(action)` without computing it again (and computes it
    only where no door resolved this citizen)."""
    found = getattr(request, "_citizen_reach", None)
    if found is not None and found[0] == citizen.pk:
        return found[1]
    return policy.reach(request.user, citizen)
