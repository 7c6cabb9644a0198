"""Someone safety-marked in the latest version is gone for everyone outside the case team, from
every version, note, comparison, figure and export, past and future (issue 15, point 1).

Thomas is on the map, unmarked, in versions 1 and 2 (with a phone, an e-mail, a photo, a line
to Anna and notes that name him), marked in version 3, and version 4 comes after. A consented
professional reads every path for every version and never meets him; the case worker does.
"""

import io

import pypdf
import pytest

from omkreds.networks.models import NetworkMap
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data, tie

pytestmark = pytest.mark.django_db

THOMAS = "Thomas Eksmand"
PHONE = "+45 11 22 33 44"
EMAIL = "thomas@eksmand.example"
SECRETS = (THOMAS, "Thomas", PHONE, EMAIL)
VERSIONS = (1, 2, 3, 4)
EXPORTS = ("json", "graphml", "contacts-csv", "ties-csv", "svg", "pdf-a4")


def thomas(**extra):
    details = {"closeness": 0.3, "angle": 200, "phone_direct": PHONE, "email": EMAIL}
    return contact("thomas", THOMAS, **(details | extra))


def history(cast):
    """Four versions: Thomas unmarked (1, 2), marked (3), and a version after (4)."""
    anna, bo = contact("anna", "Anna Andersen"), contact("bo", "Bo Berg", angle=90)
    steps = [
        ([anna, thomas()], [], "Thomas (eksmand) blev tilføjet."),
        ([anna, bo, thomas(closeness=0.1)], [tie("anna", "thomas")], "Thomas moved closer."),
        ([anna, bo, thomas(safety_marker=True)], [tie("anna", "thomas")], "Marked Thomas."),
        ([anna, contact("bo", "Bo Berg", angle=90, closeness=0.1)], [], "Thomas was removed."),
    ]
    for number, (people, ties, note) in enumerate(steps, start=1):
        map_save(
            citizen=cast.citizen,
            author=cast.worker,
            document=data(people, ties),
            based_on=number - 1 or None,
            note=note,
        )


def page(citizen, rest=""):
    return f"/citizens/{citizen.pk}/map/{rest}"


def api(citizen, rest=""):
    return f"/api/v1/citizens/{citizen.pk}/{rest}"


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    if response["Content-Type"].startswith("application/pdf"):
        reader = pypdf.PdfReader(io.BytesIO(response.content))
        return "".join(p.extract_text() for p in reader.pages)
    return response.content.decode()


def paths_of_version(citizen, number: int) -> list[str]:
    before = max(number - 1, 1)
    return [
        api(citizen, f"map/versions/{number}"),
        page(citizen, f"versions/{number}/"),
        api(citizen, f"map/compare?a={before}&b={number}"),
        page(citizen, f"compare/?a={before}&b={number}"),
        api(citizen, f"map/figures?version={number}"),
        *[api(citizen, f"map/export/{fmt}?version={number}") for fmt in EXPORTS],
        *[page(citizen, f"export/{fmt}/?version={number}") for fmt in EXPORTS],
    ]


def paths_of_the_map(citizen) -> list[str]:
    return [
        api(citizen, "map"),
        api(citizen, "map/versions"),
        api(citizen, "overview"),
        page(citizen),
        page(citizen, "history/"),
        page(citizen, "figures/"),
    ]


def test_the_latest_version_decides_who_is_withheld(cast):
    history(cast)
    # Removed while marked (version 4): still withheld, from versions 1 to 3 too.
    assert NetworkMap.objects.get(citizen=cast.citizen).withheld == ["thomas"]


def test_a_consented_professional_never_meets_a_withheld_person(cast, login_as):
    history(cast)
    client = login_as(cast.professional)
    for number in VERSIONS:
        for path in paths_of_version(cast.citizen, number):
            body = text_of(client.get(path))
            assert [s for s in SECRETS if s in body] == [], path
            # Not an empty answer: the people still on the shared copy are there.
            if "compare" not in path and "ties-csv" not in path:
                assert "Anna Andersen" in body, path
    for path in paths_of_the_map(cast.citizen):
        body = text_of(client.get(path))
        assert [s for s in SECRETS if s in body] == [], path


def test_version_notes_outside_the_case_team_say_what_changed_without_names(cast, login_as):
    history(cast)
    versions = login_as(cast.professional).get(api(cast.citizen, "map/versions")).json()
    notes = {v["number"]: v["note"] for v in versions["versions"]}
    # Counted on the professional's own copy: Thomas's arrival, move and line are not there.
    assert notes == {
        1: "people added: 1",
        2: "people added: 1",
        3: "",
        4: "moved closer: 1",
    }
    history_page = text_of(login_as(cast.professional).get(page(cast.citizen, "history/")))
    assert "people added: 1" in history_page and "tilføjet" not in history_page


def test_the_case_worker_still_sees_every_version_whole(cast, login_as):
    history(cast)
    client = login_as(cast.worker)
    for number in (1, 2):
        body = text_of(client.get(api(cast.citizen, f"map/versions/{number}")))
        assert THOMAS in body and PHONE in body and EMAIL in body
        assert THOMAS in text_of(client.get(page(cast.citizen, f"versions/{number}/")))
        assert THOMAS in text_of(
            client.get(api(cast.citizen, f"map/export/contacts-csv?version={number}"))
        )
    # Version 3 draws him for the case team, with his marker; paper never does.
    assert THOMAS in text_of(client.get(page(cast.citizen, "versions/3/")))
    assert "Thomas" not in text_of(client.get(api(cast.citizen, "map/export/pdf-a4?version=2")))
    notes = [v["note"] for v in client.get(api(cast.citizen, "map/versions")).json()["versions"]]
    assert notes == [
        "Thomas was removed.",
        "Marked Thomas.",
        "Thomas moved closer.",
        "Thomas (eksmand) blev tilføjet.",
    ]


def test_clearing_the_marker_in_the_latest_version_shows_the_person_again(cast, login_as):
    history(cast)
    map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data([contact("anna", "Anna Andersen"), thomas()]),
        based_on=4,
    )
    assert NetworkMap.objects.get(citizen=cast.citizen).withheld == []
    client = login_as(cast.professional)
    for number in (1, 2, 5):
        assert THOMAS in text_of(client.get(api(cast.citizen, f"map/versions/{number}")))
    # A version that marked him stays without him.
    assert THOMAS not in text_of(client.get(api(cast.citizen, "map/versions/3")))
