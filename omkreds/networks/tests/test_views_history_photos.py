"""Photos on the version page and on the compare page, drawn as in the editor: through the
authorised photo view, never a safety-marked person's photo for a reader under a consent, never
another citizen's photo; an old version shows the photos it names while they are still stored.
The pages' query count does not grow with the number of photos."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from omkreds.access.models import AccessLogEntry
from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import sign_in
from omkreds.networks.overview.photos import photo_store
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data
from omkreds.networks.tests.test_render_photo import picture


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def store(cast, citizen=None, colour=(220, 20, 20)):
    return photo_store(
        citizen=citizen or cast.citizen,
        upload=SimpleUploadedFile("p.jpg", picture(colour)),
        user=cast.worker,
    )


def save(cast, people, based_on=None):
    return map_save(
        citizen=cast.citizen, author=cast.worker, document=data(people), based_on=based_on
    )


def photo_url(cast, key):
    return f"/citizens/{cast.citizen.pk}/photos/{key}/"


def images(page: str) -> list[str]:
    return re.findall(r'<image class="photo" href="([^"]+)"', page)


def version_page(client, cast, number):
    response = client.get(f"/citizens/{cast.citizen.pk}/map/versions/{number}/")
    assert response.status_code == 200
    return response.content.decode()


def compare_page(client, cast, a, b):
    response = client.get(f"/citizens/{cast.citizen.pk}/map/compare/?a={a}&b={b}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def history(cast):
    """Version 1: Mor, Ex (safety-marked) and Far have photos, Bo names another citizen's photo.
    Version 2: Mor moved closer, Far's photo was taken off the map (the file is still stored)."""
    photos = {
        "mor": store(cast),
        "ex": store(cast, colour=(20, 20, 220)),
        "far": store(cast, colour=(20, 220, 20)),
        "foreign": store(cast, citizen=cast.colleague_citizen),
    }
    ex = contact(
        "ex", "Secret Ex", sector="others", closeness=0.9, angle=150, safety_marker=True,
        photo=photos["ex"].key,
    )  # fmt: skip
    bo = contact("bo", "Bo Berg", closeness=0.6, angle=300, photo=photos["foreign"].key)
    save(
        cast,
        [
            contact("mor", "Mor Hansen", closeness=0.8, angle=40, photo=photos["mor"].key),
            contact("far", "Far Hansen", closeness=0.5, angle=80, photo=photos["far"].key),
            ex,
            bo,
        ],
    )
    save(
        cast,
        [
            contact("mor", "Mor Hansen", closeness=0.2, angle=40, photo=photos["mor"].key),
            contact("far", "Far Hansen", closeness=0.5, angle=80),
            ex,
            bo,
        ],
        based_on=1,
    )
    return photos


@pytest.mark.django_db
def test_the_worker_sees_the_photos_of_a_version_and_an_old_version(cast, login_as, history):
    client = login_as(cast.worker)
    mor, ex, far = (photo_url(cast, history[k].key) for k in ("mor", "ex", "far"))

    latest = images(version_page(client, cast, 2))
    assert sorted(latest) == sorted([mor, ex])  # the worker's own map shows every photo
    # Version 1 still names Far's photo, which is still stored: it is shown there.
    old = version_page(client, cast, 1)
    assert sorted(images(old)) == sorted([mor, ex, far])
    # Never another citizen's photo, even when a version names its key.
    assert history["foreign"].key not in old
    assert 'clip-path="url(#photo-clip-mor)"' in old

    # The addresses are the authorised photo view: the picture for the worker ...
    for url in (mor, ex, far):
        answer = client.get(url)
        assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
    # ... and nothing for a worker with no part in the case.
    outsider = login_as(cast.outsider)
    for url in (mor, ex, far):
        assert outsider.get(url).status_code == 404
    assert outsider.get(f"/citizens/{cast.citizen.pk}/map/versions/1/").status_code == 404


@pytest.mark.django_db
def test_the_compare_page_draws_the_newer_versions_photos_under_the_arrows(cast, login_as, history):
    client = login_as(cast.worker)
    page = compare_page(client, cast, 1, 2)
    mor, ex = photo_url(cast, history["mor"].key), photo_url(cast, history["ex"].key)
    assert sorted(images(page)) == sorted([mor, ex])  # version 2 is drawn: Far has none there
    assert 'clip-path="url(#cmp-photo-clip-mor)"' in page
    assert "movement-arrow" in page  # Mor moved closer: the overlay is still drawn
    assert "Mor Hansen moved closer." in page
    assert history["foreign"].key not in page

    # Compared the other way round, version 1 is drawn, with Far's photo.
    backwards = compare_page(client, cast, 2, 1)
    assert photo_url(cast, history["far"].key) in images(backwards)


