"""Made-up maps of any size, for benchmarks (bench/) and tests. No real people."""

import random

from omkreds.networks import geometry
from omkreds.networks.schema import (
    ContactType,
    MapDocument,
    SupportKind,
    TieKind,
    Trend,
    Valence,
)
from omkreds.networks.sectors import BUILT_IN, DEFAULT_KEY

FIRST = ["Anna", "Bo", "Cleo", "Dag", "Eva", "Finn", "Gro", "Hans", "Ida", "Jens", "Karin", "Lars"]
LAST = ["Berg", "Dahl", "Holm", "Lund", "Nygaard", "Strand", "Vik", "Ørsted"]


def sample_document(
    contacts: int = 20, *, ties: int | None = None, sector_set: str = DEFAULT_KEY, seed: int = 0
) -> MapDocument:
    rng = random.Random(seed)  # nosec B311  # repeatable made-up demo maps, not a secret
    chosen = BUILT_IN[sector_set]
    count = len(chosen.sectors)
    people = []
    for n in range(contacts):
        index = n % count
        start, end = geometry.sector_span(index, count)
        people.append(
            {
                "id": f"c{n}",
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "type": rng.choice([ContactType.PERSON] * 8 + [ContactType.PET, ContactType.GROUP]),
                "sector": chosen.sectors[index].key,
                "closeness": round(rng.random(), 3),
                "angle": round(rng.uniform(start + 2, end - 2), 2),
                "valence": rng.choice(list(Valence)),
                "trend": rng.choice([Trend.STEADY] * 3 + [Trend.CLOSER, Trend.AWAY]),
                "support_kinds": rng.sample(list(SupportKind), rng.randint(0, 2)),
            }
        )
    wanted = contacts if ties is None else ties
    pairs: set[tuple[int, int]] = set()
    for _ in range(wanted * 3):
        if len(pairs) >= wanted or contacts < 2:
            break
        a, b = sorted(rng.sample(range(contacts), 2))
        pairs.add((a, b))
    links = [
        {
            "a": f"c{a}",
            "b": f"c{b}",
            "kind": TieKind.CONFLICT if rng.random() < 0.1 else TieKind.KNOWS,
        }
        for a, b in sorted(pairs)
    ]
    return MapDocument.model_validate({"sector_set": sector_set, "contacts": people, "ties": links})
