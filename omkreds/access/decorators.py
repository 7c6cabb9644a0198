from functools import wraps

from django.contrib.auth.decorators import login_required

from omkreds.access import log, policy


def citizen_view(action: policy.Action):
    """Resolve `citizen_id` through the policy (404 when out of reach), log, then call the view.

    The view receives the citizen instead of its id. The access-log row is written before the
    view runs, so a view never returns citizen data that was not logged.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, citizen_id, *args, **kwargs):
            citizen = policy.get_citizen(request.user, citizen_id, action)
            log.record(request, citizen_id=citizen.pk, action=action)
            return view(request, citizen, *args, **kwargs)

        return wrapper

    return decorator
