"""The history in sittings: the autosaves of one person working on the map at one time are one
entry, not twenty. Every version stays (each save's time is kept for the log); only the list
people read groups them."""

import datetime as dt
from dataclasses import dataclass

# Saves further apart than this are two sittings.
PAUSE = dt.timedelta(minutes=30)


@dataclass
class Sitting:
    versions: list  # newest first

    @property
    def last(self):
        return self.versions[0]

    @property
    def first(self):
        return self.versions[-1]

    @property
    def count(self) -> int:
        return len(self.versions)

    @property
    def notes(self) -> list[str]:
        """The notes of the saves, oldest first, each once."""
        seen: list[str] = []
        for version in reversed(self.versions):
            if version.note and version.note not in seen:
                seen.append(version.note)
        return seen

    @property
    def agreed(self) -> list:
        """The versions of this sitting marked as agreed with the citizen (`agreed_mark`)."""
        return [v for v in self.versions if getattr(v, "agreed_mark", None) is not None]


def sittings(versions) -> list[Sitting]:
    """Group versions (newest first) into sittings (newest first). A restore is its own entry."""
    groups: list[Sitting] = []
    for version in versions:
        current = groups[-1] if groups else None
        if (
            current is not None
            and version.author_id == current.first.author_id
            and not version.restored_from
            and not current.first.restored_from
            and current.first.created_at - version.created_at <= PAUSE
        ):
            current.versions.append(version)
        else:
            groups.append(Sitting([version]))
    return groups
