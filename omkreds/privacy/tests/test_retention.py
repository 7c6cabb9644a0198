"""Retention: at a frozen date, an expired case leaves 0 rows and 0 files; the rest stays."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from omkreds.access.history import record_change
from omkreds.access.models import AccessLogEntry, ChangeRecord, Consent
from omkreds.citizens.models import Citizen, CitizenStatus
from omkreds.councils.models import Council
from omkreds.councils.services import council_create
from omkreds.cti import services as cti
from omkreds.meetings import services as meetings
from omkreds.meetings.models import Meeting
from omkreds.networks.models import ContactPhoto, MapVersion
from omkreds.networks.overview.photos import photo_store
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data
from omkreds.networks.tests.overview.helpers import picture

TODAY = dt.date(2031, 6, 1)


def _log(citizen_id, at):
    AccessLogEntry.objects.create(
        user_label="someone@example.org", citizen_id=citizen_id, action="view_case", at=at
    )


@pytest.fixture
def expired(cast):
    """A case closed six years before TODAY, with a map, a photo, a meeting, CTI and a consent."""
    citizen = Citizen.objects.create(
        organisation=cast.org, team=cast.team, name="Expired Person", primary_worker=cast.worker
    )
    photo = photo_store(
        citizen=citizen, upload=SimpleUploadedFile("p.jpg", picture()), user=cast.worker
    )
    people = [contact("anna", "Anna Aunt", photo=photo.key)]
    map_save(citizen=citizen, author=cast.worker, document=data(people), based_on=None)
    meetings.meeting_decide(
        citizen=citizen, by=cast.worker, concern="Worry", goal="Goal", questions=["Q?"]
    )
    council_create(citizen=citizen, by=cast.worker, questions=["Where can she live?"])
    cti.course_start(
        citizen=citizen,
        worker=cast.worker,
        started_on=timezone.localdate() - dt.timedelta(days=3),
        by=cast.worker,
    )
    Consent.objects.create(
        citizen=citizen,
        to_user=cast.professional,
        parts=["map"],
        purpose="Team",
        given_how="written",
        recorded_by=cast.worker,
    )
    record_change(citizen=citizen, by=cast.worker, kind="citizen_close")
    Citizen.objects.filter(pk=citizen.pk).update(
        status=CitizenStatus.CLOSED, closed_on=dt.date(2025, 5, 1)
    )
    return citizen, photo.file.path


def _run(*args):
    out = io.StringIO()
    call_command("retention", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def _rows_of(citizen) -> dict[str, int]:
    return {
        "citizen": Citizen.objects.filter(pk=citizen.pk).count(),
        "versions": MapVersion.objects.filter(map__citizen_id=citizen.pk).count(),
        "photos": ContactPhoto.objects.filter(citizen_id=citizen.pk).count(),
        "meetings": Meeting.objects.filter(citizen_id=citizen.pk).count(),
        "councils": Council.objects.filter(citizen_id=citizen.pk).count(),
        "courses": cti.CtiCourse.objects.filter(citizen_id=citizen.pk).count(),
        "consents": Consent.objects.filter(citizen_id=citizen.pk).count(),
        "history": ChangeRecord.objects.filter(citizen_id=citizen.pk).count(),
    }


def test_dry_run_deletes_nothing_and_says_what_would_go(cast, expired):
    citizen, path = expired
    out = _run()
    assert "1 case(s)" in out and "Dry run" in out
    assert "networks.MapVersion: 1" in out
    assert all(_rows_of(citizen).values())
    assert Path(path).exists()


def test_apply_leaves_no_row_or_file_of_the_expired_case(cast, expired, caplog):
    citizen, path = expired
    # Old by TODAY and by the database's own clock too: on PostgreSQL the log's trigger lets the
    # retention job delete only rows past the log period by now() (issue 15, point 8).
    old = timezone.now().replace(microsecond=0) - dt.timedelta(days=365 * 11)
    recent = timezone.make_aware(dt.datetime(2030, 1, 1))
    _log(citizen.pk, old)
    _log(citizen.pk, recent)
    _log(cast.citizen.pk, old)
    out = _run("--apply")
    assert "Deleted:" in out
    rows_left = sum(_rows_of(citizen).values())
    _report(rows_left=rows_left, files_left=int(Path(path).exists()))
    assert _rows_of(citizen) == dict.fromkeys(_rows_of(citizen), 0)
    assert not Path(path).exists()
    # The job leaves its own trace, with counts and no name.
    [message] = [r.getMessage() for r in caplog.records if r.name == "omkreds.privacy.retention"]
    assert "deleted 1 case(s)" in message and "Expired Person" not in message
    # The access log keeps its own period: the recent look-up of the deleted case stays.
    assert list(
        AccessLogEntry.objects.filter(citizen_id=citizen.pk).values_list("at", flat=True)
    ) == [recent]
    assert not AccessLogEntry.objects.filter(at__lt=dt.datetime(2021, 6, 1, tzinfo=dt.UTC))
    # Open cases and cases closed recently stay.
    assert Citizen.objects.filter(pk=cast.citizen.pk).exists()


def _report(*, rows_left: int, files_left: int) -> None:
    """For the trust report: what an expired case left behind after the job ran."""
    out = Path("test-report")
    out.mkdir(exist_ok=True)
    figures = {"frozen_date": TODAY.isoformat(), "rows_left": rows_left, "files_left": files_left}
    (out / "trust-retention.json").write_text(json.dumps(figures, indent=2))


def test_recently_closed_case_stays(cast):
    Citizen.objects.filter(pk=cast.citizen.pk).update(
        status=CitizenStatus.CLOSED, closed_on=dt.date(2027, 1, 1)
    )
    assert "0 case(s)" in _run("--apply")
    assert Citizen.objects.filter(pk=cast.citizen.pk).exists()


def test_shorter_period_by_option(cast):
    Citizen.objects.filter(pk=cast.citizen.pk).update(
        status=CitizenStatus.CLOSED, closed_on=dt.date(2027, 1, 1)
    )
    _run("--apply", "--case-years", "2")
    assert not Citizen.objects.filter(pk=cast.citizen.pk).exists()


@pytest.mark.parametrize("args", [("--today", "1 June"), ("--case-years", "0")])
def test_bad_options_are_refused(db, args):
    with pytest.raises(CommandError):
        call_command("retention", *args, stdout=io.StringIO())


def test_each_organisation_keeps_its_own_periods(cast):
    from omkreds.privacy.models import RightsSettings

    RightsSettings.objects.create(organisation=cast.org, case_years=2, log_years=3)
    closed_on = dt.date(2027, 1, 1)  # 4 years before TODAY: past 2, within the default 5
    Citizen.objects.filter(pk__in=[cast.citizen.pk, cast.outsider_citizen.pk]).update(
        status=CitizenStatus.CLOSED, closed_on=closed_on
    )
    # Past 3 years by the database's clock as well (the trigger asks now(), not TODAY), and
    # within the default 10 by TODAY.
    four_years_ago = timezone.now().replace(microsecond=0) - dt.timedelta(days=365 * 4)
    for organisation in (cast.org, cast.other_org):
        AccessLogEntry.objects.create(
            user_label="x@example.org",
            organisation=organisation,
            citizen_id=cast.citizen.pk,
            action="view_case",
            at=four_years_ago,
        )
    assert "1 organisation(s) with periods of their own" in _run("--apply")
    assert not Citizen.objects.filter(pk=cast.citizen.pk).exists()
    assert Citizen.objects.filter(pk=cast.outsider_citizen.pk).exists()
    assert list(AccessLogEntry.objects.values_list("organisation", flat=True)) == [
        cast.other_org.pk
    ]


def test_admin_sets_the_organisations_periods(cast, login_as):
    from omkreds.privacy.models import RightsSettings

    client = login_as(cast.admin)
    assert client.get("/organisation/rights/").status_code == 200
    response = client.post("/organisation/rights/", {"case_years": "7", "log_years": "12"})
    assert response.status_code == 302
    rules = RightsSettings.objects.get(organisation=cast.org)
    assert (rules.case_years, rules.log_years, rules.insight_staff_names) == (7, 12, False)
    response = client.post("/organisation/rights/", {"case_years": "0", "log_years": "x"})
    assert response.status_code == 200
    assert "greater than or equal to 1" in response.content.decode()
    rules.refresh_from_db()
    assert rules.case_years == 7


def test_only_admins_reach_the_settings(cast, login_as):
    for user in (cast.worker, cast.lead):
        assert login_as(user).get("/organisation/rights/").status_code == 404


@pytest.mark.browser
def test_settings_page_in_a_browser_with_axe(page, context, live_server, cast, browser_errors):
    from omkreds.lib.testing.a11y import assert_accessible
    from omkreds.lib.testing.browser import sign_in

    sign_in(context, cast.admin, url=live_server.url)
    page.goto("/organisation/rights/")
    assert_accessible(page)
    page.get_by_label("Years a closed case is kept").fill("0")
    page.get_by_role("button", name="Save").click()
    assert_accessible(page)
    page.get_by_label("Years a closed case is kept").fill("8")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/organisation/rights/")
    assert page.get_by_label("Years a closed case is kept").input_value() == "8"
    assert not browser_errors
