"""Refused look-ups of citizen ids leave a trace (issue 15, point 11): who, when, which id and
what they tried, and nothing of the citizen. Figure: refused look-ups logged (100 %).
"""

import uuid

import pytest

from omkreds.access.models import AccessLogEntry
from omkreds.lib.testing import trust
from omkreds.lib.testing.cast import CANARY

pytestmark = pytest.mark.django_db


def test_every_refused_look_up_is_recorded_without_data(login_as, cast):
    client = login_as(cast.worker)
    ids = [cast.outsider_citizen.pk, cast.colleague_citizen.pk, uuid.uuid4(), uuid.uuid4()]
    urls = [
        url
        for citizen_id in ids
        for url in (f"/citizens/{citizen_id}/", f"/api/v1/citizens/{citizen_id}")
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert CANARY not in response.content.decode()
    rows = AccessLogEntry.objects.filter(action="refused", user=cast.worker)
    logged = rows.count()
    trust.record(
        "refused-lookups",
        case="a worker asks for ids out of reach and ids that do not exist (pages and API)",
        refused_lookups=len(urls),
        refused_lookups_logged=logged,
        refused_lookups_logged_expected=len(urls),
    )
    assert logged == len(urls)
    assert {row.citizen_id for row in rows} == set(ids)
    assert {row.object_type for row in rows} == {"view_case"}
    assert {row.object_id for row in rows} == {""}
