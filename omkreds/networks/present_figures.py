"""The map's figures as people read them: beside the editor, on the figures page, in the API.

Figures are computed from the copy the reader may see (`present.MapCopy`: the shared copy for
professionals under a consent), so a safety-marked person is never counted where they cannot be
seen, in any version. Over time,
the same figures are given per version, oldest first, with a small line per figure.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from django.utils.translation import gettext

from omkreds.networks import present
from omkreds.networks.figures import Figures, compute_figures
from omkreds.networks.geometry import fmt
from omkreds.networks.models import MapVersion
from omkreds.networks.schema import MapDocument, SupportKind, Valence

# How many versions the "over time" table shows (the newest ones).
OVER_TIME_LIMIT = 24


def figures_of(
    document: MapDocument, citizen, copy: present.MapCopy
) -> tuple[Figures, dict[str, Any]]:
    """The figures of one version as `copy` shows it, and the same with names and labels for
    people to read."""
    shown = copy.show(document)
    sector_set = present.sector_set_of(shown, citizen)
    figures = compute_figures(shown, sector_set)
    names = {c.id: c.name for c in shown.contacts}

    def sector_label(key: str) -> str:
        sector = sector_set.sector(key) if sector_set else None
        return sector.label() if sector else key

    readable = {
        "contacts": figures.contacts,
        "private": figures.private,
        "professional": figures.professional,
        "per_sector": [
            {"key": key, "label": sector_label(key), "count": count}
            for key, count in figures.per_sector.items()
        ],
        "valence": [
            {"key": str(v), "label": str(v.label), "count": figures.valence[str(v)]}
            for v in Valence
        ],
        "ties": figures.ties,
        "conflicts": figures.conflicts,
        "density": round(figures.density, 3),
        "components": figures.components,
        "without_ties": [names[i] for i in figures.without_ties],
        "most_connected": [{"name": names[i], "ties": n} for i, n in figures.most_connected],
        "helpers": [
            {
                "key": str(kind),
                "label": str(kind.label),
                "names": [names[i] for i in figures.helpers[str(kind)]],
            }
            for kind in SupportKind
        ],
        "inner_ring": [names[i] for i in figures.inner_ring],
        "warnings": [
            {
                "code": w.code,
                "message": w.message,
                "names": [names[i] for i in w.contact_ids if i in names],
            }
            for w in figures.warnings
        ],
    }
    return figures, readable


def _series() -> list[tuple[str, str]]:
    """(key, heading) of the figures followed over time."""
    return [
        ("contacts", gettext("People")),
        ("private", gettext("Private")),
        ("professional", gettext("Professional")),
        ("positive", gettext("Positive")),
        ("negative", gettext("Negative")),
        ("ties", gettext("Lines")),
        ("without_ties", gettext("Without lines")),
        ("warnings", gettext("Warning signs")),
    ]


def _row(version: MapVersion, figures: Figures) -> dict[str, Any]:
    return {
        "number": version.number,
        "created_at": version.created_at,
        "contacts": figures.contacts,
        "private": figures.private,
        "professional": figures.professional,
        "positive": figures.valence[str(Valence.POSITIVE)],
        "negative": figures.valence[str(Valence.NEGATIVE)],
        "ties": figures.ties,
        "density": round(figures.density, 3),
        "without_ties": len(figures.without_ties),
        "warnings": len(figures.warnings),
    }


def over_time(
    citizen, copy: present.MapCopy, *, limit: int = OVER_TIME_LIMIT, agreed: dict | None = None
) -> dict[str, Any]:
    """The figures of the newest `limit` versions, oldest first (and newest first for a table),
    with a line per figure. With `agreed` (number -> mark), only those versions."""
    versions = MapVersion.objects.filter(map__citizen=citizen)
    if agreed is not None:
        versions = versions.filter(number__in=list(agreed))
    newest = list(
        versions.only("map", "number", "created_at", "document").order_by("-number")[:limit]
    )
    rows = [
        _row(version, figures_of(version.parsed(), citizen, copy)[0])
        for version in reversed(newest)
    ]
    for row in rows:
        mark = (agreed or {}).get(row["number"])
        row["agreed_on"] = mark.agreed_on if mark else None
    series = [
        {"key": key, "heading": heading, "values": [row[key] for row in rows]}
        for key, heading in _series()
    ]
    for item in series:
        item["sparkline"] = sparkline(item["values"])
        # The table reads newest first, so the latest figures are in view; the line runs on in time.
        item["newest_first"] = item["values"][::-1]
    return {"rows": rows, "newest_first": rows[::-1], "series": series}


def sparkline(values: list[float], *, width: int = 120, height: int = 28) -> str:
    """A small line of the values, for the eye only: the table beside it holds the numbers."""
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} {height}",
            "width": str(width),
            "height": str(height),
            "class": "sparkline",
            "aria-hidden": "true",
            "focusable": "false",
        },
    )
    if not values:
        return ET.tostring(root, encoding="unicode")
    low, high = min(values), max(values)
    span = (high - low) or 1
    step = (width - 4) / max(len(values) - 1, 1)

    def point(index: int, value: float) -> tuple[float, float]:
        x = 2 + index * step if len(values) > 1 else width / 2
        y = height - 3 - (value - low) / span * (height - 6)
        return x, y

    points = [point(i, v) for i, v in enumerate(values)]
    ET.SubElement(
        root,
        "polyline",
        {
            "points": " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points),
            "fill": "none",
            "stroke": "currentColor",
            "stroke-width": "2",
        },
    )
    x, y = points[-1]
    ET.SubElement(root, "circle", {"cx": fmt(x), "cy": fmt(y), "r": "3", "fill": "currentColor"})
    return ET.tostring(root, encoding="unicode")
