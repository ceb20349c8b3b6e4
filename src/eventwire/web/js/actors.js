// Actors: a searchable list, and one actor's events as actor (above the axis) and as recipient
// (below) over time, with both lists.
import {api, el, clear, href, fmtInt, legend, message, eventCard} from "./util.js";
import {dayChart} from "./timeline.js";

export async function renderActors(main, r) {
  clear(main);
  main.appendChild(el("h1", {}, "Actors"));
  main.appendChild(el("p", {class: "sub"}, "Everyone named as an actor or a recipient, by number of events. Click a name for its view."));
  const form = el("form", {class: "partybar"},
    el("label", {}, "Name", el("input", {name: "q", type: "search", value: r.params.q || "", placeholder: "e.g. Lavrov"})),
    el("button", {type: "submit"}, "Search"));
  form.addEventListener("submit", e => {
    e.preventDefault();
    location.hash = href("actors", null, {q: form.elements.q.value.trim()});
  });
  main.appendChild(form);
  const box = el("div", {});
  main.appendChild(box);
  try {
    const rows = await api("/api/actors", {q: r.params.q, limit: 200});
    if (!rows.length) { message(box, "No actor matches."); return; }
    box.appendChild(el("table", {class: "events actors"},
      el("thead", {}, el("tr", {}, ["Name", "Country", "Sector", "As actor", "As recipient", "First", "Last"].map(h => el("th", {}, h)))),
      el("tbody", {}, rows.map(a => el("tr", {onclick: () => { location.hash = href("actor", a.name); }},
        el("td", {}, el("a", {href: href("actor", a.name)}, a.name || "?")), el("td", {}, a.country || ""), el("td", {}, a.sector || ""),
        el("td", {class: "num"}, fmtInt(a.as_actor)), el("td", {class: "num"}, fmtInt(a.as_recipient)),
        el("td", {class: "date"}, a.first_date || ""), el("td", {class: "date"}, a.last_date || ""))))));
  } catch (e) {
    message(box, e.message, "error");
  }
}

export async function renderActor(main, r) {
  const name = r.arg || "";
  clear(main);
  main.appendChild(el("h1", {}, name));
  const sub = el("p", {class: "sub"}, "Loading…");
  main.append(sub, legend());
  const chart = el("div", {class: "chart", id: "actor-chart"});
  main.appendChild(chart);
  const cols = el("div", {class: "mapwrap"});
  main.appendChild(cols);
  try {
    const [ta, tr, ea, er] = await Promise.all([
      api("/api/timeline", {actor: name}), api("/api/timeline", {recipient: name}),
      api("/api/events", {actor: name, page_size: 100}), api("/api/events", {recipient: name, page_size: 100})]);
    sub.textContent = `${fmtInt(ea.total)} event(s) as actor, ${fmtInt(er.total)} as recipient. ` +
      "Above the axis: as actor; below: as recipient (day-precision events).";
    dayChart(chart, ta.days, {height: 220, mirror: tr.days.length ? tr.days : null,
      onDay: d => { location.hash = href("events", null, {actor: name, since: d, until: d}); }});
    const list = (title, page, id) => el("section", {class: "side", id},
      el("h2", {}, `${title} (${fmtInt(page.total)})`),
      page.events.length ? page.events.map(ev => eventCard(ev, {source: true,
        onclick: e => { location.hash = href("article", e.article.id, {event: e.id}); }})) : el("p", {class: "muted"}, "none"));
    cols.append(list("As actor", ea, "as-actor"), list("As recipient", er, "as-recipient"));
    cols.style.gridTemplateColumns = "1fr 1fr";
  } catch (e) {
    message(chart, e.message, "error");
  }
}
