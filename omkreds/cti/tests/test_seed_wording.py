"""The network overview's roles and the CTI checklists' answers are the seed's own Danish words
(seed 004, Bilag 1–4 and 7), in the seed's order, wherever the product shows them in Danish."""

import re
from pathlib import Path

from django.utils import translation

from omkreds.cti.models import ChecklistChoice, FidelityChoice
from omkreds.networks.overview.forms import ContactForm
from omkreds.networks.schema import ROLE_SEED_DA, Role

SEED = (Path(__file__).parent / "seed" / "004_51c067851fc30c4b.txt").read_text(encoding="utf-8")
# The column headers that the table repeats on each page, not roles.
HEADER_STARTS = ("Netværksoverblik", "Kontaktoplysninger", "Støttemuligheder", "Tabel")


def bilag_7_roles() -> list[str]:
    """The first column of Bilag 7's table, each role once, in the seed's order."""
    part = SEED[SEED.index("Bilag 7: Netværksoverblik") : SEED.index("Bilag 8: Netværkskort")]
    part = part[part.index("Tabel 6.") :]
    roles: list[str] = []
    for block in re.split(r"\n\s*\n", part):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines or lines[0].startswith(HEADER_STARTS):
            continue
        text = ""
        for line in lines:  # PDF extraction broke some names: "Distriktspsykiatrien/" + "lokal…"
            text += line if not text or text.endswith(("/", "-")) else " " + line
        if text not in roles:
            roles.append(text)
    return roles


def answer_headers() -> set[tuple[str, ...]]:
    found = re.findall(r"^(?:Dimension/aspekt|Aktivitet)\s+(.+?)\s*$", SEED, flags=re.MULTILINE)
    return {tuple(re.split(r"\s+(?=[A-ZÆØÅ])", header)) for header in found}


def test_the_role_list_is_bilag_7s_first_column_word_for_word():
    roles = bilag_7_roles()
    assert len(roles) == 22
    assert roles[0] == "Familie/pårørende" and roles[-1] == "Andre"
    assert list(ROLE_SEED_DA.values()) == roles
    assert list(ROLE_SEED_DA) == list(Role)


def test_the_roles_read_as_the_seed_in_danish_and_in_the_overviews_form():
    with translation.override("da"):
        labels = [str(role.label) for role in Role]
        offered = [str(label) for value, label in ContactForm().fields["role"].choices if value]
    assert labels == bilag_7_roles()
    assert offered == bilag_7_roles()
    for role, label in zip(Role, labels, strict=True):
        assert label == ROLE_SEED_DA[role]


def test_the_checklist_answers_are_the_seeds_column_headers():
    # Bilag 1–3: "Dimension/aspekt Ja Nej Irrelevant"; Bilag 4: "Aktivitet Ja Nej Ved ikke".
    assert answer_headers() == {("Ja", "Nej", "Irrelevant"), ("Ja", "Nej", "Ved ikke")}
    with translation.override("da"):
        phases = tuple(str(choice.label) for choice in ChecklistChoice)
        fidelity = tuple(str(choice.label) for choice in FidelityChoice)
    assert phases == ("Ja", "Nej", "Irrelevant")
    assert fidelity == ("Ja", "Nej", "Ved ikke")
