"""Fidelity reviews (Bilag 4) for the lead: a review of the team at a date, the score (share
of "Yes"), the trend across reviews, and answers the data suggests, which the lead may change.

Reviews are about a team, not about citizens: no citizen data is shown here.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from omkreds.access import policy
from omkreds.access.policy import OrgAction
from omkreds.cti import checklists
from omkreds.cti.fidelity import (
    fidelity_review_save,
    fidelity_score,
    fidelity_suggestions,
    fidelity_trend,
)
from omkreds.cti.forms import FidelityReviewForm, add_service_error
from omkreds.cti.models import FidelityChoice, FidelityReview


def _lead(request):
    organisation = request.organisation
    if organisation is None or not policy.can_org(
        request.user, OrgAction.REVIEW_FIDELITY, organisation
    ):
        raise Http404
    return organisation, request.membership.team


@require_GET
@login_required
def fidelity(request):
    organisation, team = _lead(request)
    trend = fidelity_trend(organisation=organisation, team=team)
    previous = None
    rows = []
    for review, score in trend:
        change = None if previous is None else score.percent - previous.percent
        rows.append({"review": review, "score": score, "change": change})
        previous = score
    return render(
        request,
        "cti/fidelity.html",
        {"rows": list(reversed(rows)), "team": team, "chart": rows},
    )


@require_http_methods(["GET", "POST"])
@login_required
def fidelity_new(request):
    organisation, team = _lead(request)
    suggestions = fidelity_suggestions(organisation=organisation, team=team)
    form = FidelityReviewForm(
        request.POST if request.method == "POST" else None, suggestions=suggestions
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = fidelity_review_save(
                organisation=organisation,
                team=team,
                reviewed_on=form.cleaned_data["reviewed_on"],
                lead=request.user,
                answers=form.answers(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The fidelity review is saved."))
            return redirect("cti:fidelity_detail", review_id=review.pk)
    items = [
        {
            "item": item,
            "field": field,
            "suggestion": suggestions.get(item.key),
            "suggested": FidelityChoice(suggestions[item.key].answer).label
            if item.key in suggestions
            else "",
        }
        for item, field in form.item_fields()
    ]
    return render(
        request,
        "cti/fidelity_form.html",
        {"form": form, "items": items, "team": team, "title": checklists.FIDELITY.title},
    )


@require_GET
@login_required
def fidelity_detail(request, review_id):
    organisation, team = _lead(request)
    review = get_object_or_404(
        FidelityReview.objects.select_related("lead", "team"),
        pk=review_id,
        organisation=organisation,
        team=team,
    )
    answers = {a.item_key: a for a in review.answers.all()}
    items = [(item, answers.get(item.key)) for item in checklists.FIDELITY.items]
    return render(
        request,
        "cti/fidelity_detail.html",
        {
            "review": review,
            "items": items,
            "score": fidelity_score(review),
            "title": checklists.FIDELITY.title,
        },
    )
