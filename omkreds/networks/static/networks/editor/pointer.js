// Pointer and touch: press a person to select and open them, drag to move them, tap a line to
// open it. Pointer capture keeps a drag on its person even when the finger leaves it.

export const Pointer = (Base) => class extends Base {
  bindPointer() {
    const svg = this.svg;
    svg.addEventListener("pointerdown", (event) => {
      // While a save conflict waits for an answer, the conflict panel wins: nothing moves.
      if (event.button !== 0 || this.conflict) return;
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
      const inverse = this.svg.getScreenCTM().inverse();
      const point = this.svgPoint(event, inverse);
      this.drag = { id, pointerId: event.pointerId, x: point.x, y: point.y, moved: false, closeness: c.closeness, angle: c.angle, inverse };
    });
    svg.addEventListener("pointermove", (event) => {
      const drag = this.drag;
      if (!drag || event.pointerId !== drag.pointerId) return;
      const point = this.svgPoint(event, drag.inverse);
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
};
