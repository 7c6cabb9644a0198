"""What the citizens app contributes to the privacy duties (see `omkreds/access/registry.py`).

Registered in `CitizensConfig.ready()`: the kinds of change its views and services record, and
the data inventory of its models. The citizen row and the case team are in every insight
export; the privacy app reads them itself.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from omkreds.access import registry
from omkreds.citizens.inventory import INVENTORY

KINDS = {
    "citizen_create": gettext_lazy("case created"),
    "citizen_edit": gettext_lazy("case details changed"),
    "citizen_close": gettext_lazy("case closed"),
    "citizen_reopen": gettext_lazy("case reopened"),
    "member_add": gettext_lazy("added to the case team"),
    "member_end": gettext_lazy("left the case team"),
}


def register() -> None:
    registry.register_history_kinds(KINDS)
    registry.register_inventory(INVENTORY)
