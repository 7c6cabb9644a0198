"""Times from forms and the API are stored in UTC, whatever offset they came with."""

import datetime as dt

import pytest

from omkreds.meetings import services
from omkreds.meetings.errors import BadTime


def test_an_offset_postgresql_cannot_store_is_kept_as_the_same_moment_in_utc():
    far_east = dt.datetime(2027, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=16)))
    stored = services.aware_time(far_east, "followup_at")
    assert stored == far_east
    assert stored.utcoffset() == dt.timedelta(0)


def test_a_moment_beyond_the_calendar_is_refused_with_a_message():
    edge = dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-16)))
    with pytest.raises(BadTime) as caught:
        services.aware_time(edge, "followup_at")
    assert caught.value.messages == ["Enter a valid date and time."]