@pytest.mark.django_db
def test_a_reader_under_a_consent_never_gets_the_safety_marked_persons_photo(
    cast, login_as, history
):
    client = login_as(cast.professional)
    mor, ex = photo_url(cast, history["mor"].key), photo_url(cast, history["ex"].key)
    for page in (
        version_page(client, cast, 2),
        version_page(client, cast, 1),
        compare_page(client, cast, 1, 2),
    ):
        assert mor in images(page)
        assert history["ex"].key not in page and "Secret Ex" not in page
        assert history["foreign"].key not in page
    assert client.get(mor).status_code == 200
    assert client.get(ex).status_code == 404


@pytest.mark.django_db
def test_someone_safety_marked_since_an_old_version_keeps_their_photo_from_consent_readers(
    cast, login_as
):
    mor, ex = store(cast), store(cast, colour=(20, 20, 220))
    save(
        cast,
        [
            contact("mor", "Mor Hansen", photo=mor.key),
            contact("ex", "Ex", angle=150, photo=ex.key),
        ],
    )
    save(
        cast,
        [
            contact("mor", "Mor Hansen", photo=mor.key),
            contact("ex", "Ex", angle=150, photo=ex.key, safety_marker=True),
        ],
        based_on=1,
    )
    reader = login_as(cast.professional)
    # Version 1 (Ex not yet marked then) leaves Ex out now, photo and all (issue 15).
    old = version_page(reader, cast, 1)
    assert "Mor Hansen" in old and images(old) == [photo_url(cast, mor.key)]
    assert ex.key not in compare_page(reader, cast, 2, 1)
    assert reader.get(photo_url(cast, ex.key)).status_code == 404
    # The worker sees Ex's photo on both versions.
    worker = login_as(cast.worker)
    assert photo_url(cast, ex.key) in images(version_page(worker, cast, 1))


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["worker", "professional"])
def test_the_query_count_does_not_grow_with_the_number_of_photos(
    cast, login_as, user, django_assert_max_num_queries
):
    counts, latest = [], None
    for size in (2, 20):
        keys = [store(cast).key for _ in range(size)]
        people = [
            contact(f"p{i}", f"Person {i}", closeness=0.2 + i / 40, angle=i * 17, photo=key)
            for i, key in enumerate(keys)
        ]
        first = save(cast, people, based_on=latest)
        moved = save(cast, [{**p, "closeness": 0.9} for p in people], based_on=first.number)
        second = save(cast, people, based_on=moved.number)  # `first` is not the latest
        latest = second.number
        client = login_as(getattr(cast, user))
        base = f"/citizens/{cast.citizen.pk}/map/"
        with django_assert_max_num_queries(25):
            page = client.get(f"{base}versions/{first.number}/").content.decode()
        assert len(images(page)) == size
        counts.append(
            (
                queries(client, f"{base}versions/{first.number}/"),
                queries(client, f"{base}versions/{second.number}/"),
                queries(client, f"{base}compare/?a={moved.number}&b={first.number}"),
                queries(client, f"{base}compare/?a={moved.number}&b={second.number}"),
            )
        )
    assert counts[0] == counts[1], counts


@pytest.mark.browser
def test_version_and_compare_pages_with_photos_are_accessible(
    page, context, live_server, cast, browser_errors
):
    # One picture per page: with two, the test database (SQLite in memory, shared between the
    # test and the live server's threads) sometimes answers the second of two simultaneous
    # requests with "table is locked", and the session save turns that into a 400.
    mor = store(cast)
    save(
        cast,
        [
            contact("mor", "Mor Hansen", closeness=0.9, angle=40, photo=mor.key),
            contact("bo", "Bo Berg", valence="negative", angle=200),
        ],
    )
    save(
        cast,
        [
            contact("mor", "Mor Hansen", closeness=0.2, angle=40, photo=mor.key),
            contact("bo", "Bo Berg", valence="negative", angle=200),
        ],
        based_on=1,
    )
    sign_in(context, cast.worker, url=live_server.url)
    for rest, prefix in (("versions/1/", ""), ("compare/?a=1&b=2", "cmp-")):
        page.goto(f"{live_server.url}/citizens/{cast.citizen.pk}/map/{rest}")
        photo = page.locator(f"g#{prefix}contact-mor image.photo")
        assert photo.get_attribute("href") == photo_url(cast, mor.key)
        # The browser really loads the pictures through the photo view (a failure would be
        # among browser_errors).
        page.wait_for_load_state("networkidle")
        loaded = page.evaluate(
            "async (url) => (await fetch(url)).status", photo.get_attribute("href")
        )
        assert loaded == 200
        assert page.locator("image.photo").count() == 1
        assert_accessible(page)
    assert page.locator("line.movement-arrow").count() == 1
    assert not browser_errors, browser_errors
    # Each picture the pages drew was asked of the photo view, which logged it.
    logged = set(AccessLogEntry.objects.filter(object_type="photo").values_list("object_id"))
    assert logged == {(mor.key,)}
