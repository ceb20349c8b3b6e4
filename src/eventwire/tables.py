"""Tables for people (rich): ``extract -f table`` and ``events -f table``.

What they show and why:

- **Safe text.** Every cell is a :func:`eventwire.termsafe.text` (no rich markup, no terminal
  control characters): article text is untrusted.
- **The terminal's width.** rich measures the terminal (``COLUMNS`` or 80 columns when the
  output is not a terminal); long cells wrap at word boundaries, nothing is cut.
- **Who did it to whom.** One column, ``actor → recipient``, each entity as its country code
  and what it is: the name of a person or organisation ("RUS Sergey Lavrov"), or for a group
  the words as written without the country's name or demonym ("KEN police" for "Kenyan
  police"), or the code alone for a state ("UKR").
- **The sentence whole**, its trigger in bold, with how many more sentences report the event.
- **One row per event.** Events of one article with the same canonical event (``events``), and
  an event read from the headline alone beside the body's event of the same type, actors and
  recipients, are one row (:func:`fold`); the row says "also in the headline".
"""

from __future__ import annotations

import datetime as dt

from typing import IO, Callable, Iterable

from .termsafe import clean, text

_COUNTRY_WORDS: dict[str, set[str]] | None = None


def _country_words() -> dict[str, set[str]]:
    """ISO alpha-3 → lower-cased names, demonyms and peoples of that country (countries.tsv)."""
    global _COUNTRY_WORDS
    if _COUNTRY_WORDS is None:
        from .knowledge import Knowledge

        words: dict[str, set[str]] = {}
        for row in Knowledge().tsv("countries.tsv"):
            code = row.get("iso3") or ""
            if code and row.get("kind") in ("name", "demonym", "people"):
                words.setdefault(code, set()).update(
                    w.lower() for w in (row.get("text"), row.get("name")) if w)
        _COUNTRY_WORDS = words
    return _COUNTRY_WORDS


def _is_function_word(words: str) -> bool:
    """True for a single stop word (a pronoun left by coreference: "it", "they"), by spaCy's
    English stop-word list."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return " " not in words and words.lower() in STOP_WORDS


def entity_label(e: dict | None) -> str:
    """One entity for a person: country code and what it is (see the module docstring).

    Args:
        e: an Entity record (``text``, ``name``, ``country``, ``sector``...), or None.

    Returns:
        e.g. "KEN police", "RUS Sergey Lavrov", "UKR", "NATO"; "" for None.
    """
    if not e:
        return ""
    code = clean(e.get("country") or "")
    name = clean(e.get("name") or "")
    words = clean(e.get("text") or "").strip()
    own = _country_words().get(code, set())
    if name and name.lower() not in own:  # a named person or organisation
        return f"{code} {name}".strip()
    tokens = words.split()
    while len(tokens) > 1 and (tokens[0].lower() in own or tokens[0].lower().rstrip("'’s") in own):
        tokens.pop(0)  # "Kenyan police" -> "police"; "Russia's army" -> "army"
    rest = " ".join(tokens)
    if rest.lower() in own or rest.lower().rstrip("'’s") in own or _is_function_word(rest):
        rest = ""  # the state itself ("Ukraine", "Russia's") or a pronoun ("it", "they")
    if not code:
        return rest or name or words
    return f"{code} {rest}".strip()


def who(ev: dict) -> str:
    """``actor → recipient`` of an event; compound actors joined with " + "."""
    act = " + ".join(entity_label(e) for e in ev.get("actor") or []) or "?"
    rec = " + ".join(entity_label(e) for e in ev.get("recipient") or [])
    return f"{act} → {rec}" if rec else act


def _what(ev: dict) -> str:
    parts = [ev.get("event_type") or "", ev.get("mode") or ""]
    if ev.get("aux"):
        parts.append(f"({ev['aux']})")
    return " ".join(clean(p) for p in parts if p)


def _headline_only(ev: dict) -> bool:
    ms = ev.get("mentions") or []
    return bool(ms) and all(m.get("section") == "headline" for m in ms)


def fold(events: list[dict], article_of: Callable[[dict], str]) -> list[list[dict]]:
    """Group the events that are one event for a reader, keeping the order of first appearance.

    Events of one article with the same ``canonical_id`` are one group; an event mentioned only
    in the headline joins the first body event of its article with the same type, aux, actors
    and recipients.

    Args:
        events: event dicts (eventwire/1 events, optionally with ``canonical_id``).
        article_of: the article key of an event.

    Returns:
        Groups of events; the first member of each is the one shown (a body event when any).
    """
    groups: list[list[dict]] = []
    by_canon: dict[tuple, list[dict]] = {}
    for ev in events:
        cid = ev.get("canonical_id")
        key = (article_of(ev), cid)
        if cid and key in by_canon:
            by_canon[key].append(ev)
            continue
        g = [ev]
        groups.append(g)
        if cid:
            by_canon[key] = g
    sig = lambda ev: (article_of(ev), ev.get("event_type"), ev.get("aux"), who(ev))  # noqa: E731
    body_of: dict[tuple, list[dict]] = {}
    for g in groups:
        if not all(_headline_only(ev) for ev in g):
            body_of.setdefault(sig(g[0]), g)
    out = []
    for g in groups:
        target = body_of.get(sig(g[0])) if all(_headline_only(ev) for ev in g) else None
        if target is not None and target is not g:
            target.extend(g)
        else:
            out.append(g)
    return out


def sentence_cell(group: list[dict]):
    """The shown event's sentence (trigger in bold) and a note of the other mentions."""
    from rich.text import Text

    ev = group[0]
    mentions = [m for e in group for m in (e.get("mentions") or [])]
    first = next((m for m in ev.get("mentions") or [] if m.get("section") != "headline"),
                 (ev.get("mentions") or [{}])[0])
    cell = text(first.get("text") or "")
    trig = clean(first.get("trigger") or "")
    at = cell.plain.find(trig) if trig else -1
    if at >= 0:
        cell.stylize("bold", at, at + len(trig))
    elif trig:
        cell = Text.assemble(text(trig, "bold"), ": ", cell)
    notes = []
    if any(m.get("section") == "headline" for m in mentions) and first.get("section") != "headline":
        notes.append("also in the headline")
    others = len({(m.get("start"), m.get("end")) for m in mentions}) - 1
    others -= 1 if notes else 0
    if others > 0:
        notes.append(f"+{others} more sentence{'s' if others > 1 else ''}")
    if notes:
        cell.append(f"  ({'; '.join(notes)})", style="dim")
    return cell


