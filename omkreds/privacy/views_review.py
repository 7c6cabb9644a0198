"""Log review pages for leads: list reviews, make one, work through its items, the report.

Reviewing the log is oversight, not case work. The page shows which citizen each look-up was
about; every citizen shown is logged (one row per citizen per page, action `log_review`). The
citizen's name is shown only when the citizen is within the lead's own reach; otherwise the
page shows the start of the citizen's id, which is enough to ask the user about the look-up.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkreds.access import log, policy
from omkreds.access.policy import OrgAction
from omkreds.citizens.forms import DateInput
from omkreds.lib import spreadsheet
from omkreds.privacy import review
from omkreds.privacy.models import LogReview, LogReviewItem
from omkreds.privacy.views_log import ACTION_LABELS

ITEMS_PER_PAGE = 50


class LogReviewForm(forms.Form):
    period_from = forms.DateField(label=gettext_lazy("From"), widget=DateInput())
    period_to = forms.DateField(label=gettext_lazy("Until"), widget=DateInput())
    sample_size = forms.IntegerField(
        label=gettext_lazy("Random sample size"),
        min_value=0,
        max_value=review.MAX_SAMPLE_SIZE,
        help_text=gettext_lazy("How many look-ups to draw at random, besides those a rule flags."),
    )

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {"period_from": today - dt.timedelta(days=30), "period_to": today, "sample_size": 20},
        )
        super().__init__(*args, **kwargs)

    def clean_period_to(self):
        period_to = self.cleaned_data["period_to"]
        if period_to > timezone.localdate():
            raise forms.ValidationError(_("The period cannot end in the future."))
        return period_to

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end:
            if end < start:
                self.add_error("period_to", _("The end date must be on or after the start date."))
            elif (end - start).days >= review.MAX_PERIOD_DAYS:
                self.add_error(
                    "period_to",
                    _("A review covers at most %(days)d days.") % {"days": review.MAX_PERIOD_DAYS},
                )
        return cleaned


class CheckForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)


def _organisation(request):
    organisation = request.organisation
    if organisation is None or not policy.can_org(request.user, OrgAction.REVIEW_LOG, organisation):
        raise Http404
    return organisation


def _reviews_in_scope(request):
    """The reviews this lead may see: their team's, or all of the organisation's."""
    organisation = _organisation(request)
    reviews = LogReview.objects.filter(organisation=organisation)
    team_id = review.reviewer_team_id(request.user, organisation)
    if team_id is not None:
        reviews = reviews.filter(team_id=team_id)
    return reviews


def _review(request, review_id: int) -> LogReview:
    return get_object_or_404(
        _reviews_in_scope(request).select_related("reviewer", "team"), pk=review_id
    )


@require_GET
@login_required
def log_reviews(request):
    reviews = (
        _reviews_in_scope(request)
        .select_related("reviewer", "team")
        .annotate(
            item_count=Count("items"),
            checked_count=Count("items", filter=Q(items__checked_at__isnull=False)),
        )
        .order_by("-created_at", "-pk")
    )
    page = Paginator(reviews, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    rules = review.Rules.configured()
    return render(request, "privacy/log_reviews.html", {"page": page, "rules": rules})


@require_http_methods(["GET", "POST"])
@login_required
def log_review_new(request):
    organisation = _organisation(request)
    form = LogReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        created = review.log_review_create(
            organisation=organisation,
            reviewer=request.user,
            period_from=form.cleaned_data["period_from"],
            period_to=form.cleaned_data["period_to"],
            sample_size=form.cleaned_data["sample_size"],
        )
        messages.success(
            request,
            _("The review is made: %(count)d look-ups to check.")
            % {"count": created.items.count()},
        )
        return redirect("privacy:log_review", review_id=created.pk)
    return render(request, "privacy/log_review_form.html", {"form": form})


def _citizens_shown(request, citizen_ids) -> dict:
    """Citizen id → name for the citizens within the reviewer's own reach (one query)."""
    return dict(
        policy.citizens_in_reach(request.user)
        .filter(pk__in=set(citizen_ids))
        .values_list("pk", "name")
    )


@require_GET
@login_required
def log_review_detail(request, review_id):
    found = _review(request, review_id)
    items = found.items.select_related("entry", "checked_by")
    only = request.GET.get("show")
    if only == "open":
        items = items.filter(checked_at__isnull=True)
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    citizen_ids = [item.entry.citizen_id for item in page.object_list]
    log.record_many(request, citizen_ids=citizen_ids, action=review.REVIEW)
    names = _citizens_shown(request, citizen_ids)
    rows = [
        {
            "item": item,
            "action": ACTION_LABELS.get(item.entry.action, item.entry.action),
            "citizen_name": names.get(item.entry.citizen_id),
            "citizen_short": str(item.entry.citizen_id)[:8],
        }
        for item in page.object_list
    ]
    counts = found.items.aggregate(
        total=Count("pk"), checked=Count("pk", filter=Q(checked_at__isnull=False))
    )
    return render(
        request,
        "privacy/log_review.html",
        {"review": found, "page": page, "rows": rows, "counts": counts, "show": only or ""},
    )


@require_POST
@login_required
def log_review_check(request, review_id, item_id):
    found = _review(request, review_id)
    item = get_object_or_404(LogReviewItem, pk=item_id, review=found)
    form = CheckForm(request.POST)
    if form.is_valid():
        review.log_review_item_check(item=item, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("Marked as checked."))
    else:
        for error in form.errors.get("note", []):
            messages.error(request, _("Note: %(error)s") % {"error": error})
    target = reverse("privacy:log_review", kwargs={"review_id": found.pk})
    page = request.POST.get("page", "")
    if page.isdigit():
        target += f"?page={page}"
    return redirect(f"{target}#item-{item.pk}")


def _report(request, review_id) -> tuple[LogReview, spreadsheet.Sheet]:
    """The review's items as a table; every citizen in it is logged first."""
    found = _review(request, review_id)
    items = list(found.items.select_related("entry", "checked_by"))
    log.record_many(
        request, citizen_ids=[item.entry.citizen_id for item in items], action=review.REVIEW
    )
    header = [
        _("When"),
        _("Who"),
        _("What"),
        _("Citizen id"),
        _("Why picked"),
        _("Checked at"),
        _("Checked by"),
        _("Note"),
    ]
    rows = [
        [
            item.entry.at,
            item.entry.user_label,
            ACTION_LABELS.get(item.entry.action, item.entry.action),
            str(item.entry.citizen_id),
            "; ".join(item.get_reasons_display()),
            item.checked_at,
            item.checked_by.email if item.checked_by else "",
            item.note,
        ]
        for item in items
    ]
    return found, spreadsheet.Sheet(_("Log review"), header, rows)


@require_GET
@login_required
def log_review_csv(request, review_id):
    found, sheet = _report(request, review_id)
    return spreadsheet.csv_response(sheet, f"log-review-{found.pk}.csv")


@require_GET
@login_required
def log_review_xlsx(request, review_id):
    found, sheet = _report(request, review_id)
    return spreadsheet.xlsx_response(f"log-review-{found.pk}.xlsx", sheet)
