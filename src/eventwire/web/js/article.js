// The article view: the text as stored, each event's evidence sentence highlighted (trigger in
// bold), quotes marked, page furniture greyed; beside it every event with its actor, recipient,
// place, date and claimed_by. Selecting an event marks its actor/recipient/place words in the text.
import {api, el, clear, quadChip, quadSlug, entityLabel, placeLabel, dateLabel, href, message, fmtInt} from "./util.js";

const FURNITURE = new Set(["header", "credit", "boilerplate"]);

/** Only http(s) links from stored data become links (no javascript: or data: URLs). */
export function safeUrl(u) {
  return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null;
}

export async function renderArticle(main, r) {
  clear(main);
  let data;
  try {
    data = await api("/api/articles/" + encodeURIComponent(r.arg || ""));
  } catch (e) {
    message(main, e.message, "error");
    return;
  }
  const a = data.article;
  const headline = data.sections.find(s => s.role === "headline");
  const title = a.title || (headline ? a.text.slice(headline.start, headline.end) : a.source || a.id);
  const url = safeUrl(a.url);
  main.appendChild(el("h1", {id: "article-title"}, title));
  main.appendChild(el("p", {class: "sub"},
    [a.outlet, a.published ? "published " + a.published : "publication date unknown", `${fmtInt(data.events.length)} event(s)`,
      `${fmtInt(data.quotes.length)} quote(s)`].filter(Boolean).join(" · "), " · ",
    url ? el("a", {href: url, rel: "noopener noreferrer nofollow", target: "_blank"}, "original") : el("span", {class: "muted"}, a.source || ""),
    a.duplicate_of ? el("span", {class: "flag"}, "near-copy in a report chain") : null));
  main.appendChild(el("div", {class: "keys"},
    el("span", {}, el("mark", {class: "k"}, "evidence sentence"), " ", el("b", {class: "trig"}, "trigger")),
    el("span", {class: "quote k"}, "quoted words"),
    el("span", {class: "role-actor k"}, "actor"), el("span", {class: "role-recipient k"}, "recipient"),
    el("span", {class: "role-place k"}, "place"), el("span", {class: "role-claimed_by k"}, "claimed by"),
    el("span", {class: "muted"}, "grey: header, credit, boilerplate")));
  const textBox = el("article", {class: "text", id: "article-text", lang: a.language || "en"});
  const panel = el("aside", {class: "panel", id: "event-panel"});
  main.appendChild(el("div", {class: "article"}, textBox, panel));

  const state = {selected: r.params.event || null};
  const events = data.events;
  const byId = new Map(events.map(e => [e.id, e]));
  if (state.selected && !byId.has(state.selected)) state.selected = null;

  const select = (id, scroll) => {
    state.selected = id;
    const u = new URL(location.href);
    u.hash = href("article", a.id, id ? {event: id} : {});
    history.replaceState(null, "", u);
    drawText(textBox, a.text, data, state, select);
    drawPanel(panel, events, state, select);
    if (scroll) {
      const m = textBox.querySelector("mark.sel");
      if (m) m.scrollIntoView({block: "center", behavior: "instant"});
      const c = panel.querySelector(".card.sel");
      if (c) c.scrollIntoView({block: "nearest", behavior: "instant"});
    }
  };
  select(state.selected, !!state.selected);
}

function intervals(text, data, state) {
  const out = [];
  for (const ev of data.events) {
    for (const m of ev.mentions || []) {
      if (m.start == null || m.end == null) continue;
      out.push({s: m.start, e: m.end, kind: "ev", id: ev.id});
      if (m.trigger) {
        const i = text.slice(m.start, m.end).indexOf(m.trigger);
        if (i >= 0 && ev.id === state.selected) out.push({s: m.start + i, e: m.start + i + m.trigger.length, kind: "trig"});
        else if (i >= 0) out.push({s: m.start + i, e: m.start + i + m.trigger.length, kind: "trig-faint"});
      }
    }
  }
  for (const q of data.quotes) {
    if (q.start != null && q.end != null) out.push({s: q.start, e: q.end, kind: "quote", speaker: q.speaker});
  }
  const sel = state.selected && data.events.find(e => e.id === state.selected);
  if (sel) {
    const roles = [["actor", sel.actor], ["recipient", sel.recipient], ["claimed_by", sel.claimed_by ? [sel.claimed_by] : []],
      ["place", sel.location ? [sel.location] : []]];
    for (const [role, list] of roles) {
      for (const x of list || []) {
        if (x && x.start != null && x.end != null && x.end > x.start) out.push({s: x.start, e: x.end, kind: "role-" + role});
      }
    }
  }
  return out;
}

