"""What the meetings app adds to the citizen page (a link) and the home page (what is due)."""

import datetime as dt

from django.utils import timezone

from omkreds.meetings import services_memo


def test_citizen_page_links_to_meetings_for_the_case(cast, login_as):
    url = f"/citizens/{cast.citizen.pk}/meetings/"
    page = login_as(cast.worker).get(f"/citizens/{cast.citizen.pk}/").content.decode()
    assert url in page


def test_home_lists_meeting_and_action_due(cast, login_as, scheduled):
    services_memo.action_add(
        meeting=scheduled,
        by=cast.worker,
        what="Call the landlord",
        owner_user=cast.worker,
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    page = login_as(cast.worker).get("/").content.decode()
    assert f"/citizens/{cast.citizen.pk}/meetings/{scheduled.pk}/" in page
    assert f"/citizens/{cast.citizen.pk}/meetings/actions/" in page
    assert "1 meeting action due" in page
