import pytest

from omkreds.networks.figures import compute_figures
from omkreds.networks.sectors import DK_SOCIALSTYRELSEN
from omkreds.networks.tests.helpers import contact, document, tie


def test_counts_density_and_isolated_people():
    doc = document(
        [
            contact(
                "mum",
                sector="family",
                closeness=0.1,
                valence="positive",
                support_kinds=["emotional", "practical"],
            ),
            contact("dad", sector="family", closeness=0.5, valence="negative"),
            contact(
                "aunt",
                sector="relatives",
                closeness=0.8,
                valence="mixed",
                support_kinds=["emotional"],
                help_direction="gives",
            ),
            contact(
                "kim",
                sector="professionals",
                closeness=0.6,
                role="caseworker_adults",
                support_kinds=["information"],
            ),
            contact("lone", sector="others", closeness=0.9),
        ],
        [tie("mum", "dad"), tie("mum", "aunt", "conflict"), tie("dad", "kim")],
    )
    f = compute_figures(doc, DK_SOCIALSTYRELSEN)
    assert f.contacts == 5
    assert f.per_sector == {
        "family": 2,
        "relatives": 1,
        "others": 1,
        "work_school": 0,
        "professionals": 1,
    }
    assert (f.private, f.professional) == (4, 1)
    assert f.valence == {"positive": 1, "negative": 1, "mixed": 1, "neutral": 2}
    assert (f.ties, f.conflicts) == (3, 1)
    assert f.density == pytest.approx(3 / 10)
    assert f.components == 2
    assert f.without_ties == ["lone"]
    assert f.most_connected[0] == ("dad", 2) or f.most_connected[0] == ("mum", 2)
    assert f.helpers["emotional"] == ["mum", "aunt"]
    assert f.helpers["information"] == ["kim"]
    assert f.inner_ring == ["mum"]
    assert f.warning_codes() == ["empty_sectors"]
    assert f.warnings[0].sector_keys == ("work_school",)
    assert f.warnings[0].message == "No one in this sector: Work/school."


def test_only_professionals_in_the_inner_ring():
    doc = document(
        [
            contact("kim", sector="professionals", closeness=0.1, support_kinds=["emotional"]),
            contact("team", sector="family", closeness=0.2, team_member=True),
            contact("mum", sector="family", closeness=0.6),
        ]
    )
    f = compute_figures(doc, DK_SOCIALSTYRELSEN)
    assert "only_professionals_inner" in f.warning_codes()
    warning = next(w for w in f.warnings if w.code == "only_professionals_inner")
    assert warning.contact_ids == ("kim", "team")
    assert "single_emotional_supporter" in f.warning_codes()


def test_emotional_support_warnings_ignore_who_cannot_help():
    doc = document(
        [
            contact("a", support_kinds=["emotional"], type="deceased"),
            contact("b", support_kinds=["emotional"], safety_marker=True),
            contact("c", support_kinds=["emotional"], help_direction="receives"),
        ]
    )
    f = compute_figures(doc, DK_SOCIALSTYRELSEN)
    assert f.helpers["emotional"] == []
    assert "no_emotional_supporter" in f.warning_codes()
    two = document(
        [contact("a", support_kinds=["emotional"]), contact("b", support_kinds=["emotional"])]
    )
    codes = compute_figures(two, DK_SOCIALSTYRELSEN).warning_codes()
    assert "single_emotional_supporter" not in codes and "no_emotional_supporter" not in codes


def test_negative_relations_in_the_inner_ring():
    doc = document(
        [
            contact("a", closeness=0.1, valence="negative"),
            contact("b", closeness=0.3, valence="negative"),
            contact("c", closeness=0.5, valence="negative"),
        ],
        rings=3,
    )
    f = compute_figures(doc, DK_SOCIALSTYRELSEN)
    warning = next(w for w in f.warnings if w.code == "negative_inner")
    assert warning.contact_ids == ("a", "b")
    assert warning.message == "2 negative relations are in the inner ring."
    # With 2 rings the inner ring reaches to 0.5 (exclusive).
    assert compute_figures(doc.model_copy(update={"rings": 2}), DK_SOCIALSTYRELSEN).inner_ring == [
        "a",
        "b",
    ]


def test_empty_map():
    f = compute_figures(document(), DK_SOCIALSTYRELSEN)
    assert (f.contacts, f.ties, f.density, f.components) == (0, 0, 0.0, 0)
    assert f.warning_codes() == ["empty_sectors"]
