"""The data inventory for admins: every stored field, its class and why it is kept."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from omkreds.access import policy
from omkreds.access.policy import OrgAction
from omkreds.privacy import inventory


@require_GET
@login_required
def data_inventory(request):
    organisation = request.organisation
    if organisation is None or not policy.can_org(
        request.user, OrgAction.VIEW_INVENTORY, organisation
    ):
        raise Http404
    rows = inventory.rows()
    models: list[dict] = []
    for row in rows:
        if not models or models[-1]["label"] != row.model:
            models.append(
                {"label": row.model, "name": row.model_name, "purpose": row.purpose, "fields": []}
            )
        models[-1]["fields"].append(row)
    totals = {
        c.value: sum(1 for r in rows if r.classification == c) for c in inventory.Classification
    }
    return render(
        request,
        "privacy/data_inventory.html",
        {"models": models, "totals": totals, "Classification": inventory.Classification},
    )
