// Drawing the three layers that change (lines, wanted positions, people) from the map document,
// with the same shapes render.py draws. While dragging, only the dragged person's transform and
// their lines move; nothing else is redrawn.

import { zigzag } from "./geometry.js";
import { nameAt, placeNames } from "./placement.js";
import { el, fill, fmt, pairKey, short } from "./util.js";

export const CONTACT_RADIUS = 14;
export const VALENCE_STYLE = {
  positive: ["#1a7f37", "+", ""],
  negative: ["#cf222e", "\u2212", "5 3"],
  mixed: ["#8250df", "\u00b1", "8 3 2 3"],
  neutral: ["#57606a", "", "2 3"],
};
export const CONFLICT_COLOUR = "#cf222e";
export const TIE_COLOUR = "#6e7781";
export const SAFETY_COLOUR = "#bf3989";

// Sizes in map units as render.py draws them; at a tablet they grow so that on screen every
// person is a target of at least 44 CSS px and every name at least 16 px (see `measure`).
export const SIZES = { hit: 26, name: 14, nameY: 34, gap: 18, shape: 1 };
const TARGET_PX = 46;
const NAME_PX = 16.2;

export function sizesAt(scale, large) {
  if (!large || !(scale > 0)) return { ...SIZES };
  const hit = Math.max(SIZES.hit, TARGET_PX / 2 / scale);
  const name = Math.max(SIZES.name, NAME_PX / scale);
  // The person's shape grows with the target, up to 1.6 times.
  const shape = Math.min(1.6, hit / SIZES.hit);
  const gap = SIZES.gap * shape;
  return { hit, name, nameY: Math.max(SIZES.nameY, gap + name * 0.85), gap, shape };
}

