"""The main person of a network council as a participant (issue 13, point 3): first in the
order of introductions, and among those who receive the plan by their channel."""

from omkreds.councils import services as sc
from omkreds.councils import services_plan as sc_plan
from omkreds.councils import services_room as sc_room
from omkreds.councils.tests.setup_councils import prepared
from omkreds.meetings.services_citizen import citizen_take_part


def test_the_main_person_of_a_council_receives_the_plan(cast, smtp_server):
    council = prepared(cast)
    me = citizen_take_part(
        meeting=council.meeting, by=cast.worker, channel="email", email="ida@example.dk"
    )
    assert [i.pk for i in council.meeting.invitees.in_order()][0] == me.pk
    for step in ("information", "private", "acknowledgement"):
        if step == "acknowledgement":
            sc_room.proposal_add(council=council, kind="resources", what="Anna kører Ida")
        sc.step_advance(council=council, by=cast.coordinator)
        council.refresh_from_db()
    sc_plan.plan_present(council=council, by=cast.coordinator, presented_by="Ida")
    council.refresh_from_db()
    everyone = list(council.meeting.invitees.all())
    assert len(everyone) >= 3
    smtp_server.clear()
    shared = sc_plan.plan_share(
        council=council, by=cast.coordinator, invitee_ids=[i.pk for i in everyone]
    )
    assert me.pk in {row.invitee_id for row in shared.emailed}
    assert "ida@example.dk" in {r for e in smtp_server.envelopes for r in e.recipients}
