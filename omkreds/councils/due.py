"""What the citizen's page links to for network councils (registered in `apps.py`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from omkreds.access.policy import Action
from omkreds.citizens.extensions import CitizenLink


def council_links(user, citizen, reach) -> list[CitizenLink]:
    # Councils are planned by the case, as meetings are (their reach is the meetings').
    if not reach.allows(Action.EDIT_MEETINGS):
        return []
    return [
        CitizenLink(
            label=_("Network councils"), url=reverse("councils:council_list", args=[citizen.pk])
        )
    ]
