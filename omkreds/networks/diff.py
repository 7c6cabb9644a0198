"""What changed between two versions of a map ("since the last meeting").

Contacts are matched by their stable id, ties by the unordered pair of ids they join.
Closeness changes smaller than `EPSILON` are a nudge of the finger, not a move.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from omkreds.networks.schema import Contact, MapDocument, Tie, Trend

EPSILON = 0.05

# What changed, counted without names (MapDiff.counts): the change history, and the version
# notes shown outside the case team (present.MapCopy).
LABELS = {
    "added": gettext_lazy("people added"),
    "removed": gettext_lazy("people removed"),
    "moved_closer": gettext_lazy("moved closer"),
    "moved_away": gettext_lazy("moved away"),
    "valence_changed": gettext_lazy("relation changed"),
    "sector_changed": gettext_lazy("sector changed"),
    "renamed": gettext_lazy("renamed"),
    "ties_added": gettext_lazy("lines added"),
    "ties_removed": gettext_lazy("lines removed"),
    "ties_changed": gettext_lazy("lines changed"),
}


@dataclass(frozen=True)
class Change:
    contact: Contact  # as it is in the newer document (the older one for removals)
    before: object = None
    after: object = None


@dataclass
class MapDiff:
    added: list[Contact] = field(default_factory=list)
    removed: list[Contact] = field(default_factory=list)
    moved_closer: list[Change] = field(default_factory=list)
    moved_away: list[Change] = field(default_factory=list)
    valence_changed: list[Change] = field(default_factory=list)
    sector_changed: list[Change] = field(default_factory=list)
    renamed: list[Change] = field(default_factory=list)
    # Movement marked on the map ("moving closer" → "steady"), not derived from closeness.
    trend_changed: list[Change] = field(default_factory=list)
    ties_added: list[Tie] = field(default_factory=list)
    ties_removed: list[Tie] = field(default_factory=list)
    ties_changed: list[tuple[Tie, Tie]] = field(default_factory=list)  # (before, after): kind

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.added,
                self.removed,
                self.moved_closer,
                self.moved_away,
                self.valence_changed,
                self.sector_changed,
                self.renamed,
                self.trend_changed,
                self.ties_added,
                self.ties_removed,
                self.ties_changed,
            )
        )

    def counts(self) -> dict[str, int]:
        return {
            name: len(getattr(self, name))
            for name in (
                "added",
                "removed",
                "moved_closer",
                "moved_away",
                "valence_changed",
                "sector_changed",
                "renamed",
                "ties_added",
                "ties_removed",
                "ties_changed",
            )
        }


def movement(before: float, after: float, epsilon: float = EPSILON) -> Trend:
    """Trend derived from two closeness values (0 is closest)."""
    if after < before - epsilon:
        return Trend.CLOSER
    if after > before + epsilon:
        return Trend.AWAY
    return Trend.STEADY


def diff_documents(old: MapDocument, new: MapDocument, *, epsilon: float = EPSILON) -> MapDiff:
    result = MapDiff()
    before = {c.id: c for c in old.contacts}
    after = {c.id: c for c in new.contacts}

    for contact in new.contacts:
        previous = before.get(contact.id)
        if previous is None:
            result.added.append(contact)
            continue
        moved = movement(previous.closeness, contact.closeness, epsilon)
        if moved == Trend.CLOSER:
            result.moved_closer.append(Change(contact, previous.closeness, contact.closeness))
        elif moved == Trend.AWAY:
            result.moved_away.append(Change(contact, previous.closeness, contact.closeness))
        if previous.valence != contact.valence:
            result.valence_changed.append(Change(contact, previous.valence, contact.valence))
        if previous.sector != contact.sector:
            result.sector_changed.append(Change(contact, previous.sector, contact.sector))
        if previous.name != contact.name:
            result.renamed.append(Change(contact, previous.name, contact.name))
        if previous.trend != contact.trend:
            result.trend_changed.append(Change(contact, previous.trend, contact.trend))
    result.removed = [c for c in old.contacts if c.id not in after]

    old_ties = {t.pair: t for t in old.ties}
    new_ties = {t.pair: t for t in new.ties}
    for pair, tie in new_ties.items():
        previous = old_ties.get(pair)
        if previous is None:
            result.ties_added.append(tie)
        elif previous.kind != tie.kind:
            result.ties_changed.append((previous, tie))
    result.ties_removed = [t for pair, t in old_ties.items() if pair not in new_ties]
    return result
