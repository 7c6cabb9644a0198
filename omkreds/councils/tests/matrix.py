"""Authorization matrix routes for the network council pages and the private page in the room.

Every builder assigns `cast.coordinator` to the council it makes, so the "coordinator" role is
allowed on that council's pages while the same user stays denied (404) on the case pages of
the other matrix files. Pages for the case only (questions, the coordinator, the follow-up
onto the map) deny the assigned coordinator too.

The room pages serve a device, not an account: any signed-in user gets 404 there, so no
employee's session can read the network's draft. Without the device's key (which only a real
join gives) the proposal pages send the device back to the code form.
"""

import datetime as dt

from django.utils import timezone

from omkreds.councils import services as sc
from omkreds.councils import services_plan as sc_plan
from omkreds.councils import services_room as sc_room
from omkreds.councils.tests.setup_councils import in_step, prepared
from omkreds.lib.testing.matrix import ANY_SIGNED_IN, CASE, SIGNED_OUT, Route

COUNCIL = CASE | {"coordinator"}


def _prepared(cast):
    council = prepared(cast)  # assigns cast.coordinator
    letter = sc.council_invitee_add(
        council=council,
        by=cast.worker,
        name="Matrix Letter",
        postal_address="Street 1",
        channel="letter",
    )
    return {
        "council": council,
        "letter": letter,
        "anna": council.meeting.invitees.get(name="Anna Mor"),
    }


def _step(status):
    def setup(cast):
        council = in_step(cast, status)
        extra = {
            "council": council,
            "anna": council.meeting.invitees.get(name="Anna Mor"),
            "proposal": council.proposals.first(),
        }
        return extra

    return setup


def _answered(cast):
    extra = _step("presented")(cast)
    for proposal in extra["council"].proposals.all():
        sc_plan.proposal_answer(proposal=proposal, by=cast.worker, answer="accepted")
    return extra


def _room(cast):
    council = in_step(cast, "private")
    proposal = sc_room.proposal_add(council=council, kind="improve", what="Mere motion")
    return {
        "council": council,
        "code": sc_room.room_open(council=council, by=cast.coordinator),
        "proposal": proposal,
    }


def _citizen(cast, extra):
    return {"citizen_id": cast.citizen.pk}


def _council(cast, extra):
    return {"council_id": extra["council"].pk}


def _get(name, setup=_prepared, kwargs=_council, allowed=COUNCIL, notes="", **more):
    return Route(name, setup=setup, kwargs=kwargs, allowed=allowed, notes=notes, **more)


def _post(
    name,
    setup=_prepared,
    data=None,
    allowed=COUNCIL,
    ok=302,
    kwargs=_council,
    notes="",
    citizen_data=True,
):
    return Route(
        name,
        method="POST",
        setup=setup,
        kwargs=kwargs,
        data=data,
        allowed=allowed,
        ok_status=ok,
        citizen_data=citizen_data,
        notes=notes,
    )


