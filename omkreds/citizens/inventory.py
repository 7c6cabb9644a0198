"""The data inventory of the citizens app: each model's purpose and the class of each field.

It is registered in the app's `AppConfig.ready()`; how to classify a field is said in
`omkreds/privacy/inventory.py`, which checks that every field of every model is here.
"""

from django.utils.translation import gettext_lazy as _

from omkreds.access.registry import Classification, ModelEntry

P = Classification.PERSONAL
S = Classification.SENSITIVE
N = Classification.NONE

INVENTORY: dict[str, ModelEntry] = {
    "citizens.Citizen": ModelEntry(
        _("The person the work is about: who they are and who works with them."),
        {
            "id": P,
            "organisation": N,
            "team": P,
            "name": P,
            "date_of_birth": P,
            "status": P,
            "closed_on": P,
            "primary_worker": P,
            "created_at": P,
            "updated_at": N,
        },
    ),
    "citizens.CaseTeamMember": ModelEntry(
        _("The professionals on a citizen's case team, which gives them access."),
        {"id": N, "citizen": P, "user": P, "role": P, "starts_on": P, "ends_on": P},
    ),
}
