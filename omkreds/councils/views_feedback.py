"""The council's feedback on paper (the meetings' own, `meetings/views_feedback.py`), behind
the council's guard: the form to print (A4, tick boxes) and its answers typed in."""

from __future__ import annotations

from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from omkreds.councils import services as sc
from omkreds.councils.views import _workspace, council_page  # the page to show again on 409
from omkreds.meetings import views_feedback


def council_section(council) -> dict:
    args = [council.pk]
    return views_feedback.section(
        council.meeting,
        form_url=reverse("councils:council_feedback_form", args=args),
        paper_url=reverse("councils:council_feedback_paper", args=args),
    )


@require_GET
@council_page()
def form_pdf(request, council):
    return views_feedback.form_pdf(request, council.meeting)


@require_POST
@council_page()
def paper(request, council):
    return views_feedback.paper_add(
        request,
        council.meeting,
        back=reverse("councils:council", args=[council.pk]) + "#feedback-paper",
        page=lambda: _workspace(request, council),
        add=lambda **kw: sc.council_feedback_paper_add(council=council, **kw),
    )
