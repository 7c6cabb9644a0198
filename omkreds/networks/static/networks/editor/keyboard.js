// The keyboard: arrows move the focused person, Enter opens them, T draws a line, Delete
// removes, Escape closes; Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y) undo and redo outside text fields.

import { clamp } from "./util.js";

const KEY_STEP = 0.05;
const KEY_ANGLE = 5;

export const Keyboard = (Base) => class extends Base {
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
};
