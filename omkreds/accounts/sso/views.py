"""The page that leads to each organisation's own sign-in."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from omkreds.accounts.models import IdentityProvider


@require_GET
def choose(request):
    providers = (
        IdentityProvider.objects.filter(enabled=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return render(request, "accounts/sso_choose.html", {"providers": providers})
