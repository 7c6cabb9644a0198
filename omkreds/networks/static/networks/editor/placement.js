// Where people and names go so that nothing covers anything else. Pure functions over map
// units, deterministic: the same map always gives the same places. networks/labels.py is the
// same for the SVG, PNG and PDF; keep the two in step.
//
// A person is a target box around them and a name beside them. Names are placed one person
// after another in the document's order, each on the first side (below, above, right, left)
// where it meets no target and no name placed before it; below when no side is free.
// A new person goes to the first spot of their sector (and middle ring) where their target
// meets no target or name and their own name has a free side; spots are tried from the
// sector's middle outwards, ring by ring.

import { toXY } from "./geometry.js";

export const SIDES = ["below", "above", "right", "left"];

export function meets(a, b) {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

export function targetBox(x, y, sizes) {
  return [x - sizes.hit, y - sizes.hit, x + sizes.hit, y + sizes.hit];
}

// A name's box on one side: about 0.56 em a character for the map's sans-serif, with air.
export function nameBox(x, y, text, side, sizes) {
  const n = sizes.name;
  const width = Math.min(Array.from(text).length, 24) * n * 0.56 + 4;
  if (side === "below") return [x - width / 2, y + sizes.nameY - n * 0.9, x + width / 2, y + sizes.nameY + n * 0.3];
  if (side === "above") return [x - width / 2, y - sizes.gap - n * 1.2, x + width / 2, y - sizes.gap];
  if (side === "right") return [x + sizes.gap, y - n * 0.6, x + sizes.gap + width, y + n * 0.6];
  return [x - sizes.gap - width, y - n * 0.6, x - sizes.gap, y + n * 0.6];
}

// Where the text goes for a side: x, y (baseline) and anchor, relative to the person.
export function nameAt(side, sizes) {
  const n = sizes.name;
  if (side === "above") return { x: 0, y: -sizes.gap - n * 0.3, anchor: "middle" };
  if (side === "right") return { x: sizes.gap + 2, y: n * 0.35, anchor: "start" };
  if (side === "left") return { x: -sizes.gap - 2, y: n * 0.35, anchor: "end" };
  return { x: 0, y: sizes.nameY, anchor: "middle" };
}

function free(box, boxes) {
  for (const other of boxes) if (meets(box, other)) return false;
  return true;
}

/** Sides for people [{id, x, y, text}] in order: Map id -> {side, box}. */
export function placeNames(people, sizes) {
  // A coarse grid keeps this fast on a 500-person map: a box only meets boxes in its cells.
  const grid = new Grid(4 * (sizes.hit + sizes.name));
  people.forEach((p, index) => grid.add(targetBox(p.x, p.y, sizes), index));
  const placed = new Map();
  people.forEach((p, index) => {
    let chosen = null;
    for (const side of SIDES) {
      const box = nameBox(p.x, p.y, p.text, side, sizes);
      if (!grid.meets(box, index)) {
        chosen = { side, box };
        break;
      }
    }
    chosen = chosen || { side: "below", box: nameBox(p.x, p.y, p.text, "below", sizes) };
    grid.add(chosen.box, -1);
    placed.set(p.id, chosen);
  });
  return placed;
}

class Grid {
  constructor(cell) {
    this.cell = cell;
    this.cells = new Map();
  }

  *keys(box) {
    const c = this.cell;
    for (let i = Math.floor(box[0] / c); i <= Math.floor(box[2] / c); i++) {
      for (let j = Math.floor(box[1] / c); j <= Math.floor(box[3] / c); j++) yield `${i},${j}`;
    }
  }

  add(box, owner) {
    for (const key of this.keys(box)) {
      if (!this.cells.has(key)) this.cells.set(key, []);
      this.cells.get(key).push([box, owner]);
    }
  }

  // Whether `box` meets any box in the grid other than the target of `owner`.
  meets(box, owner) {
    for (const key of this.keys(box)) {
      for (const [other, of] of this.cells.get(key) || []) {
        if (!(of === owner && of >= 0) && meets(box, other)) return true;
      }
    }
    return false;
  }
}

// Closeness values to try: the middle of the preferred ring, then around it, then the other
// rings from the nearest.
function closenessOrder(rings, preferred) {
  const order = [...Array(rings).keys()].sort((a, b) => Math.abs(a - preferred) - Math.abs(b - preferred) || a - b);
  const values = [];
  for (const ring of order) {
    for (const offset of [0.5, 0.35, 0.65, 0.2, 0.8, 0.08, 0.92]) values.push((ring + offset) / rings);
  }
  return values;
}

// Angles across [start, end) from the middle outwards, `step` map units apart at radius r.
function angleOrder(start, end, r, step) {
  const margin = Math.min(4, (end - start) / 4);
  const low = start + margin, high = end - margin, middle = (low + high) / 2;
  const degrees = Math.max(1, ((step / Math.max(r, 1)) * 180) / Math.PI);
  const angles = [middle];
  for (let k = 1; middle - k * degrees >= low || middle + k * degrees <= high; k++) {
    if (middle - k * degrees >= low) angles.push(middle - k * degrees);
    if (middle + k * degrees <= high) angles.push(middle + k * degrees);
  }
  return angles;
}

/**
 * A free spot for a person called `name` in the sector spanning [start, end) degrees.
 * `others` are [{id, closeness, angle, name}] of the people already on the map.
 * Returns {closeness, angle}; the least crowded spot when none is free.
 */
export function freeSpot({ frame, start, end, others, name, sizes, rings = 3, preferredRing = null }) {
  const people = others.map((c) => {
    const [x, y] = toXY(frame, c.closeness, c.angle);
    return { id: c.id, x, y, text: c.name };
  });
  const targets = people.map((p) => targetBox(p.x, p.y, sizes));
  const names = [...placeNames(people, sizes).values()].map((placed) => placed.box);
  const taken = [...targets, ...names];
  const preferred = preferredRing === null ? Math.floor(rings / 2) : preferredRing;
  let best = null;
  for (const closeness of closenessOrder(rings, preferred)) {
    const r = frame.r0 + closeness * (frame.radius - frame.r0);
    for (const angle of angleOrder(start, end, r, sizes.hit / 2)) {
      const [x, y] = toXY(frame, closeness, angle);
      const target = targetBox(x, y, sizes);
      let count = taken.filter((box) => meets(target, box)).length;
      if (count === 0 && SIDES.some((side) => free(nameBox(x, y, name, side, sizes), taken))) {
        return { closeness: round(closeness, 4), angle: round(angle, 2) };
      }
      count += 1;
      if (!best || count < best.count) best = { count, closeness, angle };
    }
  }
  return { closeness: round(best.closeness, 4), angle: round(best.angle, 2) };
}

function round(value, digits) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
