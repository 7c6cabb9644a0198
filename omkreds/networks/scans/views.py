"""Photos and scans of paper maps beside a map version: attach, take off, show.

Only the case team sees them: a picture of paper may show anyone, also a safety-marked person,
and cannot be filtered, so a reader of the shared copy (a professional under a consent) gets
neither the pictures nor word of them (docs/decisions.md). Every request goes through the
policy and the access log; a refused write shows the version page again with the reason: 409
when the page was stale, 400 for bad input; nothing is kept.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from omkreds.access import log, policy
from omkreds.access.decorators import citizen_view
from omkreds.access.policy import Action
from omkreds.networks import present
from omkreds.networks.models import MapVersion
from omkreds.networks.scans import services
from omkreds.networks.scans.forms import ScanForm, ScanRemoveForm
from omkreds.networks.scans.models import MapScan
from omkreds.networks.scans.reading import ScanRejected
from omkreds.networks.views import version_page


def _refused(request, citizen, number, form, error, status):
    form.add_error("scan" if status == 400 else None, error)
    return version_page(request, citizen, number, scan_form=form, status=status)


@require_POST
@citizen_view(Action.EDIT_MAP)
def attach(request, citizen, number):
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        return version_page(request, citizen, number, scan_form=form, status=400)
    try:
        services.scan_attach(
            citizen=citizen,
            by=request.user,
            number=number,
            upload=form.cleaned_data["scan"],
            seen=form.cleaned_data["seen"],
        )
    except MapVersion.DoesNotExist:
        raise Http404 from None
    except ScanRejected as error:
        return _refused(request, citizen, number, form, error.message, 400)
    except services.ScanStale as error:
        return _refused(request, citizen, number, form, error, 409)
    except services.ScanError as error:
        return _refused(request, citizen, number, form, str(error), 400)
    messages.success(request, _("The scan was added to version %(number)d.") % {"number": number})
    return redirect(reverse("networks:version", args=[citizen.pk, number]) + "#scans")


@require_POST
@citizen_view(Action.EDIT_MAP)
def remove(request, citizen, number, key):
    form = ScanRemoveForm(request.POST)
    seen = form.cleaned_data["seen"] if form.is_valid() else ""
    try:
        services.scan_remove(citizen=citizen, by=request.user, number=number, key=key, seen=seen)
    except MapVersion.DoesNotExist:
        raise Http404 from None
    except services.ScanStale as error:
        messages.error(request, str(error))
        return version_page(request, citizen, number, status=409)
    messages.success(
        request, _("The scan was removed from version %(number)d.") % {"number": number}
    )
    return redirect(reverse("networks:version", args=[citizen.pk, number]) + "#scans")


@require_GET
@login_required
def image(request, citizen_id, number, key):
    """The picture, to the case team only; logged before it is sent."""
    try:
        citizen, reach = policy.resolve(request.user, citizen_id, Action.VIEW_MAP)
        if present.shared_copy(reach):
            raise Http404
    except Http404:
        log.record_refused(request, citizen_id=citizen_id, action=Action.VIEW_MAP)
        raise
    scan = get_object_or_404(MapScan.objects.of(citizen), version__number=number, key=key)
    log.record(
        request,
        citizen_id=citizen.pk,
        action=Action.VIEW_MAP,
        object_type="map_scan",
        object_id=key,
    )
    try:
        handle = scan.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=scan.content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response
