"""Headings, phases, CTI-plan dimensions and end reasons from seed 004 (Bilag 1–6)."""

from omkreds.cti.checklists.base import Term, Text

# The dimension and transition headings of the phase checklists (Bilag 1, 2, 3).
SECTION_HEADINGS: dict[str, Text] = {
    "coherence": Text(
        da="Sammenhæng i indsatsen",
        sv="Sammanhang i insatsen",
        en="Coherence of the intervention",
    ),
    "housing": Text(da="Bolig", sv="Boende", en="Housing"),
    "support": Text(
        da="Social og praktisk støtte i hverdagen",
        sv="Socialt och praktiskt stöd i vardagen",
        en="Social and practical support in everyday life",
    ),
    "economy": Text(da="Økonomi", sv="Ekonomi", en="Finances"),
    "network": Text(
        da="Social situation/netværk",
        sv="Social situation/nätverk",
        en="Social situation/network",
    ),
    "activities": Text(
        da="Aktiviteter i hverdagen",
        sv="Aktiviteter i vardagen",
        en="Everyday activities",
    ),
    "physical": Text(da="Fysisk helbred", sv="Fysisk hälsa", en="Physical health"),
    "mental": Text(da="Psykisk helbred", sv="Psykisk hälsa", en="Mental health"),
    "substance": Text(da="Misbrug", sv="Missbruk", en="Substance misuse"),
    "education": Text(
        da="Uddannelse og beskæftigelse",
        sv="Utbildning och sysselsättning",
        en="Education and employment",
    ),
    "to_phase2": Text(
        da="Ved overgang til 2. fase",
        sv="Vid övergången till fas 2",
        en="On moving to phase 2",
    ),
    "to_phase3": Text(
        da="Ved overgang til 3. fase",
        sv="Vid övergången till fas 3",
        en="On moving to phase 3",
    ),
    "ending": Text(
        da="Ved afslutning af CTI-indsats",
        sv="Vid avslutning av CTI-insatsen",
        en="On completing the CTI intervention",
    ),
    # Bilag 4 has no dimensions; its one section is the table itself.
    "fidelity": Text(da="Aktivitet", sv="Aktivitet", en="Activity"),
}

# Phase 0 is the contact-establishment period that comes before phase 1 (Bilag 5 and 6).
PHASES: tuple[Term, ...] = (
    Term(
        "0",
        Text(
            da="Kontaktskabelsesperiode",
            sv="Kontaktskapande period",
            en="Contact-establishment period",
        ),
    ),
    Term("1", Text(da="1. fase", sv="Fas 1", en="Phase 1")),
    Term("2", Text(da="2. fase", sv="Fas 2", en="Phase 2")),
    Term("3", Text(da="3. fase", sv="Fas 3", en="Phase 3")),
)

# "Dimensioner der arbejdes med i fasen" (Bilag 6), in the seed's order.
PLAN_DIMENSIONS: tuple[Term, ...] = (
    Term("housing", Text(da="Bolig", sv="Boende", en="Housing")),
    Term("mental", Text(da="Psykisk helbred", sv="Psykisk hälsa", en="Mental health")),
    Term("physical", Text(da="Fysisk helbred", sv="Fysisk hälsa", en="Physical health")),
    Term("economy", Text(da="Økonomi", sv="Ekonomi", en="Finances")),
    Term(
        "activities",
        Text(da="Daglige aktiviteter", sv="Dagliga aktiviteter", en="Daily activities"),
    ),
    Term(
        "network",
        Text(
            da="Netværk og sociale relationer",
            sv="Nätverk och sociala relationer",
            en="Network and social relationships",
        ),
    ),
    Term("substance", Text(da="Misbrug", sv="Missbruk", en="Substance misuse")),
    Term(
        "education",
        Text(
            da="Uddannelse og beskæftigelse",
            sv="Utbildning och sysselsättning",
            en="Education and employment",
        ),
    ),
)

# "Årsag til afsluttet CTI-indsats" (Bilag 5): "afsluttet som planlagt efter 9 måneder, eller
# afsluttet før tid, fx ved død, flyttet til anden kommune, forsvundet, nægter at deltage,
# fængslet, indlagt, mv." The "mv." becomes "other", which needs a text.
END_REASONS: tuple[Term, ...] = (
    Term(
        "completed",
        Text(
            da="Afsluttet som planlagt efter 9 måneder",
            sv="Avslutad som planerat efter 9 månader",
            en="Completed as planned after 9 months",
        ),
    ),
    Term("died", Text(da="Død", sv="Avliden", en="Died")),
    Term(
        "moved",
        Text(
            da="Flyttet til anden kommune",
            sv="Flyttat till en annan kommun",
            en="Moved to another municipality",
        ),
    ),
    Term("disappeared", Text(da="Forsvundet", sv="Försvunnen", en="Disappeared")),
    Term(
        "refuses",
        Text(da="Nægter at deltage", sv="Vägrar att delta", en="Refuses to take part"),
    ),
    Term("imprisoned", Text(da="Fængslet", sv="Fängslad", en="Imprisoned")),
    Term("hospitalised", Text(da="Indlagt", sv="Inlagd", en="Admitted to hospital")),
    Term("other", Text(da="Andet", sv="Annat", en="Other")),
)
