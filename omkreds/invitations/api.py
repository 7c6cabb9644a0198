"""What the meetings API and the councils API answer alike: the warnings
after setting a time, what sending invitations did, and a file to download."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _


def past_warnings(result) -> list[str]:
    """The warning when the time given is in the past (allowed)."""
    return [_("The time you gave is in the past.")] if result.in_past else []


def schedule_warnings(result) -> list[str]:
    """The warnings after a time is set: in the past, and invitations to send again."""
    warnings = past_warnings(result)
    if result.needs_update:
        warnings.append(_("Send the invitations again to tell everyone."))
    return warnings


def invitations_out(result, letter_urls) -> dict:
    """What sending invitations did: e-mailed, failed, the letters to print (each with the
    links `letter_urls(invitee)` gives), the calls to make, and the warnings."""
    return {
        "emailed": [i.pk for i in result.emailed],
        "failed": [i.pk for i in result.failed],
        "letters": [
            {"invitee_id": letter.invitee.pk, "name": letter.invitee.name}
            | letter_urls(letter.invitee)
            for letter in result.letters
        ],
        "phone": [
            {"invitee_id": i.pk, "name": i.name, "phone": i.phone, "script": script}
            for i, script in result.phone
        ],
        "warnings": past_warnings(result),
    }


def attachment(content, content_type: str, filename: str) -> HttpResponse:
    """A file to download under `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
