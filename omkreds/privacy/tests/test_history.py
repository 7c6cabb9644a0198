"""The citizen's change history page, people told they are on the map, and what the history
says of changes made through the API and of map versions."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from omkreds.access.history import record_change
from omkreds.lib.testing.smtp import smtp_server  # noqa: F401  (fixture)
from omkreds.networks import services as networks
from omkreds.networks.tests.helpers import contact, data
from omkreds.privacy.history import citizen_history
from omkreds.privacy.models import InformedRecord


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
