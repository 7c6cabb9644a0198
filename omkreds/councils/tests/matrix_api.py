"""Authorization matrix routes for the network-council API (format: omkreds/lib/testing/matrix.py).

As on the council pages (`matrix.py`, whose builders are reused): every builder assigns
`cast.coordinator` to the council it makes, so the "coordinator" role is allowed on that
council's operations while the same user stays denied (404) on the citizen's case, map,
meetings and CTI operations of the other matrix files. The citizen's list and create, the
questions, the coordinator and the follow-up onto the map are the case's only.
"""

import datetime as dt

from django.utils import timezone

from omkreds.councils.rules import questions_version
from omkreds.councils.tests.matrix import COUNCIL, _answered, _prepared, _step
from omkreds.lib.testing.matrix import ANY_SIGNED_IN, CASE, Route


def _at(days: int, hour: int) -> str:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour))).isoformat()


def _citizen(cast, extra):
    return {"citizen_id": cast.citizen.pk}


def _council(cast, extra):
    return {"council_id": extra["council"].pk}


def _get(name, setup=_prepared, kwargs=_council, allowed=COUNCIL, notes="", **more):
    return Route(name, api=True, setup=setup, kwargs=kwargs, allowed=allowed, notes=notes, **more)


def _change(
    name,
    data=None,
    method="POST",
    ok=200,
    setup=_prepared,
    kwargs=_council,
    allowed=COUNCIL,
    notes="",
):
    return Route(
        name,
        api=True,
        method=method,
        setup=setup,
        kwargs=kwargs,
        data=data,
        allowed=allowed,
        ok_status=ok,
        notes=notes,
    )


ROUTES = [
    _get(
        "api:councils_mine",
        setup=None,
        kwargs=lambda cast, extra: {},
        allowed=ANY_SIGNED_IN,
        citizen_data=False,
        notes="The councils the caller coordinates; empty for anyone else (logged per council).",
    ),
    _get("api:councils_list", kwargs=_citizen, allowed=CASE, notes="A citizen's councils."),
    _change(
        "api:councils_create",
        kwargs=_citizen,
        setup=None,
        allowed=CASE,
        ok=201,
        data=lambda cast, extra: {"questions": ["Q?"], "language": "da"},
        notes="Begins a council with the main person's questions.",
    ),
    _get("api:councils_detail", notes="Step, coordinator, period, questions, time and place."),
    _change(
        "api:councils_questions",
        method="PUT",
        allowed=CASE,
        data=lambda cast, extra: {
            "questions": ["Ny?"],
            "based_on": questions_version(extra["council"].questions.all()),
        },
        notes="Rewrites the questions; the case only.",
    ),
    _change(
        "api:councils_coordinator",
        method="PUT",
        allowed=CASE,
        data=lambda cast, extra: {"coordinator_id": cast.coordinator.pk},
        notes="Assigns the coordinator; the case only.",
    ),
    _change(
        "api:councils_schedule",
        data=lambda cast, extra: {
            "starts_at": _at(9, 17),
            "ends_at": _at(9, 20),
            "place": "Medborgerhuset",
        },
        notes="Time and place (the council's meeting).",
    ),
    _get("api:councils_invitees", notes="The invitees with their contact details."),
    _change(
        "api:councils_invitee_add",
        ok=201,
        data=lambda cast, extra: {"name": "New Person", "phone": "+45 1", "channel": "phone"},
        notes="Adds someone the main person wants to invite (typed in).",
    ),
    _get(
        "api:councils_letter",
        kwargs=lambda cast, extra: {
            "council_id": extra["council"].pk,
            "invitee_id": extra["letter"].pk,
        },
        notes="An invitee's letter as PDF.",
    ),
    _get("api:councils_visits", notes="The coordinator's visits."),
    _change(
        "api:councils_visit_record",
        ok=201,
        data=lambda cast, extra: {
            "invitee_id": extra["anna"].pk,
            "visited_on": timezone.localdate().isoformat(),
            "told_about_model": True,
        },
        notes="Records a visit.",
    ),
    _change("api:councils_send", notes="Sends the invitations (the meetings' machinery)."),
    _change(
        "api:councils_advance",
        data=lambda cast, extra: {"step": "preparing"},
        notes="Moves the council to its next step.",
    ),
    _get(
        "api:councils_proposals",
        setup=_step("presented"),
        notes="The proposals, once presented (409 before, for every account).",
    ),
    _change(
        "api:councils_present",
        setup=_step("acknowledgement"),
        data=lambda cast, extra: {"presented_by": "Anna"},
        notes="The plan is presented (after the private step only).",
    ),
    _change(
        "api:councils_answer",
        setup=_step("presented"),
        kwargs=lambda cast, extra: {
            "council_id": extra["council"].pk,
            "proposal_id": extra["proposal"].pk,
        },
        data=lambda cast, extra: {"answer": "accepted"},
        notes="The responsible party's answer to a proposal.",
    ),
    _change(
        "api:councils_close",
        setup=_answered,
        data=lambda cast, extra: {"followup_at": _at(40, 10)},
        notes="Closes the council; the coordinator's reach ends.",
    ),
    _get("api:councils_plan", setup=_step("presented"), notes="The personal plan as JSON."),
    _get("api:councils_plan_pdf", setup=_step("presented"), notes="The personal plan as PDF."),
    _change(
        "api:councils_share",
        setup=_step("presented"),
        data=lambda cast, extra: {"invitee_ids": [extra["anna"].pk]},
        notes="E-mails the plan to participants the main person agrees to.",
    ),
    _change(
        "api:councils_followup",
        setup=_step("presented"),
        allowed=CASE,
        data=lambda cast, extra: {"statuses": {str(extra["proposal"].pk): {"status": "under_way"}}},
        notes="Each proposal's status; may write the map, so the case only.",
    ),
]
