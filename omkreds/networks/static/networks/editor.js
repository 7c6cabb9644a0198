// Omkreds network map editor: plain ES modules over the server-rendered SVG, no build step.
//
// The server draws the map with render.py; the editor takes over the three layers that change
// (lines, wanted positions, people) and redraws them from the map document. Each concern is a
// module in editor/ that adds its methods to the editor (a mixin), so every part reads `this`
// the same way:
//
//   util.js      helpers (SVG nodes, numbers, ids)
//   geometry.js  closeness and angle to x and y, sectors and rings (as networks/geometry.py)
//   drawing.js   people, lines and wanted positions as SVG
//   state.js     changes, undo and redo, and the operations built on them
//   pointer.js   mouse, pen and touch: select, open, drag
//   zoom.js      two fingers: pinch to zoom, pan
//   keyboard.js  keys on a person and undo/redo keys
//   marks.js     the citizen's own colours and signs on people and lines
//   panels.js    selection, the details panels, the toolbar and adding people
//   saving.js    autosave, problems, conflicts and the three-way merge

import { Drawing } from "./editor/drawing.js";
import { Geometry } from "./editor/geometry.js";
import { Keyboard } from "./editor/keyboard.js";
import { Marks } from "./editor/marks.js";
import { Panels } from "./editor/panels.js";
import { Pointer } from "./editor/pointer.js";
import { Saving } from "./editor/saving.js";
import { State } from "./editor/state.js";
import { Zoom } from "./editor/zoom.js";

export { merge } from "./editor/saving.js";

class EditorBase {
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
    // Together with the citizen, or on a touch screen: targets and names sized for fingers.
    this.large = Boolean(this.config.together) || window.matchMedia("(pointer: coarse)").matches;
    this.sizes = null;
  }

  start() {
    this.layers = {
      ties: this.svg.querySelector("g.ties"),
      wanted: this.svg.querySelector("g.wanted-positions"),
      contacts: this.svg.querySelector("g.contacts"),
    };
    this.svg.classList.add("editing");
    // The editor draws these layers itself: emptied first, the layout that measuring forces is
    // of an empty map, not of the server's 500 people about to be replaced (laid out once, not twice).
    for (const layer of Object.values(this.layers)) layer.replaceChildren();
    this.measure();
    this.redraw();
    this.bindZoom();
    this.bindPointer();
    this.bindKeys();
    this.bindForms();
    this.updateButtons();
    new ResizeObserver(() => {
      if (!this.drag && !this.gesture && this.measure()) this.redraw();
    }).observe(this.svg);
    window.addEventListener("beforeunload", (event) => {
      if (this.saveTimer || this.saving || this.conflict) event.preventDefault();
    });
    // When the map answers to touch and keys (bench/editor_browser.py reads it).
    this.readyAt = performance.now();
  }
}

class MapEditor extends Saving(Panels(Keyboard(Zoom(Pointer(State(Drawing(Marks(Geometry(EditorBase))))))))) {}

const editorRoot = document.getElementById("map-editor");
if (editorRoot) {
  window.omkredsMapEditor = new MapEditor(editorRoot);
  window.omkredsMapEditor.start();
}