function drawText(box, text, data, state, select) {
  clear(box);
  const ivs = intervals(text, data, state);
  const secs = data.sections.length ? data.sections : [{role: "body", start: 0, end: text.length}];
  for (const sec of secs) {
    const p = el("p", {class: "r-" + sec.role + (sec.duplicate ? " dup" : ""), dataset: {role: sec.role}});
    if (sec.duplicate) p.title = "repeats an earlier line";
    const inside = ivs.filter(iv => iv.s < sec.end && iv.e > sec.start);
    const cuts = new Set([sec.start, sec.end]);
    for (const iv of inside) { cuts.add(Math.max(iv.s, sec.start)); cuts.add(Math.min(iv.e, sec.end)); }
    const pts = [...cuts].sort((x, y) => x - y);
    for (let i = 0; i + 1 < pts.length; i++) {
      const s = pts[i], e = pts[i + 1];
      const words = text.slice(s, e);
      const cover = inside.filter(iv => iv.s <= s && iv.e >= e);
      if (!cover.length) { p.appendChild(document.createTextNode(words)); continue; }
      const evIds = [...new Set(cover.filter(c => c.kind === "ev").map(c => c.id))];
      const cls = new Set();
      let title = "";
      for (const c of cover) {
        if (c.kind === "quote") {
          cls.add("quote");
          title = c.speaker ? "quote: " + entityLabel(c.speaker) : "quote (speaker unknown)";
        } else if (c.kind === "trig") cls.add("trig");
        else if (c.kind.startsWith("role-")) cls.add(c.kind);
      }
      if (evIds.length) {
        if (cover.some(c => c.kind === "trig-faint")) cls.add("trig");
        if (state.selected && evIds.includes(state.selected)) cls.add("sel");
        const m = el("mark", {class: [...cls].join(" "), dataset: {events: evIds.join(" ")},
          title: title || `${evIds.length} event(s): click to show`}, words);
        m.addEventListener("click", () => {
          const k = evIds.indexOf(state.selected);
          select(evIds[(k + 1) % evIds.length], false);
        });
        p.appendChild(m);
      } else {
        p.appendChild(el("span", {class: [...cls].join(" "), title: title || null}, words));
      }
    }
    box.appendChild(p);
  }
}

function field(name, value) {
  return [el("dt", {}, name), el("dd", {}, value === null || value === undefined || value === "" ? "—" : value)];
}

function drawPanel(panel, events, state, select) {
  clear(panel);
  panel.appendChild(el("h2", {}, `Events in this article (${events.length})`));
  if (!events.length) {
    panel.appendChild(el("div", {class: "empty"}, "No events were found in this text."));
    return;
  }
  for (const ev of events) {
    const on = ev.id === state.selected;
    const card = el("div", {class: "card quad-" + quadSlug(ev.quad) + (on ? " sel" : ""), dataset: {event: ev.id}, tabindex: "0"},
      el("div", {class: "head"}, quadChip(ev.quad), ev.event_type, ev.mode ? el("span", {class: "mode"}, " · " + ev.mode) : null,
        ev.aux ? el("span", {class: "flag"}, ev.aux) : null),
      el("dl", {class: "fields"},
        field("actor", ev.actor.map(entityLabel).join("; ") || "no actor named"),
        field("recipient", ev.recipient.map(entityLabel).join("; ")),
        field("place", placeLabel(ev.location)),
        field("date", dateLabel(ev) + (ev.date_text ? ` (“${ev.date_text}”)` : "")),
        field("claimed by", entityLabel(ev.claimed_by)),
        on ? field("reports", ev.report_count ? `${ev.report_count} article(s), ${ev.source_count} independent` : null) : null,
        on ? field("confidence", ev.confidence != null ? ev.confidence.toFixed(2) : null) : null,
        on && ev.size && Object.values(ev.size).some(v => v != null)
          ? field("size", Object.entries(ev.size).filter(([, v]) => v != null).map(([k, v]) => `${k} ${v}`).join(", ")) : null,
        on && ev.mentions.length > 1 ? field("mentions", `${ev.mentions.length} sentences`) : null));
    card.addEventListener("click", () => select(on ? null : ev.id, !on));
    card.addEventListener("keydown", e => { if (e.key === "Enter") select(on ? null : ev.id, !on); });
    panel.appendChild(card);
  }
}
