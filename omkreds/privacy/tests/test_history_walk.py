"""Figure 3: every change to a citizen's data is attributable — who, when and what.

`test_every_write_leaves_an_entry` performs each write and asserts that the citizen's history
gained an entry naming the user, at the time of the change, saying what changed. It also finds
the write services (functions in the services modules that take the acting user as `by`,
`author`, `recorded_by` or `user`) and fails when one is neither walked nor listed as not
touching citizen data; the check lives in the walk itself, so it runs wherever the walk runs
(one process, or any pytest-xdist worker).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from omkreds.access import services as access_services
from omkreds.cti import services as cti
from omkreds.cti.models import Phase
from omkreds.lib.testing.smtp import smtp_server  # noqa: F401  (fixture)
from omkreds.networks import services as networks
from omkreds.networks.overview import photos as overview_photos
from omkreds.networks.overview import services as overview
from omkreds.networks.tests.helpers import contact, data
from omkreds.networks.tests.overview.helpers import picture
from omkreds.privacy.history import citizen_history
from omkreds.privacy.informed import contact_mark_informed
from omkreds.privacy.tests.walk import NOT_CITIZEN_DATA, Walk, write_report, write_services
from omkreds.privacy.tests.walk_meetings import (
    walk_council_closed,
    walk_council_planned,
    walk_council_room,
    walk_meeting_held,
    walk_meeting_invited,
    walk_meeting_planned,
)


@pytest.mark.django_db(transaction=False)
def test_every_write_leaves_an_entry(cast, client, login_as, smtp_server):  # noqa: F811
    walk = Walk(cast)
    citizen, worker = cast.citizen, cast.worker
    _walk_case_pages(walk, client, login_as)
    _walk_map(walk)
    _walk_photos_and_informed(walk)
    _walk_consents(walk)
    meeting, britt = walk_meeting_planned(walk)
    walk_meeting_invited(walk, meeting, britt)
    walk_meeting_held(walk, meeting, britt)
    council, anna = walk_council_planned(walk)
    proposal = walk_council_room(walk, council, anna)
    walk_council_closed(walk, council, anna, proposal)
    course = _walk_cti_started(walk)
    _walk_cti_plan(walk, course)

    # --- closing the case, through its page --------------------------------------------------
    before = {(e.at, e.kind, e.object_id) for e in citizen_history(citizen=citizen)}
    started = timezone.now()
    response = client.post(
        f"/citizens/{citizen.pk}/close/", {"closed_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    walk.check("citizen_close", worker, started, timezone.now(), before, label="close/")

    # Every write service is walked above, or listed as not touching citizen data.
    expected = write_services() - set(NOT_CITIZEN_DATA)
    missing = sorted(expected - walk.walked)
    write_report(walk, expected=expected, missing=missing)
    assert not walk.problems, "\n".join(walk.problems)
    assert not missing, f"write services with no history check: {missing}"


def _walk_case_pages(walk, client, login_as):
    """The case record, through the pages that change it."""
    cast = walk.cast
    citizen = cast.citizen
    worker = cast.worker
    login_as(worker)
    url = f"/citizens/{citizen.pk}/"
    for path, kind, form in (
        ("edit/", "citizen_edit", {"name": "Renamed Person", "date_of_birth": "1987-03-14"}),
        (
            "team/add/",
            "member_add",
            {"user": cast.colleague.pk, "role": "worker", "starts_on": timezone.localdate()},
        ),
    ):
        before = {(e.at, e.kind, e.object_id) for e in citizen_history(citizen=citizen)}
        started = timezone.now()
        response = client.post(url + path, form)
        assert response.status_code == 302, (path, response.content[:500])
        walk.check(kind, worker, started, timezone.now(), before, label=path)
    member = citizen.team_members.get(user=cast.colleague)
    before = {(e.at, e.kind, e.object_id) for e in citizen_history(citizen=citizen)}
    started = timezone.now()
    assert client.post(f"{url}team/{member.pk}/end/").status_code == 302
    walk.check("member_end", worker, started, timezone.now(), before, label="team/end/")


def _walk_map(walk):
    """The network map and overview: saved, edited, a person added, a version restored."""
    cast = walk.cast
    citizen = cast.citizen
    worker = cast.worker
    lead = cast.lead
    people = [contact("anna", "Anna Aunt"), contact("bo", "Bo Brother", safety_marker=True)]
    walk(
        networks.map_save,
        "map_version",
        worker,
        citizen=citizen,
        author=worker,
        document=data(people),
        based_on=None,
    )
    walk(
        overview.contact_update,
        "map_version",
        lead,
        citizen=citizen,
        author=lead,
        contact_id="anna",
        values={"phone_direct": "+45 11 22 33 44"},
        based_on=1,
    )
    walk(
        overview.contact_add,
        "map_version",
        worker,
        citizen=citizen,
        author=worker,
        values={"name": "Carl Cousin"},
        based_on=2,
    )
    walk(networks.map_restore, "map_restore", lead, citizen=citizen, author=lead, number=1)


def _walk_photos_and_informed(walk):
    """Photos stored, attached and pruned; a person on the map told they are on it."""
    cast = walk.cast
    citizen = cast.citizen
    worker = cast.worker
    lead = cast.lead
    walk(
        overview_photos.photo_store,
        "photo_upload",
        worker,
        citizen=citizen,
        upload=SimpleUploadedFile("p.jpg", picture()),
        user=worker,
    )
    # The storing half on its own, as photo_attach uses it after preparing outside the transaction.
    walk(
        overview_photos.photo_save,
        "photo_upload",
        lead,
        citizen=citizen,
        encoded=overview_photos.photo_prepare(SimpleUploadedFile("p.jpg", picture())),
        user=lead,
    )

    photo_attach = getattr(overview, "photo_attach", None)  # being added as this is written
    if photo_attach is not None:
        latest = networks.map_latest(citizen=citizen).number
        walk(
            photo_attach,
            "map_version",
            lead,
            citizen=citizen,
            author=lead,
            contact_id="anna",
            upload=SimpleUploadedFile("p.jpg", picture()),
            based_on=latest,
        )
    # The system deletes photos no version names any more (the one stored alone above).
    walk(
        overview.photos_prune,
        "photos_prune",
        None,
        by_label="system",
        citizen=citizen,
        now=timezone.now() + dt.timedelta(days=2),
    )
    walk(
        contact_mark_informed,
        "contact_informed",
        worker,
        citizen=citizen,
        contact_id="anna",
        by=worker,
        how="by phone",
    )


def _walk_consents(walk):
    """Consents, recorded and withdrawn."""
    cast = walk.cast
    citizen = cast.citizen
    worker = cast.worker
    lead = cast.lead
    consent = walk(
        access_services.consent_record,
        "consent_record",
        worker,
        citizen=citizen,
        recorded_by=worker,
        to_user=cast.professional_without,
        parts=["map"],
        purpose="Meeting next week",
        given_how="written",
    )
    walk(access_services.consent_withdraw, "consent_withdraw", lead, consent=consent, by=lead)


def _walk_cti_started(walk):
    """A CTI course started, planned, moved on and its checklist answered."""
    cast = walk.cast
    citizen = cast.citizen
    worker = cast.worker
    lead = cast.lead
    start = timezone.localdate() - dt.timedelta(days=30)
    course = walk(
        cti.course_start,
        "course_event",
        worker,
        citizen=citizen,
        worker=worker,
        started_on=start,
        by=worker,
    )
    walk(
        cti.course_plan_dates,
        "course_event",
        lead,
        course=course,
        contact_period_ends_planned=course.contact_period_ends_planned,
        phase1_planned_on=course.phase1_planned_on,
        phase2_planned_on=course.phase2_planned_on + dt.timedelta(days=7),
        phase3_planned_on=course.phase3_planned_on + dt.timedelta(days=7),
        planned_end_on=course.planned_end_on + dt.timedelta(days=7),
        by=lead,
    )
    walk(
        cti.phase_shift,
        "course_event",
        worker,
        course=course,
        to_phase=Phase.ONE,
        on=start + dt.timedelta(days=10),
        by=worker,
    )
    key = cti.checklists.PHASE_CHECKLISTS[1].items[0].key
    walk(
        cti.checklist_answer,
        "checklist_answer",
        worker,
        course=course,
        item_key=key,
        answer="yes",
        by=worker,
    )
    return course


def _walk_cti_plan(walk, course):
    """The CTI plan, its focus areas and sub-goals; the course reassigned and ended."""
    cast = walk.cast
    worker = cast.worker
    lead = cast.lead
    plan = walk(cti.plan_save, "plan_save", worker, course=course, phase=Phase.ONE, by=worker)
    dimension, _warnings = walk(
        cti.plan_dimension_save,
        "plan_dimension_save",
        worker,
        plan=plan,
        dimension=cti.PlanDimension.values[0],
        by=worker,
        goal="A flat of her own",
    )
    subgoal = walk(
        cti.subgoal_add, "subgoal_add", worker, dimension=dimension, text="Visit two", by=worker
    )
    walk(
        cti.subgoal_reached,
        "subgoal_reached",
        lead,
        subgoal=subgoal,
        on=timezone.localdate(),
        by=lead,
    )
    walk(cti.course_reassign, "course_event", lead, course=course, worker=cast.colleague, by=lead)
    walk(
        cti.course_end,
        "course_event",
        lead,
        course=course,
        on=timezone.localdate(),
        reason="moved",
        reason_text="Done",
        by=lead,
    )
