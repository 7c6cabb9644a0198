"""Extension points through which later capabilities add to the citizen pages.

An app registers its providers in its `AppConfig.ready()`:

- a *due item provider* takes `(user, citizens)` and returns `DueItem`s: what is due for those
  citizens (a consent running out, a follow-up meeting, a CTI phase ending). The worker's home
  page asks every provider once per request, with all the citizens it shows, so a provider must
  answer with a bounded number of queries whatever the number of citizens;
- a *link provider* takes `(user, citizen, reach)` and returns `CitizenLink`s to the
  capability's pages for that citizen (the network map, meetings, CTI). The citizen page shows
  the links; a provider shows only what `reach` allows.

Providers see only citizens the policy already let the user reach; they decide nothing about
access themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class DueItem:
    citizen_id: Any
    label: str
    due_on: dt.date | None = None
    url: str = ""

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.due_on < timezone.localdate()


@dataclass(frozen=True)
class CitizenLink:
    label: str
    url: str


DueItemProvider = Callable[[Any, Sequence[Any]], Iterable[DueItem]]
LinkProvider = Callable[[Any, Any, Any], Iterable[CitizenLink]]

_due_item_providers: list[DueItemProvider] = []
_link_providers: list[LinkProvider] = []


def register_due_item_provider(provider: DueItemProvider) -> DueItemProvider:
    if provider not in _due_item_providers:
        _due_item_providers.append(provider)
    return provider


def register_link_provider(provider: LinkProvider) -> LinkProvider:
    if provider not in _link_providers:
        _link_providers.append(provider)
    return provider


def due_items(user, citizens: Sequence) -> dict[Any, list[DueItem]]:
    """Citizen id → what is due for that citizen, soonest first."""
    found: dict[Any, list[DueItem]] = {}
    if not citizens:
        return found
    for provider in _due_item_providers:
        for item in provider(user, citizens):
            found.setdefault(item.citizen_id, []).append(item)
    far = dt.date.max
    for items in found.values():
        items.sort(key=lambda item: item.due_on or far)
    return found


def citizen_links(user, citizen, reach) -> list[CitizenLink]:
    links: list[CitizenLink] = []
    for provider in _link_providers:
        links.extend(provider(user, citizen, reach))
    return links
