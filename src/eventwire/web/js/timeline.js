// Events per day by quad class: stacked bars (SVG). A bar opens the events of its day.
import {api, el, svg, clear, legend, QUADS, QUAD_COLOURS, href, filtersOf, fmtInt, message} from "./util.js";

const DAY = 86400000;

function parseDay(s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)); }
function isoDay(t) { return new Date(t).toISOString().slice(0, 10); }

/**
 * Draw a stacked day chart into `node`.
 * days: [{date, quad, count}]; opts.height (px), opts.onDay(date), opts.mirror: a second series
 * drawn below the axis (the actor view: as actor above, as recipient below).
 */
export function dayChart(node, days, opts = {}) {
  const width = Math.max(320, node.clientWidth || 900) - 20;
  const height = opts.height || 160;
  const series = [days, opts.mirror || null].filter(Boolean);
  const all = series.flat();
  if (!all.length) {
    node.appendChild(el("div", {class: "empty"}, "No dated events (day precision) for this filter."));
    return;
  }
  let t0 = Math.min(...all.map(d => parseDay(d.date))), t1 = Math.max(...all.map(d => parseDay(d.date)));
  t0 -= DAY; t1 += DAY;
  const n = Math.round((t1 - t0) / DAY) + 1;
  const left = 34, right = 8, top = 8, bottom = 22;
  const plotW = width - left - right;
  const bw = Math.max(1, Math.min(24, plotW / n - 1));
  const x = t => left + ((t - t0) / DAY) * (plotW / n) + (plotW / n - bw) / 2;
  const stacks = series.map(s => {
    const m = new Map();
    for (const d of s) {
      const k = d.date;
      if (!m.has(k)) m.set(k, {});
      m.get(k)[d.quad] = (m.get(k)[d.quad] || 0) + d.count;
    }
    return m;
  });
  const maxOf = m => Math.max(1, ...[...m.values()].map(o => Object.values(o).reduce((a, b) => a + b, 0)));
  const mirror = stacks.length > 1;
  const half = mirror ? (height - top - bottom) / 2 : height - top - bottom;
  const root = svg("svg", {viewBox: `0 0 ${width} ${height}`, height, role: "img",
    "aria-label": "events per day by quad class"});
  stacks.forEach((m, si) => {
    const max = maxOf(m);
    const base = top + half;
    const scale = half / max;
    for (const [day, counts] of m) {
      let acc = 0;
      for (const q of [...QUADS, "unknown"]) {
        const c = counts[q];
        if (!c) continue;
        const h = c * scale;
        const y = si === 0 ? base - acc - h : base + acc;
        acc += h;
        const r = svg("rect", {class: "bar", x: x(parseDay(day)).toFixed(1), y: y.toFixed(1), width: bw.toFixed(1),
          height: Math.max(0.5, h).toFixed(1), fill: QUAD_COLOURS[q] || QUAD_COLOURS.unknown, dataset: {day}},
          svg("title", {}, `${day}: ${c} ${q}${mirror ? (si === 0 ? " (as actor)" : " (as recipient)") : ""}`));
        if (opts.onDay) r.addEventListener("click", () => opts.onDay(day));
        root.appendChild(r);
      }
    }
    const g = svg("g", {class: "axis"});
    g.appendChild(svg("text", {x: left - 4, y: si === 0 ? top + 8 : height - bottom - 2, "text-anchor": "end"}, fmtInt(max)));
    root.appendChild(g);
  });
  const axis = svg("g", {class: "axis"});
  const y0 = top + half;
  axis.appendChild(svg("line", {x1: left, x2: width - right, y1: y0, y2: y0}));
  const ticks = Math.min(8, n - 1);
  const seen = new Set();
  for (let i = 0; i <= ticks; i++) {
    const t = t0 + Math.round((i * (n - 1)) / Math.max(1, ticks)) * DAY;
    if (seen.has(t)) continue;
    seen.add(t);
    const anchor = i === 0 ? "start" : i === ticks ? "end" : "middle";
    axis.appendChild(svg("text", {x: x(t) + bw / 2, y: height - 6, "text-anchor": anchor}, isoDay(t)));
  }
  root.appendChild(axis);
  node.appendChild(root);
}

export function coarserNote(coarser) {
  const parts = Object.entries(coarser || {}).filter(([, v]) => v).map(([k, v]) => `${fmtInt(v)} ${k}`);
  return parts.length ? `Not drawn (no single day): ${parts.join(", ")}.` : "";
}

export async function renderTimeline(main, r) {
  const f = filtersOf(r.params);
  clear(main).appendChild(el("h1", {}, "Timeline"));
  main.appendChild(el("p", {class: "sub"}, "Events per day by quad class, for the current filters. Click a bar for that day's events."));
  main.appendChild(legend());
  const box = el("div", {class: "chart", id: "timeline-chart"});
  main.appendChild(box);
  try {
    const t = await api("/api/timeline", f);
    dayChart(box, t.days, {height: 300, onDay: d => { location.hash = href("events", null, {...f, since: d, until: d}); }});
    main.appendChild(el("p", {class: "muted"}, coarserNote(t.coarser)));
  } catch (e) {
    message(box, e.message, "error");
  }
}
