"""Councils at each step, built through the services, for the council tests and the matrix."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from omkreds.councils import services as sc
from omkreds.councils import services_plan as sc_plan
from omkreds.councils import services_room as sc_room
from omkreds.councils.models import Council
from omkreds.networks.schema import Contact, MapDocument
from omkreds.networks.services import map_save

QUESTIONS = ["Hvordan kan Ida få en bolig?", "Hvem kan hjælpe med økonomien?"]


def _at(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def draw_map(cast) -> None:
    map_save(
        citizen=cast.citizen,
        author=cast.worker,
        based_on=None,
        document=MapDocument(
            contacts=[
                Contact(id="c-anna", name="Anna Mor", sector="family", closeness=0.2),
                Contact(id="c-bo", name="Bo Ven", sector="others", closeness=0.5),
            ]
        ),
    )


def prepared(cast, *, assigned: bool = True) -> Council:
    """Questions written, a coordinator assigned, time and place set, two invitees."""
    council = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=QUESTIONS)
    if assigned:
        sc.coordinator_assign(council=council, by=cast.worker, coordinator=cast.coordinator)
    sc.council_schedule(
        council=council,
        by=cast.worker,
        starts_at=_at(7, 17),
        ends_at=_at(7, 20),
        place="Medborgerhuset",
    )
    sc.council_invitee_add(
        council=council,
        by=cast.worker,
        name="Anna Mor",
        relation="mor",
        email="anna@example.dk",
        phone="+45 11 22 33 44",
    )
    sc.council_invitee_add(
        council=council, by=cast.worker, name="Bo Ven", phone="+45 22 33 44 55", channel="phone"
    )
    council.refresh_from_db()
    return council


def in_step(cast, status: str, *, assigned: bool = True) -> Council:
    """A council moved on to `status`; in the private step with the room open and a proposal
    written; from acknowledgement on with the plan presented and answered as the step needs."""
    council = prepared(cast, assigned=assigned)
    steps = ["information", "private", "acknowledgement"]
    target = "acknowledgement" if status in ("presented", "closed") else status
    for step in steps[: steps.index(target) + 1] if target in steps else []:
        if step == "acknowledgement":
            sc_room.proposal_add(council=council, kind="resources", what="Anna kører Ida til lægen")
        sc.step_advance(council=council, by=cast.coordinator)
        council.refresh_from_db()
    if status in ("presented", "closed"):
        sc_plan.plan_present(council=council, by=cast.coordinator, presented_by="Anna Mor")
    if status == "closed":
        for proposal in council.proposals.all():
            sc_plan.proposal_answer(proposal=proposal, by=cast.worker, answer="accepted")
        sc_plan.council_close(
            council=council, by=cast.worker, next_steps="Vi ses igen.", followup_at=_at(40)
        )
    council.refresh_from_db()
    return council


def api_citizen_url(cast) -> str:
    return f"/api/v1/citizens/{cast.citizen.pk}/councils"


def api_url(council, tail: str = "") -> str:
    return f"/api/v1/councils/{council.pk}{tail}"
