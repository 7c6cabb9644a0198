"""Read an uploaded file into a neutral `Source`, or recognise our own map document.

The kind of file is told by its content, not its name: a zip archive is an Excel workbook,
`<graphml>` or `<gexf>` is XML from a network tool, `{` is our JSON, anything else that reads
as text is a CSV. GraphML and GEXF are read by networkx, XLSX by openpyxl; every XML document
(the file itself, or each part of a workbook) is first parsed by defusedxml with DTDs and
entities forbidden, so no XML parser ever sees one.

Every refusal is a `DocumentInvalid` with one message a worker can act on; nothing is stored.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError, fromstring
from xml.parsers.expat import ExpatError

import networkx as nx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from networkx.readwrite.gexf import GEXFReader
from networkx.readwrite.graphml import GraphMLReader

from omkreds.networks.exports import MAX_IMPORT_BYTES, graphml_data
from omkreds.networks.schema import MAX_CONTACTS, DocumentInvalid

# Counting stops here: a file this long is refused with "more than …", not read to the end.
MAX_ROWS = 20_000
MAX_LINES = 50_000
# A workbook is a zip archive; its parts together may unpack to at most this much, and a part
# may not unpack to more than this many times its packed size (a zip bomb does).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 200
MAX_PARTS = 500
NC_NAMESPACE = "http://schema.networkcanvas.com/xmlns"
GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
# Attributes networkx adds from yEd's drawing that say nothing about a person.
_DRAWING_ONLY = {"shape_type", "viz"}
# What the pure-Python XMLParser under defusedxml sets to build a tree, element by element.
_TREE_HANDLERS = (
    "DefaultHandlerExpand",
    "StartElementHandler",
    "EndElementHandler",
    "StartNamespaceDeclHandler",
    "EndNamespaceDeclHandler",
    "CharacterDataHandler",
    "CommentHandler",
    "ProcessingInstructionHandler",
)

Value = str | int | float | bool


@dataclass
class Person:
    key: str  # the id in the file, or the row number of a spreadsheet
    where: str  # how a message points at them when they have no name: "row 7", "node n3"
    attrs: dict[str, Value]


@dataclass
class Line:
    a: str
    b: str
    attrs: dict[str, Value] = field(default_factory=dict)
    directed: bool = False


@dataclass
class Network:
    """One network in the file; a Network Canvas file may hold one per interview (ego)."""

    label: str
    ego: dict[str, Value] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    # What reading left out, and why (lines to people not in the file, a person's own loop).
    dropped: list[str] = field(default_factory=list)
    # Distinct values by attribute, worked out once a request (mapping.values_of); not stored.
    values: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class Source:
    kind: str  # graphml, gexf, csv, xlsx
    networks: list[Network]
    # Attributes of the people, in the order the file names them.
    attributes: list[str]

    def to_json(self) -> dict:
        # As dataclasses.asdict gives it, written out: asdict deep-copies every value on the way,
        # which is a tenth of a 500-person preview.
        return {
            "kind": self.kind,
            "networks": [
                {
                    "label": n.label,
                    "ego": dict(n.ego),
                    "people": [
                        {"key": p.key, "where": p.where, "attrs": dict(p.attrs)} for p in n.people
                    ],
                    "lines": [
                        {
                            "a": line.a,
                            "b": line.b,
                            "attrs": dict(line.attrs),
                            "directed": line.directed,
                        }
                        for line in n.lines
                    ],
                    "dropped": list(n.dropped),
                }
                for n in self.networks
            ],
            "attributes": list(self.attributes),
        }

    @classmethod
    def from_json(cls, data: dict) -> Source:
        networks = [
            Network(
                label=n["label"],
                ego=n["ego"],
                people=[Person(**p) for p in n["people"]],
                lines=[Line(**line) for line in n["lines"]],
                dropped=n["dropped"],
            )
            for n in data["networks"]
        ]
        return cls(kind=data["kind"], networks=networks, attributes=data["attributes"])


@dataclass
class OwnDocument:
    """A file Omkreds wrote itself: a map document, imported without a mapping step."""

    kind: str  # graphml, json
    data: Any


def refuse(message: str) -> DocumentInvalid:
    return DocumentInvalid.single(message)


def read_upload(raw: bytes) -> Source | OwnDocument:
    if len(raw) > MAX_IMPORT_BYTES:
        raise refuse(gettext("The file is too large; a network map file is at most 5 MB."))
    if not raw.strip():
        raise refuse(gettext("The file is empty."))
    if raw.startswith(b"PK\x03\x04"):
        return read_xlsx(raw)
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return read_xml(raw)
    if head in (b"{", b"["):
        return read_own_json(raw)
    return read_csv(raw)


def _too_many(count: int, *, more: bool = False) -> DocumentInvalid:
    numbers = {"count": number_format(count, force_grouping=True), "max": MAX_CONTACTS}
    if more:
        return refuse(
            gettext("The file has more than %(count)s people; a map can hold at most %(max)s.")
            % numbers
        )
    return refuse(
        gettext("The file has %(count)s people; a map can hold at most %(max)s.") % numbers
    )


def _check_size(networks: list[Network]) -> None:
    """Refuse when no network in the file fits on a map (one may, in a file of several)."""
    if networks and all(len(n.people) > MAX_CONTACTS for n in networks):
        raise _too_many(min(len(n.people) for n in networks))


def _attribute_order(networks: list[Network]) -> list[str]:
    seen: dict[str, None] = {}
    for network in networks:
        for person in network.people:
            for name in person.attrs:
                seen.setdefault(name, None)
    return list(seen)


def _scalar(value: Any) -> Value | None:
    if isinstance(value, bool | int | float | str):
        return value
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return None  # drawing data (dicts), lists: nothing a person's fields can hold


# --- JSON -----------------------------------------------------------------------------------


def read_own_json(raw: bytes) -> OwnDocument:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise refuse(gettext("This file is not valid JSON. Export it again and retry.")) from None
    return OwnDocument("json", data)


# --- XML: GraphML and GEXF ------------------------------------------------------------------


def _guard(raw: bytes) -> None:
    """defusedxml reads the whole document first and refuses a DTD, entities and external
    references. Only its guards are kept on the expat parser (no tree is built), so this pass
    runs at C speed; the tree is then built by the C parser from a document known to be safe."""
    guard = DefusedXMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    expat = guard.parser
    for handler in _TREE_HANDLERS:
        setattr(expat, handler, None)
    try:
        expat.Parse(raw, True)
    except DefusedXmlException:
        raise refuse(
            gettext(
                "The file declares a DTD or entities. Omkreds does not read those, for safety; "
                "export the file again without them."
            )
        ) from None
    except (ExpatError, ValueError):
        raise _malformed() from None


def _malformed() -> DocumentInvalid:
    return refuse(gettext("The file is not well-formed XML. Export it again and retry."))


def _safe_xml(raw: bytes) -> Element:
    _guard(raw)
    try:
        # Checked by defusedxml just above: no DTD, no entities, no external references.
        return fromstring(raw)  # noqa: S314  # nosec B314
    except (ParseError, ValueError):
        raise _malformed() from None


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_xml(raw: bytes) -> Source | OwnDocument:
    root = _safe_xml(raw)
    kind = _local(root.tag)
    if kind == "graphml":
        if root.tag == "graphml":  # no namespace: networkx would find no graph in it
            raw = raw.replace(b"<graphml", f'<graphml xmlns="{GRAPHML_NAMESPACE}"'.encode(), 1)
            root = _safe_xml(raw)
        return read_graphml(raw, root)
    if kind == "gexf":
        return read_gexf(root)
    raise refuse(
        gettext("This XML file is neither GraphML nor GEXF. Export the network in one of them.")
    )


def _unreadable(kind: str) -> DocumentInvalid:
    return refuse(
        gettext("This file could not be read as %(kind)s. Export it again and retry.")
        % {"kind": kind}
    )


def _declared(graph: Element, kind: str) -> tuple[list[str], set[tuple[str, str]]]:
    """Node ids in file order, refusing duplicates (networkx would merge them silently), and
    the (source, target) of every edge."""
    ids: list[str] = []
    seen: set[str] = set()
    ends: set[tuple[str, str]] = set()
    tag = graph.tag if isinstance(graph.tag, str) else ""
    namespace = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
    # Only nodes and edges, found by the C parser (not every data element through Python).
    for element in graph.iter(f"{namespace}node"):
        node_id = element.get("id")
        if node_id is None:
            raise _unreadable(kind)
        if node_id in seen:
            raise refuse(
                gettext("Two people in the file have the same id: %(id)s.") % {"id": node_id[:60]}
            )
        seen.add(node_id)
        ids.append(node_id)
        if len(ids) > MAX_ROWS:
            raise _too_many(MAX_ROWS, more=True)
    for element in graph.iter(f"{namespace}edge"):
        ends.add((element.get("source") or "", element.get("target") or ""))
        if len(ends) > MAX_LINES:
            raise refuse(gettext("The file has too many lines between people."))
    return ids, ends


def _network_from_graph(g: nx.Graph, ids: list[str], label: str, ego: dict[str, Value]) -> Network:
    known = set(ids)
    node_default = g.graph.get("node_default", {})
    people = []
    where = gettext("node %(id)s")  # translated once, not once a person
    for node_id in ids:
        attrs: dict[str, Value] = {}
        for name, value in {**node_default, **g.nodes[node_id]}.items():
            scalar = _scalar(value)
            if scalar is not None and name not in _DRAWING_ONLY:
                attrs[str(name)] = scalar
        people.append(Person(key=node_id, where=where % {"id": node_id[:60]}, attrs=attrs))
    network = Network(label=label, ego=ego, people=people)
    directed = g.is_directed()
    for a, b, data in g.edges(data=True):
        a, b = str(a), str(b)
        if a not in known or b not in known:
            missing = b if a in known else a
            network.dropped.append(
                gettext("A line names %(id)s, who is not in the file.") % {"id": missing[:60]}
            )
            continue
        attrs = {}
        for name, value in data.items():
            scalar = _scalar(value)
            if scalar is not None and name not in ("id", "key"):
                attrs[str(name)] = scalar
        network.lines.append(Line(a=a, b=b, attrs=attrs, directed=directed))
    return network


def _ego_label(number: int, ego: dict[str, Value], graph_id: str | None, people: int) -> str:
    by_key = {key.lower().split(":")[-1]: value for key, value in ego.items()}
    name = next(
        (str(by_key[k]) for k in ("name", "ego_name", "label", "caseid") if by_key.get(k)), None
    )
    title = name or graph_id or gettext("Network %(number)d") % {"number": number}
    return ngettext("%(title)s (%(count)d person)", "%(title)s (%(count)d people)", people) % {
        "title": title,
        "count": people,
    }


def read_graphml(raw: bytes, root: Element) -> Source | OwnDocument:
    reader = GraphMLReader(node_type=str)
    graph_tag = f"{{{reader.NS_GRAPHML}}}graph"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            keys, defaults = reader.find_graphml_keys(root)
    except (nx.NetworkXError, KeyError, ValueError, TypeError, AttributeError):
        raise _unreadable("GraphML") from None
    if any(k["for"] == "graph" and k["name"] == "schema_version" for k in keys.values()):
        return OwnDocument("graphml", graphml_data(raw))

    file_ego = {
        f"nc:{_local(name)}": value
        for name, value in root.attrib.items()
        if name.startswith(f"{{{NC_NAMESPACE}}}")
    }
    graphs = root.findall(graph_tag)
    if not graphs:
        raise refuse(gettext("The GraphML file holds no network."))
    networks = []
    for number, graph_xml in enumerate(graphs, start=1):
        ids, _ends = _declared(graph_xml, "GraphML")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # A reader per graph: it remembers edge ids and multi-edges between calls.
                g = GraphMLReader(node_type=str).make_graph(graph_xml, keys, defaults)
        except (nx.NetworkXError, KeyError, ValueError, TypeError, AttributeError):
            raise _unreadable("GraphML") from None
        ego = {**file_ego}
        ego.update(
            {
                f"nc:{_local(name)}": value
                for name, value in graph_xml.attrib.items()
                if name.startswith(f"{{{NC_NAMESPACE}}}")
            }
        )
        for name, value in g.graph.items():
            scalar = _scalar(value)
            if scalar is not None and name not in ("node_default", "edge_default"):
                ego[str(name)] = scalar
        label = _ego_label(number, ego, graph_xml.get("id"), len(ids))
        networks.append(_network_from_graph(g, ids, label, ego))
    _check_size(networks)
    return Source("graphml", networks, _attribute_order(networks))


def read_gexf(root: Element) -> Source:
    reader = GEXFReader(node_type=str)
    reader.xml = root
    try:
        graph_xml = root.find(f"{{{reader.NS_GEXF}}}graph")
        for version in reader.versions if graph_xml is None else ():
            reader.set_version(version)
            graph_xml = root.find(f"{{{reader.NS_GEXF}}}graph")
            if graph_xml is not None:
                break
        if graph_xml is None:
            raise refuse(gettext("The GEXF file holds no network."))
        ids, _ends = _declared(graph_xml, "GEXF")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            g = reader.make_graph(graph_xml, meta_xml=root.find(f"{{{reader.NS_GEXF}}}meta"))
    except (nx.NetworkXError, KeyError, ValueError, TypeError, AttributeError):
        raise _unreadable("GEXF") from None
    ego = {
        str(k): v
        for k, v in g.graph.items()
        if _scalar(v) is not None and k not in ("node_default", "edge_default", "mode")
    }
    network = _network_from_graph(g, ids, "GEXF", ego)
    _check_size([network])
    return Source("gexf", [network], _attribute_order([network]))


# --- Tables: CSV and XLSX -------------------------------------------------------------------


def _table(rows, kind: str) -> Source:
    """People from rows: the first row with anything in it names the columns."""
    header: list[str] | None = None
    people: list[Person] = []
    at_row = gettext("row %(number)d")  # translated once, not once a row
    for number, row in enumerate(rows, start=1):
        cells = ["" if c is None else c for c in row]
        if not any(str(c).strip() for c in cells):
            continue  # empty rows between and after the data
        if header is None:
            header = _column_names(cells)
            continue
        if len(people) >= MAX_ROWS:
            raise _too_many(MAX_ROWS, more=True)
        attrs: dict[str, Value] = {}
        for name, value in zip(header, cells, strict=False):
            scalar = _scalar(value.strip() if isinstance(value, str) else value)
            if scalar is not None and scalar != "":
                attrs[name] = scalar
        people.append(Person(key=f"row{number}", where=at_row % {"number": number}, attrs=attrs))
    if header is None or not people:
        raise refuse(gettext("The file has no rows of people under a row of column names."))
    network = Network(label=kind.upper(), people=people)
    _check_size([network])
    return Source(kind, [network], header)


def _column_names(cells: list[Any]) -> list[str]:
    names: list[str] = []
    for number, cell in enumerate(cells, start=1):
        name = str(cell).strip()[:60] or gettext("column %(number)d") % {"number": number}
        base, copy = name, 1
        while name in names:
            copy += 1
            name = f"{base} ({copy})"
        names.append(name)
    return names


def _decode(raw: bytes) -> str:
    """Text as Excel and other tools save it: UTF-8 (with or without a BOM), Windows-1252, or
    UTF-16 with a byte-order mark (Excel's "Unicode text", separated by tabs)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _not_a_table() from None
        if "\x00" in text:
            raise _not_a_table()
        return text
    if b"\x00" in raw:
        raise _not_a_table()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_a_table() from None


def _not_a_table() -> DocumentInvalid:
    return refuse(
        gettext(
            "This file is not one Omkreds can read. Choose a GraphML, GEXF, JSON, CSV or "
            "Excel (.xlsx) file."
        )
    )


def read_csv(raw: bytes) -> Source:
    text = _decode(raw)
    first = next((line for line in text.splitlines() if line.strip()), "")
    # Danish and Swedish Excel separate with semicolons, because the comma is the decimal mark.
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        delimiter = ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise _not_a_table() from None
    return _table(rows, "csv")


def _check_archive(raw: bytes) -> None:
    """Refuse zip bombs and XML with DTDs or entities before openpyxl opens the workbook."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _not_a_table() from None
    if len(infos) > MAX_PARTS:
        raise _bomb()
    unpacked = 0
    for info in infos:
        if info.file_size > MAX_UNPACKED_BYTES or info.file_size > MAX_RATIO * max(
            info.compress_size, 1024
        ):
            raise _bomb()
        try:
            with archive.open(info) as part:
                # Read no more than the part claims: a lying header cannot make us unpack more.
                data = part.read(info.file_size + 1)
        except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, RuntimeError):
            raise _not_a_table() from None
        unpacked += len(data)
        if len(data) > info.file_size or unpacked > MAX_UNPACKED_BYTES:
            raise _bomb()
        if info.filename.endswith((".xml", ".rels", ".vml")):
            _guard(data)


def _bomb() -> DocumentInvalid:
    return refuse(
        gettext(
            "This workbook unpacks to far more than a network could need, so it was not "
            "opened. Save the sheet again as a plain .xlsx or CSV file."
        )
    )


def read_xlsx(raw: bytes) -> Source:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_archive(raw)
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise _not_a_table() from None
    try:
        sheet = workbook.worksheets[0]
        return _table(sheet.iter_rows(values_only=True), "xlsx")
    except DocumentInvalid:
        raise
    except (KeyError, ValueError, TypeError, AttributeError, IndexError):
        raise _not_a_table() from None
    finally:
        workbook.close()
