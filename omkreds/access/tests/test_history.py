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
import importlib
import inspect
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from omkreds.access import services as access_services
from omkreds.access.history import citizen_history, record_change
from omkreds.access.informed import contact_mark_informed
from omkreds.access.models import InformedRecord
from omkreds.councils import services as councils
from omkreds.councils import services_followup as councils_followup
from omkreds.councils import services_plan as councils_plan
from omkreds.councils import services_room as councils_room
from omkreds.cti import services as cti
from omkreds.cti.models import Phase
from omkreds.invitations import tokens
from omkreds.lib.testing.smtp import smtp_server  # noqa: F401  (fixture)
from omkreds.meetings import guide, services_feedback, services_invitations, services_memo
from omkreds.meetings import services as meetings
from omkreds.networks import services as networks
from omkreds.networks.overview import photos as overview_photos
from omkreds.networks.overview import services as overview
from omkreds.networks.tests.helpers import contact, data
from omkreds.networks.tests.overview.helpers import picture

SERVICE_MODULES = (
    "omkreds.access.services",
    "omkreds.access.informed",
    "omkreds.cti.services",
    "omkreds.meetings.services",
    "omkreds.meetings.services_invitations",
    "omkreds.meetings.services_memo",
    "omkreds.meetings.services_feedback",
    "omkreds.councils.services",
    "omkreds.councils.services_room",
    "omkreds.councils.services_plan",
    "omkreds.councils.services_followup",
    "omkreds.networks.services",
    "omkreds.networks.overview.services",
    "omkreds.networks.overview.photos",
)
ACTOR_PARAMETERS = {"by", "author", "recorded_by", "user"}

# Write services that change no citizen's data, and why.
NOT_CITIZEN_DATA = {
    "omkreds.cti.services.fidelity_review_save": "the organisation's fidelity review",
    "omkreds.cti.services.caseload": "reads only",
    "omkreds.meetings.services_memo.actions_for_owner": "reads only",
    "omkreds.meetings.services.in_organisation": "reads only (a check the services share)",
}


def _qualified(function) -> str:
    return f"{function.__module__}.{function.__name__}"


def _write_services() -> set[str]:
    found = set()
    for name in SERVICE_MODULES:
        module = importlib.import_module(name)
        for attr, function in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(function):
                continue
            if function.__module__ != name:
                continue
            parameters = inspect.signature(function).parameters
            if ACTOR_PARAMETERS & set(parameters):
                found.add(f"{name}.{attr}")
    return found


