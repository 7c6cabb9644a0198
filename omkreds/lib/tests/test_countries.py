"""Per-organisation country and time zone (issue 18): a Finnish and a Danish organisation on one
installation see their own times and their own country's law."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from icalendar import Calendar

from omkreds.accounts.countries import Country, action_plan, zone_of
from omkreds.cti.fidelity import fidelity_suggestions
from omkreds.lib.testing.smtp import smtp_server  # noqa: F401  (fixture)
from omkreds.meetings import services, services_invitations

pytestmark = pytest.mark.django_db

# 09:00 UTC on a winter day: 10.00 in Copenhagen and Stockholm, 11.00 in Helsinki.
STARTS = dt.datetime(2030, 1, 15, 9, 0, tzinfo=dt.UTC)


def _meeting(cast):
    meeting = services.meeting_decide(
        citizen=cast.citizen, by=cast.worker, concern="c", why_not_own_tools="w", goal="g",
        questions=["Q1?"],
    )  # fmt: skip
    services.meeting_schedule(
        meeting=meeting,
        by=cast.worker,
        starts_at=STARTS,
        ends_at=STARTS + dt.timedelta(hours=1),
        place="Room",
    )
    meeting.refresh_from_db()
    return meeting


@pytest.mark.parametrize(
    ("country", "time_zone", "zone"),
    [
        (Country.DENMARK, "", "Europe/Copenhagen"),
        (Country.SWEDEN, "", "Europe/Stockholm"),
        (Country.FINLAND, "", "Europe/Helsinki"),
        (Country.DENMARK, "Atlantic/Faroe", "Atlantic/Faroe"),
    ],
)
def test_the_zone_is_the_organisations_or_its_countrys(cast, country, time_zone, zone):
    cast.org.country, cast.org.time_zone = country, time_zone
    assert zone_of(cast.org) == ZoneInfo(zone)


@pytest.mark.parametrize(("country", "local"), [("DK", "10.00"), ("FI", "11.00")])
def test_invitations_and_calendar_files_use_the_organisations_zone(
    cast,
    smtp_server,  # noqa: F811
    country,
    local,
):
    cast.org.country = country
    cast.org.save(update_fields=["country"])
    meeting = _meeting(cast)
    services_invitations.invitee_add(
        meeting=meeting, by=cast.worker, name="Aino", email="aino@example.fi", language="fi"
    )
    services_invitations.invitations_send(meeting=meeting, by=cast.worker)
    [message] = smtp_server.messages
    body = message.get_body(("plain",)).get_content()
    assert f"{local}–" in body
    [ics] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(ics.get_content())
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == STARTS
    assert str(event["dtstart"].params["TZID"]) == str(zone_of(cast.org))
    assert [str(t["tzid"]) for t in calendar.walk("VTIMEZONE")] == [str(zone_of(cast.org))]


def test_pages_show_times_in_the_users_organisations_zone(cast, login_as):
    cast.org.country = Country.FINLAND
    cast.org.save(update_fields=["country"])
    _meeting(cast)
    client = login_as(cast.worker)
    page = client.get(f"/citizens/{cast.citizen.pk}/meetings/").content.decode()
    assert "2030-01-15 11:00" in page
    # Outside the request the installation's zone is back.
    assert timezone.get_current_timezone() == ZoneInfo("Europe/Copenhagen")


def test_the_legal_reference_follows_the_country(cast):
    cast.org.country, cast.other_org.country = Country.FINLAND, Country.DENMARK
    with translation.override("fi"):
        assert action_plan(cast.org) == "asiakassuunnitelma (sosiaalihuoltolaki 39 §)"
    with translation.override("sv"):
        assert action_plan(cast.org) == "klientplan enligt 39 § socialvårdslagen"
        assert action_plan(cast.other_org) == "handlingsplan enligt § 141 i serviceloven"
    with translation.override("en"):
        reason = fidelity_suggestions(organisation=cast.other_org)["fidelity.15"].reason
        assert "§ 141" not in reason  # no courses: nothing to judge from


def test_a_bad_time_zone_is_refused_and_changes_nothing(cast, login_as):
    client = login_as(cast.admin)
    response = client.post(
        "/accounts/organisation/settings/",
        {"name": "Demo Kommune", "default_language": "fi", "country": "FI",
         "time_zone": "Europe/Nowhere", "citizen_term": "client", "cti_caseload_cap": 10},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Europe/Helsinki" in response.content.decode()
    cast.org.refresh_from_db()
    assert (cast.org.country, cast.org.time_zone) == (Country.DENMARK, "")


@pytest.mark.parametrize(
    ("country", "label"),
    [
        (Country.DENMARK, "Reference to the § 141 action plan (Social Services Act)"),
        (Country.SWEDEN, "Reference to the implementation plan under the SoL"),
        (
            Country.FINLAND,
            "Reference to the client plan under section 39 of the Social Welfare Act",
        ),
    ],
)
def test_the_cti_plan_names_the_countrys_plan(cast, login_as, country, label):
    from omkreds.cti import services as cti_services

    cast.org.country = country
    cast.org.save(update_fields=["country"])
    course = cti_services.course_start(
        citizen=cast.citizen, worker=cast.worker, started_on=timezone.localdate(), by=cast.worker
    )
    client = login_as(cast.worker)
    page = client.get(f"/citizens/{cast.citizen.pk}/cti/{course.pk}/plan/1/").content.decode()
    assert label in page