def console(fh: IO[str]):
    """A rich Console on ``fh`` at the terminal's width, colour only on a terminal."""
    from rich.console import Console

    tty = getattr(fh, "isatty", lambda: False)()
    return Console(file=fh, color_system="auto" if tty else None, highlight=False, markup=False,
                   emoji=False)


#: Widest a short column may grow before it wraps, in terminal cells (the sentence takes the rest).
_MAX_WIDTH = {"when": 10, "event": 14, "who": 28, "where": 14, "reports": 7, "speaker": 26}
#: The last column (sentence, quote) gets at least this many cells, or this share of the
#: table's room when more, while the other columns can shrink to their longest word.
_MIN_LAST = 30
_LAST_SHARE = 0.45
#: Narrowest a short column becomes on a narrow terminal ("RUS → UKR" on one line).
_FLOOR = {"who": 9}


class _Table:
    """Rows collected first, then laid out to the console's width: each short column as wide as
    its content (at most :data:`_MAX_WIDTH`), the last column (the sentence or quote) the rest;
    on a narrow terminal the widest short columns give way first, down to their longest word."""

    def __init__(self, con, *cols: str, wrap_last: bool = True):
        self.con, self.cols, self.wrap_last = con, cols, wrap_last
        self.rows: list[tuple] = []

    def add_row(self, *cells) -> None:
        self.rows.append(cells)

    def _widths(self) -> list[int]:
        from rich.cells import cell_len

        def natural(i: int) -> int:
            return max([cell_len(self.cols[i])] + [cell_len(ln) for r in self.rows for ln in r[i].plain.split("\n")])

        def longest_word(i: int) -> int:
            return max([cell_len(self.cols[i])] + [cell_len(w) for r in self.rows for w in r[i].plain.split()])

        n = len(self.cols)
        widths = [min(natural(i), _MAX_WIDTH.get(c, 10**6)) for i, c in enumerate(self.cols)]
        if not self.wrap_last:
            return widths
        room = self.con.width - (3 * n + 1)  # borders and padding
        floors = [min(max(longest_word(i), _FLOOR.get(self.cols[i], 0)), widths[i]) for i in range(n - 1)]
        want = min(natural(n - 1), max(_MIN_LAST, int(room * _LAST_SHARE)))
        while room - sum(widths[:-1]) < want:
            shrinkable = [i for i in range(n - 1) if widths[i] > floors[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: widths[i] - floors[i])
            widths[widest] -= 1
        widths[-1] = max(min(natural(n - 1), room - sum(widths[:-1])), 8)
        return widths

    def render(self):
        from rich.table import Table

        t = Table(show_lines=False)
        for c, w in zip(self.cols, self._widths()):
            t.add_column(c, overflow="fold", width=w)
        for r in self.rows:
            t.add_row(*r)
        return t


def _table(con, *cols: str, wrap_last: bool = True) -> _Table:
    return _Table(con, *cols, wrap_last=wrap_last)


def write_article_tables(recs: Iterable[dict], fh: IO[str]) -> None:
    """``extract -f table``: per article its title line, events, quotes, and places (one row
    per gazetteer entry, with the words used for it and how many times it is named)."""
    con = console(fh)
    for r in recs:
        a = r["article"]
        con.print(text(f"{a.get('title') or a['source']}  "
                       f"({a.get('outlet') or '?'}, {a.get('published') or 'date unknown'})", "bold"))
        t = _table(con, "when", "event", "who", "where", "sentence")
        for g in fold(r["events"], lambda ev: ""):
            ev = g[0]
            loc = ev.get("location") or {}
            t.add_row(text(when(ev)), text(_what(ev)), text(who(ev)),
                      text(loc.get("name") or loc.get("text") or ""), sentence_cell(g))
        con.print(t.render())
        if r["quotes"]:
            q = _table(con, "speaker", "quote")
            for qu in r["quotes"]:
                sp = qu.get("speaker")
                q.add_row(text(entity_label(sp) if sp else "?"), text(qu["text"]))
            con.print(q.render())
        if r.get("places"):
            p = _table(con, "place", "resolved to", "country", "admin1", "GeoNames id", "mentions",
                       wrap_last=False)
            seen: dict[tuple, list] = {}
            for pl in r["places"]:
                key = (pl.get("geonameid"), pl.get("name"), pl.get("country"))
                seen.setdefault(key, []).append(pl)
            for (gid, name, country), pls in seen.items():
                texts = sorted({clean(x["text"]) for x in pls})
                p.add_row(text(", ".join(texts)), text(name or "?"), text(country or ""),
                          text(pls[0].get("admin1") or ""), text(gid or ""), text(len(pls)))
            con.print(p.render())


def when(ev: dict) -> str:
    """An event's date as precise as it is known (docs/record.md ``date_precision``): a day as
    ``2022-03-09``, a week in ISO 8601 week notation (``2022-W10``), a month as ``2025-06``, a year as
    ``2014``; empty when unknown."""
    day = ev.get("date") or ""
    precision = ev.get("date_precision")
    if not day or precision in (None, "day"):
        return day
    if precision == "week":
        try:
            year, week, _ = dt.date.fromisoformat(day).isocalendar()
        except ValueError:
            return day
        return f"{year}-W{week:02d}"
    return day[:7] if precision == "month" else day[:4] if precision == "year" else day


def write_event_table(events: list[dict], fh: IO[str]) -> None:
    """``events -f table``: one row per event as a reader counts them (:func:`fold`)."""
    con = console(fh)
    t = _table(con, "when", "event", "who", "where", "reports", "sentence")
    groups = fold(events, lambda ev: (ev.get("article") or {}).get("id") or "")
    for g in groups:
        ev = g[0]
        loc = ev.get("location") or {}
        rs = f"{ev.get('report_count') or 1}/{ev.get('source_count') or 1}"
        t.add_row(text(when(ev)), text(_what(ev)), text(who(ev)),
                  text(loc.get("name") or loc.get("text") or ""), text(rs), sentence_cell(g))
    con.print(t.render())
    con.print(text(f"{len(groups)} event(s) ({len(events)} stored rows); "
                   f"reports/sources = articles / independent report chains"))
