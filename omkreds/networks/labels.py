"""Where names go on the map so that no name covers a person or another name.

The editor's editor/placement.js does the same; keep the two in step. Names are placed one
person after another in the document's order, each on the first side (below, above, right,
left) where it meets no person's target and no name placed before it; below when no side is
free. Deterministic: the same map always gives the same places, in the editor, the SVG, the
PNG and the PDF. Sizes are map units (the SVG's user units).
"""

from collections.abc import Sequence
from dataclasses import dataclass

SIDES = ("below", "above", "right", "left")
# A name on the map is cut to this many characters (the whole name is in its description).
MAX_CHARS = 24

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Sizes:
    hit: float = 26.0  # half the side of a person's target box
    name: float = 14.0  # font size of a name
    name_y: float = 34.0  # baseline of a name below the person
    gap: float = 18.0  # from a person's centre to the edge of their shape, and air


@dataclass(frozen=True)
class Person:
    id: str
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Placed:
    side: str
    box: Box
    x: float  # where the text goes, relative to the person
    y: float
    anchor: str


def short(text: str, limit: int = MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    # Do not leave a joiner dangling at the cut (emoji sequences).
    return text[: limit - 1].rstrip("\u200d") + "…"


def label_text(contact) -> str:
    """The name as the map writes it: a cross after the deceased, cut to MAX_CHARS."""
    return short(contact.name + (" †" if contact.type == "deceased" else ""))


def meets(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def target_box(x: float, y: float, sizes: Sizes) -> Box:
    return (x - sizes.hit, y - sizes.hit, x + sizes.hit, y + sizes.hit)


def name_box(x: float, y: float, text: str, side: str, sizes: Sizes) -> Box:
    # About 0.56 em a character for the map's sans-serif, with a little air.
    n = sizes.name
    width = min(len(text), MAX_CHARS) * n * 0.56 + 4
    if side == "below":
        return (
            x - width / 2,
            y + sizes.name_y - n * 0.9,
            x + width / 2,
            y + sizes.name_y + n * 0.3,
        )
    if side == "above":
        return (x - width / 2, y - sizes.gap - n * 1.2, x + width / 2, y - sizes.gap)
    if side == "right":
        return (x + sizes.gap, y - n * 0.6, x + sizes.gap + width, y + n * 0.6)
    return (x - sizes.gap - width, y - n * 0.6, x - sizes.gap, y + n * 0.6)


def name_at(side: str, sizes: Sizes) -> tuple[float, float, str]:
    """x, y (baseline) and text-anchor of a name on `side`, relative to the person."""
    n = sizes.name
    if side == "above":
        return 0.0, -sizes.gap - n * 0.3, "middle"
    if side == "right":
        return sizes.gap + 2, n * 0.35, "start"
    if side == "left":
        return -sizes.gap - 2, n * 0.35, "end"
    return 0.0, sizes.name_y, "middle"


def place_names(people: Sequence[Person], sizes: Sizes = Sizes()) -> dict[str, Placed]:
    targets = [target_box(p.x, p.y, sizes) for p in people]
    # A coarse grid keeps this fast on a 500-person map: a box only meets boxes in its cells.
    grid = _Grid(cell=4 * (sizes.hit + sizes.name))
    for index, box in enumerate(targets):
        grid.add(box, ("target", index))
    placed: dict[str, Placed] = {}
    for index, p in enumerate(people):
        chosen = None
        for side in SIDES:
            box = name_box(p.x, p.y, p.text, side, sizes)
            if not any(key != ("target", index) for key in grid.meeting(box)):
                chosen = side, box
                break
        side, box = chosen or ("below", name_box(p.x, p.y, p.text, "below", sizes))
        grid.add(box, ("name", index))
        x, y, anchor = name_at(side, sizes)
        placed[p.id] = Placed(side, box, x, y, anchor)
    return placed


def overlaps(people: Sequence[Person], placed: dict[str, Placed], sizes: Sizes = Sizes()):
    """Pairs of names that meet, and names that meet another person's target."""
    names = [(p.id, placed[p.id].box) for p in people]
    targets = [(p.id, target_box(p.x, p.y, sizes)) for p in people]
    name_pairs = sum(
        1 for i, (_a, x) in enumerate(names) for _b, y in names[i + 1 :] if meets(x, y)
    )
    on_people = sum(1 for a, x in names for b, y in targets if a != b and meets(x, y))
    return name_pairs, on_people


class _Grid:
    def __init__(self, cell: float):
        self.cell = cell
        self.cells: dict[tuple[int, int], list] = {}
        self.boxes: dict = {}

    def _cells(self, box: Box):
        c = self.cell
        for i in range(int(box[0] // c), int(box[2] // c) + 1):
            for j in range(int(box[1] // c), int(box[3] // c) + 1):
                yield i, j

    def add(self, box: Box, key) -> None:
        self.boxes[key] = box
        for cell in self._cells(box):
            self.cells.setdefault(cell, []).append(key)

    def meeting(self, box: Box):
        seen = set()
        for cell in self._cells(box):
            for key in self.cells.get(cell, ()):
                if key not in seen:
                    seen.add(key)
                    if meets(box, self.boxes[key]):
                        yield key
