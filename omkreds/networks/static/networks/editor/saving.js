// Saving and conflicts. Saves name the version they were based on; a conflict keeps the local
// document and offers to apply it on top of the latest version (a three-way merge by ids).

import { fill, pairKey, same } from "./util.js";

export const SAVE_DELAY = 1200;
const RETRY_DELAY = 5000;


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

export const Saving = (Base) => class extends Base {
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
      this.refreshFigures(data.version.number);
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

  // The figures beside the map follow each saved version (nothing to do in together mode).
  async refreshFigures(number) {
    const section = document.getElementById("map-figures");
    if (!section || !this.config.figuresUrl) return;
    let figures;
    // Counted, so that anyone waiting for the editor to be at rest (the tests) can see it.
    this.figuresLoading = (this.figuresLoading || 0) + 1;
    try {
      const response = await fetch(`${this.config.figuresUrl}?version=${number}`, {
        credentials: "same-origin", headers: { Accept: "application/json" },
      });
      if (!response.ok) return;
      figures = (await response.json()).figures;
    } catch {
      return;
    } finally {
      this.figuresLoading -= 1;
    }
    if (String(number) !== this.root.dataset.version) return; // a newer save is on its way
    const set = (key, text) => { section.querySelector(`[data-figure="${key}"]`).textContent = text; };
    set("contacts", figures.contacts);
    set("private-professional", `${figures.private} / ${figures.professional}`);
    set("ties", figures.ties);
    set("without-ties", figures.without_ties.length);
    const version = document.getElementById("figures-version");
    version.textContent = fill(this.S.asSaved, { number });
    version.hidden = false;
    const warnings = document.getElementById("figures-warnings");
    warnings.querySelector("ul").replaceChildren(...figures.warnings.map((sign) => {
      const item = document.createElement("li");
      item.textContent = sign.message;
      return item;
    }));
    warnings.hidden = figures.warnings.length === 0;
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
};
