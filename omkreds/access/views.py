from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from omkreds.access import services
from omkreds.access.decorators import citizen_view
from omkreds.access.forms import ConsentForm
from omkreds.access.models import Consent
from omkreds.access.policy import Action


def _posted(request):
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
@citizen_view(Action.MANAGE_CONSENT)
def consent_record(request, citizen):
    form = ConsentForm(_posted(request), citizen=citizen)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                citizen=citizen,
                recorded_by=request.user,
                to_user=data["to_user"],
                to_organisation=data["to_organisation"],
                parts=data["parts"],
                purpose=data["purpose"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                given_how=data["given_how"],
            )
        except ValidationError as exc:
            # The form checks all of this first; the service's own check is the last guard.
            form.add_error(None, exc)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("citizens:detail", citizen_id=citizen.pk)
    return render(request, "access/consent_form.html", {"form": form, "citizen": citizen})


@require_http_methods(["GET", "POST"])
@citizen_view(Action.MANAGE_CONSENT)
def consent_withdraw(request, citizen, consent_id):
    consent = get_object_or_404(
        Consent.objects.select_related("to_user", "to_organisation"), pk=consent_id, citizen=citizen
    )
    if request.method == "POST":
        already = consent.withdrawn_at is not None
        services.consent_withdraw(consent=consent, by=request.user)
        if already:
            messages.info(request, _("The consent was already withdrawn."))
        else:
            messages.success(request, _("The consent is withdrawn. It no longer gives access."))
        return redirect("citizens:detail", citizen_id=citizen.pk)
    return render(request, "access/consent_withdraw.html", {"consent": consent, "citizen": citizen})
