"""An organisation's country: its time zone and the law its plans are made under (issue 18).

One installation can serve organisations in Denmark, Sweden and Finland. Each organisation has a
country and a time zone (by default the country's); pages, invitations and calendar files show
times in the organisation's zone, and the CTI texts name the action plan of its country's law.
"""

from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Country(models.TextChoices):
    DENMARK = "DK", _("Denmark")
    SWEDEN = "SE", _("Sweden")
    FINLAND = "FI", _("Finland")


TIME_ZONES = {
    Country.DENMARK: "Europe/Copenhagen",
    Country.SWEDEN: "Europe/Stockholm",
    Country.FINLAND: "Europe/Helsinki",
}

# The plan the social-services law of each country asks for, as the CTI texts name it.
ACTION_PLAN = {
    Country.DENMARK: pgettext_lazy("legal reference", "§ 141 action plan (Social Services Act)"),
    Country.SWEDEN: pgettext_lazy("legal reference", "implementation plan under the SoL"),
    Country.FINLAND: pgettext_lazy(
        "legal reference", "client plan under section 39 of the Social Welfare Act"
    ),
}


def is_time_zone(name: str) -> bool:
    return name in available_timezones()


def zone_of(organisation) -> ZoneInfo:
    """The organisation's time zone: its own, else its country's, else the installation's."""
    name = ""
    if organisation is not None:
        name = organisation.time_zone or TIME_ZONES.get(organisation.country, "")
    return ZoneInfo(name or settings.TIME_ZONE)


def action_plan(organisation) -> str:
    country = getattr(organisation, "country", "") or Country.DENMARK
    return str(ACTION_PLAN.get(country, ACTION_PLAN[Country.DENMARK]))