def at(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class Walk:
    """Performs writes one after another and checks the history after each."""

    def __init__(self, cast):
        self.cast = cast
        self.problems: list[str] = []
        self.count = 0
        self.walked: set[str] = set()

    def __call__(self, function, kind: str, actor, /, *, by_label: str = "", **kwargs):
        self.walked.add(_qualified(function))
        before = {(e.at, e.kind, e.object_id) for e in citizen_history(citizen=self.cast.citizen)}
        started = timezone.now()
        result = function(**kwargs)
        ended = timezone.now()
        self.check(kind, actor, started, ended, before, who=by_label, label=_qualified(function))
        return result

    def check(self, kind, actor, started, ended, before, *, who="", label=""):
        self.count += 1
        new = [
            e
            for e in citizen_history(citizen=self.cast.citizen)
            if (e.at, e.kind, e.object_id) not in before
        ]
        matching = [e for e in new if e.kind == kind]
        if not matching:
            self.problems.append(f"{label}: no {kind!r} entry (new: {[e.kind for e in new]})")
            return
        entry = matching[0]
        if actor is not None and entry.user_id != actor.pk:
            self.problems.append(f"{label}: entry names user {entry.user_id}, not {actor.pk}")
        if actor is None and not (entry.user_label and (not who or who in entry.user_label)):
            self.problems.append(f"{label}: entry does not say who ({entry.user_label!r})")
        if not started - dt.timedelta(seconds=1) <= entry.at <= ended + dt.timedelta(seconds=1):
            self.problems.append(f"{label}: entry time {entry.at} is not the time of the change")
        if not (entry.kind_label and (entry.object_id or entry.summary)):
            self.problems.append(f"{label}: entry does not say what changed")


@pytest.mark.django_db(transaction=False)
def test_every_write_leaves_an_entry(cast, client, login_as, smtp_server):  # noqa: F811
    walk = Walk(cast)
    citizen, worker, lead = cast.citizen, cast.worker, cast.lead

    # --- the case record, through the pages that change it -----------------------------------
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

    # --- the network map and overview ------------------------------------------------------
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
    walk(
        overview_photos.photo_store,
        "photo_upload",
        worker,
        citizen=citizen,
        upload=SimpleUploadedFile("p.jpg", picture()),
        user=worker,
    )
    walk(
        overview_photos.photo_save,
        "photo_upload",
        worker,
        citizen=citizen,
        encoded=overview_photos.photo_prepare(SimpleUploadedFile("q.jpg", picture())),
        user=worker,
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

    # --- consents ----------------------------------------------------------------------------
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

    # --- a network meeting from decision to feedback ----------------------------------------
    meeting = walk(
        meetings.meeting_decide,
        "meeting_decide",
        worker,
        citizen=citizen,
        by=worker,
        concern="Rent arrears",
        goal="A plan",
        questions=["How can the rent be paid?"],
    )
    walk(
        meetings.meeting_revise,
        "meeting_revise",
        lead,
        meeting=meeting,
        by=lead,
        concern="Rent arrears and letters",
        goal="A plan",
        questions=["How can the rent be paid?"],
    )
    walk(
        meetings.meeting_prepare_tick,
        "meeting_prepare_tick",
        worker,
        meeting=meeting,
        item_key=guide.PREPARATION.keys[0],
        by=worker,
    )
    walk(
        meetings.meeting_schedule,
        "meeting_schedule",
        worker,
        meeting=meeting,
        by=worker,
        starts_at=at(7, 10),
        ends_at=at(7, 11),
        place="Room 2",
    )
    britt = walk(
        services_invitations.invitee_add,
        "invitee_add",
        worker,
        meeting=meeting,
        by=worker,
        name="Britt Sister",
        email="britt@example.se",
        language="sv",
    )
    mads = services_invitations.invitee_add(
        meeting=meeting, by=worker, name="Mads Neighbour", email="mads@example.dk", language="da"
    )
    walk(
        services_invitations.invitations_send,
        "invitations_send",
        worker,
        meeting=meeting,
        by=worker,
    )
    walk(
        services_invitations.invitation_reply,
        "invitation_reply",
        None,
        by_label="Britt Sister",
        token=tokens.make(britt, tokens.REPLY),
        reply="yes",
    )
    walk(
        services_invitations.invitation_record_reply,
        "invitation_reply",
        lead,
        invitee=mads,
        reply="no",
        by=lead,
    )
    walk(
        services_invitations.invitee_remove,
        "invitee_remove",
        worker,
        meeting=meeting,
        invitee=mads,
        by=worker,
    )
    meeting.refresh_from_db()
    meeting.starts_at, meeting.ends_at = at(-1, 10), at(-1, 11)
    meeting.save()
    walk(
        services_memo.memo_save,
        "memo_save",
        worker,
        meeting=meeting,
        by=worker,
        summary="A plan for rent.",
        attendance={britt.pk: True},
        followup_at=at(30, 10),
        recipients=[britt.pk],
    )
    walk(services_memo.memo_send, "memo_send", worker, meeting=meeting, by=worker)
    meeting.refresh_from_db()
    action = walk(
        services_memo.action_add,
        "action_add",
        worker,
        meeting=meeting,
        by=worker,
        what="Call the landlord",
        owner_user=worker,
        due_on=timezone.localdate() + dt.timedelta(days=1),
    )
    walk(services_memo.action_reminders_send, "action_remind", None, by_label="system")
    walk(services_memo.action_complete, "action_complete", lead, action=action, by=lead)
    walk(
        services_feedback.feedback_request_send,
        "feedback_request_send",
        worker,
        meeting=meeting,
        by=worker,
    )
    walk(
        services_feedback.feedback_submit,
        "feedback_submit",
        None,
        token=tokens.make(britt, tokens.FEEDBACK),
        answers={},
        comment="It helped.",
    )
    followup = walk(
        services_memo.followup_create, "followup_create", worker, meeting=meeting, by=worker
    )
    walk(
        services_invitations.meeting_cancel,
        "meeting_cancel",
        lead,
        meeting=followup,
        by=lead,
        reason="She is ill",
    )

    # --- a network council through its three steps ---------------------------------------
    council = walk(
        councils.council_create,
        "meeting_decide",
        worker,
        citizen=citizen,
        by=worker,
        questions=["Where can she live?"],
    )
    walk(
        councils.questions_set,
        "meeting_revise",
        worker,
        council=council,
        by=worker,
        questions=["Where can she live?", "Who helps with money?"],
    )
    coordinator = cast.coordinator
    walk(
        councils.coordinator_assign,
        "council_coordinator",
        worker,
        council=council,
        by=worker,
        coordinator=coordinator,
    )
    walk(
        councils.council_schedule,
        "meeting_schedule",
        worker,
        council=council,
        by=worker,
        starts_at=at(7, 17),
        ends_at=at(7, 19),
        place="Community hall",
    )
    anna = walk(
        councils.council_invitee_add,
        "invitee_add",
        worker,
        council=council,
        by=worker,
        contact_id="anna",
        email="anna@example.dk",
    )
    walk(
        councils.visit_record,
        "council_visit",
        coordinator,
        council=council,
        by=coordinator,
        invitee=anna,
        visited_on=timezone.localdate(),
        told_about_model=True,
    )
    bo = councils.council_invitee_add(
        council=council, by=worker, name="Bo", phone="+45 1234", channel="phone"
    )
    walk(
        councils.council_reply_record,
        "invitation_reply",
        coordinator,
        council=council,
        by=coordinator,
        invitee=bo,
        reply="yes",
    )
    walk(
        councils.council_invitee_remove,
        "invitee_remove",
        coordinator,
        council=council,
        by=coordinator,
        invitee=bo,
    )
    walk(
        councils.council_invitations_send,
        "invitations_send",
        coordinator,
        council=council,
        by=coordinator,
    )
    walk(councils.step_advance, "council_step", coordinator, council=council, by=coordinator)
    walk(councils.step_advance, "council_step", coordinator, council=council, by=coordinator)
    council.refresh_from_db()
    code = walk(
        councils_room.room_open, "council_room_open", coordinator, council=council, by=coordinator
    )
    walk(councils_room.room_join, "council_room_join", None, by_label="the network", code=code)
    proposal = walk(
        councils_room.proposal_add,
        "proposal_add",
        None,
        by_label="the network",
        council=council,
        kind="resources",
        what="Anna drives her to the doctor",
        who_invitee=anna,
    )
    walk(
        councils_room.proposal_edit,
        "proposal_edit",
        None,
        by_label="the network",
        proposal=proposal,
        kind="resources",
        what="Anna drives her to the doctor on Tuesdays",
        who_invitee=anna,
    )
    walk(councils.step_advance, "council_step", coordinator, council=council, by=coordinator)
    council.refresh_from_db()
    walk(
        councils_plan.plan_present,
        "plan_present",
        coordinator,
        council=council,
        by=coordinator,
        presented_by="Anna",
    )
    proposal.refresh_from_db()
    walk(
        councils_plan.proposal_answer,
        "proposal_answer",
        worker,
        proposal=proposal,
        by=worker,
        answer="accepted",
    )
    walk(
        councils_plan.plan_share,
        "plan_share",
        worker,
        council=council,
        by=worker,
        invitee_ids=[anna.pk],
    )
    walk(
        councils_plan.council_close,
        "council_close",
        worker,
        council=council,
        by=worker,
        next_steps="We meet again.",
        followup_at=at(40),
    )
    walk(
        councils.council_feedback_send,
        "feedback_request_send",
        worker,
        council=council,
        by=worker,
    )
    walk(
        councils_followup.council_followup,
        "council_followup",
        worker,
        council=council,
        by=worker,
        statuses={proposal.pk: ("under_way", "Going well")},
        activate=[proposal.pk],
    )

    # --- a CTI course ------------------------------------------------------------------------
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

    # --- closing the case, through its page --------------------------------------------------
    before = {(e.at, e.kind, e.object_id) for e in citizen_history(citizen=citizen)}
    started = timezone.now()
    response = client.post(f"{url}close/", {"closed_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    walk.check("citizen_close", worker, started, timezone.now(), before, label="close/")

    # Every write service is walked above, or listed as not touching citizen data.
    expected = _write_services() - set(NOT_CITIZEN_DATA)
    missing = sorted(expected - walk.walked)
    _report(walk, expected=expected, missing=missing)
    assert not walk.problems, "\n".join(walk.problems)
    assert not missing, f"write services with no history check: {missing}"


def _report(walk: Walk, *, expected: set[str], missing: list[str]) -> None:
    """Figure 3 for the trust report (scripts/trust_report.py): every write attributable.
    `services_walked` must equal `services_walked_expected` there."""
    out = Path("test-report")
    out.mkdir(exist_ok=True)
    (out / "trust-change-history.json").write_text(
        json.dumps(
            {
                "writes_performed": walk.count,
                "services_walked": len(walk.walked & expected),
                "services_walked_expected": len(expected),
                "unattributed": len(walk.problems),
                "problems": walk.problems,
                "services_not_walked": missing,
            },
            indent=2,
        )
    )


def test_history_page_lists_changes_newest_first_with_who(
    cast, login_as, django_assert_max_num_queries
):
    networks.map_save(
        citizen=cast.citizen, author=cast.worker, document=data([contact("anna")]), based_on=None
    )
    record_change(citizen=cast.citizen, by=cast.lead, kind="citizen_edit", summary="name")
    client = login_as(cast.worker)
    with django_assert_max_num_queries(25):
        response = client.get(f"/citizens/{cast.citizen.pk}/history/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Lena Lead") < body.index("Wanda Worker")
    assert "network map saved" in body and "case details changed" in body


def test_history_page_has_bounded_queries(cast, login_as, django_assert_max_num_queries):
    for n in range(30):
        record_change(citizen=cast.citizen, by=cast.worker, kind="memo_save", summary=str(n))
    client = login_as(cast.worker)
    with django_assert_max_num_queries(25):
        response = client.get(f"/citizens/{cast.citizen.pk}/history/")
    assert response.status_code == 200


# --- The informed flag: people on the map are data subjects too ---------------------------


def _anna_and_bo(cast):
    people = [contact("anna", "Anna Aunt"), contact("bo", "Bo Hidden", safety_marker=True)]
    networks.map_save(
        citizen=cast.citizen, author=cast.worker, document=data(people), based_on=None
    )


def test_marking_a_person_informed_shows_date_and_who(cast, login_as):
    _anna_and_bo(cast)
    client = login_as(cast.worker)
    url = f"/citizens/{cast.citizen.pk}/informed/"
    assert "Not yet" in client.get(url).content.decode()
    response = client.post(f"{url}anna/", {"informed_on": "2026-01-05", "how": "by phone"})
    assert response.status_code == 302
    record = InformedRecord.objects.get(citizen=cast.citizen, contact_id="anna")
    assert (record.informed_on, record.recorded_by, record.how) == (
        dt.date(2026, 1, 5),
        cast.worker,
        "by phone",
    )
    body = client.get(url).content.decode()
    assert "recorded by Wanda Worker" in body and "by phone" in body
    # The map is unchanged: marking someone informed writes no version.
    assert cast.citizen.network_map.versions.count() == 1


@pytest.mark.parametrize(
    ("contact_id", "form", "message"),
    [
        ("bo", {"informed_on": "2026-01-05"}, "do-not-contact"),
        ("nobody", {"informed_on": "2026-01-05"}, "not on the network map"),
        ("anna", {"informed_on": "2999-01-01"}, "cannot be in the future"),
        ("anna", {"informed_on": "soon"}, "Enter a valid date"),
    ],
)
def test_bad_marks_are_refused_with_a_message(cast, login_as, contact_id, form, message):
    _anna_and_bo(cast)
    client = login_as(cast.worker)
    response = client.post(f"/citizens/{cast.citizen.pk}/informed/{contact_id}/", form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not InformedRecord.objects.exists()


def test_professional_cannot_mark(cast, login_as):
    _anna_and_bo(cast)
    client = login_as(cast.professional)
    response = client.post(
        f"/citizens/{cast.citizen.pk}/informed/anna/", {"informed_on": "2026-01-05"}
    )
    assert response.status_code == 404
    assert not InformedRecord.objects.exists()


def test_citizen_page_links_to_the_rights_pages_for_case_staff_only(cast, login_as):
    history = f"/citizens/{cast.citizen.pk}/history/"
    body = login_as(cast.worker).get(f"/citizens/{cast.citizen.pk}/").content.decode()
    assert history in body and f"/citizens/{cast.citizen.pk}/insight/" in body
    shared = login_as(cast.professional).get(f"/shared/{cast.citizen.pk}/")
    assert shared.status_code == 200
    assert history not in shared.content.decode()


@pytest.mark.browser
def test_rights_pages_in_a_browser_with_axe(page, context, live_server, cast, browser_errors):
    from omkreds.lib.testing.a11y import assert_accessible
    from omkreds.lib.testing.browser import sign_in

    _anna_and_bo(cast)
    sign_in(context, cast.worker, url=live_server.url)
    page.goto(f"/citizens/{cast.citizen.pk}/")
    page.get_by_role("link", name="People told they are on the map").click()
    assert_accessible(page)
    page.get_by_label("How (optional)").first.fill("by phone")
    page.get_by_role("button", name="Mark as informed").first.click()
    page.wait_for_selector("text=recorded by Wanda Worker")
    assert_accessible(page)

    page.goto(f"/citizens/{cast.citizen.pk}/")
    page.get_by_role("link", name="Change history").click()
    page.wait_for_selector("text=person marked as informed")
    assert_accessible(page)

    page.get_by_role("link", name="Insight export (all data held)").click()
    assert_accessible(page)
    page.get_by_label("Language of the summary").select_option("en")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the export").click()
    assert download.value.suggested_filename.startswith("insight-")
    assert not browser_errors


def test_changes_through_the_api_are_attributed_too(cast, login_as):
    client = login_as(cast.lead)
    response = client.patch(
        f"/api/v1/citizens/{cast.citizen.pk}",
        data=json.dumps({"date_of_birth": "1990-01-02"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    entry = citizen_history(citizen=cast.citizen)[0]
    assert (entry.kind, entry.user_id, entry.summary) == (
        "citizen_edit",
        cast.lead.pk,
        "date_of_birth",
    )

    response = client.post(
        "/api/v1/citizens/",
        data=json.dumps({"name": "New Person"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()["id"]
    [entry] = citizen_history(citizen=created)
    assert (entry.kind, entry.user_id) == ("citizen_create", cast.lead.pk)


def test_map_versions_say_what_changed(cast):
    networks.map_save(
        citizen=cast.citizen, author=cast.worker, document=data([contact("anna")]), based_on=None
    )
    people = [contact("anna", closeness=0.1), contact("carl")]
    networks.map_save(
        citizen=cast.citizen, author=cast.lead, document=data(people), based_on=1, note="Carl too"
    )
    newest = citizen_history(citizen=cast.citizen)[0]
    assert newest.user_id == cast.lead.pk
    assert newest.summary == "version 2 · people added: 1, moved closer: 1 · Carl too"
