"""What the overview adds to the citizen pages (see omkreds/citizens/extensions.py).

Consents that end soon (for team members and everyone else) are already due items of the
access app (`access.due.consents_expiring`); they are not repeated here.
"""

from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omkreds.access.policy import Action
from omkreds.citizens.extensions import CitizenLink, DueItem
from omkreds.networks.models import MapVersion
from omkreds.networks.schema import Role


def _lacks_details(contact: dict) -> bool:
    if contact.get("safety_marker"):
        return False
    role = contact.get("role")
    professional = contact.get("team_member") or (role and role != Role.FAMILY_RELATIVES)
    if not professional:
        return False
    has_phone = contact.get("phone_direct") or contact.get("phone_main")
    return not has_phone or not contact.get("email")


def professionals_without_details(user, citizens) -> list[DueItem]:
    """Overviews with professionals who lack a phone number or an e-mail address (one query)."""
    newest = MapVersion.objects.filter(map=OuterRef("map")).order_by("-number").values("number")[:1]
    rows = (
        MapVersion.objects.filter(map__citizen__in=[c.pk for c in citizens])
        .annotate(newest=Subquery(newest))
        .filter(number=F("newest"))
        .values_list("map__citizen_id", "document")
    )
    items = []
    for citizen_id, document in rows:
        missing = sum(1 for c in document.get("contacts", []) if _lacks_details(c))
        if missing:
            items.append(
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
            )
    return items


def overview_links(user, citizen, reach) -> list[CitizenLink]:
    if not reach.allows(Action.VIEW_OVERVIEW):
        return []
    return [CitizenLink(_("Network overview"), reverse("overview:table", args=[citizen.pk]))]