export const Drawing = (Base) => class extends Base {
  // How many CSS px one map unit is now; the sizes follow it (after a resize or a zoom).
  measure() {
    const matrix = this.svg.getScreenCTM();
    const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
    const sizes = sizesAt(scale, this.large);
    const changed = !this.sizes || Math.abs(sizes.name - this.sizes.name) > 0.25;
    this.sizes = sizes;
    return changed;
  }

  contact(id) {
    return this.doc.contacts.find((c) => c.id === id);
  }

  describe(c) {
    const labels = this.config.labels;
    let text = fill(this.S.contactLabel, {
      name: c.name,
      sector: this.sectorLabel(c.sector),
      ring: this.ring(c.closeness),
      valence: labels.valence[c.valence] || c.valence,
    });
    if (c.type && c.type !== "person") text += `, ${labels.type[c.type]}`;
    if (c.relation) text += `, ${c.relation}`;
    if (c.trend && c.trend !== "steady") text += `, ${labels.trend[c.trend]}`;
    if (c.wanted_closeness !== null && c.wanted_closeness !== undefined) {
      if (c.wanted_closeness < c.closeness) text += `, ${this.S.wantsCloser}`;
      else if (c.wanted_closeness > c.closeness) text += `, ${this.S.wantsAway}`;
    }
    for (const word of this.markWords(c)) text += `, ${word}`;
    return text;
  }

  // Names beside people so that no name covers a person or another name (placement.js).
  nameSides() {
    const people = this.doc.contacts.map((c) => {
      const [x, y] = this.toXY(c.closeness, c.angle);
      return { id: c.id, x, y, text: short(this.nameOf(c)) };
    });
    return new Map([...placeNames(people, this.sizes)].map(([id, placed]) => [id, placed.side]));
  }

  relabel() {
    const sides = this.nameSides();
    const before = this.sides || new Map();
    this.sides = sides;
    for (const [id, side] of sides) {
      const node = this.contactNodes.get(id);
      if (node && before.get(id) !== side) this.placeName(node.querySelector("text.name"), side);
    }
  }

  placeName(text, side) {
    if (!text) return;
    const at = nameAt(side, this.sizes);
    text.setAttribute("x", fmt(at.x));
    text.setAttribute("y", fmt(at.y));
    text.setAttribute("text-anchor", at.anchor);
  }

  nameOf(c) {
    return c.name + (c.type === "deceased" ? " \u2020" : "");
  }

  redraw() {
    this.sides = this.nameSides();
    for (const layer of Object.values(this.layers)) layer.replaceChildren();
    this.contactNodes.clear();
    this.tieNodes.clear();
    this.ghostNodes.clear();
    for (const c of this.doc.contacts) this.drawContact(c);
    for (const t of this.doc.ties) this.drawTie(t);
    this.applySelection();
  }

  drawContact(c) {
    let group = this.contactNodes.get(c.id);
    if (!group) {
      group = el("g", { tabindex: "0", role: "button", "data-id": c.id, id: `contact-${c.id}` });
      this.layers.contacts.append(group);
      this.contactNodes.set(c.id, group);
    }
    const [colour, sign, dash] = VALENCE_STYLE[c.valence] || VALENCE_STYLE.neutral;
    const [x, y] = this.toXY(c.closeness, c.angle);
    group.setAttribute("class", `contact valence-${c.valence} type-${c.type} trend-${c.trend}`);
    group.setAttribute("transform", `translate(${fmt(x)} ${fmt(y)})`);
    group.setAttribute("aria-label", this.describe(c));
    group.dataset.sector = c.sector;
    const size = this.sizes;
    const children = [el("circle", { class: "hit", r: fmt(size.hit), fill: "transparent" })];
    if (c.trend && c.trend !== "steady") {
      const theta = (c.angle * Math.PI) / 180;
      const ux = Math.sin(theta), uy = -Math.cos(theta);
      const [start, end] = c.trend === "closer" ? [-20, -44] : [20, 44];
      children.push(el("line", {
        class: `trend trend-${c.trend}`, x1: fmt(ux * start), y1: fmt(uy * start),
        x2: fmt(ux * end), y2: fmt(uy * end), stroke: colour, "stroke-width": "3",
        "marker-end": `url(#arrow-${c.valence})`,
      }));
    }
    const [under, over] = this.contactMarks(c);
    children.push(...under);
    const fillColour = c.type === "deceased" ? "#d0d7de" : "#ffffff";
    const stroke = { stroke: colour, "stroke-width": "3", "stroke-dasharray": dash };
    const r = CONTACT_RADIUS;
    if (c.type === "pet") {
      children.push(el("rect", { class: "shape", x: -r, y: -r, width: 2 * r, height: 2 * r, rx: "6", fill: fillColour, ...stroke }));
    } else if (c.type === "group") {
      children.push(el("circle", { class: "shape", r: r + 4, fill: fillColour, ...stroke }));
      children.push(el("circle", { r: r - 3, fill: "none", stroke: colour, "stroke-width": "1.5" }));
    } else {
      children.push(el("circle", { class: "shape", r, fill: fillColour, ...stroke }));
    }
    children.push(...over);
    const photo = this.photoHref(c);
    if (photo) {
      // The photo in a circle inside the outline (render.py draws the same); the sign moves to a
      // badge. If the picture cannot be loaded, the person is drawn again with the shape only.
      const clip = `photo-clip-${c.id}`;
      const clipPath = el("clipPath", { id: clip });
      clipPath.append(el("circle", { r: fmt(CONTACT_RADIUS - 1.5) }));
      children.push(clipPath);
      const image = el("image", {
        class: "photo", href: photo, x: -r, y: -r, width: 2 * r, height: 2 * r,
        preserveAspectRatio: "xMidYMid slice", "clip-path": `url(#${clip})`,
      });
      image.addEventListener("error", () => {
        this.photoFailed.add(c.photo);
        if (this.contactNodes.get(c.id) === group) this.drawContact(c);
      }, { once: true });
      children.push(image);
      if (sign) {
        const badge = el("g", { class: "sign-badge", transform: "translate(11 11)" });
        badge.append(
          el("circle", { r: "8", fill: "#ffffff", stroke: colour, "stroke-width": "1.5" }),
          el("text", { class: "sign", "text-anchor": "middle", "dominant-baseline": "central", "font-size": "13", "font-weight": "700", fill: colour }, sign),
        );
        children.push(badge);
      }
    } else if (sign) {
      children.push(el("text", { class: "sign", "text-anchor": "middle", "dominant-baseline": "central", "font-size": "18", "font-weight": "700", fill: colour }, sign));
    }
    if (c.safety_marker && !this.config.together) {
      children.push(el("path", { class: "safety-marker", d: "M 10 -24 L 20 -8 L 0 -8 Z", fill: SAFETY_COLOUR }));
      children.push(el("text", { x: "10", y: "-11", "text-anchor": "middle", "font-size": "11", "font-weight": "700", fill: "#ffffff" }, "!"));
    }
    const label = el("text", {
      class: "name", "font-size": fmt(size.name), fill: "#24292f",
      stroke: "#ffffff", "stroke-width": "3", "paint-order": "stroke", "unicode-bidi": "plaintext",
    }, short(this.nameOf(c)));
    this.placeName(label, (this.sides && this.sides.get(c.id)) || "below");
    if (size.shape > 1) {
      // At a tablet the person is drawn larger; the target and the name keep their own sizes.
      const figure = el("g", { class: "figure", transform: `scale(${fmt(size.shape)})` });
      figure.append(...children.slice(1));
      group.replaceChildren(children[0], figure, label);
    } else {
      group.replaceChildren(...children, label);
    }
    this.drawGhost(c);
    return group;
  }

  photoHref(c) {
    // Only photos the server listed (none of a safety-marked person when others look on).
    if (!c.photo || !this.config.photoUrl || !this.photoKeys.has(c.photo)) return null;
    if (this.photoFailed.has(c.photo)) return null;
    return this.config.photoUrl.replace(this.config.photoPlaceholder, encodeURIComponent(c.photo));
  }

  drawGhost(c) {
    const old = this.ghostNodes.get(c.id);
    if (old) old.remove();
    this.ghostNodes.delete(c.id);
    if (c.wanted_closeness === null || c.wanted_closeness === undefined) return;
    if (Math.abs(c.wanted_closeness - c.closeness) < 1e-6) return;
    const colour = (VALENCE_STYLE[c.valence] || VALENCE_STYLE.neutral)[0];
    const [x1, y1] = this.toXY(c.closeness, c.angle);
    const [x2, y2] = this.toXY(c.wanted_closeness, c.angle);
    const ghost = el("g", { class: "wanted", "data-for": c.id });
    ghost.append(
      el("line", { x1: fmt(x1), y1: fmt(y1), x2: fmt(x2), y2: fmt(y2), stroke: colour, "stroke-width": "1", "stroke-dasharray": "2 3" }),
      el("circle", { cx: fmt(x2), cy: fmt(y2), r: CONTACT_RADIUS, fill: colour, "fill-opacity": "0.15", stroke: colour, "stroke-dasharray": "3 3" }),
    );
    this.layers.wanted.append(ghost);
    this.ghostNodes.set(c.id, ghost);
  }

  tiePoints(t, positions = null) {
    const at = (id) => {
      if (positions && positions.has(id)) return positions.get(id);
      const c = this.contact(id);
      return this.toXY(c.closeness, c.angle);
    };
    return [at(t.a), at(t.b)];
  }

  drawTie(t, positions = null) {
    const key = pairKey(t.a, t.b);
    let group = this.tieNodes.get(key);
    if (!group) {
      group = el("g", { class: "tie-group", "data-key": key });
      this.layers.ties.append(group);
      this.tieNodes.set(key, group);
    }
    const [[x1, y1], [x2, y2]] = this.tiePoints(t, positions);
    const hit = el("line", { class: "tie-hit", x1: fmt(x1), y1: fmt(y1), x2: fmt(x2), y2: fmt(y2), stroke: "transparent", "stroke-width": "14" });
    let line;
    const own = this.tieColour(t);
    if (t.kind === "conflict") {
      line = el("polyline", { class: "tie tie-conflict", points: zigzag(x1, y1, x2, y2).map(([x, y]) => `${fmt(x)},${fmt(y)}`).join(" "), fill: "none", stroke: own || CONFLICT_COLOUR, "stroke-width": own ? "3" : "2" });
    } else {
      line = el("line", { class: "tie tie-knows", x1: fmt(x1), y1: fmt(y1), x2: fmt(x2), y2: fmt(y2), fill: "none", stroke: own || TIE_COLOUR, "stroke-width": own ? "3" : "1.5" });
    }
    group.replaceChildren(hit, line, ...this.tieSigns(t, x1, y1, x2, y2));
  }

  // Move one person on screen while dragging: their transform and their lines, nothing else.
  moveOnScreen(id, closeness, angle) {
    const [x, y] = this.toXY(closeness, angle);
    this.contactNodes.get(id).setAttribute("transform", `translate(${fmt(x)} ${fmt(y)})`);
    const positions = new Map([[id, [x, y]]]);
    for (const t of this.doc.ties) {
      if (t.a === id || t.b === id) this.drawTie(t, positions);
    }
  }

  applySelection() {
    for (const [id, node] of this.contactNodes) {
      node.classList.toggle("selected", Boolean(this.selected && this.selected.kind === "contact" && this.selected.id === id));
      node.classList.toggle("tie-source", this.tieFrom === id);
      node.setAttribute("aria-pressed", this.selected && this.selected.id === id ? "true" : "false");
    }
    for (const [key, node] of this.tieNodes) {
      node.classList.toggle("selected", Boolean(this.selected && this.selected.kind === "tie" && this.selected.key === key));
    }
  }
};
