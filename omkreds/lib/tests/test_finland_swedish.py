"""Finland-Swedish (sv-FI, issue 18): Finnish dates and numbers, Finland's words, else Swedish."""

import datetime as dt

import pytest
from django.utils import formats, translation
from django.utils.translation import get_language_info, gettext, pgettext

DAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("language", "short_date", "number"),
    [
        ("sv-fi", "7.12.2026", "1\xa0234,5"),
        ("sv", "2026-12-07", "1\xa0234,5"),
        ("fi", "7.12.2026", "1\xa0234,5"),
        ("da", "07.12.2026", "1.234,5"),
    ],
)
def test_dates_and_numbers_follow_the_language(language, short_date, number):
    with translation.override(language):
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == short_date
        assert formats.number_format(1234.5, decimal_pos=1, use_l10n=True, force_grouping=True) == (
            number
        )


def test_finland_swedish_long_dates_are_swedish_words_in_finnish_order():
    with translation.override("sv-fi"):
        assert formats.date_format(DAY) == "7 december 2026"
        assert formats.date_format(dt.datetime(2026, 12, 7, 9, 5), "DATETIME_FORMAT") == (
            "7 december 2026 kl. 9.05"
        )


def test_finland_swedish_words_where_finland_differs_and_swedish_elsewhere():
    roles = [
        ("case worker (children and youth)", "Socialarbetare (barn och unga)"),
        ("financial case worker (benefits)", "Handläggare vid FPA (utkomststöd)"),
        ("job centre consultant", "Handläggare vid TE-byrån"),
    ]
    for english, finland_swedish in roles:
        with translation.override("sv-fi"):
            assert pgettext("overview role", english) == finland_swedish
        with translation.override("sv"):
            assert pgettext("overview role", english) != finland_swedish
    with translation.override("sv-fi"):
        # Not in the variant catalogue: Swedish, not English.
        assert gettext("Log out") == "Logga ut"
        assert pgettext("overview role", "family/relatives") == "Familj/närstående"


def test_the_switcher_names_finland_swedish():
    assert get_language_info("sv-fi")["name_local"] == "svenska (Finland)"


@pytest.mark.django_db
def test_a_user_can_choose_finland_swedish(login_as, cast):
    client = login_as(cast.worker)
    response = client.post("/accounts/profile/", {"full_name": "Wanda Worker", "language": "sv-fi"})
    assert response.status_code == 302
    cast.worker.refresh_from_db()
    assert cast.worker.language == "sv-fi"
    page = client.get("/accounts/profile/").content.decode()
    assert '<html lang="sv-fi">' in page and "Logga ut" in page
    assert '<option value="sv-fi" lang="sv-fi" selected>Svenska (Finland)</option>' in page
