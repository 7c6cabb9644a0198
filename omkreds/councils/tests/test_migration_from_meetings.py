"""Councils moved out of the meetings app by state only: a database made before the move, with
a council in it (questions, an invitee with a visit, a proposal naming that invitee), migrates
forward and the new models read every row back, on SQLite and PostgreSQL alike."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from omkreds.councils.models import Council, CouncilStatus, ProposalKind

BEFORE = [("meetings", "0003_council_meeting_restrict"), ("councils", None)]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _council_before_the_move(apps, cast):
    """A council written through the models as they were in meetings 0003."""
    Meeting = apps.get_model("meetings", "Meeting")
    Invitee = apps.get_model("meetings", "Invitee")
    Council = apps.get_model("meetings", "Council")
    meeting = Meeting.objects.create(
        citizen_id=cast.citizen.pk,
        created_by_id=cast.worker.pk,
        concern="Network council",
        goal="A personal plan.",
        status="invited",
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=2),
        place="Borgerservice",
    )
    anna = Invitee.objects.create(
        meeting=meeting, name="Anna Mor", email="anna@example.dk", channel="email"
    )
    council = Council.objects.create(
        citizen_id=cast.citizen.pk,
        organisation_id=cast.org.pk,
        meeting=meeting,
        created_by_id=cast.worker.pk,
        employee_id=cast.worker.pk,
        coordinator_id=cast.coordinator.pk,
        status="information",
        language="da",
    )
    for order, text in enumerate(["Hvor kan Ida bo?", "Hvem hjælper med økonomien?"], 1):
        apps.get_model("meetings", "CouncilQuestion").objects.create(
            council=council, order=order, text=text
        )
    apps.get_model("meetings", "Visit").objects.create(
        council=council,
        invitee=anna,
        visited_on=timezone.localdate(),
        will_attend=True,
        recorded_by_id=cast.coordinator.pk,
    )
    apps.get_model("meetings", "Proposal").objects.create(
        council=council,
        kind="resources",
        what="Anna drives Ida to the job centre",
        who_invitee=anna,
    )
    return council.pk, meeting.pk, anna.pk


@pytest.mark.django_db(transaction=True)
def test_a_council_made_before_the_move_is_read_back_whole_after_it(cast):
    latest = _latest()
    executor = _migrate(BEFORE)
    apps = executor.loader.project_state([BEFORE[0]]).apps
    council_id, meeting_id, anna_id = _council_before_the_move(apps, cast)

    _migrate(latest)

    council = Council.objects.select_related("meeting", "coordinator").get(pk=council_id)
    assert council.meeting.pk == meeting_id
    assert council.meeting.council == council  # the meeting still knows its council
    assert council.status == CouncilStatus.INFORMATION
    assert council.coordinator == cast.coordinator
    assert [q.text for q in council.questions.all()] == [
        "Hvor kan Ida bo?",
        "Hvem hjælper med økonomien?",
    ]
    [visit] = council.visits.all()
    assert (visit.invitee_id, visit.will_attend) == (anna_id, True)
    [proposal] = council.proposals.in_order()
    assert (proposal.kind, proposal.who_label) == (ProposalKind.RESOURCES, "Anna Mor")
    # The tables are the ones the meetings app made: nothing was copied or renamed.
    assert Council._meta.db_table == "meetings_council"
    assert "meetings_council" in connection.introspection.table_names()
    assert "councils_council" not in connection.introspection.table_names()


@pytest.mark.django_db(transaction=True)
def test_the_move_runs_backwards_too(cast):
    latest = _latest()
    _migrate(BEFORE)
    _migrate(latest)
    assert Council.objects.count() == 0
