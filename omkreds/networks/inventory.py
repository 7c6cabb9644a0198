"""The data inventory of the networks app: each model's purpose and the class of each field.

It is registered in the app's `AppConfig.ready()`; how to classify a field is said in
`omkreds/privacy/inventory.py`, which checks that every field of every model is here.
"""

from django.utils.translation import gettext_lazy as _

from omkreds.access.registry import Classification, ModelEntry

P = Classification.PERSONAL
S = Classification.SENSITIVE
N = Classification.NONE

INVENTORY: dict[str, ModelEntry] = {
    "networks.SectorSet": ModelEntry(
        _("The sectors an organisation draws network maps with."),
        {"id": N, "organisation": N, "name": N, "rings": N, "sectors": N, "created_at": N},
    ),
    "networks.NetworkMap": ModelEntry(
        _("A citizen's network map; its content is in its versions."),
        {
            "id": N,
            "citizen": P,
            "sector_set": N,
            "created_at": P,
            "professionals_without_details": N,
            # Ids of people on the versions (random, no names): who is withheld from others.
            "withheld": N,
        },
    ),
    "networks.MapVersion": ModelEntry(
        _("Dated versions of a network map: the people around the citizen and their relations."),
        {
            "id": N,
            "map": P,
            "number": N,
            "document": S,
            "author": P,
            "note": S,
            "based_on": N,
            "restored_from": N,
            "created_at": P,
        },
    ),
    "networks.ContactPhoto": ModelEntry(
        _("Photos of people on a network map, shown in the network overview."),
        {
            "id": N,
            "key": P,
            "citizen": P,
            "file": P,
            "content_type": N,
            "width": N,
            "height": N,
            "uploaded_by": P,
            "created_at": P,
        },
    ),
    "networks.DirectoryEntry": ModelEntry(
        _("The organisation's directory of professionals to put on network maps."),
        {
            "id": N,
            "organisation": N,
            "name": P,
            "role": P,
            "organisation_name": P,
            "phone_direct": P,
            "phone_main": P,
            "email": P,
            "address": P,
            "created_at": N,
            "updated_at": N,
        },
    ),
    "networks.ImportDraft": ModelEntry(
        _(
            "A file being imported as a network map, kept until the worker confirms or for two "
            "hours at most."
        ),
        {
            "id": N,
            "citizen": P,
            "created_by": P,
            "created_at": P,
            "file_name": P,
            "kind": N,
            "content": S,
            "based_on": N,
        },
    ),
    "networks.MapAgreement": ModelEntry(
        _("Which map versions the worker and the citizen agreed on, when, and a note."),
        {
            "id": N,
            "version": P,
            "agreed_on": P,
            "note": S,
            "marked_by": P,
            "marked_at": P,
            "revision": N,
        },
    ),
    "networks.MapScan": ModelEntry(
        _("Photos and scans of network maps drawn on paper, kept beside the map's versions."),
        {
            "id": N,
            "key": P,
            "version": P,
            "file": S,
            "content_type": N,
            "width": N,
            "height": N,
            "source": N,
            "uploaded_by": P,
            "created_at": P,
        },
    ),
}
