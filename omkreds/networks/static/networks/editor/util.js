// Small helpers every part of the map editor uses: SVG nodes, numbers, ids, texts.

export const SVG_NS = "http://www.w3.org/2000/svg";

export function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => (key in values ? String(values[key]) : ""));
}

export function el(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== "" && value !== null && value !== undefined) node.setAttribute(name, value);
  }
  if (text !== null) node.textContent = text;
  return node;
}

export function fmt(value) {
  const text = value.toFixed(2).replace(/\.?0+$/, "");
  return text === "-0" || text === "" ? "0" : text;
}

export function short(text, limit = 24) {
  const chars = Array.from(text);
  return chars.length <= limit ? text : chars.slice(0, limit - 1).join("").replace(/\u200d$/, "") + "\u2026";
}

export function newId() {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function pairKey(a, b) {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function same(x, y) {
  return JSON.stringify(x) === JSON.stringify(y);
}

export function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}
