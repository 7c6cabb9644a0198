"""What the network map adds to the citizen pages (see omkreds/citizens/extensions.py)."""

import datetime as dt

from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from omkreds.access.policy import Action
from omkreds.citizens.extensions import CitizenLink, DueItem
from omkreds.networks.models import NetworkMap

# "Keep it updated": a map not changed for six months is due for a look with the citizen.
STALE_AFTER = dt.timedelta(days=182)


def maps_not_updated(user, citizens) -> list[DueItem]:
    """Maps whose latest version is more than six months old (one query for all citizens)."""
    rows = (
        NetworkMap.objects.filter(citizen__in=[c.pk for c in citizens])
        .annotate(last_saved=Max("versions__created_at"))
        .filter(last_saved__lt=timezone.now() - STALE_AFTER)
        .values_list("citizen_id", "last_saved")
    )
    return [
        DueItem(
            citizen_id=citizen_id,
            label=_("Update the network map (last changed %(date)s)")
            % {
                "date": formats.date_format(
                    timezone.localtime(last_saved).date(), "SHORT_DATE_FORMAT"
                )
            },
            due_on=timezone.localtime(last_saved + STALE_AFTER).date(),
            url=reverse("networks:editor", args=[citizen_id]),
        )
        for citizen_id, last_saved in rows
    ]


def map_links(user, citizen, reach) -> list[CitizenLink]:
    if not reach.allows(Action.VIEW_MAP):
        return []
    links = [CitizenLink(_("Network map"), reverse("networks:editor", args=[citizen.pk]))]
    if reach.allows(Action.EDIT_MAP):
        links.append(
            CitizenLink(
                _("Draw the network map together"),
                reverse("networks:together", args=[citizen.pk]),
            )
        )
    links.append(CitizenLink(_("Map history"), reverse("networks:history", args=[citizen.pk])))
    return links
