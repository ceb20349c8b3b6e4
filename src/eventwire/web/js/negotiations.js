// Negotiations between two parties: their REQUEST, AGREE, REJECT, CONCEDE and CONSULT events in
// order, party A's moves on the left, B's on the right, meetings of both in the middle.
import {api, el, clear, href, message, eventCard, filtersOf} from "./util.js";

function isParty(ent, p) {
  const v = p.trim();
  if (/^[A-Z]{3}$/.test(v)) return ent.country === v;
  const low = v.toLowerCase();
  return (ent.name || "").toLowerCase().includes(low) || (ent.text || "").toLowerCase().includes(low);
}

/** Which side an event belongs to: "left" (A acts), "right" (B acts), "both". */
export function side(ev, a, b) {
  const actA = ev.actor.some(e => isParty(e, a)), actB = ev.actor.some(e => isParty(e, b));
  if (ev.event_type === "CONSULT" || (actA && actB)) return "both";
  if (actA) return "left";
  if (actB) return "right";
  const recA = ev.recipient.some(e => isParty(e, a));
  return recA ? "right" : "left";  // nobody named as actor: the side of the one it is aimed at's counterpart
}

export async function renderNegotiations(main, r) {
  const a = r.params.a || "", b = r.params.b || "";
  const f = filtersOf(r.params);
  clear(main);
  main.appendChild(el("h1", {}, "Negotiations"));
  main.appendChild(el("p", {class: "sub"},
    "Two parties' requests, agreements, rejections, concessions and meetings, oldest first, so you can see positions move. " +
    "A party is an ISO code (RUS, UKR) or words of a name."));
  const form = el("form", {class: "partybar", id: "party-form"},
    el("label", {}, "Party A", el("input", {name: "a", value: a, placeholder: "RUS", size: 14})),
    el("label", {}, "Party B", el("input", {name: "b", value: b, placeholder: "UKR", size: 14})),
    el("button", {type: "submit"}, "Show"));
  form.addEventListener("submit", e => {
    e.preventDefault();
    location.hash = href("negotiations", null, {...f, a: form.elements.a.value.trim(), b: form.elements.b.value.trim()});
  });
  main.appendChild(form);
  const box = el("div", {id: "negotiations"});
  main.appendChild(box);
  if (!a || !b) { message(box, "Choose two parties, e.g. RUS and UKR."); return; }
  let evs;
  try {
    evs = await api("/api/negotiations", {...f, a, b});
  } catch (e) {
    message(box, e.message, "error");
    return;
  }
  if (!evs.length) { message(box, `No REQUEST, AGREE, REJECT, CONCEDE or CONSULT events between ${a} and ${b}.`); return; }
  const grid = el("div", {class: "nego"},
    el("div", {class: "colhead left"}, a), el("div", {class: "colhead when"}, "when"), el("div", {class: "colhead right"}, b));
  for (const ev of evs) {
    const s = side(ev, a, b);
    const card = eventCard(ev, {source: true, onclick: e => { location.hash = href("article", e.article.id, {event: e.id}); }});
    card.dataset.side = s;
    const when = el("div", {class: "when"}, ev.date || (ev.article.published ? "≈ " + ev.article.published : "undated"));
    if (s === "both") {
      grid.append(el("div", {class: "left"}), when, el("div", {class: "right"}));
      card.classList.add("both");
      grid.appendChild(card);
    } else {
      card.classList.add(s);
      if (s === "left") grid.append(card, when, el("div", {class: "right"}));
      else grid.append(el("div", {class: "left"}), when, card);
    }
  }
  box.appendChild(grid);
}
