import pytest
from pydantic import ValidationError

from omkreds.networks.models import SectorSet
from omkreds.networks.sectors import (
    BUILT_IN,
    DK_SOCIALSTYRELSEN,
    SE_TEMAN,
    SectorList,
    available_sector_sets,
    get_sector_set,
)


def test_danish_fields_keep_the_seed_wording():
    assert [s.label("da") for s in DK_SOCIALSTYRELSEN.sectors] == [
        "Familie",
        "Slægt",
        "Andre",
        "Arbejde/skole",
        "Fagpersoner",
    ]
    assert [s.professional for s in DK_SOCIALSTYRELSEN.sectors] == [False] * 4 + [True]


def test_swedish_themes_keep_the_seed_wording():
    assert [s.label("sv") for s in SE_TEMAN.sectors] == [
        "Familj",
        "Släkt",
        "Kollega",
        "Stödperson",
        "Vän",
        "Övrig",
    ]


@pytest.mark.parametrize("sector_set", list(BUILT_IN.values()))
def test_every_sector_has_four_languages_and_a_colour(sector_set):
    for order, sector in enumerate(sector_set.sectors):
        assert set(sector.labels) == {"da", "sv", "fi", "en"}
        assert sector.colour.startswith("#") and len(sector.colour) == 7
        assert sector_set.index(sector.key) == order
    assert set(sector_set.labels) == {"da", "sv", "fi", "en"}


def test_labels_fall_back_to_english():
    only_english = SectorList.model_validate(
        {"sectors": [{"key": "home", "colour": "#ffffff", "labels": {"en": "Home"}}]}
    )
    assert only_english.sectors[0].label("sv") == "Home"


@pytest.mark.parametrize(
    "sectors",
    [
        [],
        [{"key": "Bad Key", "colour": "#ffffff", "labels": {"en": "x"}}],
        [{"key": "a", "colour": "red", "labels": {"en": "x"}}],
        [{"key": "a", "colour": "#ffffff", "labels": {"fr": "x"}}],
        [{"key": "a", "colour": "#ffffff", "labels": {}}],
        [
            {"key": "a", "colour": "#ffffff", "labels": {"en": "x"}},
            {"key": "a", "colour": "#ffffff", "labels": {"en": "y"}},
        ],
    ],
)
def test_bad_organisation_sets_are_refused(sectors):
    with pytest.raises(ValidationError):
        SectorList.model_validate({"sectors": sectors})


@pytest.mark.django_db
def test_organisation_sets_are_found_only_in_their_organisation(cast):
    row = SectorSet.objects.create(
        organisation=cast.org,
        name="Egne",
        rings=4,
        sectors={"sectors": [{"key": "home", "colour": "#ffeeaa", "labels": {"da": "Hjem"}}]},
    )
    found = get_sector_set(row.key, organisation=cast.org)
    assert found.key == f"org-{row.pk}" and found.rings == 4 and found.keys == ("home",)
    assert get_sector_set(row.key, organisation=cast.other_org) is None
    assert get_sector_set(row.key) is None
    assert get_sector_set("dk_socialstyrelsen") is DK_SOCIALSTYRELSEN
    assert [s.key for s in available_sector_sets(organisation=cast.org)] == [
        "dk_socialstyrelsen",
        "se_teman",
        row.key,
    ]
