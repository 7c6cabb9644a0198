// Omkreds network map editor: one plain ES module over the server-rendered SVG.
//
// The server draws the map with render.py; this module takes over the three layers that change
// (lines, wanted positions, people) and redraws them from the map document with the same
// geometry (see networks/geometry.py: closeness 0..1 from the citizen's disc to the outer
// edge, angle in degrees clockwise from the top). While dragging, only the dragged person's
// transform and their lines move; nothing else is redrawn.
//
// Every change goes through `change()`, which keeps undo/redo, announces the change in the
// live region and schedules a save. Saves name the version they were based on; a conflict
// keeps the local document and offers to apply it on top of the latest version.

const SVG_NS = "http://www.w3.org/2000/svg";
const CONTACT_RADIUS = 14;
const VALENCE_STYLE = {
  positive: ["#1a7f37", "+", ""],
  negative: ["#cf222e", "\u2212", "5 3"],
  mixed: ["#8250df", "\u00b1", "8 3 2 3"],
  neutral: ["#57606a", "", "2 3"],
};
const CONFLICT_COLOUR = "#cf222e";
const TIE_COLOUR = "#6e7781";
const SAFETY_COLOUR = "#bf3989";
const SAVE_DELAY = 1200;
const RETRY_DELAY = 5000;
const KEY_STEP = 0.05;
const KEY_ANGLE = 5;

function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => (key in values ? String(values[key]) : ""));
}

function el(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== "" && value !== null && value !== undefined) node.setAttribute(name, value);
  }
  if (text !== null) node.textContent = text;
  return node;
}

function fmt(value) {
  const text = value.toFixed(2).replace(/\.?0+$/, "");
  return text === "-0" || text === "" ? "0" : text;
}

function short(text, limit = 24) {
  const chars = Array.from(text);
  return chars.length <= limit ? text : chars.slice(0, limit - 1).join("").replace(/\u200d$/, "") + "\u2026";
}

