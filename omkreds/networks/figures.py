"""Figures about one map, and warning signs worth talking about with the citizen.

Pure: a document and its sector set in, numbers out. The inner ring is closeness < 1/rings.
Who "can help" excludes people who have died, people marked do-not-contact, and people who
only receive help or help neither way.
"""

from dataclasses import dataclass, field

import networkx as nx
from django.utils.translation import gettext, ngettext

from omkreds.networks.schema import (
    Contact,
    ContactType,
    HelpDirection,
    MapDocument,
    SupportKind,
    TieKind,
    Valence,
    inner_ring,
)
from omkreds.networks.sectors import SectorSetDef


@dataclass(frozen=True)
class WarningSign:
    code: str
    message: str
    contact_ids: tuple[str, ...] = ()
    sector_keys: tuple[str, ...] = ()


@dataclass
class Figures:
    contacts: int
    per_sector: dict[str, int]
    private: int
    professional: int
    valence: dict[str, int]
    ties: int
    conflicts: int
    density: float
    components: int
    without_ties: list[str]
    most_connected: list[tuple[str, int]]
    helpers: dict[str, list[str]]
    inner_ring: list[str]
    warnings: list[WarningSign] = field(default_factory=list)

    def warning_codes(self) -> list[str]:
        return [w.code for w in self.warnings]


def is_professional(contact: Contact, sector_set: SectorSetDef | None) -> bool:
    sector = sector_set.sector(contact.sector) if sector_set else None
    return contact.is_professional or bool(sector and sector.professional)


def can_help(contact: Contact) -> bool:
    return (
        contact.type != ContactType.DECEASED
        and not contact.safety_marker
        and contact.help_direction not in (HelpDirection.RECEIVES, HelpDirection.NONE)
    )


def graph(document: MapDocument) -> nx.Graph:
    g = nx.Graph()
    for contact in document.contacts:
        g.add_node(contact.id)
    for tie in document.ties:
        g.add_edge(tie.a, tie.b, kind=str(tie.kind))
    return g


def compute_figures(document: MapDocument, sector_set: SectorSetDef | None) -> Figures:
    contacts = document.contacts
    g = graph(document)
    professional_ids = {c.id for c in contacts if is_professional(c, sector_set)}

    per_sector = dict.fromkeys(sector_set.keys if sector_set else (), 0)
    for contact in contacts:
        per_sector[contact.sector] = per_sector.get(contact.sector, 0) + 1

    valence = {str(v): 0 for v in Valence}
    for contact in contacts:
        valence[str(contact.valence)] += 1

    helpers = {
        str(kind): [c.id for c in contacts if kind in c.support_kinds and can_help(c)]
        for kind in SupportKind
    }
    inner = [c for c in contacts if inner_ring(c, document.rings)]
    degrees = sorted(g.degree, key=lambda item: (-item[1], item[0]))

    figures = Figures(
        contacts=len(contacts),
        per_sector=per_sector,
        private=len(contacts) - len(professional_ids),
        professional=len(professional_ids),
        valence=valence,
        ties=g.number_of_edges(),
        conflicts=sum(1 for t in document.ties if t.kind == TieKind.CONFLICT),
        density=nx.density(g) if len(contacts) > 1 else 0.0,
        components=nx.number_connected_components(g) if contacts else 0,
        without_ties=[c.id for c in contacts if g.degree(c.id) == 0],
        most_connected=[(node, degree) for node, degree in degrees[:3] if degree > 0],
        helpers=helpers,
        inner_ring=[c.id for c in inner],
    )
    figures.warnings = _warnings(document, sector_set, figures, inner, professional_ids)
    return figures


def _warnings(document, sector_set, figures: Figures, inner, professional_ids) -> list[WarningSign]:
    signs: list[WarningSign] = []
    if inner and all(c.id in professional_ids for c in inner):
        signs.append(
            WarningSign(
                "only_professionals_inner",
                gettext("Only professionals are in the inner ring."),
                contact_ids=tuple(c.id for c in inner),
            )
        )
    emotional = figures.helpers[str(SupportKind.EMOTIONAL)]
    if document.contacts and not emotional:
        signs.append(
            WarningSign("no_emotional_supporter", gettext("No one gives emotional support."))
        )
    elif len(emotional) == 1:
        signs.append(
            WarningSign(
                "single_emotional_supporter",
                gettext("Only one person gives emotional support."),
                contact_ids=tuple(emotional),
            )
        )
    empty = tuple(key for key, count in figures.per_sector.items() if count == 0)
    if sector_set is not None and empty:
        labels = ", ".join(
            sector_set.sector(key).label() for key in empty if sector_set.sector(key)
        )
        signs.append(
            WarningSign(
                "empty_sectors",
                ngettext(
                    "No one in this sector: %(sectors)s.",
                    "No one in these sectors: %(sectors)s.",
                    len(empty),
                )
                % {"sectors": labels},
                sector_keys=empty,
            )
        )
    negative = tuple(c.id for c in inner if c.valence == Valence.NEGATIVE)
    if negative:
        signs.append(
            WarningSign(
                "negative_inner",
                ngettext(
                    "A negative relation is in the inner ring.",
                    "%(count)d negative relations are in the inner ring.",
                    len(negative),
                )
                % {"count": len(negative)},
                contact_ids=negative,
            )
        )
    return signs
