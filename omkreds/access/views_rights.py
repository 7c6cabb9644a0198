"""The citizen's rights: the change history and the insight export (GDPR art. 15)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from omkreds.access.decorators import citizen_view
from omkreds.access.history import citizen_history
from omkreds.access.insight import insight_zip
from omkreds.access.policy import Action

HISTORY_PAGE_SIZE = 50


@require_GET
@citizen_view(Action.VIEW_HISTORY)
def history(request, citizen):
    page = Paginator(citizen_history(citizen=citizen), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "access/rights/history.html", {"citizen": citizen, "page": page})


@require_GET
@citizen_view(Action.VIEW_CASE)
def insight(request, citizen):
    return render(
        request,
        "access/rights/insight.html",
        {
            "citizen": citizen,
            "languages": settings.LANGUAGES,
            "default_language": citizen.organisation.default_language,
        },
    )


@require_GET
@citizen_view(Action.EXPORT_INSIGHT)
def insight_download(request, citizen):
    codes = {code for code, _name in settings.LANGUAGES}
    language = request.GET.get("language")
    if language not in codes:
        language = citizen.organisation.default_language
    body = insight_zip(citizen=citizen, language=language)
    response = HttpResponse(body, content_type="application/zip")
    # No name in the file name: file names end up in download folders and logs.
    name = f"insight-{timezone.localdate():%Y%m%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