function newId() {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function pairKey(a, b) {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function same(x, y) {
  return JSON.stringify(x) === JSON.stringify(y);
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

// Three-way merge by stable ids: what I changed since `base` wins, field by field; everything
// else comes from `theirs`. Used to apply my changes on top of a version someone else saved.
export function merge(base, mine, theirs) {
  const byId = (list) => new Map(list.map((c) => [c.id, c]));
  const b = byId(base.contacts), m = byId(mine.contacts), t = byId(theirs.contacts);
  const contacts = [];
  for (const their of theirs.contacts) {
    const before = b.get(their.id), my = m.get(their.id);
    if (before && !my) continue; // I removed this person
    if (before && my && !same(before, my)) {
      const merged = { ...their };
      for (const key of new Set([...Object.keys(my), ...Object.keys(before)])) {
        if (!same(my[key], before[key])) merged[key] = my[key];
      }
      contacts.push(merged);
    } else {
      contacts.push(their);
    }
  }
  for (const my of mine.contacts) {
    if (t.has(my.id)) continue;
    const before = b.get(my.id);
    // Added by me, or removed by them after I changed it: keep mine.
    if (!before || !same(before, my)) contacts.push(my);
  }
  const ids = new Set(contacts.map((c) => c.id));
  const tieMap = (list) => new Map(list.map((x) => [pairKey(x.a, x.b), x]));
  const bt = tieMap(base.ties), mt = tieMap(mine.ties);
  const ties = new Map();
  for (const [key, their] of tieMap(theirs.ties)) {
    if (bt.has(key) && !mt.has(key)) continue; // I removed it
    const my = mt.get(key);
    ties.set(key, my && bt.has(key) && !same(my, bt.get(key)) ? my : their);
  }
  for (const [key, my] of mt) {
    if (!ties.has(key) && !bt.has(key)) ties.set(key, my);
  }
  const result = { ...theirs, contacts };
  result.ties = [...ties.values()].filter((x) => ids.has(x.a) && ids.has(x.b));
  for (const key of ["note", "rings", "sector_set"]) {
    if (!same(mine[key], base[key])) result[key] = mine[key];
  }
  return result;
}

class MapEditor {
  constructor(rootNode) {
    this.root = rootNode;
    this.config = JSON.parse(document.getElementById("map-config").textContent);
    this.doc = JSON.parse(document.getElementById("map-document").textContent);
    this.base = { version: this.config.version, document: structuredClone(this.doc) };
    this.S = this.config.strings;
    this.photoKeys = new Set(this.config.photoKeys || []);
    this.photoFailed = new Set();
    this.F = this.config.frame;
    this.sectors = this.config.sectorSet.sectors;
    this.csrf = rootNode.dataset.csrf;
    this.svg = rootNode.querySelector("svg.network-map");
    this.live = document.getElementById("map-live");
    this.status = document.getElementById("map-status");
    this.undoStack = [];
    // What was done since the last save: the version note when the user writes none.
    this.changeLog = [];
    this.noteField = document.getElementById("version-note");
    this.redoStack = [];
    this.selected = null; // {kind: "contact", id} or {kind: "tie", key}
    this.tieFrom = null;
    this.drag = null;
    this.saveTimer = null;
    this.saving = false;
    this.pending = false;
    this.conflict = null;
    this.contactNodes = new Map();
    this.tieNodes = new Map();
    this.ghostNodes = new Map();
  }

  start() {
    this.layers = {
      ties: this.svg.querySelector("g.ties"),
      wanted: this.svg.querySelector("g.wanted-positions"),
      contacts: this.svg.querySelector("g.contacts"),
    };
    this.svg.classList.add("editing");
    this.redraw();
    this.bindPointer();
    this.bindKeys();
    this.bindForms();
    this.updateButtons();
    window.addEventListener("beforeunload", (event) => {
      if (this.saveTimer || this.saving || this.conflict) event.preventDefault();
    });
  }

  // --- Geometry (geometry.py) ---------------------------------------------------------------

  toXY(closeness, angle) {
    const r = this.F.r0 + closeness * (this.F.radius - this.F.r0);
    const theta = (angle * Math.PI) / 180;
    return [this.F.cx + r * Math.sin(theta), this.F.cy - r * Math.cos(theta)];
  }

  fromXY(x, y) {
    const dx = x - this.F.cx, dy = y - this.F.cy;
    const r = Math.hypot(dx, dy);
    const angle = r ? (((Math.atan2(dx, -dy) * 180) / Math.PI) % 360 + 360) % 360 : 0;
    const closeness = clamp((r - this.F.r0) / (this.F.radius - this.F.r0), 0, 1);
    return [closeness, angle];
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

  svgPoint(event) {
    const point = new DOMPoint(event.clientX, event.clientY);
    return point.matrixTransform(this.svg.getScreenCTM().inverse());
  }

  // --- Drawing ------------------------------------------------------------------------------

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
    return text;
  }

  redraw() {
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
    const children = [el("circle", { class: "hit", r: "26", fill: "transparent" })];
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
    const name = c.name + (c.type === "deceased" ? " \u2020" : "");
    children.push(el("text", {
      class: "name", y: "34", "text-anchor": "middle", "font-size": "14", fill: "#24292f",
      stroke: "#ffffff", "stroke-width": "3", "paint-order": "stroke", "unicode-bidi": "plaintext",
    }, short(name)));
    group.replaceChildren(...children);
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
    if (t.kind === "conflict") {
      line = el("polyline", { class: "tie tie-conflict", points: zigzag(x1, y1, x2, y2).map(([x, y]) => `${fmt(x)},${fmt(y)}`).join(" "), fill: "none", stroke: CONFLICT_COLOUR, "stroke-width": "2" });
    } else {
      line = el("line", { class: "tie tie-knows", x1: fmt(x1), y1: fmt(y1), x2: fmt(x2), y2: fmt(y2), fill: "none", stroke: TIE_COLOUR, "stroke-width": "1.5" });
    }
    group.replaceChildren(hit, line);
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

  // --- Changes, undo, redo ------------------------------------------------------------------

  change(label, mutate, { coalesce = null, announce = null } = {}) {
    const last = this.undoStack[this.undoStack.length - 1];
    const now = Date.now();
    if (!(coalesce && last && last.coalesce === coalesce && now - last.at < 1500)) {
      this.undoStack.push({ snapshot: JSON.stringify(this.doc), label, coalesce, at: now });
    } else {
      last.at = now;
    }
    this.redoStack = [];
    mutate(this.doc);
    this.afterChange(announce || label);
  }

  afterChange(message) {
    if (message) {
      this.announce(message);
      this.changeLog.push(message);
    }
    this.updateButtons();
    this.scheduleSave();
  }

  restoreFrom(from, to, template, empty) {
    const entry = from.pop();
    if (!entry) {
      this.announce(empty);
      return;
    }
    to.push({ snapshot: JSON.stringify(this.doc), label: entry.label, at: 0 });
    this.doc = JSON.parse(entry.snapshot);
    if (this.selected && this.selected.kind === "contact" && !this.contact(this.selected.id)) this.selected = null;
    this.redraw();
    this.refreshPanel();
    this.afterChange(fill(template, { what: entry.label }));
    const focusId = this.selected && this.selected.kind === "contact" ? this.selected.id : null;
    if (focusId && this.root.contains(document.activeElement) && document.activeElement.closest("svg")) {
      this.contactNodes.get(focusId).focus();
    }
  }

  undo() {
    this.restoreFrom(this.undoStack, this.redoStack, this.S.undo, this.S.nothingUndo);
  }

  redo() {
    this.restoreFrom(this.redoStack, this.undoStack, this.S.redo, this.S.nothingRedo);
  }

  announce(message) {
    // Clear first so that the same sentence twice is announced twice.
    this.live.textContent = "";
    window.setTimeout(() => { this.live.textContent = message; }, 30);
  }

  // --- Operations ---------------------------------------------------------------------------

  addContact(fields) {
    const sectorKey = fields.sector || this.sectors[0].key;
    const [start, end] = this.sectorSpan(sectorKey);
    const inSector = this.doc.contacts.filter((c) => c.sector === sectorKey).length;
    // Spread newcomers through the sector so that they do not land on top of each other.
    const angle = start + ((end - start) * (((inSector * 0.382) % 0.8) + 0.1));
    const contact = {
      id: newId(), name: fields.name, type: "person", sector: sectorKey,
      closeness: 0.5, angle: Math.round(angle * 100) / 100, valence: "neutral", trend: "steady",
      wanted_closeness: null, relation: fields.relation || "", role: fields.role || null,
      organisation: "", phone_direct: "", phone_main: "", email: null, address: "", photo: null,
      help_text: "", support_kinds: [], help_direction: null, contact_frequency: "unknown",
      lives_with_citizen: false, already_active: Boolean(fields.already_active),
      team_member: Boolean(fields.team_member), safety_marker: false, note: "", note_internal: false,
    };
    const message = fill(this.S.added, { name: contact.name });
    this.change(message, (doc) => doc.contacts.push(contact));
    this.drawContact(contact);
    this.select({ kind: "contact", id: contact.id });
    return contact;
  }

  moveContact(id, closeness, angle, { coalesce = null, how = "moved" } = {}) {
    const c = this.contact(id);
    const sector = this.sectorAt(angle);
    const message = fill(this.S[how], {
      name: c.name, sector: sector.label, ring: this.ring(closeness),
    });
    this.change(message, () => {
      c.closeness = Math.round(closeness * 10000) / 10000;
      c.angle = Math.round((((angle % 360) + 360) % 360) * 100) / 100;
      c.sector = sector.key;
    }, { coalesce });
    this.drawContact(c);
    for (const t of this.doc.ties) if (t.a === id || t.b === id) this.drawTie(t);
    this.applySelection();
    this.refreshPanel();
  }

  removeContact(id) {
    const c = this.contact(id);
    if (!c) return;
    this.change(fill(this.S.removed, { name: c.name }), (doc) => {
      doc.contacts = doc.contacts.filter((x) => x.id !== id);
      doc.ties = doc.ties.filter((t) => t.a !== id && t.b !== id);
    });
    const order = [...this.contactNodes.keys()];
    const next = order[order.indexOf(id) + 1] || order[order.indexOf(id) - 1];
    this.selected = null;
    this.redraw();
    this.showPanel(null);
    if (next && this.contactNodes.get(next)) this.contactNodes.get(next).focus();
    else this.root.querySelector("#id_add-name")?.focus();
  }

  tieAction(id) {
    if (!this.tieFrom) {
      this.tieFrom = id;
      this.announce(fill(this.S.tieStart, { name: this.contact(id).name }));
      this.applySelection();
      this.updateButtons();
      return;
    }
    const from = this.tieFrom;
    this.tieFrom = null;
    if (from === id) {
      this.announce(this.S.tieCancel);
    } else {
      const key = pairKey(from, id);
      const names = { a: this.contact(from).name, b: this.contact(id).name };
      if (this.doc.ties.some((t) => pairKey(t.a, t.b) === key)) {
        this.announce(fill(this.S.tieExists, names));
        this.select({ kind: "tie", key });
      } else {
        const tie = { a: from, b: id, kind: "knows", note: "" };
        this.change(fill(this.S.tieDone, names), (doc) => doc.ties.push(tie));
        this.drawTie(tie);
      }
    }
    this.applySelection();
    this.updateButtons();
  }

  removeTie(key) {
    const tie = this.doc.ties.find((t) => pairKey(t.a, t.b) === key);
    if (!tie) return;
    const names = { a: this.contact(tie.a).name, b: this.contact(tie.b).name };
    this.change(fill(this.S.tieRemoved, names), (doc) => {
      doc.ties = doc.ties.filter((t) => pairKey(t.a, t.b) !== key);
    });
    this.tieNodes.get(key)?.remove();
    this.tieNodes.delete(key);
    this.selected = null;
    this.showPanel(null);
    this.updateButtons();
  }

  // --- Selection and the side panel ---------------------------------------------------------

  select(selection, { open = false } = {}) {
    this.selected = selection;
    this.applySelection();
    if (selection && selection.kind === "tie") {
      this.showPanel("tie", open);
    } else if (selection && open) {
      this.showPanel("contact", true);
    } else if (selection) {
      this.refreshPanel();
    }
    this.updateButtons();
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

  showPanel(kind, focus = false) {
    const contactPanel = document.getElementById("panel");
    const tiePanel = document.getElementById("tie-panel");
    contactPanel.hidden = kind !== "contact";
    tiePanel.hidden = kind !== "tie";
    this.panelKind = kind;
    this.refreshPanel();
    if (focus && kind === "contact") document.getElementById("id_panel-name")?.focus();
    if (focus && kind === "tie") document.getElementById("tie-heading").focus();
  }

  refreshPanel() {
    if (this.panelKind === "contact") {
      const c = this.selected && this.selected.kind === "contact" ? this.contact(this.selected.id) : null;
      if (!c) {
        document.getElementById("panel").hidden = true;
        this.panelKind = null;
        return;
      }
      this.fillContactForm(c);
    } else if (this.panelKind === "tie") {
      const tie = this.selected && this.selected.kind === "tie"
        ? this.doc.ties.find((t) => pairKey(t.a, t.b) === this.selected.key) : null;
      if (!tie) {
        document.getElementById("tie-panel").hidden = true;
        this.panelKind = null;
        return;
      }
      document.getElementById("tie-between").textContent = `${this.contact(tie.a).name} \u2013 ${this.contact(tie.b).name}`;
      const form = document.getElementById("tie-form");
      form.elements["tie-kind"].value = tie.kind;
      if (form.elements["tie-note"]) form.elements["tie-note"].value = tie.note || "";
    }
  }

  fillContactForm(c) {
    const form = document.getElementById("contact-form");
    for (const [name, value] of Object.entries(c)) {
      const field = form.elements[`panel-${name}`];
      if (!field || field === document.activeElement) continue;
      if (name === "support_kinds") {
        for (const box of form.querySelectorAll('input[name="panel-support_kinds"]')) box.checked = value.includes(box.value);
      } else if (field.type === "checkbox") {
        field.checked = Boolean(value);
      } else {
        field.value = value === null || value === undefined ? "" : String(value);
      }
    }
    const heading = document.getElementById("panel-heading");
    heading.textContent = c.name;
  }

  readField(form, name) {
    const field = form.elements[`panel-${name}`];
    if (name === "support_kinds") {
      return [...form.querySelectorAll('input[name="panel-support_kinds"]:checked')].map((b) => b.value);
    }
    if (field.type === "checkbox") return field.checked;
    const value = field.value;
    if (["closeness", "angle", "wanted_closeness"].includes(name)) {
      if (value.trim() === "") return name === "wanted_closeness" ? null : undefined;
      const number = Number(value);
      if (!Number.isFinite(number)) return undefined;
      return name === "angle" ? clamp(number, 0, 360) % 360 : clamp(number, 0, 1);
    }
    if (["role", "help_direction", "email"].includes(name)) return value.trim() === "" ? null : value.trim();
    return value;
  }

  // --- Saving -------------------------------------------------------------------------------

  scheduleSave(delay = SAVE_DELAY) {
    if (this.conflict) return;
    this.setStatus(this.S.unsaved);
    window.clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => this.save(), delay);
  }

  setStatus(text) {
    this.status.textContent = text;
  }

  async save() {
    window.clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.conflict) return;
    if (this.saving) {
      this.pending = true;
      return;
    }
    if (same(this.doc, this.base.document) && this.base.version !== null) {
      this.setStatus(fill(this.S.saved, { number: this.base.version }));
      return;
    }
    this.saving = true;
    this.setStatus(this.S.saving);
    const sent = JSON.stringify(this.doc);
    const logged = this.changeLog.length;
    const typed = this.noteField ? this.noteField.value.trim() : "";
    let response, data;
    try {
      response = await fetch(this.config.saveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrf, Accept: "application/json" },
        body: JSON.stringify({ document: this.doc, based_on: this.base.version, note: this.versionNote(typed, logged) }),
      });
      data = await response.json().catch(() => ({}));
    } catch {
      response = null;
    }
    this.saving = false;
    if (response && response.status === 201) {
      this.base = { version: data.version.number, document: data.document };
      this.changeLog.splice(0, logged);
      if (this.noteField && this.noteField.value.trim() === typed) this.noteField.value = "";
      document.getElementById("problems").hidden = true;
      this.setStatus(fill(this.S.saved, { number: data.version.number }));
      this.root.dataset.version = String(data.version.number);
      if (JSON.stringify(this.doc) !== sent || this.pending) {
        this.pending = false;
        this.scheduleSave(200);
      }
    } else if (response && response.status === 409) {
      this.showConflict(data);
    } else if (response && response.status === 422) {
      this.showProblems(data);
    } else {
      this.setStatus(this.S.offline);
      this.saveTimer = window.setTimeout(() => this.save(), RETRY_DELAY);
    }
  }

  versionNote(typed, logged) {
    // The user's own note, or what they did since the last save ("Anna was added. …").
    if (typed) return typed.slice(0, 500);
    const done = [...new Set(this.changeLog.slice(0, logged))].join(" ");
    return done.length > 500 ? `${done.slice(0, 499)}…` : done;
  }

  showProblems(data) {
    const list = document.getElementById("problems-list");
    const problems = Object.entries(data.errors || {}).flatMap(([field, messages]) =>
      messages.map((message) => ({ field, message })));
    if (!problems.length) problems.push({ field: "", message: data.detail || this.S.invalid });
    list.replaceChildren(...problems.map((p) => {
      const item = document.createElement("li");
      item.textContent = this.problemText(p);
      return item;
    }));
    const section = document.getElementById("problems");
    section.hidden = false;
    this.setStatus(this.S.invalid);
    this.announce(this.S.invalid);
  }

  problemText(problem) {
    // "document.contacts.3.email" → the person's name and the field.
    const match = /^document\.contacts\.(\d+)\.?(.*)$/.exec(problem.field || "");
    if (match) {
      const c = this.doc.contacts[Number(match[1]) - 1];
      const field = match[2] ? document.querySelector(`label[for="id_panel-${match[2]}"]`) : null;
      const where = [c ? c.name : match[1], field ? field.textContent.trim() : match[2]].filter(Boolean).join(", ");
      return `${where}: ${problem.message}`;
    }
    return problem.message;
  }

  showConflict(data) {
    this.conflict = data;
    document.getElementById("conflict-detail").textContent = data.detail || this.S.conflict;
    const lines = (data.diff && data.diff.lines) || [];
    document.getElementById("conflict-lines").replaceChildren(...lines.map((line) => {
      const item = document.createElement("li");
      item.textContent = line;
      return item;
    }));
    const section = document.getElementById("conflict");
    section.hidden = false;
    this.setStatus(this.S.conflict);
    document.getElementById("conflict-heading").focus();
    this.updateButtons();
  }

  resolveConflict(applyMine) {
    const data = this.conflict;
    if (!data) return;
    const theirs = data.current.document;
    const label = applyMine ? this.S.appliedMine : this.S.tookTheirs;
    // Undo returns to exactly what I had before resolving; nothing typed is lost.
    this.undoStack.push({ snapshot: JSON.stringify(this.doc), label, at: 0 });
    this.redoStack = [];
    this.doc = applyMine ? merge(this.base.document, this.doc, theirs) : structuredClone(theirs);
    this.base = { version: data.current.version ? data.current.version.number : null, document: theirs };
    this.conflict = null;
    document.getElementById("conflict").hidden = true;
    if (this.selected && this.selected.kind === "contact" && !this.contact(this.selected.id)) this.selected = null;
    this.redraw();
    this.refreshPanel();
    this.announce(label);
    this.updateButtons();
    if (applyMine) this.save();
    else this.setStatus(fill(this.S.saved, { number: this.base.version }));
  }

  // --- Buttons ------------------------------------------------------------------------------

  updateButtons() {
    const button = (action) => this.root.querySelector(`.map-toolbar [data-action="${action}"]`);
    button("undo").disabled = this.undoStack.length === 0;
    button("redo").disabled = this.redoStack.length === 0;
    const hasContact = Boolean(this.selected && this.selected.kind === "contact");
    button("tie").disabled = !hasContact && !this.tieFrom;
    button("tie").setAttribute("aria-pressed", this.tieFrom ? "true" : "false");
    button("delete").disabled = !this.selected;
  }

  // --- Events -------------------------------------------------------------------------------

  bindPointer() {
    const svg = this.svg;
    svg.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      const group = event.target.closest("g.contact");
      if (!group) {
        const tie = event.target.closest("g.tie-group");
        if (tie) this.select({ kind: "tie", key: tie.dataset.key }, { open: true });
        return;
      }
      const id = group.dataset.id;
      const c = this.contact(id);
      event.preventDefault();
      group.focus({ preventScroll: true });
      group.setPointerCapture(event.pointerId);
      const point = this.svgPoint(event);
      this.drag = { id, pointerId: event.pointerId, x: point.x, y: point.y, moved: false, closeness: c.closeness, angle: c.angle };
    });
    svg.addEventListener("pointermove", (event) => {
      const drag = this.drag;
      if (!drag || event.pointerId !== drag.pointerId) return;
      const point = this.svgPoint(event);
      if (!drag.moved && Math.hypot(point.x - drag.x, point.y - drag.y) < 4) return;
      drag.moved = true;
      [drag.closeness, drag.angle] = this.fromXY(point.x, point.y);
      this.moveOnScreen(drag.id, drag.closeness, drag.angle);
    });
    const finish = (event) => {
      const drag = this.drag;
      if (!drag || event.pointerId !== drag.pointerId) return;
      this.drag = null;
      if (event.type === "pointercancel") {
        const c = this.contact(drag.id);
        this.moveOnScreen(drag.id, c.closeness, c.angle);
        return;
      }
      if (drag.moved) {
        this.moveContact(drag.id, drag.closeness, drag.angle);
        this.select({ kind: "contact", id: drag.id });
      } else if (this.tieFrom) {
        this.tieAction(drag.id);
      } else {
        this.select({ kind: "contact", id: drag.id }, { open: true });
      }
    };
    svg.addEventListener("pointerup", finish);
    svg.addEventListener("pointercancel", finish);
    svg.addEventListener("focusin", (event) => {
      const group = event.target.closest("g.contact");
      if (group && !this.drag && !(this.selected && this.selected.id === group.dataset.id)) {
        this.select({ kind: "contact", id: group.dataset.id });
      }
    });
  }

  bindKeys() {
    this.svg.addEventListener("keydown", (event) => {
      const group = event.target.closest("g.contact");
      if (!group) return;
      const id = group.dataset.id;
      const c = this.contact(id);
      const big = event.shiftKey ? 3 : 1;
      let closeness = c.closeness, angle = c.angle, how = null;
      switch (event.key) {
        case "ArrowUp": closeness = clamp(c.closeness - KEY_STEP * big, 0, 1); how = "closer"; break;
        case "ArrowDown": closeness = clamp(c.closeness + KEY_STEP * big, 0, 1); how = "away"; break;
        case "ArrowLeft": angle = c.angle - KEY_ANGLE * big; how = "around"; break;
        case "ArrowRight": angle = c.angle + KEY_ANGLE * big; how = "around"; break;
        case "Enter": case " ":
          event.preventDefault();
          this.select({ kind: "contact", id }, { open: true });
          return;
        case "t": case "T":
          if (event.ctrlKey || event.metaKey || event.altKey) return;
          event.preventDefault();
          this.tieAction(id);
          return;
        case "Delete": case "Backspace":
          event.preventDefault();
          this.removeContact(id);
          return;
        case "Escape":
          if (this.tieFrom) {
            this.tieFrom = null;
            this.announce(this.S.tieCancel);
            this.applySelection();
            this.updateButtons();
          }
          return;
        default:
          return;
      }
      event.preventDefault();
      this.moveContact(id, closeness, angle, { coalesce: `key-${id}`, how });
    });
    document.addEventListener("keydown", (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key !== "z" && key !== "y") return;
      // Inside a text field the browser's own undo applies to the text being typed.
      const target = event.target;
      if (target.matches && target.matches("input[type=text], input[type=email], input[type=tel], input[type=number], input:not([type]), textarea")) return;
      event.preventDefault();
      if (key === "y" || event.shiftKey) this.redo();
      else this.undo();
    });
    for (const panelId of ["panel", "tie-panel"]) {
      document.getElementById(panelId).addEventListener("keydown", (event) => {
        if (event.key !== "Escape") return;
        event.preventDefault();
        this.closePanel();
      });
    }
  }

  closePanel() {
    const selected = this.selected;
    this.showPanel(null);
    if (selected && selected.kind === "contact") this.contactNodes.get(selected.id)?.focus();
  }

  bindForms() {
    const add = document.getElementById("quick-add");
    add.addEventListener("submit", (event) => {
      event.preventDefault();
      const nameField = add.elements["add-name"];
      const name = nameField.value.trim();
      this.clearError(nameField);
      if (!name) {
        this.showError(nameField, this.S.noName);
        nameField.focus();
        return;
      }
      this.addContact({ name, sector: add.elements["add-sector"].value, relation: add.elements["add-relation"].value.trim() });
      nameField.value = "";
      add.elements["add-relation"].value = "";
      nameField.focus();
    });

    this.root.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (!button) return;
      const action = button.dataset.action;
      const selected = this.selected;
      if (action === "undo") this.undo();
      else if (action === "redo") this.redo();
      else if (action === "save") this.save();
      else if (action === "tie" && selected && selected.kind === "contact") this.tieAction(selected.id);
      else if (action === "tie" && this.tieFrom) this.tieAction(this.tieFrom);
      else if (action === "delete" && selected && selected.kind === "contact") this.removeContact(selected.id);
      else if ((action === "delete" || action === "delete-tie") && selected && selected.kind === "tie") this.removeTie(selected.key);
      else if (action === "close-panel") this.closePanel();
      else if (action === "apply-mine") this.resolveConflict(true);
      else if (action === "take-theirs") this.resolveConflict(false);
      else if (action === "add-team") {
        const member = this.config.team[Number(button.dataset.index)];
        const sector = this.sectors.find((s) => s.professional) || this.sectors[this.sectors.length - 1];
        this.addContact({ name: member.name, sector: sector.key, relation: member.role, team_member: true, already_active: true });
      }
    });

    const form = document.getElementById("contact-form");
    let before = null;
    form.addEventListener("focusin", () => { before = JSON.stringify(this.doc); });
    const apply = (event, commit) => {
      const field = event.target;
      if (!field.name || !field.name.startsWith("panel-")) return;
      const c = this.selected && this.selected.kind === "contact" ? this.contact(this.selected.id) : null;
      if (!c) return;
      const name = field.name.slice("panel-".length);
      const value = this.readField(form, name);
      this.clearError(field);
      if (name === "name" && !String(value).trim()) {
        if (commit) this.showError(field, this.S.noName);
        return;
      }
      if (value === undefined) return;
      if (before === null) before = JSON.stringify(this.doc);
      c[name] = value;
      if (name === "sector") {
        const [start, end] = this.sectorSpan(value);
        if (!(c.angle >= start && c.angle < end)) c.angle = Math.round(((start + end) / 2) * 100) / 100;
      } else if (name === "angle") {
        c.sector = this.sectorAt(c.angle).key;
      }
      this.drawContact(c);
      for (const t of this.doc.ties) if (t.a === c.id || t.b === c.id) this.drawTie(t);
      this.applySelection();
      if (["sector", "angle"].includes(name)) this.fillContactForm(c);
      if (commit) {
        if (before !== JSON.stringify(this.doc)) {
          this.undoStack.push({ snapshot: before, label: fill(this.S.changed, { name: c.name }), at: 0 });
          this.redoStack = [];
          this.afterChange(fill(this.S.changed, { name: c.name }));
        }
        before = JSON.stringify(this.doc);
      } else {
        this.scheduleSave(SAVE_DELAY * 2);
      }
    };
    form.addEventListener("input", (event) => apply(event, false));
    form.addEventListener("change", (event) => apply(event, true));
    form.addEventListener("submit", (event) => event.preventDefault());

    const tieForm = document.getElementById("tie-form");
    tieForm.addEventListener("change", (event) => {
      const field = event.target;
      if (!this.selected || this.selected.kind !== "tie") return;
      const tie = this.doc.ties.find((t) => pairKey(t.a, t.b) === this.selected.key);
      const name = field.name.replace(/^tie-/, "");
      if (!tie || !(name in tie)) return;
      const names = { a: this.contact(tie.a).name, b: this.contact(tie.b).name };
      this.change(fill(this.S.changed, { name: `${names.a} \u2013 ${names.b}` }), () => { tie[name] = field.value; });
      this.drawTie(tie);
      this.applySelection();
    });
    tieForm.addEventListener("submit", (event) => event.preventDefault());
  }

  showError(field, message) {
    const error = document.createElement("p");
    error.className = "errorlist field-error";
    error.id = `${field.id}-error`;
    error.textContent = message;
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", error.id);
    field.after(error);
  }

  clearError(field) {
    document.getElementById(`${field.id}-error`)?.remove();
    field.removeAttribute("aria-invalid");
  }
}

function zigzag(x1, y1, x2, y2, amplitude = 6, step = 12) {
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

const editorRoot = document.getElementById("map-editor");
if (editorRoot) {
  window.omkredsMapEditor = new MapEditor(editorRoot);
  window.omkredsMapEditor.start();
}
