// The map's geometry, the same as networks/geometry.py: closeness 0..1 from the citizen's disc
// to the outer edge, angle in degrees clockwise from the top, sectors as equal slices.

import { clamp } from "./util.js";

export function toXY(frame, closeness, angle) {
  const r = frame.r0 + closeness * (frame.radius - frame.r0);
  const theta = (angle * Math.PI) / 180;
  return [frame.cx + r * Math.sin(theta), frame.cy - r * Math.cos(theta)];
}

export function fromXY(frame, x, y) {
  const dx = x - frame.cx, dy = y - frame.cy;
  const r = Math.hypot(dx, dy);
  const angle = r ? (((Math.atan2(dx, -dy) * 180) / Math.PI) % 360 + 360) % 360 : 0;
  const closeness = clamp((r - frame.r0) / (frame.radius - frame.r0), 0, 1);
  return [closeness, angle];
}

export function zigzag(x1, y1, x2, y2, amplitude = 6, step = 12) {
  const length = Math.hypot(x2 - x1, y2 - y1);
  if (length < step * 2) return [[x1, y1], [x2, y2]];
  const ux = (x2 - x1) / length, uy = (y2 - y1) / length;
  const nx = -uy, ny = ux;
  const count = Math.floor(length / step);
  const points = [[x1, y1]];
  for (let k = 1; k < count; k++) {
    const t = (k * length) / count;
    const side = k % 2 ? amplitude : -amplitude;
    points.push([x1 + ux * t + nx * side, y1 + uy * t + ny * side]);
  }
  points.push([x2, y2]);
  return points;
}

// The editor's view of the geometry: its frame, its sector set, its rings.
export const Geometry = (Base) => class extends Base {
  toXY(closeness, angle) {
    return toXY(this.F, closeness, angle);
  }

  fromXY(x, y) {
    return fromXY(this.F, x, y);
  }

  sectorAt(angle) {
    const count = this.sectors.length;
    const index = Math.min(Math.floor((((angle % 360) + 360) % 360) / (360 / count)), count - 1);
    return this.sectors[index];
  }

  sectorSpan(key) {
    const index = Math.max(0, this.sectors.findIndex((s) => s.key === key));
    const width = 360 / this.sectors.length;
    return [index * width, (index + 1) * width];
  }

  ring(closeness) {
    const rings = this.doc.rings || 3;
    return Math.min(Math.floor(closeness * rings), rings - 1) + 1;
  }

  sectorLabel(key) {
    const sector = this.sectors.find((s) => s.key === key);
    return sector ? sector.label : key;
  }

  // `inverse`: the screen-to-map matrix kept for a drag. Asking the SVG for it after a person
  // moved forces the browser to lay the whole map out again, once per pointer event (on a
  // 500-person map that was most of each frame); a drag never changes the view (a second finger
  // ends it), so one matrix serves the whole drag.
  svgPoint(event, inverse = null) {
    const point = new DOMPoint(event.clientX, event.clientY);
    return point.matrixTransform(inverse || this.svg.getScreenCTM().inverse());
  }
};
