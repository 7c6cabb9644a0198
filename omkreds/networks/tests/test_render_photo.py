"""Photos on the map: in a circle in the editor (through the authorised photo view) and inside
exported files (as thumbnails); never the photo of a safety-marked person in a copy for others;
the shape and sign when there is no photo to show."""

import io
import json
import re
import xml.etree.ElementTree as ET

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from omkreds.networks import map_photos
from omkreds.networks.overview.photos import photo_store
from omkreds.networks.render import RenderOptions, render_svg
from omkreds.networks.sectors import DK_SOCIALSTYRELSEN
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data, document

NS = {"svg": "http://www.w3.org/2000/svg"}
RED = (220, 20, 20)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def picture(colour=RED, size=(300, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG", quality=95)
    return out.getvalue()


def group(root, contact_id, prefix=""):
    return root.find(f".//svg:g[@id='{prefix}contact-{contact_id}']", NS)


# --- The renderer -----------------------------------------------------------------------------


def photo_document():
    return document(
        [
            contact("a", "Anna", valence="positive", photo="k1"),
            contact("b", "Bo", valence="neutral", photo="k2", angle=100),
            contact("n", "No Photo", valence="negative", angle=200),
        ]
    )


def test_a_photo_is_drawn_in_a_circle_and_the_sign_moves_to_a_badge():
    svg = render_svg(
        photo_document(),
        DK_SOCIALSTYRELSEN,
        "C",
        RenderOptions(photos={"k1": "/citizens/x/photos/k1/?a=1&b=2"}, id_prefix="v-"),
    )
    root = ET.fromstring(svg)
    anna = group(root, "a", "v-")
    image = anna.find("svg:image[@class='photo']", NS)
    assert image.get("href") == "/citizens/x/photos/k1/?a=1&b=2"
    assert image.get("clip-path") == "url(#v-photo-clip-a)"
    clip = anna.find("svg:clipPath[@id='v-photo-clip-a']/svg:circle", NS)
    assert float(clip.get("r")) < 14
    # Valence is still shown by the outline's colour and style and by the sign, on a badge.
    assert anna.find("*[@class='shape']", NS).get("stroke") == "#1a7f37"
    assert anna.find("svg:g[@class='sign-badge']/svg:text[@class='sign']", NS).text == "+"
    assert anna.find("svg:text[@class='sign']", NS) is None
    assert anna.find("svg:text[@class='name']", NS).text == "Anna"


def test_without_an_address_for_the_photo_the_shape_and_sign_are_drawn():
    svg = render_svg(photo_document(), DK_SOCIALSTYRELSEN, "C", RenderOptions(photos={"k1": "x"}))
    root = ET.fromstring(svg)
    for contact_id in ("b", "n"):
        assert group(root, contact_id).find("svg:image", NS) is None
        assert group(root, contact_id).find("*[@class='shape']", NS) is not None
    assert group(root, "n").find("svg:text[@class='sign']", NS).text == "−"
    # And with no photos given at all, the map is drawn as before photos existed.
    plain = render_svg(photo_document(), DK_SOCIALSTYRELSEN, "C")
    assert "<image" not in plain and "clipPath" not in plain


def test_others_never_get_the_photo_of_a_safety_marked_person():
    doc = document(
        [
            contact("ex", "Secret Ex", safety_marker=True, photo="shared-key"),
            contact("mor", "Mor", photo="shared-key", angle=90),
            contact("bo", "Bo", photo="bo-key", angle=180),
        ]
    )
    assert map_photos.allowed_keys(doc, shared=False) == {"shared-key", "bo-key"}
    # The same picture given to someone else does not leak it either.
    assert map_photos.allowed_keys(doc, shared=True) == {"bo-key"}


# --- Editor, photo view and exports -----------------------------------------------------------


def with_photos(cast):
    """Mor and the do-not-contact Ex have photos; Bo has a photo key whose file is gone."""
    mor = photo_store(
        citizen=cast.citizen, upload=SimpleUploadedFile("m.jpg", picture()), user=cast.worker
    )
    ex = photo_store(
        citizen=cast.citizen,
        upload=SimpleUploadedFile("e.jpg", picture((20, 20, 220))),
        user=cast.worker,
    )
    version = map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data(
            [
                contact("mor", "Mor Hansen", closeness=0.3, angle=40, photo=mor.key),
                contact(
                    "ex",
                    "Secret Ex",
                    sector="others",
                    closeness=0.9,
                    angle=150,
                    safety_marker=True,
                    photo=ex.key,
                ),
                contact("bo", "Bo Berg", closeness=0.6, angle=300, photo="missingphoto"),
            ]
        ),
        based_on=None,
    )
    return mor, ex, version


@pytest.mark.django_db
def test_the_editor_shows_photos_through_the_authorised_view(cast, login_as):
    mor, ex, _version = with_photos(cast)
    client = login_as(cast.worker)
    page = client.get(f"/citizens/{cast.citizen.pk}/map/").content.decode()
    mor_url = f"/citizens/{cast.citizen.pk}/photos/{mor.key}/"
    assert f'href="{mor_url}"' in page
    assert f"/photos/{ex.key}/" in page  # the worker's own map shows every photo
    assert "/photos/missingphoto/" not in page  # no stored photo: the shape instead
    config = json.loads(
        re.search(
            r'<script id="map-config" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    assert sorted(config["photoKeys"]) == sorted([mor.key, ex.key])
    assert config["photoUrl"].replace(config["photoPlaceholder"], mor.key) == mor_url
    picture_answer = client.get(mor_url)
    assert picture_answer.status_code == 200

    # Together with the citizen, sensitive things are hidden: no do-not-contact photo either.
    together = client.get(f"/citizens/{cast.citizen.pk}/map/together/").content.decode()
    assert f"/photos/{mor.key}/" in together and f"/photos/{ex.key}/" not in together


@pytest.mark.django_db
def test_readers_under_a_consent_never_see_the_safety_marked_persons_photo(cast, login_as):
    mor, ex, _version = with_photos(cast)
    client = login_as(cast.professional)
    page = client.get(f"/citizens/{cast.citizen.pk}/map/").content.decode()
    assert f"/photos/{mor.key}/" in page
    assert ex.key not in page
    svg = client.get(f"/citizens/{cast.citizen.pk}/map/export/svg/").content.decode()
    assert "Secret Ex" not in svg and svg.count("<image") == 1


def pixel(png: bytes, x: float, y: float) -> tuple[int, int, int]:
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB").getpixel((round(x), round(y)))


@pytest.mark.django_db
def test_png_and_svg_exports_carry_small_thumbnails_inside_the_file(cast, login_as):
    from omkreds.networks.geometry import Frame

    _mor, _ex, _version = with_photos(cast)
    client = login_as(cast.worker)
    svg = client.get(f"/citizens/{cast.citizen.pk}/map/export/svg/").content.decode()
    hrefs = re.findall(r'<image class="photo" href="([^"]+)"', svg)
    assert len(hrefs) == 2 and all(h.startswith("data:image/jpeg;base64,") for h in hrefs)
    assert all(len(h) < 12_000 for h in hrefs)  # a thumbnail, not the stored 512 px photo
    assert "/photos/" not in svg  # a file does not depend on a signed-in session

    png = client.get(f"/citizens/{cast.citizen.pk}/map/export/png/").content
    x, y = Frame().to_xy(0.3, 40)
    red, green, blue = pixel(png, 2 * x, 2 * y)  # the PNG is drawn at twice the SVG's size
    assert red > 180 and green < 80 and blue < 80, (red, green, blue)
    # Bo's photo file is missing: his shape is drawn (white inside), not a broken picture.
    x, y = Frame().to_xy(0.6, 300)
    assert pixel(png, 2 * x, 2 * y) == (255, 255, 255)


def images_in(pdf: bytes) -> int:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return sum(len(page.images) for page in reader.pages)


@pytest.mark.django_db
def test_the_printed_map_embeds_photos_but_never_the_safety_marked_persons(cast, login_as):
    _mor, _ex, _version = with_photos(cast)
    client = login_as(cast.worker)
    pdf = client.get(f"/citizens/{cast.citizen.pk}/map/export/pdf-a4/").content
    assert pdf.startswith(b"%PDF")
    assert images_in(pdf) == 1  # Mor's; never Ex's, whose person is not printed at all

    # Only the do-not-contact person has a photo: the printed map has no picture.
    map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data(
            [
                contact("mor", "Mor Hansen", closeness=0.3, angle=40),
                contact("ex", "Secret Ex", safety_marker=True, photo=_ex.key),
            ]
        ),
        based_on=_version.number,
    )
    pdf = client.get(f"/citizens/{cast.citizen.pk}/map/export/pdf-a4/").content
    assert images_in(pdf) == 0
