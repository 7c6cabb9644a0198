"""The network overview in a real browser: fill it in, upload a photo, see it as the
professional the citizen shares it with, withdraw the consent and see it gone."""

import pytest
from django.utils import timezone

from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import sign_in
from omkreds.networks.services import map_latest
from omkreds.networks.tests.overview.helpers import picture, save_people

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def test_fill_the_overview_upload_a_photo_share_and_withdraw(
    page, context, live_server, cast, tmp_path, browser_errors
):
    save_people(cast)
    sign_in(context, cast.worker, url=live_server.url)
    page.goto(f"/citizens/{cast.citizen.pk}/overview/")
    assert_accessible(page)

    # Fill in the job centre consultant's details.
    page.get_by_role("link", name="Edit Jens Job").click()
    page.fill("#id_phone_direct", "+45 99 88 77 66")
    page.fill("#id_email", "jens@jobcenter.example")
    page.fill("#id_help_text", "Praktikplads")
    page.check("#id_already_active")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"**/citizens/{cast.citizen.pk}/overview/")
    assert page.get_by_text("jens@jobcenter.example").is_visible()
    assert map_latest(citizen=cast.citizen).parsed().contact("jc").email == (
        "jens@jobcenter.example"
    )

    # A photo of him.
    photo_file = tmp_path / "jens.jpg"
    photo_file.write_bytes(picture(exif=True))
    page.get_by_role("link", name="Edit Jens Job").click()
    page.set_input_files("#id_photo", str(photo_file))
    page.get_by_role("button", name="Upload the photo").click()
    page.wait_for_selector("img[alt='Photo of Jens Job']")
    assert_accessible(page)
    assert map_latest(citizen=cast.citizen).parsed().contact("jc").photo

    # The professional sees it, read only, without the do-not-contact person.
    context.clear_cookies()
    sign_in(context, cast.professional, url=live_server.url)
    page.goto(f"/citizens/{cast.citizen.pk}/overview/")
    photo = page.locator("img[alt='Photo of Jens Job']")
    photo.wait_for()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", photo.element_handle())
    assert page.get_by_text("Secret Ex").count() == 0
    assert page.get_by_role("link", name="Edit Jens Job").count() == 0
    assert_accessible(page)

    # The citizen withdraws the consent: gone on the next request.
    cast.consent.withdrawn_at = timezone.now()
    cast.consent.withdrawn_by = cast.worker
    cast.consent.save()
    response = page.goto(f"/citizens/{cast.citizen.pk}/overview/")
    assert response.status == 404
    browser_errors.clear()  # the browser logs the expected 404
    assert page.get_by_text("Jens Job").count() == 0
