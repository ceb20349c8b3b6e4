// The event table: one row per event with the sentence behind it; filters live in the URL.
import {api, el, clear, quadChip, names, placeLabel, dateLabel, sentence, href, filtersOf, fmtInt, legend, message, articleLabel} from "./util.js";
import {dayChart, coarserNote} from "./timeline.js";

const PAGE_SIZE = 50;

export async function renderEvents(main, r) {
  const f = filtersOf(r.params);
  const page = Math.max(1, parseInt(r.params.page || "1", 10) || 1);
  clear(main);
  const title = el("h1", {}, "Events");
  const sub = el("p", {class: "sub"}, "Loading…");
  const chart = el("div", {class: "chart", id: "mini-timeline"});
  const table = el("div", {id: "event-table"});
  main.append(title, sub, legend(), chart, table);
  let data, tl;
  try {
    [data, tl] = await Promise.all([
      api("/api/events", {...f, page, page_size: PAGE_SIZE}),
      api("/api/timeline", f),
    ]);
  } catch (e) {
    sub.textContent = "";
    message(table, e.message, "error");
    return;
  }
  const from = data.total ? (page - 1) * PAGE_SIZE + 1 : 0;
  sub.textContent = `${fmtInt(data.total)} event(s) match` +
    (data.total ? `; showing ${fmtInt(from)}–${fmtInt(from + data.events.length - 1)}, newest first.` : ".");
  dayChart(chart, tl.days, {height: 90, onDay: d => { location.hash = href("events", null, {...f, since: d, until: d}); }});
  const note = coarserNote(tl.coarser);
  if (note) chart.appendChild(el("div", {class: "muted"}, note));
  if (!data.events.length) {
    table.appendChild(el("div", {class: "empty"}, "No events match these filters."));
    return;
  }
  table.appendChild(eventTable(data.events));
  const pager = el("div", {class: "pager"});
  if (page > 1) pager.appendChild(el("a", {href: href("events", null, {...f, page: page - 1})}, "← newer"));
  pager.appendChild(el("span", {}, `page ${page} of ${Math.max(1, Math.ceil(data.total / PAGE_SIZE))}`));
  if (page * PAGE_SIZE < data.total) pager.appendChild(el("a", {href: href("events", null, {...f, page: page + 1}), id: "next-page"}, "older →"));
  table.appendChild(pager);
}

export function eventTable(events) {
  const rows = events.map(ev => {
    const open = () => { location.hash = href("article", ev.article.id, {event: ev.id}); };
    const tr = el("tr", {dataset: {event: ev.id, type: ev.event_type}, onclick: open},
      el("td", {class: "date"}, dateLabel(ev)),
      el("td", {class: "type"}, quadChip(ev.quad), ev.event_type,
        ev.mode || ev.aux ? el("span", {class: "mode"}, [ev.mode, ev.aux].filter(Boolean).join(" · ")) : null),
      el("td", {class: "who"}, names(ev.actor) || el("span", {class: "muted"}, "no actor named"),
        el("span", {class: "arrow"}, "→"), names(ev.recipient) || el("span", {class: "muted"}, "—")),
      el("td", {}, placeLabel(ev.location) || el("span", {class: "muted"}, "—")),
      el("td", {class: "sent"}, sentence(ev.mentions[0])),
      el("td", {class: "src"}, el("a", {href: href("article", ev.article.id, {event: ev.id}),
        onclick: e => e.stopPropagation()}, articleLabel(ev.article) || ev.article.id),
        ev.report_count > 1 ? el("div", {}, `${ev.report_count} reports, ${ev.source_count} source(s)`) : null));
    return tr;
  });
  return el("table", {class: "events"},
    el("thead", {}, el("tr", {}, ["Date", "Type", "Actor → recipient", "Where", "Sentence", "Source"].map(h => el("th", {}, h)))),
    el("tbody", {}, rows));
}
