// The map: Natural Earth country outlines (world-atlas, drawn with d3-geo), event places as
// points clustered by supercluster and coloured by quad class; events located only to a country
// shade that country and carry a count badge instead of a false-precision pin.
import {api, el, svg, clear, legend, QUADS, QUAD_COLOURS, filtersOf, fmtInt, eventCard, message, href} from "./util.js";

let world = null;          // GeoJSON FeatureCollection of countries (loaded once)
let view = {k: 1, x: 0, y: 0};  // zoom and pan, kept across live refreshes

async function loadWorld() {
  if (world) return world;
  const topo = await fetch("/static/vendor/countries-50m.json").then(r => r.json());
  world = window.topojson.feature(topo, topo.objects.countries);
  return world;
}

function dominant(quads) {
  let best = "unknown", n = -1;
  for (const [q, c] of Object.entries(quads || {})) if (c > n) { best = q; n = c; }
  return best;
}

/** A donut of quad shares around (0,0): one path per quad. */
function donut(quads, r0, r1) {
  const total = Object.values(quads).reduce((a, b) => a + b, 0) || 1;
  const parts = [];
  let a = -Math.PI / 2;
  for (const q of [...QUADS, "unknown"]) {
    const c = quads[q];
    if (!c) continue;
    const b = a + (c / total) * 2 * Math.PI;
    if (c === total) {
      parts.push(svg("circle", {r: (r0 + r1) / 2, fill: "none", stroke: QUAD_COLOURS[q], "stroke-width": r1 - r0}));
      break;
    }
    const large = b - a > Math.PI ? 1 : 0;
    const p = (r, t) => `${(r * Math.cos(t)).toFixed(2)},${(r * Math.sin(t)).toFixed(2)}`;
    parts.push(svg("path", {fill: QUAD_COLOURS[q] || QUAD_COLOURS.unknown,
      d: `M${p(r1, a)}A${r1},${r1} 0 ${large} 1 ${p(r1, b)}L${p(r0, b)}A${r0},${r0} 0 ${large} 0 ${p(r0, a)}Z`}));
    a = b;
  }
  return parts;
}

