"""Reading a map version back: parsed once per process, never changed by whoever edits a copy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from omkreds.networks.models import PARSED, MapVersion, _ParsedDocuments
from omkreds.networks.schema import Contact, DocumentInvalid
from omkreds.networks.services import map_document, map_latest, map_save
from omkreds.networks.tests.helpers import contact, document

pytestmark = pytest.mark.django_db


def _reads_documents(queries) -> int:
    return sum('"document"' in q["sql"] and q["sql"].lstrip().startswith("SELECT") for q in queries)


def _save(cast, names, based_on=None):
    return map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=document([contact(name.lower(), name) for name in names]),
        based_on=based_on,
    )


def test_the_latest_version_is_read_from_the_database_once(cast):
    _save(cast, ["Anna", "Bo"])
    PARSED.clear()  # as in a process that has not read this map yet
    with CaptureQueriesContext(connection) as first:
        assert [c.name for c in map_latest(citizen=cast.citizen).parsed().contacts] == [
            "Anna",
            "Bo",
        ]
    with CaptureQueriesContext(connection) as again:
        assert [c.name for c in map_latest(citizen=cast.citizen).parsed().contacts] == [
            "Anna",
            "Bo",
        ]
    assert _reads_documents(first.captured_queries) == 1
    assert _reads_documents(again.captured_queries) == 0


def test_a_new_save_is_what_the_next_reader_gets(cast):
    first = _save(cast, ["Anna"])
    map_latest(citizen=cast.citizen).parsed()
    _save(cast, ["Anna", "Bo"], based_on=first.number)
    with CaptureQueriesContext(connection) as ctx:
        latest = map_latest(citizen=cast.citizen)
        assert [c.name for c in latest.parsed().contacts] == ["Anna", "Bo"]
    # The saved document was kept when it was written: nobody reads it back.
    assert _reads_documents(ctx.captured_queries) == 0


def test_changing_the_map_document_never_changes_what_others_read(cast):
    _save(cast, ["Anna"])
    mine = map_document(citizen=cast.citizen)
    mine.contacts[0].name = "Changed"
    mine.contacts.append(Contact(**contact("x", "Intruder")))
    assert [c.name for c in map_latest(citizen=cast.citizen).parsed().contacts] == ["Anna"]


def test_the_history_list_reads_no_documents(cast):
    version = _save(cast, ["Anna"])
    _save(cast, ["Anna", "Bo"], based_on=version.number)
    with CaptureQueriesContext(connection) as ctx:
        versions = list(MapVersion.objects.filter(map__citizen=cast.citizen).history())
    assert [v.number for v in versions] == [2, 1]
    assert _reads_documents(ctx.captured_queries) == 0


def test_a_row_id_used_again_never_finds_another_versions_document(cast):
    version = _save(cast, ["Anna"])
    version.parsed()
    # The same id, map and number written at another moment (a rolled-back test, a restored
    # database) is another version.
    other = MapVersion(
        pk=version.pk,
        map_id=version.map_id,
        number=version.number,
        created_at=version.created_at.replace(
            microsecond=(version.created_at.microsecond + 1) % 10**6
        ),
        document=document([contact("bo", "Bo")]).model_dump(mode="json"),
    )
    assert [c.name for c in other.parsed().contacts] == ["Bo"]


def test_the_cache_keeps_only_the_newest_documents():
    kept = _ParsedDocuments(size=2)
    a, b, c = (document([contact(n.lower(), n)]) for n in ("A", "B", "C"))
    kept.put(("a",), a)
    kept.put(("b",), b)
    assert kept.get(("a",)) is a  # read: now the newest
    kept.put(("c",), c)
    assert kept.get(("b",)) is None
    assert kept.get(("a",)) is a and kept.get(("c",)) is c


# --- A save reuses the people it sends unchanged; everything else is checked as always ------


def _sent(version) -> dict:
    return version.parsed().model_dump(mode="json")


def test_a_save_that_changes_one_person_stores_exactly_what_was_sent(cast):
    first = _save(cast, ["Anna", "Bo", "Cy"])
    sent = _sent(first)
    sent["contacts"][1]["closeness"] = 0.1
    sent["contacts"][2]["name"] = "  Cyrus  "
    second = map_save(citizen=cast.citizen, author=cast.worker, document=sent, based_on=1)
    PARSED.clear()
    again = MapVersion.objects.get(pk=second.pk)
    assert [(c.name, c.closeness) for c in again.parsed().contacts] == [
        ("Anna", 0.5),
        ("Bo", 0.1),
        ("Cyrus", 0.5),
    ]
    # What is stored is the document's own dump, reused people and all.
    assert again.document == again.parsed().model_dump(mode="json")


def test_a_changed_person_is_checked_even_when_the_rest_is_reused(cast):
    first = _save(cast, ["Anna", "Bo"])
    sent = _sent(first)
    sent["contacts"][1]["name"] = "x" * 201
    with pytest.raises(DocumentInvalid) as refused:
        map_save(citizen=cast.citizen, author=cast.worker, document=sent, based_on=1)
    assert [p.field for p in refused.value.problems] == ["contacts.2.name"]  # the second person
    assert MapVersion.objects.filter(map__citizen=cast.citizen).count() == 1


def test_reused_people_still_meet_the_maps_own_rules(cast):
    first = map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=document([contact("anna", "Anna"), contact("bo", "Bo", sector="others")]),
        based_on=None,
    )
    sent = _sent(first)
    # Unchanged people, but another sector set, in which Bo's sector does not exist.
    sent["sector_set"] = "se_teman"
    with pytest.raises(DocumentInvalid) as refused:
        map_save(citizen=cast.citizen, author=cast.worker, document=sent, based_on=1)
    assert refused.value.problems[0].field == "contacts"
    # A line to someone who is not on the map is refused too.
    sent = _sent(first)
    sent["ties"] = [{"a": "anna", "b": "nobody"}]
    with pytest.raises(DocumentInvalid):
        map_save(citizen=cast.citizen, author=cast.worker, document=sent, based_on=1)


def test_a_person_sent_with_another_field_is_not_taken_for_the_stored_one(cast):
    first = _save(cast, ["Anna"])
    sent = _sent(first)
    sent["contacts"][0]["unknown_field"] = "x"
    with pytest.raises(DocumentInvalid):
        map_save(citizen=cast.citizen, author=cast.worker, document=sent, based_on=1)


def test_a_version_document_changed_in_place_and_saved_is_stored_as_changed(cast):
    first = _save(cast, ["Anna", "Bo"])
    sent = first.document  # the very dict the version was written from
    sent["contacts"][1]["name"] = "Bodil"
    second = map_save(citizen=cast.citizen, author=cast.worker, document=sent, based_on=1)
    PARSED.clear()
    stored = MapVersion.objects.get(pk=second.pk)
    assert [c.name for c in stored.parsed().contacts] == ["Anna", "Bodil"]
