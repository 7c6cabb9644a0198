// The side panels (a person's details, a line) and the toolbar: selection, filling the forms
// from the document and writing what is typed back into it, adding people.

import { SAVE_DELAY } from "./saving.js";
import { clamp, fill, pairKey } from "./util.js";

export const Panels = (Base) => class extends Base {
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

  showPanel(kind, focus = false) {
    const contactPanel = document.getElementById("panel");
    const tiePanel = document.getElementById("tie-panel");
    contactPanel.hidden = kind !== "contact";
    tiePanel.hidden = kind !== "tie";
    this.panelKind = kind;
    this.refreshPanel();
    // Together at the tablet the sheet opens without a text field in focus: no on-screen
    // keyboard pops up until the worker taps a field.
    if (focus && kind === "contact" && this.config.together) document.getElementById("panel-heading").focus({ preventScroll: true });
    else if (focus && kind === "contact") document.getElementById("id_panel-name")?.focus();
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
      this.fillMarks(form, "tie", tie);
    }
  }

  fillContactForm(c) {
    const form = document.getElementById("contact-form");
    for (const [name, value] of Object.entries(c)) {
      const field = form.elements[`panel-${name}`];
      if (!field || field === document.activeElement || name === "colour" || name === "signs") continue;
      if (name === "support_kinds") {
        for (const box of form.querySelectorAll('input[name="panel-support_kinds"]')) box.checked = value.includes(box.value);
      } else if (field.type === "checkbox") {
        field.checked = Boolean(value);
      } else {
        field.value = value === null || value === undefined ? "" : String(value);
      }
    }
    const ring = form.elements["panel-ring"];
    if (ring) ring.value = String(this.ring(c.closeness));
    this.fillMarks(form, "panel", c);
    const heading = document.getElementById("panel-heading");
    heading.textContent = c.name;
  }

  readField(form, name) {
    if (name === "colour" || name === "signs") return this.readMarks(form, "panel", name);
    const field = form.elements[`panel-${name}`];
    if (name === "support_kinds") {
      return [...form.querySelectorAll('input[name="panel-support_kinds"]:checked')].map((b) => b.value);
    }
    if (field.type === "checkbox") return field.checked;
    const value = field.value;
    if (name === "ring") return value === "" ? undefined : Number(value);
    if (["closeness", "angle", "wanted_closeness"].includes(name)) {
      if (value.trim() === "") return name === "wanted_closeness" ? null : undefined;
      const number = Number(value);
      if (!Number.isFinite(number)) return undefined;
      return name === "angle" ? clamp(number, 0, 360) % 360 : clamp(number, 0, 1);
    }
    if (["role", "help_direction", "email"].includes(name)) return value.trim() === "" ? null : value.trim();
    return value;
  }

  updateButtons() {
    const button = (action) => this.root.querySelector(`.map-toolbar [data-action="${action}"]`);
    button("undo").disabled = this.undoStack.length === 0;
    button("redo").disabled = this.redoStack.length === 0;
    const hasContact = Boolean(this.selected && this.selected.kind === "contact");
    button("tie").disabled = !hasContact && !this.tieFrom;
    button("tie").setAttribute("aria-pressed", this.tieFrom ? "true" : "false");
    button("delete").disabled = !this.selected;
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
      else if (action === "fit") this.showWholeMap();
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
      if (name === "signs") this.limitSigns(form, "panel");
      if (before === null) before = JSON.stringify(this.doc);
      if (name === "ring") {
        // A tapped ring puts the person in its middle, unless they are in that ring already.
        if (this.ring(c.closeness) !== value) c.closeness = Math.round(((value - 0.5) / (this.doc.rings || 3)) * 10000) / 10000;
      } else {
        c[name] = value;
      }
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
      const marked = name === "colour" || name === "signs";
      if (!tie || !(name in tie || marked)) return;
      const value = marked ? this.readMarks(tieForm, "tie", name) : field.value;
      if (name === "signs") this.limitSigns(tieForm, "tie");
      const names = { a: this.contact(tie.a).name, b: this.contact(tie.b).name };
      this.change(fill(this.S.changed, { name: `${names.a} \u2013 ${names.b}` }), () => { tie[name] = value; });
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
};
