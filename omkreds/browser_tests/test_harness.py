"""The browser-test harness itself: axe reports, error collection, the two ways to log in."""

import pytest

from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import log_in, sign_in

pytestmark = pytest.mark.browser

BROKEN = """<!doctype html><html lang="en"><head><title>Broken</title></head><body>
<main><h1>Broken</h1><img src="data:," id="photo"><input type="text" id="who"></main></body></html>"""

FINE = """<!doctype html><html lang="en"><head><title>Fine</title></head><body>
<main><h1>Fine</h1><img src="data:," alt="A photo"><label for="who">Name</label>
<input type="text" id="who"></main></body></html>"""


@pytest.fixture
def blank_page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_axe_names_each_broken_rule_its_elements_and_where_to_read(blank_page):
    blank_page.set_content(BROKEN)
    with pytest.raises(AssertionError) as failure:
        assert_accessible(blank_page)
    message = str(failure.value)
    assert "2 WCAG A/AA rule(s) broken by 2 element(s)" in message
    assert "- image-alt (critical): Images must have alternative text" in message
    assert "at #photo" in message
    assert "- label (critical)" in message
    assert "at #who" in message
    assert "https://dequeuniversity.com/rules/axe/" in message


def test_axe_passes_a_fine_page_and_can_leave_out_a_rule(blank_page):
    blank_page.set_content(FINE)
    assert_accessible(blank_page)
    blank_page.set_content(BROKEN)
    assert_accessible(blank_page, disable_rules=["image-alt", "label"])


def test_script_errors_and_blocked_inline_scripts_are_collected(page, browser_errors):
    page.goto("/accounts/login/")
    page.evaluate("() => setTimeout(() => { throw new Error('boom'); })")
    # The content security policy refuses a script without the page's nonce.
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "document.title = 'changed';";
          document.head.append(script);
        }"""
    )
    page.wait_for_timeout(50)
    assert any("boom" in error for error in browser_errors)
    assert any("Content Security Policy" in error for error in browser_errors)
    assert page.title() != "changed"
    browser_errors.clear()


def test_log_in_twice_within_one_time_step(page, cast):
    cast.worker.language = "en"
    cast.worker.save(update_fields=["language"])
    log_in(page, cast.worker)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")
    # The code just used is refused a second time; the helper uses the next one.
    log_in(page, cast.worker)
    assert page.url.endswith("/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")


def test_sign_in_gives_a_verified_session(page, context, live_server, cast):
    sign_in(context, cast.worker, url=live_server.url)
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
