"""The council's follow-up meeting: every proposal with its status and note, each status change
in the change history, and people the plan names as resources, typed in by hand, drawn onto the
map in the same new version as the other follow-up changes."""

import pytest
from django.utils import translation

from omkreds.access.models import ChangeRecord
from omkreds.councils import services as sc
from omkreds.councils import services_followup as sc_followup
from omkreds.councils import services_plan as sc_plan
from omkreds.councils import services_room as sc_room
from omkreds.councils.errors import InvalidChoice
from omkreds.councils.models import Proposal
from omkreds.councils.tests.setup_councils import QUESTIONS, draw_map
from omkreds.lib.testing.cast import login
from omkreds.networks.services import map_document, map_latest


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _presented(cast):
    """Anna picked from the map, Cille typed in by hand; three resources and one wish."""
    draw_map(cast)
    council = sc.council_create(citizen=cast.citizen, by=cast.worker, questions=QUESTIONS)
    sc.coordinator_assign(council=council, by=cast.worker, coordinator=cast.coordinator)
    anna = sc.council_invitee_add(
        council=council, by=cast.worker, contact_id="c-anna", email="anna@example.dk"
    )
    cille = sc.council_invitee_add(
        council=council, by=cast.worker, name="Cille Kusine", relation="kusine", phone="+45 1"
    )
    for _ in range(2):
        sc.step_advance(council=council, by=cast.coordinator)
    proposals = {
        "anna": sc_room.proposal_add(
            council=council, kind="resources", what="Handler ind", who_invitee=anna
        ),
        "cille": sc_room.proposal_add(
            council=council, kind="resources", what="Går tur om søndagen", who_invitee=cille
        ),
        "karen": sc_room.proposal_add(
            council=council, kind="resources", what="Passer katten", who="Karen Nabo"
        ),
        "wish": sc_room.proposal_add(council=council, kind="wishes", what="Et job", who="Ida"),
    }
    sc.step_advance(council=council, by=cast.coordinator)
    sc_plan.plan_present(council=council, by=cast.coordinator, presented_by="Anna")
    return council, anna, cille, proposals


def test_hand_typed_resources_join_the_map_in_the_same_new_version(cast):
    council, anna, cille, p = _presented(cast)
    before = map_latest(citizen=cast.citizen).number

    version = sc_followup.council_followup(
        council=council,
        by=cast.worker,
        statuses={p["anna"].pk: ("done", ""), p["cille"].pk: ("under_way", "Hver anden uge")},
        activate=[p["anna"].pk],
        new_contacts={p["cille"].pk: "relatives", p["karen"].pk: "others"},
    )

    assert version.number == before + 1
    assert map_latest(citizen=cast.citizen).number == before + 1
    contacts = {c.name: c for c in map_document(citizen=cast.citizen).contacts}
    assert contacts["Anna Mor"].already_active
    cille_on_map = contacts["Cille Kusine"]
    assert cille_on_map.sector == "relatives"
    assert cille_on_map.closeness == sc_followup.NEW_CONTACT_CLOSENESS
    assert cille_on_map.relation == "kusine"
    assert cille_on_map.already_active and cille_on_map.help_text == "Går tur om søndagen"
    # Drawn inside the chosen sector's wedge (the second of five: 72°–144°).
    assert 72 <= cille_on_map.angle < 144
    assert contacts["Karen Nabo"].sector == "others"
    # The typed-in invitee is now the person on the map.
    cille.refresh_from_db()
    assert cille.contact_id == cille_on_map.id


