"""The first walk through Omkreds in a real browser: log in, change language, open a citizen.

Each page on the way is checked with axe-core.
"""

import pytest
from django.utils import translation

from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import log_in

pytestmark = pytest.mark.browser


def choose_language(page, code: str) -> None:
    switcher = page.locator("form.language-switcher")
    switcher.locator("select[name=language]").select_option(code)
    with page.expect_navigation():
        switcher.locator("button[type=submit]").click()


def test_log_in_change_language_and_open_a_citizen(page, cast):
    cast.worker.language = ""
    cast.worker.save(update_fields=["language"])
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Log in"
    assert_accessible(page)

    log_in(page, cast.worker)
    # The worker has no language of their own: the organisation's (Danish) is used.
    assert page.locator("html").get_attribute("lang") == "da"

    for code in ("en", "da", "sv"):
        choose_language(page, code)
        assert page.locator("html").get_attribute("lang") == code
        assert page.locator("#language-select").input_value() == code
        # The words as Django translates them (English until locale/ is compiled).
        with translation.override(code):
            main, home = translation.gettext("Main"), translation.gettext("Home")
        nav = page.get_by_role("navigation", name=main, exact=True)
        assert nav.get_by_role("link", name=home, exact=True).is_visible()
    assert_accessible(page)

    page.get_by_role("link", name=cast.citizen.name).click()
    page.wait_for_url(f"**/citizens/{cast.citizen.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == cast.citizen.name
    assert_accessible(page)