export async function renderMap(main, r, opts = {}) {
  const f = filtersOf(r.params);
  if (!opts.live) view = {k: 1, x: 0, y: 0};
  clear(main);
  main.appendChild(el("h1", {}, "Map"));
  const sub = el("p", {class: "sub"}, "Loading…");
  main.append(sub, legend());
  const mapBox = el("div", {class: "map", id: "map"});
  const side = el("aside", {class: "side", id: "map-side"},
    el("h2", {}, "Events here"), el("p", {class: "muted"}, "Click a point, a cluster or a shaded country."));
  main.appendChild(el("div", {class: "mapwrap"}, mapBox, side));
  let places, countries;
  try {
    [places, countries] = await Promise.all([api("/api/places", f), loadWorld()]);
  } catch (e) {
    message(mapBox, e.message, "error");
    return;
  }
  const nPts = places.points.reduce((a, p) => a + p.count, 0);
  const nCty = places.countries.reduce((a, c) => a + c.count, 0);
  sub.textContent = `${fmtInt(nPts)} event(s) at ${fmtInt(places.points.length)} place(s); ` +
    `${fmtInt(nCty)} located only to a country (shaded); ${fmtInt(places.unlocated)} without a place.`;

  const W = mapBox.clientWidth || 900, H = mapBox.clientHeight || 520;
  const projection = window.d3.geoNaturalEarth1().fitExtent([[8, 8], [W - 8, H - 8]], {type: "Sphere"});
  const path = window.d3.geoPath(projection);
  const root = svg("svg", {viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "map of event locations"});
  const base = svg("g", {class: "base"});
  const marks = svg("g", {class: "marks"});
  root.append(base, marks);
  base.appendChild(svg("path", {class: "sphere", d: path({type: "Sphere"})}));
  base.appendChild(svg("path", {class: "grat", d: path(window.d3.geoGraticule10())}));
  const byNum = new Map(places.countries.filter(c => c.iso_numeric).map(c => [c.iso_numeric, c]));
  const maxC = Math.max(1, ...places.countries.map(c => c.count));
  const shaded = [];
  for (const feat of countries.features) {
    const c = byNum.get(String(feat.id));
    const p = svg("path", {class: "country" + (c ? " has" : ""), d: path(feat)});
    if (c) {
      p.style.fill = QUAD_COLOURS[dominant(c.quads)];
      p.style.fillOpacity = String(0.25 + 0.45 * Math.sqrt(c.count / maxC));
      p.appendChild(svg("title", {}, `${feat.properties.name}: ${c.count} event(s) located only to the country`));
      p.dataset.country = c.country;
      p.addEventListener("click", () => showEvents(side, {...f, country: c.country, located: "country"},
        `${feat.properties.name} (located only to the country)`));
      shaded.push([feat, c]);
    } else {
      p.appendChild(svg("title", {}, feat.properties.name || ""));
    }
    base.appendChild(p);
  }

  const index = new window.Supercluster({
    radius: 44, maxZoom: 14,
    map: p => ({count: p.count, quads: {...p.quads}}),
    reduce: (acc, p) => { acc.count += p.count; for (const [q, c] of Object.entries(p.quads)) acc.quads[q] = (acc.quads[q] || 0) + c; },
  });
  index.load(places.points.map(p => ({type: "Feature", geometry: {type: "Point", coordinates: [p.lon, p.lat]},
    properties: {count: p.count, quads: p.quads, name: p.name, country: p.country, geonameid: p.geonameid, feature: p.feature}})));
  const worldW = projection([180, 0])[0] - projection([-180, 0])[0];

  const draw = () => {
    base.setAttribute("transform", `translate(${view.x},${view.y}) scale(${view.k})`);
    marks.replaceChildren();
    const scr = ([lon, lat]) => { const [x, y] = projection([lon, lat]); return [x * view.k + view.x, y * view.k + view.y]; };
    for (const [feat, c] of shaded) {  // count badges on shaded countries
      const [cx, cy] = scr(window.d3.geoCentroid(feat));
      const label = String(c.count), w = 8 + 6.5 * label.length;
      marks.appendChild(svg("g", {class: "badge", transform: `translate(${cx.toFixed(1)},${cy.toFixed(1)})`},
        svg("rect", {x: -w / 2, y: -8, width: w, height: 16, rx: 8}), svg("text", {}, label)));
    }
    const z = Math.max(0, Math.min(14, Math.floor(Math.log2((worldW * view.k) / 512)) + 1));
    for (const cl of index.getClusters([-180, -85, 180, 85], z)) {
      const [x, y] = scr(cl.geometry.coordinates);
      const props = cl.properties;
      const isCluster = !!props.cluster;
      const n = props.count;
      const rad = isCluster ? 10 + 3.2 * Math.sqrt(n) : 5 + 1.8 * Math.sqrt(n);
      const g = svg("g", {class: "pt" + (isCluster ? " cluster" : ""), transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`,
        dataset: isCluster ? {cluster: String(props.cluster_id)} : {geonameid: String(props.geonameid || "")}},
      svg("circle", {class: "core", r: rad - 2.5, fill: QUAD_COLOURS[dominant(props.quads)]}),
      donut(props.quads, rad - 2.5, rad),
      n > 1 || isCluster ? svg("text", {}, String(n)) : null,
      svg("title", {}, isCluster ? `${n} events at ${props.point_count} places: click to zoom`
        : `${props.name}${props.country ? ", " + props.country : ""}: ${n} event(s)` +
          (/^(ADM|RGN|SEA|GULF|AREA)/.test(props.feature || "") ? " (a region: drawn at its centre)" : "")));
      g.addEventListener("click", ev => {
        ev.stopPropagation();
        if (isCluster) {
          const target = Math.min(index.getClusterExpansionZoom(props.cluster_id), 14);
          const k = Math.max(view.k * 2, (512 * 2 ** (target - 1)) / worldW);
          zoomAt(x, y, k / view.k);
        } else {
          const where = props.geonameid ? {geonameid: props.geonameid} : {place: props.name, located: "point"};
          showEvents(side, {...f, ...where}, `${props.name}${props.country ? ", " + props.country : ""}`);
        }
      });
      marks.appendChild(g);
    }
  };
  const zoomAt = (px, py, factor) => {
    const k = Math.max(1, Math.min(256, view.k * factor));
    const f2 = k / view.k;
    view = {k, x: px - (px - view.x) * f2, y: py - (py - view.y) * f2};
    if (k === 1) view = {k: 1, x: 0, y: 0};
    draw();
  };
  const toLocal = e => {
    const b = root.getBoundingClientRect();
    return [((e.clientX - b.left) / b.width) * W, ((e.clientY - b.top) / b.height) * H];
  };
  root.addEventListener("wheel", e => { e.preventDefault(); const [x, y] = toLocal(e); zoomAt(x, y, e.deltaY < 0 ? 1.5 : 1 / 1.5); }, {passive: false});
  let drag = null;
  root.addEventListener("pointerdown", e => { drag = {p: toLocal(e), v: {...view}, moved: false}; });
  root.addEventListener("pointermove", e => {
    if (!drag || !e.buttons) return;
    const [x, y] = toLocal(e);
    if (Math.abs(x - drag.p[0]) + Math.abs(y - drag.p[1]) > 3) drag.moved = true;
    if (drag.moved) { view = {...drag.v, x: drag.v.x + x - drag.p[0], y: drag.v.y + y - drag.p[1]}; draw(); }
  });
  root.addEventListener("pointerup", () => { drag = null; });
  mapBox.appendChild(root);
  mapBox.appendChild(el("div", {class: "zoom"},
    el("button", {type: "button", title: "zoom in", onclick: () => zoomAt(W / 2, H / 2, 2)}, "+"),
    el("button", {type: "button", title: "zoom out", onclick: () => zoomAt(W / 2, H / 2, 0.5)}, "−"),
    el("button", {type: "button", title: "whole world", onclick: () => { view = {k: 1, x: 0, y: 0}; draw(); }}, "⟲")));
  draw();
}

async function showEvents(side, params, title) {
  clear(side).appendChild(el("h2", {}, title));
  const box = el("div", {}, el("p", {class: "muted"}, "Loading…"));
  side.appendChild(box);
  try {
    const page = await api("/api/events", {...params, page_size: 50});
    clear(box).appendChild(el("p", {class: "muted"}, `${fmtInt(page.total)} event(s)` + (page.total > 50 ? ", newest 50 shown" : "")));
    for (const ev of page.events) box.appendChild(eventCard(ev, {source: true,
      onclick: e => { location.hash = href("article", e.article.id, {event: e.id}); }}));
  } catch (e) {
    message(box, e.message, "error");
  }
}
