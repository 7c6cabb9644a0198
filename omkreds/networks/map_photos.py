"""Which photos a drawn map may show, and where the renderer finds them.

The overview stores photos of people on the map (overview/photos.py) and serves them only
through the authorised photo view. The map shows them in the person's circle:

- in the editor and on the pages, as links to that view (`photo_urls`): the browser asks the
  view, which checks access and writes the access log for each picture;
- in files (SVG, PNG and PDF exports), as small thumbnails inside the file (`photo_data_uris`),
  because a file must not depend on a signed-in session.

A copy for others (shared, printed) never shows the photo of a safety-marked person, not even
when someone else on the map were given the same photo: `allowed_keys` is computed from the
whole document, before safety-marked people are left out.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Collection, Iterable

from django.urls import reverse
from PIL import Image, UnidentifiedImageError

from omkreds.lib import images
from omkreds.networks.models_overview import ContactPhoto
from omkreds.networks.overview.photos import photo_bytes
from omkreds.networks.schema import MapDocument

# Pixels a side of an embedded thumbnail: the circle is 28 SVG units, drawn at most 4× on paper.
THUMBNAIL_SIDE = 112
# The editor's address for a photo, with this in place of the key (see editor.js).
KEY_PLACEHOLDER = "__key__"


def allowed_keys(
    document: MapDocument, *, shared: bool, withheld: Collection[str] = ()
) -> set[str]:
    """Photo keys of the people this copy shows; for others, none a safety-marked person has
    (nor anyone in `withheld`, the people left out of every version: `present.MapCopy`)."""
    keys = {c.photo for c in document.contacts if c.photo}
    if shared:
        keys -= {
            c.photo for c in document.contacts if c.photo and (c.safety_marker or c.id in withheld)
        }
    return keys


def photo_url_template(citizen) -> str:
    return reverse("overview:photo", args=[citizen.pk, KEY_PLACEHOLDER])


def photo_urls(*, citizen, keys: Iterable[str]) -> dict[str, str]:
    """Key -> address of the authorised photo view, for the photos the citizen has (one query)."""
    wanted = set(keys)
    if not wanted:
        return {}
    template = photo_url_template(citizen)
    found = ContactPhoto.objects.filter(citizen=citizen, key__in=wanted).values_list(
        "key", flat=True
    )
    return {key: template.replace(KEY_PLACEHOLDER, key) for key in found}


def thumbnail(content: bytes, *, side: int = THUMBNAIL_SIDE) -> tuple[bytes, str] | None:
    """A small square-ish JPEG (PNG when transparent) of a stored photo; None if unreadable."""
    try:
        images.check(content, draft=(side, side))
        with Image.open(io.BytesIO(content)) as image:
            image.draft("RGB", (side, side))
            has_alpha = image.mode in ("RGBA", "LA", "P")
            image = image.convert("RGBA" if has_alpha else "RGB")
            image.thumbnail((side, side))
            out = io.BytesIO()
            if has_alpha:
                image.save(out, format="PNG", optimize=True)
                return out.getvalue(), "image/png"
            image.save(out, format="JPEG", quality=80)
            return out.getvalue(), "image/jpeg"
    except (UnidentifiedImageError, OSError, ValueError, images.NotAnImage, images.ImageTooCostly):
        return None


def photo_data_uris(*, citizen, keys: Iterable[str]) -> dict[str, str]:
    """Key -> `data:` URI of a thumbnail, for photos the citizen has and that can be read."""
    wanted = set(keys)
    if not wanted:
        return {}
    uris = {}
    for photo in ContactPhoto.objects.filter(citizen=citizen, key__in=wanted):
        try:
            made = thumbnail(photo_bytes(photo))
        except OSError:
            made = None
        if made is None:
            continue  # the shape is drawn instead
        content, content_type = made
        uris[photo.key] = f"data:{content_type};base64," + base64.b64encode(content).decode("ascii")
    return uris
