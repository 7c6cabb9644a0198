from omkreds.networks.diff import diff_documents, movement
from omkreds.networks.tests.helpers import contact, document, tie


def test_identical_documents_have_no_changes():
    doc = document([contact("a"), contact("b")], [tie("a", "b")])
    result = diff_documents(doc, doc)
    assert result.is_empty
    assert set(result.counts().values()) == {0}


def test_every_kind_of_change():
    old = document(
        [
            contact("a", "Anna", closeness=0.5),
            contact("b", "Bo", closeness=0.5),
            contact("c", "Cleo", valence="positive"),
            contact("d", "Dag", sector="family"),
            contact("gone", "Gone"),
            contact("same", "Same", closeness=0.5),
        ],
        [tie("a", "b"), tie("a", "gone"), tie("c", "d")],
    )
    new = document(
        [
            contact("a", "Anna", closeness=0.2),
            contact("b", "Bo", closeness=0.9),
            contact("c", "Cleo", valence="negative"),
            contact("d", "Dagmar", sector="others"),
            contact("same", "Same", closeness=0.52),  # a nudge, not a move
            contact("new", "Nina"),
        ],
        [tie("b", "a"), tie("c", "d", "conflict"), tie("new", "a")],
    )
    result = diff_documents(old, new)
    assert [c.id for c in result.added] == ["new"]
    assert [c.id for c in result.removed] == ["gone"]
    assert [(ch.contact.id, ch.before, ch.after) for ch in result.moved_closer] == [("a", 0.5, 0.2)]
    assert [(ch.contact.id, ch.before, ch.after) for ch in result.moved_away] == [("b", 0.5, 0.9)]
    assert [(ch.contact.id, ch.before, ch.after) for ch in result.valence_changed] == [
        ("c", "positive", "negative")
    ]
    assert [(ch.contact.id, ch.before, ch.after) for ch in result.sector_changed] == [
        ("d", "family", "others")
    ]
    assert [(ch.before, ch.after) for ch in result.renamed] == [("Dag", "Dagmar")]
    # a–b drawn the other way round is the same line.
    assert [(t.a, t.b) for t in result.ties_added] == [("new", "a")]
    assert [(t.a, t.b) for t in result.ties_removed] == [("a", "gone")]
    assert [(before.kind, after.kind) for before, after in result.ties_changed] == [
        ("knows", "conflict")
    ]
    assert not result.is_empty


def test_movement_epsilon():
    assert movement(0.5, 0.44) == "closer"
    assert movement(0.5, 0.46) == "steady"
    assert movement(0.5, 0.56) == "away"
    assert movement(0.5, 0.51, epsilon=0.0) == "away"
