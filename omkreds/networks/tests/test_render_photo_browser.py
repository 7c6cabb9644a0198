"""Photos in the live editor (Playwright, Debian chromium): drawn in the person's circle from
the authorised photo view, and the shape again when the picture cannot be loaded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from omkreds.lib.testing.browser import sign_in
from omkreds.networks.overview.photos import photo_store
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data
from omkreds.networks.tests.test_render_photo import picture

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


def test_the_editor_shows_photos_and_falls_back_to_the_shape(
    page, context, live_server, cast, browser_errors
):
    mor = photo_store(
        citizen=cast.citizen, upload=SimpleUploadedFile("m.jpg", picture()), user=cast.worker
    )
    gone = photo_store(
        citizen=cast.citizen, upload=SimpleUploadedFile("g.jpg", picture()), user=cast.worker
    )
    gone.file.storage.delete(gone.file.name)  # the row is there, the file is not
    map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data(
            [
                contact("mor", "Mor Hansen", closeness=0.3, angle=40, photo=mor.key),
                contact(
                    "bo", "Bo Berg", valence="positive", closeness=0.6, angle=300, photo=gone.key
                ),
            ]
        ),
        based_on=None,
    )
    sign_in(context, cast.worker, url=live_server.url)
    page.goto(f"/citizens/{cast.citizen.pk}/map/")
    page.wait_for_selector("svg.network-map.editing")

    photo = page.locator("g#contact-mor image.photo")
    photo.wait_for()
    assert photo.get_attribute("href") == f"/citizens/{cast.citizen.pk}/photos/{mor.key}/"
    assert photo.get_attribute("clip-path") == "url(#photo-clip-mor)"
    # The picture really arrived: the browser decodes it through the photo view.
    loaded = page.evaluate(
        """async (url) => { const r = await fetch(url); return [r.status, r.headers.get('content-type')]; }""",
        photo.get_attribute("href"),
    )
    assert loaded == [200, "image/jpeg"]

    # Bo's picture cannot be loaded: he is drawn with his shape and the centred sign.
    page.wait_for_function(
        "() => !document.querySelector('g#contact-bo image')"
        " && document.querySelector('g#contact-bo text.sign')"
    )
    assert page.locator("g#contact-bo circle.shape").count() == 1
    # That failed load (the editor tried it) is the deliberate part of this test.
    assert any(f"/photos/{gone.key}/" in e for e in browser_errors), browser_errors
    browser_errors[:] = [e for e in browser_errors if f"/photos/{gone.key}/" not in e]
