// Small helpers shared by the views. Article text is untrusted: every string reaches the page
// through text nodes or attribute values (never parsed as markup), and the server CSP forbids inline
// script, so a headline holding <script> or <img onerror=...> is shown as the characters it is.

export const QUADS = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
export const QUAD_COLOURS = {
  "verbal cooperation": "#7aaad6", "material cooperation": "#1f5f9e",
  "verbal conflict": "#e3a23b", "material conflict": "#c0392b", "unknown": "#9aa3ad",
};
export const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
export const FILTER_KEYS = ["type", "quad", "country", "actor", "recipient", "since", "until", "text", "place",
  "aux", "actor_country", "recipient_country"];

/** Build an element: el("a", {href: "#", class: "x", onclick: fn}, "text", child, [more]). */
export function el(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** Build an SVG element (same calling convention as el). */
export function svg(tag, attrs, ...children) {
  return build(document.createElementNS("http://www.w3.org/2000/svg", tag), attrs, children);
}

function build(node, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k === "text") node.textContent = String(v);
    else node.setAttribute(k, String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else if (c instanceof Node) node.appendChild(c);
    else node.appendChild(document.createTextNode(String(c)));
  }
}

/** GET /api/...; resolves to the JSON body, rejects with the server's message. */
export async function api(path, params) {
  const q = params ? qs(params) : "";
  const res = await fetch(path + (q ? "?" + q : ""), {headers: {Accept: "application/json"}});
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const d = body && body.detail;
    const msg = Array.isArray(d) ? d.map(x => x.msg).join("; ") : (d || res.statusText);
    throw new Error(msg);
  }
  return body;
}

/** A query string of the non-empty values. */
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") u.set(k, v);
  }
  return u.toString();
}

/** The current route: #/view/arg?params → {view, arg, params}. */
export function route() {
  const h = location.hash.replace(/^#\/?/, "");
  const [path, query] = h.split("?", 2);
  const parts = path.split("/");
  const params = Object.fromEntries(new URLSearchParams(query || ""));
  return {view: parts[0] || "events", arg: parts.slice(1).map(decodeURIComponent).join("/") || null, params};
}

export function href(view, arg, params) {
  const q = qs(params || {});
  return "#/" + view + (arg ? "/" + encodeURIComponent(arg) : "") + (q ? "?" + q : "");
}

/** Only the filter parameters of a params object. */
export function filtersOf(params) {
  const out = {};
  for (const k of FILTER_KEYS) if (params[k]) out[k] = params[k];
  return out;
}

export function quadSlug(q) {
  return (q || "unknown").replace(/\s+/g, "-");
}

export function quadChip(q) {
  return el("span", {class: "q q-" + quadSlug(q), title: q || "quad unknown"});
}

export function names(list) {
  return (list || []).map(e => e.name || e.text).filter(Boolean).join(", ");
}

export function entityLabel(e) {
  if (!e) return "";
  const bits = [e.name || e.text];
  if (e.name && e.text && e.text !== e.name) bits.push("“" + e.text + "”");
  const extra = [e.country, e.sector].filter(Boolean).join(" · ");
  return bits.join(" ") + (extra ? " (" + extra + ")" : "");
}

export function placeLabel(loc) {
  if (!loc) return "";
  const n = loc.name || loc.text;
  return n + (loc.country && loc.country !== n ? ", " + loc.country : "");
}

export function dateLabel(ev) {
  if (!ev.date) return "—";
  return ev.date + (ev.date_precision && ev.date_precision !== "day" ? " (" + ev.date_precision + ")" : "");
}

/** The mention sentence with its trigger words in bold (first occurrence). */
export function sentence(m) {
  if (!m) return el("span", {class: "muted"}, "(no sentence)");
  const text = m.text || "";
  const t = m.trigger || "";
  const i = t ? text.indexOf(t) : -1;
  if (i < 0) return el("span", {}, text);
  return el("span", {}, text.slice(0, i), el("b", {class: "trig"}, text.slice(i, i + t.length)), text.slice(i + t.length));
}

export function articleLabel(a) {
  return [a.outlet, a.title || a.headline || a.source].filter(Boolean).join(" · ");
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

export function fmtInt(n) {
  return Number(n || 0).toLocaleString("en");
}

/** A card for one event: type, who did what to whom, where, when, the sentence. */
export function eventCard(ev, opts = {}) {
  const m = ev.mentions && ev.mentions[0];
  const card = el("div", {class: "card quad-" + quadSlug(ev.quad), dataset: {event: ev.id}, tabindex: "0"},
    el("div", {class: "head"}, quadChip(ev.quad), ev.event_type, ev.mode ? el("span", {class: "mode"}, " · " + ev.mode) : null,
      ev.aux ? el("span", {class: "flag"}, ev.aux) : null),
    el("div", {class: "meta"}, (names(ev.actor) || "no actor named"), el("span", {class: "arrow"}, "→"),
      (names(ev.recipient) || "—"), " · ", placeLabel(ev.location) || "no place", " · ", dateLabel(ev)),
    opts.sentence === false ? null : el("div", {class: "sent"}, sentence(m)),
    opts.source ? el("div", {class: "meta"}, el("a", {href: href("article", ev.article.id, {event: ev.id})},
      articleLabel(ev.article) || ev.article.id)) : null);
  if (opts.onclick) card.addEventListener("click", () => opts.onclick(ev));
  return card;
}

export function legend() {
  return el("div", {class: "legend"}, QUADS.map(q => el("span", {}, quadChip(q), q)));
}

export function message(node, text, cls = "empty") {
  clear(node).appendChild(el("div", {class: cls}, text));
}
