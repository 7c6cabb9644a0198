"""The citizen's access log: who looked, when and why; leads may filter it by user and date."""

import datetime as dt

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from omkreds.access import log, policy
from omkreds.access.decorators import citizen_view
from omkreds.access.models import AccessLogEntry
from omkreds.access.policy import Action, OrgAction
from omkreds.accounts.models import User
from omkreds.privacy.forms import LogFilterForm

LOG_PAGE_SIZE = 50

# How the access log's actions read to people (the log page, log reviews, insight exports).
ACTION_LABELS = {
    log.LIST: gettext_lazy("seen in a list"),
    log.SEARCH: gettext_lazy("found by search"),
    log.CREATE_CASE: gettext_lazy("case created"),
    log.REFUSED: gettext_lazy("look-up refused"),
    "log_review": gettext_lazy("seen in a log review"),
    Action.VIEW_CASE: gettext_lazy("case viewed"),
    Action.EDIT_CASE: gettext_lazy("case changed"),
    Action.VIEW_MAP: gettext_lazy("network map viewed"),
    Action.EDIT_MAP: gettext_lazy("network map changed"),
    Action.VIEW_OVERVIEW: gettext_lazy("network overview viewed"),
    Action.EDIT_OVERVIEW: gettext_lazy("network overview changed"),
    Action.VIEW_MEETINGS: gettext_lazy("meetings viewed"),
    Action.EDIT_MEETINGS: gettext_lazy("meetings changed"),
    Action.VIEW_CTI: gettext_lazy("CTI viewed"),
    Action.EDIT_CTI: gettext_lazy("CTI changed"),
    Action.MANAGE_CONSENT: gettext_lazy("consents managed"),
    Action.VIEW_ACCESS_LOG: gettext_lazy("access log viewed"),
    Action.VIEW_SHARED: gettext_lazy("shared parts viewed"),
    Action.VIEW_HISTORY: gettext_lazy("change history viewed"),
    Action.EXPORT_INSIGHT: gettext_lazy("insight export made"),
}


@require_GET
@citizen_view(Action.VIEW_ACCESS_LOG)
def citizen_log(request, citizen):
    entries = AccessLogEntry.objects.filter(citizen_id=citizen.pk).select_related("organisation")
    may_filter = policy.can_org(request.user, OrgAction.REVIEW_LOG, citizen.organisation)
    form = None
    if may_filter:
        users = User.objects.filter(
            pk__in=AccessLogEntry.objects.filter(citizen_id=citizen.pk).values("user_id")
        ).order_by("full_name", "email")
        form = LogFilterForm(request.GET or None, users=users)
        if form.is_bound and form.is_valid():
            if form.cleaned_data["user"]:
                entries = entries.filter(user=form.cleaned_data["user"])
            if form.cleaned_data["date_from"]:
                entries = entries.filter(at__gte=_start_of(form.cleaned_data["date_from"]))
            if form.cleaned_data["date_until"]:
                until = form.cleaned_data["date_until"] + dt.timedelta(days=1)
                entries = entries.filter(at__lt=_start_of(until))
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(entry, ACTION_LABELS.get(entry.action, entry.action)) for entry in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "privacy/citizen_log.html",
        {"citizen": citizen, "page": page, "rows": rows, "form": form, "query": query.urlencode()},
    )


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the current time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