ROUTES = [
    _get("councils:council_list", kwargs=_citizen, allowed=CASE, notes="A citizen's councils."),
    _get("councils:council_create", kwargs=_citizen, allowed=CASE, notes="The create form."),
    _post(
        "councils:council_create",
        kwargs=_citizen,
        allowed=CASE,
        data=lambda cast, extra: {"questions": "Q?", "language": "da"},
        notes="Creates a council with the main person's questions.",
    ),
    _get(
        "councils:council_mine",
        kwargs=lambda cast, extra: {},
        allowed=ANY_SIGNED_IN,
        citizen_data=False,
        notes="The councils the user coordinates; empty for anyone else (logged per council).",
    ),
    _get("councils:council", notes="The workspace: questions, invitees, visits, the steps."),
    _post(
        "councils:council_questions",
        allowed=CASE,
        data=lambda cast, extra: {"questions": "Ny?"},
        notes="The main person's questions; the case only.",
    ),
    _post(
        "councils:council_coordinator",
        allowed=CASE,
        data=lambda cast, extra: {"coordinator": cast.coordinator.pk},
        notes="Assigns the coordinator; the case only.",
    ),
    _post(
        "councils:council_schedule",
        data=lambda cast, extra: {
            "day": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
            "time": "17:00",
            "duration": "180",
            "place": "Medborgerhuset",
        },
        notes="Time and place (the council's meeting).",
    ),
    _post(
        "councils:council_invitee_add",
        data=lambda cast, extra: {
            "name": "New Person",
            "phone": "+45 1234",
            "language": "da",
            "channel": "phone",
        },
        notes="Adds someone the main person wants to invite.",
    ),
    _get(
        "councils:council_letter_pdf",
        kwargs=lambda cast, extra: {
            "council_id": extra["council"].pk,
            "invitee_id": extra["letter"].pk,
        },
        notes="A letter invitation (the meetings' letter).",
    ),
    _post(
        "councils:council_visit",
        data=lambda cast, extra: {
            "invitee": extra["anna"].pk,
            "visited_on": timezone.localdate().isoformat(),
            "told_about_model": "on",
        },
        notes="Records the coordinator's visit.",
    ),
    _post("councils:council_send", notes="Sends the invitations (the meetings' machinery)."),
    _get(
        "councils:council_run_sheet",
        kwargs=lambda cast, extra: {"council_id": extra["council"].pk, "step": "information"},
        notes="The run sheet of a step.",
    ),
    _post(
        "councils:council_advance",
        data=lambda cast, extra: {"step": "preparing"},
        notes="Moves the council to its next step.",
    ),
    _post(
        "councils:council_room_open",
        setup=_step("private"),
        ok=200,
        notes="Opens the private page; the code is shown once.",
    ),
    _get("councils:council_plan", setup=_step("presented"), notes="The presented plan."),
    _post(
        "councils:council_present",
        setup=_step("acknowledgement"),
        data=lambda cast, extra: {"presented_by": "Anna"},
        notes="The plan is presented (after the private step only).",
    ),
    _post(
        "councils:council_answer",
        setup=_step("presented"),
        kwargs=lambda cast, extra: {
            "council_id": extra["council"].pk,
            "proposal_id": extra["proposal"].pk,
        },
        data=lambda cast, extra: {f"p{extra['proposal'].pk}-answer": "accepted"},
        notes="The responsible party's answer to a proposal.",
    ),
    _post(
        "councils:council_elaborate",
        setup=_step("presented"),
        kwargs=lambda cast, extra: {
            "council_id": extra["council"].pk,
            "proposal_id": extra["proposal"].pk,
        },
        data=lambda cast, extra: {
            f"e{extra['proposal'].pk}-kind": "resources",
            f"e{extra['proposal'].pk}-what": "Anna kører Ida til lægen hver anden tirsdag",
        },
        notes="Step 3: a presented proposal made concrete.",
    ),
    _post(
        "councils:council_share",
        setup=_step("presented"),
        data=lambda cast, extra: {"recipients": [extra["anna"].pk]},
        notes="E-mails the plan to participants the main person agrees to.",
    ),
    _get("councils:council_plan_pdf", setup=_step("presented"), notes="The plan as PDF."),
    _post(
        "councils:council_close",
        setup=_answered,
        data=lambda cast, extra: {
            "followup_on": (timezone.localdate() + dt.timedelta(days=40)).isoformat(),
            "followup_time": "10:00",
        },
        notes="Closes the council; the coordinator's reach ends.",
    ),
    _get(
        "councils:council_followup",
        setup=_step("presented"),
        allowed=CASE,
        notes="The follow-up; writes to the map, so the case only.",
    ),
    _post(
        "councils:council_followup",
        setup=_step("presented"),
        allowed=CASE,
        data=lambda cast, extra: {f"status_{extra['proposal'].pk}": "under_way"},
        notes="Saves each proposal's status.",
    ),
    # The room: no account.
    _get(
        "councils:council_room",
        setup=None,
        kwargs=lambda cast, extra: {},
        allowed=SIGNED_OUT,
        citizen_data=False,
        notes="The code form on the device in the room.",
    ),
    _post(
        "councils:council_room",
        setup=_room,
        kwargs=lambda cast, extra: {},
        allowed=SIGNED_OUT,
        data=lambda cast, extra: {"code": extra["code"]},
        notes="The first device with the code joins (logged).",
    ),
    _get(
        "councils:council_room_proposals",
        setup=_room,
        kwargs=lambda cast, extra: {},
        allowed=SIGNED_OUT,
        ok_status=302,
        citizen_data=False,
        notes="Without the device's key: back to the code form.",
    ),
    _post(
        "councils:council_room_proposals",
        setup=_room,
        kwargs=lambda cast, extra: {},
        allowed=SIGNED_OUT,
        ok=302,
        data=lambda cast, extra: {"kind": "improve", "what": "x"},
        citizen_data=False,
        notes="Without the device's key: back to the code form, nothing written.",
    ),
    _get(
        "councils:council_room_proposal",
        setup=_room,
        kwargs=lambda cast, extra: {"proposal_id": extra["proposal"].pk},
        allowed=SIGNED_OUT,
        ok_status=302,
        citizen_data=False,
        notes="Without the device's key: back to the code form.",
    ),
    _post(
        "councils:council_room_proposal",
        setup=_room,
        kwargs=lambda cast, extra: {"proposal_id": extra["proposal"].pk},
        allowed=SIGNED_OUT,
        ok=302,
        data=lambda cast, extra: {"kind": "improve", "what": "y"},
        citizen_data=False,
        notes="Without the device's key: back to the code form, nothing changed.",
    ),
]
