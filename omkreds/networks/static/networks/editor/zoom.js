// Two fingers on the map: pinch to zoom, move both to pan. The view is the SVG's viewBox, so
// the map's geometry never changes; "Show the whole map" goes back. A person being dragged when
// the second finger lands goes back to where they were. Names and targets keep their size on
// screen: after a gesture the editor measures again and redraws (see Drawing.measure).

import { clamp, fmt } from "./util.js";

const MAX_ZOOM = 4;

export const Zoom = (Base) => class extends Base {
  bindZoom() {
    const box = this.svg.viewBox.baseVal;
    this.fullView = { x: box.x, y: box.y, width: box.width, height: box.height };
    this.view = { ...this.fullView };
    this.touches = new Map();
    this.gesture = null;
    const options = { capture: true };
    this.svg.addEventListener("pointerdown", (event) => {
      if (event.pointerType !== "touch") return;
      this.touches.set(event.pointerId, [event.clientX, event.clientY]);
      if (this.touches.size === 2 && !this.conflict) {
        this.cancelDrag();
        this.startGesture();
      }
      if (this.gesture) {
        event.preventDefault();
        event.stopPropagation();
      }
    }, options);
    this.svg.addEventListener("pointermove", (event) => {
      if (!this.touches.has(event.pointerId)) return;
      this.touches.set(event.pointerId, [event.clientX, event.clientY]);
      if (!this.gesture) return;
      event.stopPropagation();
      if (this.touches.size === 2) this.followGesture();
    }, options);
    const lift = (event) => {
      if (!this.touches.delete(event.pointerId)) return;
      if (!this.gesture) return;
      event.stopPropagation();
      // The gesture ends when the last finger lifts; one finger left does not start a drag.
      if (this.touches.size === 0) this.endGesture();
    };
    this.svg.addEventListener("pointerup", lift, options);
    this.svg.addEventListener("pointercancel", lift, options);
  }

  cancelDrag() {
    const drag = this.drag;
    if (!drag) return;
    this.drag = null;
    const c = this.contact(drag.id);
    if (c) this.moveOnScreen(drag.id, c.closeness, c.angle);
  }

  fingers() {
    const [[x1, y1], [x2, y2]] = [...this.touches.values()];
    return { distance: Math.hypot(x2 - x1, y2 - y1) || 1, mid: [(x1 + x2) / 2, (y1 + y2) / 2] };
  }

  clientToMap([x, y]) {
    return new DOMPoint(x, y).matrixTransform(this.svg.getScreenCTM().inverse());
  }

  startGesture() {
    const { distance, mid } = this.fingers();
    this.gesture = { distance, anchor: this.clientToMap(mid), view: { ...this.view } };
  }

  followGesture() {
    const { distance, mid } = this.fingers();
    const start = this.gesture.view;
    const full = this.fullView;
    const width = clamp(start.width * (this.gesture.distance / distance), full.width / MAX_ZOOM, full.width);
    const height = width * (full.height / full.width);
    // Zoom about the fingers: the map point under them at the start stays under them.
    this.setView({ x: start.x, y: start.y, width, height });
    const now = this.clientToMap(mid);
    const anchor = this.gesture.anchor;
    this.setView({ x: this.view.x + anchor.x - now.x, y: this.view.y + anchor.y - now.y, width, height });
  }

  endGesture() {
    this.gesture = null;
    if (this.measure()) this.redraw();
  }

  setView(view) {
    const full = this.fullView;
    const x = clamp(view.x, full.x - view.width / 2, full.x + full.width - view.width / 2);
    const y = clamp(view.y, full.y - view.height / 2, full.y + full.height - view.height / 2);
    this.view = { x, y, width: view.width, height: view.height };
    this.svg.setAttribute("viewBox", [x, y, view.width, view.height].map(fmt).join(" "));
    const zoomed = view.width < full.width - 0.5;
    const fit = this.root.querySelector('[data-action="fit"]');
    if (fit) fit.hidden = !zoomed;
  }

  showWholeMap() {
    this.setView({ ...this.fullView });
    if (this.measure()) this.redraw();
  }
};
