"""Showing an edit form is logged as a view; only writes are changes (issue 15, point 4).

The authorization matrix checks it for every GET route and role (figure "GET requests logged as
changes" in the trust report); this test follows one case from the citizen's side.
"""

import pytest

from omkreds.access.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_opening_edit_forms_is_logged_as_viewing(login_as, cast):
    client = login_as(cast.worker)
    citizen = cast.citizen.pk
    for url in (f"/citizens/{citizen}/edit/", f"/citizens/{citizen}/close/"):
        before = AccessLogEntry.objects.count()
        assert client.get(url).status_code == 200, url
        actions = set(
            AccessLogEntry.objects.order_by("pk")[before:].values_list("action", flat=True)
        )
        assert actions == {"view_case"}, (url, actions)
    page = client.get(f"/citizens/{citizen}/access-log/").content.decode()
    assert "case viewed" in page
    assert "case changed" not in page


def test_saving_the_form_is_logged_as_a_change(login_as, cast):
    client = login_as(cast.worker)
    client.post(f"/citizens/{cast.citizen.pk}/edit/", {})
    assert AccessLogEntry.objects.filter(action="edit_case", user=cast.worker).exists()
