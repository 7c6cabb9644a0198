"""The citizen's rights: the change history, the insight export (GDPR art. 15), and the
people on the map marked as informed that they are on it (GDPR art. 14)."""

import tempfile

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkreds.access import policy
from omkreds.access.decorators import citizen_view
from omkreds.access.policy import Action, OrgAction
from omkreds.citizens.forms import DateInput
from omkreds.privacy.history import citizen_history
from omkreds.privacy.informed import contact_mark_informed, informed_people
from omkreds.privacy.insight import insight_zip
from omkreds.privacy.models import RightsSettings

HISTORY_PAGE_SIZE = 50
_IN_MEMORY_BYTES = 8 * 1024 * 1024


@require_GET
@citizen_view(Action.VIEW_HISTORY)
def history(request, citizen):
    page = Paginator(citizen_history(citizen=citizen), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "privacy/rights/history.html", {"citizen": citizen, "page": page})


@require_GET
@citizen_view(Action.VIEW_CASE)
def insight(request, citizen):
    return render(
        request,
        "privacy/rights/insight.html",
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
    # Built in a temporary file (in memory while small) and streamed from it, so a log of a
    # hundred thousand look-ups does not sit in the worker's memory.
    body = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY_BYTES)  # noqa: SIM115  # FileResponse closes it
    insight_zip(citizen=citizen, language=language, out=body)
    body.seek(0)
    # No name in the file name: file names end up in download folders and logs.
    name = f"insight-{timezone.localdate():%Y%m%d}.zip"
    return FileResponse(body, as_attachment=True, filename=name, content_type="application/zip")


class InformedForm(forms.Form):
    informed_on = forms.DateField(label=gettext_lazy("Informed on"), widget=DateInput())
    how = forms.CharField(
        label=gettext_lazy("How (optional)"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For example: by phone, by letter, at the network meeting."),
    )


def _informed_page(request, citizen, *, form=None, failed_contact=None, status=200):
    people = informed_people(citizen=citizen)
    rows = [
        (
            person,
            form if person.contact_id == failed_contact else None,
        )
        for person in people
    ]
    return render(
        request,
        "privacy/rights/informed.html",
        {
            "citizen": citizen,
            "rows": rows,
            "blank": InformedForm(initial={"informed_on": timezone.localdate()}),
            "failed_form": form,
        },
        status=status,
    )


@require_GET
@citizen_view(Action.VIEW_CASE)
def informed(request, citizen):
    return _informed_page(request, citizen)


@require_POST
@citizen_view(Action.EDIT_MAP)
def informed_mark(request, citizen, contact_id):
    form = InformedForm(request.POST)
    if form.is_valid():
        try:
            contact_mark_informed(
                citizen=citizen,
                contact_id=contact_id,
                by=request.user,
                on=form.cleaned_data["informed_on"],
                how=form.cleaned_data["how"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("privacy:informed", citizen_id=citizen.pk)
    return _informed_page(request, citizen, form=form, failed_contact=contact_id, status=400)


def rights_links(user, citizen, reach):
    """Links on the citizen page (see omkreds/citizens/extensions.py): case staff only."""
    from django.urls import reverse

    from omkreds.citizens.extensions import CitizenLink

    if not reach.allows(Action.VIEW_HISTORY):
        return []
    return [
        CitizenLink(_("Change history"), reverse("privacy:history", args=[citizen.pk])),
        CitizenLink(_("Insight export"), reverse("privacy:insight", args=[citizen.pk])),
        CitizenLink(
            _("People told they are on the map"), reverse("privacy:informed", args=[citizen.pk])
        ),
    ]


# --- The organisation's settings for retention and insight (admins) --------------------------


class RightsSettingsForm(forms.ModelForm):
    class Meta:
        model = RightsSettings
        fields = ["case_years", "log_years", "insight_staff_names"]


@require_http_methods(["GET", "POST"])
@login_required
def rights_settings(request):
    organisation = request.organisation
    if organisation is None or not policy.can_org(
        request.user, OrgAction.MANAGE_USERS, organisation
    ):
        raise Http404
    instance = RightsSettings.of(organisation)
    form = RightsSettingsForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("privacy:rights_settings")
    return render(request, "privacy/rights/settings.html", {"form": form})
