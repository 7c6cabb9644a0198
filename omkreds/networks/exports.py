"""Export a map as GraphML, CSV or JSON; import GraphML or JSON back into a validated document.

Shared exports (`shared=True`, for anyone but the case worker) are made from
`schema.shareable`: people with a safety marker, their lines, addresses and notes are never in
them. Imports are untrusted: size-capped, parsed by the standard library's XML parser (which
does not fetch external entities), and validated by the same model as every save.
"""

import io
import json
import re
from typing import Any
from xml.etree.ElementTree import ParseError

import networkx as nx
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext

from omkreds.lib import spreadsheet
from omkreds.networks import geometry, tables
from omkreds.networks.schema import (
    ID_PATTERN,
    Contact,
    DocumentInvalid,
    MapDocument,
    new_id,
    parse_document,
    shareable,
)
from omkreds.networks.sectors import SectorSetDef

MAX_IMPORT_BYTES = 5 * 1024 * 1024

# Contact fields in export order. Lists are written comma-separated.
CONTACT_FIELDS = list(Contact.model_fields)
_LIST_FIELDS = {"support_kinds", "signs"}


def _prepare(document: MapDocument, shared: bool) -> MapDocument:
    return shareable(document) if shared else document


def _fields(shared: bool) -> list[str]:
    hidden = ("safety_marker", "note_internal", "address", "note") if shared else ()
    return [f for f in CONTACT_FIELDS if f not in hidden]


# --- GraphML --------------------------------------------------------------------------------


def to_graphml(document: MapDocument, *, shared: bool = False) -> str:
    document = _prepare(document, shared)
    frame = geometry.Frame()
    g = nx.Graph(
        sector_set=document.sector_set,
        rings=document.rings,
        schema_version=document.schema_version,
        note=document.note,
    )
    fields = _fields(shared)
    for contact in document.contacts:
        data = contact.model_dump(mode="json")
        attrs: dict[str, Any] = {}
        for name in fields:
            if name == "id":
                continue
            value = data[name]
            if value is None:
                continue  # GraphML has no null; a missing attribute reads back as None
            attrs[name] = ",".join(value) if name in _LIST_FIELDS else value
        x, y = frame.to_xy(contact.closeness, contact.angle)
        attrs["x"], attrs["y"] = round(x, 2), round(y, 2)
        g.add_node(contact.id, **attrs)
    for tie in document.ties:
        marked = {"colour": tie.colour} if tie.colour else {}
        if tie.signs:
            marked["signs"] = ",".join(tie.signs)
        g.add_edge(tie.a, tie.b, kind=str(tie.kind), note=tie.note, **marked)
    return "\n".join(nx.generate_graphml(g, encoding="utf-8", prettyprint=True))


def _cap(data: bytes | str) -> bytes:
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > MAX_IMPORT_BYTES:
        raise DocumentInvalid.single(
            gettext("The file is too large; a network map file is at most 5 MB.")
        )
    return raw


def from_graphml(data: bytes | str, *, sector_set: SectorSetDef | None = None) -> MapDocument:
    document = graphml_data(data)
    if sector_set is not None:
        document.setdefault("sector_set", sector_set.key)
    return parse_document(document, sector_set=sector_set)


def graphml_data(data: bytes | str) -> dict[str, Any]:
    """The map document in a GraphML file Omkreds wrote, not yet validated."""
    raw = _cap(data)
    # defusedxml reads the file first: entities are refused before networkx's parser runs.
    _refuse_duplicate_nodes(raw)
    try:
        g = nx.read_graphml(io.BytesIO(raw), node_type=str)
    except (ParseError, nx.NetworkXError, KeyError, ValueError, TypeError, IndexError):
        raise DocumentInvalid.single(
            gettext("This file could not be read as GraphML. Export it again and retry.")
        ) from None

    frame = geometry.Frame()
    ids: dict[str, str] = {}
    contacts: list[dict[str, Any]] = []
    for node, attrs in g.nodes(data=True):
        contact: dict[str, Any] = {}
        for name, value in attrs.items():
            if name in _LIST_FIELDS:
                contact[name] = [part.strip() for part in str(value).split(",") if part.strip()]
            elif name in Contact.model_fields and name != "id":
                contact[name] = value
        node_id = str(node)
        contact["id"] = node_id if _valid_id(node_id) else new_id()
        ids[node_id] = contact["id"]
        contact.setdefault("name", attrs.get("label", node_id))
        if "closeness" not in contact and "x" in attrs and "y" in attrs:
            try:
                closeness, angle = frame.from_xy(float(attrs["x"]), float(attrs["y"]))
            except (TypeError, ValueError):
                pass
            else:
                contact["closeness"] = round(closeness, 4)
                contact.setdefault("angle", round(angle, 2))
        contacts.append(contact)

    ties = []
    for a, b, attrs in g.edges(data=True):
        tie = {"a": ids[str(a)], "b": ids[str(b)]}
        for name in ("kind", "note", "colour"):
            if name in attrs:
                tie[name] = attrs[name]
        if "signs" in attrs:
            tie["signs"] = [part.strip() for part in str(attrs["signs"]).split(",") if part.strip()]
        ties.append(tie)

    document: dict[str, Any] = {"contacts": contacts, "ties": ties}
    for name in ("sector_set", "rings", "schema_version", "note"):
        if name in g.graph:
            document[name] = g.graph[name]
    return document


def _refuse_duplicate_nodes(raw: bytes) -> None:
    """networkx merges nodes that share an id; here that would silently lose a person."""
    seen: set[str] = set()
    try:
        for _event, element in iterparse(io.BytesIO(raw)):
            if element.tag.rsplit("}", 1)[-1] == "node":
                node_id = element.get("id", "")
                if node_id in seen:
                    raise DocumentInvalid.single(
                        gettext("Two people in the file have the same id: %(id)s.")
                        % {"id": node_id[:60]},
                        "contacts",
                    )
                seen.add(node_id)
            element.clear()
    except (ParseError, ValueError):  # defusedxml's refusals are ValueErrors
        raise DocumentInvalid.single(
            gettext("This file could not be read as GraphML. Export it again and retry.")
        ) from None


def _valid_id(value: str) -> bool:
    return bool(re.match(ID_PATTERN, value))


# --- JSON -----------------------------------------------------------------------------------


def to_json(document: MapDocument, *, shared: bool = False) -> str:
    return json.dumps(
        _prepare(document, shared).model_dump(mode="json"), ensure_ascii=False, indent=2
    )


def from_json(data: bytes | str, *, sector_set: SectorSetDef | None = None) -> MapDocument:
    raw = _cap(data)
    try:
        parsed = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise DocumentInvalid.single(
            gettext("This file is not valid JSON. Export it again and retry.")
        ) from None
    return parse_document(parsed, sector_set=sector_set)


# --- CSV (the tables themselves are networks/tables.py) ------------------------------------


def contacts_csv(
    document: MapDocument, sector_set: SectorSetDef | None = None, *, shared: bool = False
) -> str:
    return spreadsheet.csv_text(tables.contacts_sheet(document, sector_set, shared=shared))


def ties_csv(document: MapDocument, *, shared: bool = False) -> str:
    return spreadsheet.csv_text(tables.ties_sheet(document, shared=shared))


def map_xlsx(
    document: MapDocument, sector_set: SectorSetDef | None = None, *, shared: bool = False
) -> bytes:
    """People and lines as two sheets of one workbook."""
    return spreadsheet.xlsx_bytes(
        tables.contacts_sheet(document, sector_set, shared=shared),
        tables.ties_sheet(document, shared=shared),
    )
