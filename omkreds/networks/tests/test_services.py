import pytest
from django.db import connection

from omkreds.networks.models import MapVersion, NetworkMap, SectorSet
from omkreds.networks.schema import DocumentInvalid
from omkreds.networks.services import (
    MapConflict,
    map_changes,
    map_document,
    map_latest,
    map_restore,
    map_save,
)
from omkreds.networks.tests.helpers import contact, data, tie

pytestmark = pytest.mark.django_db


def save(cast, document, based_on, note="", author=None):
    return map_save(
        citizen=cast.citizen,
        author=author or cast.worker,
        document=document,
        based_on=based_on,
        note=note,
    )


def test_first_save_creates_the_map_and_version_1(cast):
    version = save(cast, data([contact("a", "Anna")]), None, note="first drawing")
    assert version.number == 1 and version.based_on is None
    assert version.author == cast.worker and version.note == "first drawing"
    version.refresh_from_db()
    assert version.document["contacts"][0]["name"] == "Anna"
    assert version.document["contacts"][0]["valence"] == "neutral"  # stored normalised
    assert NetworkMap.objects.get(citizen=cast.citizen).sector_set == "dk_socialstyrelsen"
    assert map_document(citizen=cast.citizen).contacts[0].id == "a"


def test_versions_follow_each_other(cast):
    save(cast, data([contact("a")]), None)
    save(cast, data([contact("a"), contact("b")]), 1)
    third = save(cast, data([contact("b")]), 2, author=cast.colleague)
    assert third.number == 3 and third.based_on == 2 and third.author == cast.colleague
    assert list(
        MapVersion.objects.filter(map__citizen=cast.citizen).values_list("number", flat=True)
    ) == [1, 2, 3]
    assert map_latest(citizen=cast.citizen).number == 3


def test_save_based_on_an_old_version_is_a_conflict_and_stores_nothing(cast):
    save(cast, data([contact("a")]), None)
    save(cast, data([contact("a", closeness=0.1)]), 1, author=cast.colleague)
    with pytest.raises(MapConflict) as excinfo:
        save(cast, data([contact("a", closeness=0.9)]), 1)
    assert excinfo.value.current.number == 2
    assert excinfo.value.current.document["contacts"][0]["closeness"] == 0.1
    assert "version 2" in excinfo.value.message
    assert MapVersion.objects.count() == 2


def test_first_save_after_someone_else_is_a_conflict(cast):
    save(cast, data([contact("a")]), None)
    with pytest.raises(MapConflict):
        save(cast, data([contact("b")]), None)
    with pytest.raises(MapConflict) as excinfo:
        save(cast, data([contact("b")]), 7)  # based on a version from the future
    assert excinfo.value.current.number == 1
    assert MapVersion.objects.count() == 1


def test_based_on_a_version_when_none_exists_is_a_conflict(cast):
    with pytest.raises(MapConflict) as excinfo:
        save(cast, data([]), 1)
    assert excinfo.value.current is None
    assert MapVersion.objects.count() == 0


def test_invalid_document_stores_nothing(cast):
    with pytest.raises(DocumentInvalid) as excinfo:
        save(cast, data([contact("a")], [tie("a", "ghost")]), None)
    assert {p.field for p in excinfo.value.problems} == {"ties"}
    assert not NetworkMap.objects.exists() and not MapVersion.objects.exists()
    with pytest.raises(DocumentInvalid):
        save(cast, data([]), None, note="x" * 501)
    assert not MapVersion.objects.exists()


def test_versions_are_immutable(cast):
    version = save(cast, data([contact("a")]), None)
    version.note = "rewritten"
    with pytest.raises(ValueError):
        version.save()
    version.refresh_from_db()
    assert version.note == ""


def test_restore_writes_the_old_version_as_a_new_one(cast):
    save(cast, data([contact("a", "Anna")]), None)
    save(cast, data([contact("b", "Bo")]), 1)
    restored = map_restore(citizen=cast.citizen, author=cast.lead, number=1)
    assert restored.number == 3 and restored.restored_from == 1 and restored.based_on == 2
    assert restored.author == cast.lead
    assert [c.name for c in map_document(citizen=cast.citizen).contacts] == ["Anna"]
    assert MapVersion.objects.get(number=1).document == restored.document
    with pytest.raises(MapVersion.DoesNotExist):
        map_restore(citizen=cast.citizen, author=cast.lead, number=9)
    # Another citizen's version numbers are not reachable through this citizen.
    map_save(
        citizen=cast.colleague_citizen, author=cast.colleague, document=data([]), based_on=None
    )
    with pytest.raises(MapVersion.DoesNotExist):
        map_restore(citizen=cast.citizen, author=cast.lead, number=4)


def test_maps_are_per_citizen(cast):
    save(cast, data([contact("a")]), None)
    other = map_save(
        citizen=cast.colleague_citizen, author=cast.colleague, document=data([]), based_on=None
    )
    assert other.number == 1
    assert map_document(citizen=cast.other_team_citizen).contacts == []


def test_organisation_sector_sets(cast):
    sectors = {
        "sectors": [
            {"key": "home", "colour": "#ffeeaa", "labels": {"da": "Hjem", "en": "Home"}},
            {"key": "care", "colour": "#aaeeff", "labels": {"en": "Care"}, "professional": True},
        ]
    }
    own = SectorSet.objects.create(organisation=cast.org, name="Egne felter", sectors=sectors)
    foreign = SectorSet.objects.create(organisation=cast.other_org, name="Andres", sectors=sectors)
    version = save(cast, data([contact("a", sector="care")], sector_set=own.key), None)
    assert NetworkMap.objects.get(citizen=cast.citizen).sector_set == own.key
    with pytest.raises(DocumentInvalid):
        save(cast, data([contact("a", sector="family")], sector_set=own.key), version.number)
    with pytest.raises(DocumentInvalid) as excinfo:
        save(cast, data([contact("a", sector="care")], sector_set=foreign.key), version.number)
    assert excinfo.value.problems[0].message == "Unknown sector set."
    assert MapVersion.objects.count() == 1


def test_sector_set_json_is_validated(cast):
    from django.core.exceptions import ValidationError

    row = SectorSet(
        organisation=cast.org,
        name="Bad",
        sectors={"sectors": [{"key": "A B", "colour": "red", "labels": {}}]},
    )
    with pytest.raises(ValidationError) as excinfo:
        row.full_clean()
    assert "sectors" in excinfo.value.message_dict


def test_save_locks_the_map_row(cast, django_assert_max_num_queries):
    save(cast, data([contact("a")]), None)
    with django_assert_max_num_queries(8) as captured:
        save(cast, data([contact("a")]), 1)
    if connection.vendor == "postgresql":
        assert any("FOR UPDATE" in q["sql"] for q in captured.captured_queries)


def test_changes_between_versions(cast):
    save(cast, data([contact("a", closeness=0.5)]), None)
    save(cast, data([contact("a", closeness=0.5), contact("b")]), 1)
    save(cast, data([contact("a", closeness=0.1), contact("b")]), 2)
    since_first = map_changes(citizen=cast.citizen, since=1)
    assert [c.id for c in since_first.added] == ["b"]
    assert [ch.contact.id for ch in since_first.moved_closer] == ["a"]
    assert map_changes(citizen=cast.citizen, since=1, until=2).moved_closer == []
    with pytest.raises(MapVersion.DoesNotExist):
        map_changes(citizen=cast.colleague_citizen, since=1)
