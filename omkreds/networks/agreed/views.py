"""Marking a map version as agreed with the citizen, and taking the mark off.

Both go through `citizen_view` (policy, access log). A refused write shows the version page
again with the reason: 409 when the page was stale, 400 for bad input; nothing changes.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omkreds.access.decorators import citizen_view
from omkreds.access.policy import Action
from omkreds.networks.agreed import services
from omkreds.networks.agreed.forms import AgreementForm, AgreementRemoveForm
from omkreds.networks.models import MapVersion
from omkreds.networks.views import version_page


def _refused(request, citizen, number, form, error):
    form.add_error(None, error)
    status = 409 if isinstance(error, services.AgreementStale) else 400
    return version_page(request, citizen, number, agree_form=form, status=status)


@require_POST
@citizen_view(Action.EDIT_MAP)
def mark(request, citizen, number):
    form = AgreementForm(request.POST)
    if not form.is_valid():
        if {"based_on", "revision"} & set(form.errors):
            # What the page said it showed cannot be read: as good as stale.
            return _refused(request, citizen, number, form, services.AgreementStale())
        return version_page(request, citizen, number, agree_form=form, status=400)
    try:
        agreement = services.agreement_mark(
            citizen=citizen, by=request.user, number=number, **form.cleaned_data
        )
    except MapVersion.DoesNotExist:
        raise Http404 from None
    except services.AgreementError as error:
        return _refused(request, citizen, number, form, error)
    messages.success(
        request,
        _("Version %(number)d is marked as agreed on %(date)s.")
        % {"number": number, "date": date_format(agreement.agreed_on)},
    )
    return redirect("networks:version", citizen.pk, number)


@require_POST
@citizen_view(Action.EDIT_MAP)
def remove(request, citizen, number):
    form = AgreementRemoveForm(request.POST)
    if not form.is_valid():
        form = AgreementForm(request.POST)
        return _refused(request, citizen, number, form, services.AgreementStale())
    try:
        services.agreement_remove(
            citizen=citizen, by=request.user, number=number, **form.cleaned_data
        )
    except MapVersion.DoesNotExist:
        raise Http404 from None
    except services.AgreementError as error:
        return _refused(request, citizen, number, AgreementForm(request.POST), error)
    messages.success(
        request, _("Version %(number)d is no longer marked as agreed.") % {"number": number}
    )
    return redirect("networks:version", citizen.pk, number)