def test_a_wrong_sector_or_a_proposal_not_typed_in_changes_nothing(cast):
    council, anna, cille, p = _presented(cast)
    before = map_latest(citizen=cast.citizen).number
    for new_contacts in (
        {p["cille"].pk: "nowhere"},
        {p["anna"].pk: "family"},  # already on the map
        {p["wish"].pk: "family"},  # not a resource
        {"x": "family"},
    ):
        with pytest.raises(InvalidChoice):
            sc_followup.council_followup(
                council=council,
                by=cast.worker,
                statuses={p["cille"].pk: ("done", "")},
                new_contacts=new_contacts,
            )
    assert map_latest(citizen=cast.citizen).number == before
    assert not Proposal.objects.filter(council=council).exclude(status="").exists()
    cille.refresh_from_db()
    assert cille.contact_id == ""


def test_each_status_change_is_in_the_change_history(cast):
    council, _anna, _cille, p = _presented(cast)
    sc_followup.council_followup(
        council=council,
        by=cast.worker,
        statuses={
            p["karen"].pk: ("dropped", "Karen er flyttet"),
            p["wish"].pk: ("not_started", ""),
        },
    )
    rows = {
        r.object_id: r.summary
        for r in ChangeRecord.objects.filter(
            citizen=cast.citizen, kind="council_followup", user=cast.worker
        ).exclude(object_id=str(council.pk))
    }
    # The organisation's language (Danish) in the history, like the rest of the council's texts.
    with translation.override(cast.citizen.organisation.default_language):
        dropped = str(dict(Proposal._meta.get_field("status").choices)["dropped"])
    assert rows == {
        str(p["karen"].pk): f"Passer katten: {dropped} (Karen er flyttet)",
        str(p["wish"].pk): rows[str(p["wish"].pk)],
    }
    assert rows[str(p["wish"].pk)].startswith("Et job: ")
    # Saving the same statuses again adds no new history rows.
    count = ChangeRecord.objects.filter(kind="council_followup").count()
    sc_followup.council_followup(
        council=council,
        by=cast.worker,
        statuses={
            p["karen"].pk: ("dropped", "Karen er flyttet"),
            p["wish"].pk: ("not_started", ""),
        },
    )
    assert ChangeRecord.objects.filter(kind="council_followup").count() == count + 1


def test_followup_page_lists_every_proposal_and_adds_a_typed_in_person(cast, client):
    council, _anna, cille, p = _presented(cast)
    sc_followup.council_followup(
        council=council, by=cast.worker, statuses={p["wish"].pk: ("under_way", "Søger job")}
    )
    login(client, cast.worker)
    url = f"/councils/{council.pk}/followup/"
    page = client.get(url).content.decode()
    for proposal in p.values():
        assert f'id="status-{proposal.pk}"' in page
    wish_row = page.split(f'id="status-{p["wish"].pk}"')[1].split("</tr>")[0]
    assert "under way" in wish_row and "Søger job" in wish_row
    karen_row = page.split(f'id="status-{p["karen"].pk}"')[1].split("</tr>")[0]
    assert "not reviewed yet" in karen_row
    # Only people typed in by hand get the choice of a sector; Anna is on the map already.
    assert f'name="add_{p["cille"].pk}"' in page and f'name="add_{p["karen"].pk}"' in page
    assert f'name="add_{p["anna"].pk}"' not in page
    assert f'name="add_{p["wish"].pk}"' not in page
    assert "Add Cille Kusine to the network map" in page
    before = map_latest(citizen=cast.citizen).number

    response = client.post(
        url,
        {
            f"status_{p['cille'].pk}": "done",
            f"note_{p['cille'].pk}": "Hver søndag",
            f"add_{p['cille'].pk}": "relatives",
            f"status_{p['wish'].pk}": "under_way",
            f"note_{p['wish'].pk}": "Søger job",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert f"The network map is updated (version {before + 1})." in response.content.decode()
    assert "Cille Kusine" in {c.name for c in map_document(citizen=cast.citizen).contacts}

    # A sector that is not offered: the form again, nothing changed.
    response = client.post(url, {f"add_{p['karen'].pk}": "nowhere"})
    assert response.status_code == 400
    assert map_latest(citizen=cast.citizen).number == before + 1
