import datetime as dt
import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from omkreds.access.models import AccessLogEntry
from omkreds.networks.models import MapVersion
from omkreds.networks.models_overview import ContactPhoto
from omkreds.networks.overview.photos import PhotoRejected, photo_store
from omkreds.networks.overview.services import photos_prune
from omkreds.networks.services import map_latest, map_save
from omkreds.networks.tests.helpers import data
from omkreds.networks.tests.overview.helpers import people, picture, save_people


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` × `height` pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _store(cast, raw: bytes, name="photo.jpg"):
    return photo_store(citizen=cast.citizen, upload=SimpleUploadedFile(name, raw), user=cast.worker)


def test_a_photo_is_re_encoded_resized_and_stripped_of_metadata(cast):
    raw = picture("JPEG", (2000, 1000), exif=True)
    assert b"SecretCamera" in raw

    photo = _store(cast, raw)

    stored = photo.file.open("rb").read()
    assert b"SecretCamera" not in stored and b"GPS-Leak" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 512
        assert not image.getexif()
    assert photo.file.name.endswith(f"{photo.key}.jpg")
    assert (photo.width, photo.height) == (512, 256)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(cast, fmt):
    photo = _store(cast, picture(fmt, (100, 80)), name=f"x.{fmt.lower()}")
    assert photo.content_type == "image/jpeg"
    assert (photo.width, photo.height) == (100, 80)


def test_transparency_is_kept_as_png(cast):
    photo = _store(cast, picture("PNG", (50, 50), mode="RGBA"))
    assert photo.content_type == "image/png"


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF", "not a photo"),
        (_png_claiming(20_000, 20_000), "too many pixels"),
        (picture("JPEG", (300, 300))[:400], "not a photo"),
        (picture("GIF", (10, 10)), "not a photo"),
        (b"", "empty"),
    ],
    ids=["pdf-renamed", "20000x20000", "truncated", "gif", "empty"],
)
def test_fakes_bombs_and_broken_files_are_refused(cast, raw, message):
    with pytest.raises(PhotoRejected) as refused:
        _store(cast, raw)
    assert message in refused.value.message
    assert not ContactPhoto.objects.exists()


def test_a_zip_bomb_named_png_is_refused(cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.bin", b"\x00" * 20_000_000)
    with pytest.raises(PhotoRejected):
        _store(cast, buffer.getvalue(), name="innocent.png")
    assert not ContactPhoto.objects.exists()


def test_a_file_over_5_mb_is_refused(cast):
    with pytest.raises(PhotoRejected) as refused:
        _store(cast, b"\xff\xd8" + b"0" * (5 * 1024 * 1024))
    assert "5 MB" in refused.value.message


def test_photos_no_version_refers_to_are_pruned(cast, private_storage):
    save_people(cast)
    kept = _store(cast, picture())
    latest = map_latest(citizen=cast.citizen)
    document = latest.document
    document["contacts"][1]["photo"] = kept.key
    map_save(citizen=cast.citizen, author=cast.worker, document=document, based_on=latest.number)
    orphan = _store(cast, picture())
    fresh = _store(cast, picture())
    old = timezone.now() - dt.timedelta(days=2)
    ContactPhoto.objects.filter(pk__in=[kept.pk, orphan.pk]).update(created_at=old)
    orphan_path = private_storage / orphan.file.name

    assert orphan_path.exists()
    assert photos_prune(citizen=cast.citizen) == 1

    assert set(ContactPhoto.objects.values_list("key", flat=True)) == {kept.key, fresh.key}
    assert not orphan_path.exists()
    # Still named by an older version after the person's photo is removed: kept for history.
    latest = map_latest(citizen=cast.citizen)
    document = latest.document
    document["contacts"][1]["photo"] = None
    map_save(citizen=cast.citizen, author=cast.worker, document=document, based_on=latest.number)
    assert photos_prune(citizen=cast.citizen) == 0
    # Once no version names it any more (history pruned), it goes.
    MapVersion.objects.filter(map__citizen=cast.citizen).exclude(
        number=map_latest(citizen=cast.citizen).number
    ).delete()
    assert photos_prune(citizen=cast.citizen, now=timezone.now() + dt.timedelta(days=2)) == 2


def _with_photo(cast, contact_id="gp"):
    photo = _store(cast, picture())
    contacts = people()
    for c in contacts:
        if c["id"] == contact_id:
            c["photo"] = photo.key
    map_save(citizen=cast.citizen, author=cast.worker, document=data(contacts), based_on=None)
    return photo


def test_upload_through_the_edit_page_saves_a_new_version(cast, login_as):
    version = save_people(cast)
    client = login_as(cast.worker)
    response = client.post(
        f"/citizens/{cast.citizen.pk}/overview/people/gp/photo/",
        {"based_on": version.number, "photo": SimpleUploadedFile("me.jpg", picture(exif=True))},
    )
    assert response.status_code == 302
    latest = map_latest(citizen=cast.citizen)
    assert latest.number == version.number + 1
    key = latest.parsed().contact("gp").photo
    assert ContactPhoto.objects.get(key=key).citizen == cast.citizen


def test_a_fake_photo_gets_a_message_and_changes_nothing(cast, login_as):
    version = save_people(cast)
    client = login_as(cast.worker)
    response = client.post(
        f"/citizens/{cast.citizen.pk}/overview/people/gp/photo/",
        {"based_on": version.number, "photo": SimpleUploadedFile("cat.jpg", b"%PDF-1.4 fake")},
    )
    assert response.status_code == 400
    assert "not a photo we can use" in response.content.decode()
    assert map_latest(citizen=cast.citizen).number == version.number
    assert not ContactPhoto.objects.exists()


def test_the_photo_is_served_only_through_the_policy_and_logged(cast, client, login_as):
    photo = _with_photo(cast)
    url = f"/citizens/{cast.citizen.pk}/photos/{photo.key}/"

    login_as(cast.professional)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    b"".join(response.streaming_content)
    entry = AccessLogEntry.objects.filter(user=cast.professional).latest("at")
    assert (entry.object_type, entry.object_id) == ("photo", photo.key)

    for user in (cast.professional_withdrawn, cast.professional_expired, cast.outsider):
        login_as(user)
        assert client.get(url).status_code == 404


def test_a_do_not_contact_persons_photo_is_not_shared(cast, client, login_as):
    photo = _with_photo(cast, "ex")
    url = f"/citizens/{cast.citizen.pk}/photos/{photo.key}/"
    login_as(cast.worker)
    assert client.get(url).status_code == 200
    login_as(cast.professional)
    assert client.get(url).status_code == 404


def test_prune_photos_command_deletes_unreferenced_photos_of_every_citizen(cast, private_storage):
    save_people(cast)
    orphan = _store(cast, picture())
    ContactPhoto.objects.filter(pk=orphan.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2)
    )
    path = private_storage / orphan.file.name
    out = io.StringIO()
    call_command("prune_photos", stdout=out)
    assert "Photos deleted: 1." in out.getvalue()
    assert not ContactPhoto.objects.filter(pk=orphan.pk).exists()
    assert not path.exists()


def test_deleting_the_case_deletes_the_photo_files(cast, private_storage):
    save_people(cast)
    photo = _store(cast, picture())
    path = private_storage / photo.file.name
    assert path.exists()
    cast.citizen.delete()
    assert not ContactPhoto.objects.filter(pk=photo.pk).exists()
    assert not path.exists()
