"""Builders for overview tests: a map with private people, professionals and a do-not-contact
person, and pictures made on the spot."""

import io

from PIL import Image

from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data


def people():
    return [
        contact("mor", "Mor Hansen", sector="family", closeness=0.2, already_active=True),
        contact(
            "gp",
            "Dr. Lund",
            sector="professionals",
            closeness=0.5,
            role="own_doctor",
            organisation="Lægehuset",
            phone_direct="+45 11 22 33 44",
            email="lund@example.org",
            address="Torvet 1\n8000 Aarhus",
            help_text="Medicin",
            support_kinds=["advice"],
            team_member=True,
        ),
        contact(
            "jc",
            "Jens Job",
            sector="professionals",
            closeness=0.7,
            role="job_centre_consultant",
        ),
        contact(
            "ex",
            "Secret Ex",
            sector="others",
            closeness=0.9,
            safety_marker=True,
            note="lives at the old address",
        ),
    ]


def save_people(cast, contacts=None):
    return map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data(people() if contacts is None else contacts),
        based_on=None,
    )


def picture(fmt="JPEG", size=(800, 600), *, exif=False, mode="RGB") -> bytes:
    image = Image.new(mode, size, (200, 80, 40) if mode == "RGB" else (200, 80, 40, 128))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "SecretCamera"  # Make
        tags[0x0131] = "GPS-Leak-Software"  # Software
        kwargs["exif"] = tags.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()
