// The citizen's own marks (marks.py): a colour as a ring around a person or as the colour of a
// line, and up to three signs on badges beside a person or in the middle of a line. Drawn as
// render.py draws them; chosen in the panels with ordinary radio buttons and checkboxes, so
// mouse, touch and keyboard all work the same.

import { el, fmt } from "./util.js";

const INK = "#24292f";
const BADGE = 10;
// Beside a person, on their left (the safety marker is top right, a photo's badge bottom right).
const SPOTS = [[-21, -17], [-27, 4], [-18, 24]];

function signNode(paths, key, x, y, extraClass = "") {
  const group = el("g", { class: `mark-sign sign-${key}${extraClass}`, transform: `translate(${fmt(x)} ${fmt(y)})` });
  const inner = el("g", { transform: "scale(0.82)" });
  for (const [d, ink] of paths) inner.append(el("path", { d, fill: ink ? INK : "#ffffff" }));
  group.append(el("circle", { r: BADGE, fill: "#ffffff", stroke: INK, "stroke-width": "1.5" }), inner);
  return group;
}

export const Marks = (Base) => class extends Base {
  get M() {
    return this.config.marks;
  }

  // [under the shape, over it] for a person.
  contactMarks(c) {
    const under = [];
    if (c.colour && this.M.colours[c.colour]) {
      under.push(el("circle", { class: `mark-colour colour-${c.colour}`, r: "19", fill: "none", stroke: this.M.colours[c.colour], "stroke-width": "5" }));
    }
    const over = (c.signs || []).slice(0, SPOTS.length).filter((k) => this.M.signs[k])
      .map((k, i) => signNode(this.M.signs[k], k, ...SPOTS[i]));
    return [under, over];
  }

  tieColour(t) {
    return t.colour ? this.M.colours[t.colour] : null;
  }

  tieSigns(t, x1, y1, x2, y2) {
    const signs = (t.signs || []).filter((k) => this.M.signs[k]);
    const first = -(signs.length - 1) * BADGE * 1.1;
    const mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
    return signs.map((k, i) => signNode(this.M.signs[k], k, mx + first + i * BADGE * 2.2, my, " tie-sign"));
  }

  markWords(item) {
    return [item.colour, ...(item.signs || [])].filter((k) => k && this.M.labels[k]).map((k) => this.M.labels[k]);
  }

  // The panel's colour and sign choices follow the selected person or line.
  fillMarks(form, prefix, item) {
    const colour = form.elements[`${prefix}-colour`];
    if (colour) colour.value = item.colour || "";
    for (const box of form.querySelectorAll(`input[name="${prefix}-signs"]`)) box.checked = (item.signs || []).includes(box.value);
    this.limitSigns(form, prefix);
  }

  readMarks(form, prefix, name) {
    if (name === "colour") return form.elements[`${prefix}-colour`].value || null;
    return [...form.querySelectorAll(`input[name="${prefix}-signs"]:checked`)].map((b) => b.value);
  }

  // At most three signs: the others are offered again when one is taken off.
  limitSigns(form, prefix) {
    const boxes = [...form.querySelectorAll(`input[name="${prefix}-signs"]`)];
    const full = boxes.filter((b) => b.checked).length >= this.M.maxSigns;
    for (const box of boxes) box.disabled = full && !box.checked;
  }
};
