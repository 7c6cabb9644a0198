"""What the overview adds to the citizen pages (see omkreds/citizens/extensions.py).

Consents that end soon (for team members and everyone else) are already due items of the
access app (`access.due.consents_expiring`); they are not repeated here.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omkreds.access.policy import Action
from omkreds.citizens.extensions import CitizenLink, DueItem
from omkreds.networks.models import NetworkMap


def professionals_without_details(user, citizens) -> list[DueItem]:
    """Overviews with professionals who lack a phone number or an e-mail address (one query,
    of counts stored when each map was saved: no document is read)."""
    rows = NetworkMap.objects.filter(
        citizen__in=[c.pk for c in citizens], professionals_without_details__gt=0
    ).values_list("citizen_id", "professionals_without_details")
    return [
        DueItem(
            citizen_id=citizen_id,
            label=ngettext(
                "%(count)d professional on the overview lacks a phone number or e-mail",
                "%(count)d professionals on the overview lack a phone number or e-mail",
                missing,
            )
            % {"count": missing},
            url=reverse("overview:table", args=[citizen_id]) + "?show=professional",
        )
        for citizen_id, missing in rows
    ]


def overview_links(user, citizen, reach) -> list[CitizenLink]:
    if not reach.allows(Action.VIEW_OVERVIEW):
        return []
    return [CitizenLink(_("Network overview"), reverse("overview:table", args=[citizen.pk]))]
