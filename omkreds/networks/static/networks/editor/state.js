// The map document's changes: every change goes through `change()`, which keeps undo and redo,
// announces the change in the live region and schedules a save. The operations (add, move,
// remove a person; draw and remove a line) are built on it.

import { freeSpot } from "./placement.js";
import { fill, newId, pairKey, short } from "./util.js";

export const State = (Base) => class extends Base {
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
    this.relabel();
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

  addContact(fields) {
    const sectorKey = fields.sector || this.sectors[0].key;
    const [start, end] = this.sectorSpan(sectorKey);
    // On free ground in their sector: on no one and under no one's name.
    const { closeness, angle } = freeSpot({
      frame: this.F, start, end, name: short(fields.name),
      others: this.doc.contacts.map((c) => ({ ...c, name: short(this.nameOf(c)) })),
      sizes: this.sizes, rings: this.doc.rings || 3,
    });
    const contact = {
      id: newId(), name: fields.name, type: "person", sector: sectorKey,
      closeness, angle, valence: "neutral", trend: "steady",
      wanted_closeness: null, relation: fields.relation || "", role: fields.role || null,
      organisation: "", phone_direct: "", phone_main: "", email: null, address: "", photo: null,
      help_text: "", support_kinds: [], help_direction: null, contact_frequency: "unknown",
      lives_with_citizen: false, already_active: Boolean(fields.already_active),
      team_member: Boolean(fields.team_member), safety_marker: false, note: "", note_internal: false,
      colour: null, signs: [],  // as the server stores a person (schema.Contact's field order)
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
        const tie = { a: from, b: id, kind: "knows", note: "", colour: null, signs: [] };
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
};
