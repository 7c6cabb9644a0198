"""The pages that start something new for a case (a meeting, a council, a CTI course) do not
open for a closed case: they send the worker to the case page, which says how to reopen it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from omkreds.citizens.errors import CaseClosed
from omkreds.citizens.services import require_open_case


def refused_if_closed(request, citizen) -> HttpResponse | None:
    """A redirect to the case page with the refusal, or None when the case is open."""
    try:
        require_open_case(citizen)
    except CaseClosed as error:
        messages.error(request, str(error))
        return redirect("citizens:detail", citizen_id=citizen.pk)
    return None
