// Router, filter bar and live updates. The state of a view lives in the URL (#/view?filters),
// so a view can be shared by copying the address.
import {api, el, route, href, filtersOf, qs, TYPES, QUADS, fmtInt} from "./util.js";
import {renderEvents} from "./events.js";
import {renderMap} from "./map.js";
import {renderTimeline} from "./timeline.js";
import {renderArticle} from "./article.js";
import {renderActors, renderActor} from "./actors.js";
import {renderNegotiations} from "./negotiations.js";

const VIEWS = {events: renderEvents, map: renderMap, timeline: renderTimeline, article: renderArticle,
  actors: renderActors, actor: renderActor, negotiations: renderNegotiations};
const WITH_FILTERS = new Set(["events", "map", "timeline", "negotiations"]);
const LIVE_VIEWS = new Set(["events", "map", "timeline", "actors", "actor", "negotiations"]);
const form = document.getElementById("filters");
const main = document.getElementById("view");
let rendering = 0;

function setupForm() {
  for (const t of TYPES) form.elements.type.appendChild(el("option", {value: t}, t));
  for (const q of QUADS) form.elements.quad.appendChild(el("option", {value: q}, q));
  form.addEventListener("submit", e => {
    e.preventDefault();
    const r = route();
    const params = {};
    for (const k of ["type", "quad", "country", "actor", "since", "until", "text"]) {
      const v = form.elements[k].value.trim();
      if (v) params[k] = k === "country" ? v.toUpperCase() : v;
    }
    const keep = {};
    for (const k of ["a", "b", "place", "aux", "recipient", "actor_country", "recipient_country"]) if (r.params[k]) keep[k] = r.params[k];
    const view = WITH_FILTERS.has(r.view) ? r.view : "events";
    location.hash = href(view, null, {...keep, ...params});
  });
  for (const name of ["type", "quad"]) form.elements[name].addEventListener("change", () => form.requestSubmit());
  document.getElementById("clear").addEventListener("click", () => {
    const r = route();
    location.hash = href(WITH_FILTERS.has(r.view) ? r.view : "events", null, r.params.a ? {a: r.params.a, b: r.params.b} : {});
  });
}

function syncForm(r) {
  for (const k of ["type", "quad", "country", "actor", "since", "until", "text"]) {
    form.elements[k].value = r.params[k] || "";
  }
  form.classList.toggle("hidden", !WITH_FILTERS.has(r.view));
  document.getElementById("csv").href = "/api/events.csv" + (qs(filtersOf(r.params)) ? "?" + qs(filtersOf(r.params)) : "");
  for (const a of document.querySelectorAll(".tabs a")) {
    const v = a.dataset.view;
    a.classList.toggle("active", v === r.view || (v === "actors" && r.view === "actor"));
    const f = filtersOf(r.params);
    a.href = href(v, null, WITH_FILTERS.has(v) ? f : {});
  }
}

async function render(opts = {}) {
  const r = route();
  const fn = VIEWS[r.view] || renderEvents;
  syncForm(r);
  const n = ++rendering;
  document.body.dataset.view = r.view;
  document.body.dataset.ready = "";
  try {
    await fn(main, r, opts);
  } finally {
    if (n === rendering) document.body.dataset.ready = "1";  // tests wait for this
  }
}

// Live: poll for a newer snapshot of the database; refresh list views when it has new events.
let known = null;
const live = document.getElementById("live");
const toast = document.getElementById("toast");

async function poll() {
  try {
    const s = await api("/api/live");
    live.classList.toggle("stale", !!s.error);
    live.replaceChildren(el("span", {class: "dot"}), `live · ${fmtInt(s.articles)} articles · ${fmtInt(s.events)} events`,
      s.last_ingest ? ` · newest stored ${new Date(s.last_ingest).toLocaleString()}` : "");
    live.title = s.error ? "last refresh failed: " + s.error : "the page updates itself when new articles are stored";
    document.body.dataset.snapshot = String(s.snapshot);
    if (known && s.snapshot !== known.snapshot && s.events !== known.events) {
      const added = s.events - known.events;
      toast.textContent = added > 0 ? `${fmtInt(added)} new event(s)` : "the data changed";
      toast.hidden = false;
      setTimeout(() => { toast.hidden = true; }, 4000);
      if (LIVE_VIEWS.has(route().view)) render({live: true});
    }
    known = s;
  } catch (e) {
    live.classList.add("stale");
    live.replaceChildren(el("span", {class: "dot"}), "server not answering");
  }
}

setupForm();
window.addEventListener("hashchange", () => render());
render();
poll();
setInterval(poll, 3000);
