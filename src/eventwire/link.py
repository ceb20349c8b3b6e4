"""LinkStage: merge the mentions of one event within an article.

The same real-world event is often reported several times in one article: in the headline and
the lead, in a caption, and by anaphora ("The attack took place when ..."). Two events merge
when they have the same type and aux, compatible actors and recipients (their country/IGO code
sets overlap, or one side names none), compatible places and dates, and either

- the later one is anaphoric: a nominal trigger with a definite determiner or none ("the
  talks", "the attack", "talks") and no argument of its own that conflicts, or
- both are in the headline or a caption and the other is in the body (furniture repeats the
  story), or
- they have the same trigger lemma and the same actor and recipient codes, or
- they are meetings (CONSULT) whose actors share a code and whose dates agree: an article
  retells one meeting many times; demands, accusations and attacks need one of the stricter
  rules, as one article often reports several demands or attacks by the same side.

Cross-article linking lives in :mod:`eventwire.linking`.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Article, Event


VERBAL_QUADS = {"verbal cooperation", "verbal conflict"}


def _codes(ents) -> set[str]:
    out = set()
    for e in ents:
        if e.country:
            out.add(e.country)
        elif e.name:
            out.add(e.name)
    return out


def _compatible(a: set, b: set) -> bool:
    return not a or not b or bool(a & b)


def _trigger_word(ev: Event) -> str:
    return ev.mentions[0].trigger.lower().split()[-1].rstrip("s")


def _anaphoric(article: Article, ev: Event) -> bool:
    m = ev.mentions[0]
    if m.trigger_start is None:
        return False
    before = article.text[max(m.start, m.trigger_start - 8):m.trigger_start].lower()
    first_word = m.trigger.split()[0]
    nominal = first_word[:1].islower() or m.trigger_start == m.start
    return nominal and (before.endswith(("the ", "this ", "these ", "that ")) or m.trigger_start == m.start)


def can_merge(article: Article, first: Event, later: Event) -> bool:
    """Whether ``later`` reports the same event as ``first`` (rules in the module docstring)."""
    if first.event_type != later.event_type or first.aux != later.aux:
        return False
    if not (_compatible(_codes(first.actor), _codes(later.actor))
            and _compatible(_codes(first.recipient), _codes(later.recipient))):
        return False
    if first.location and later.location and first.location.name and later.location.name:
        if first.location.country != later.location.country:
            return False
    if first.date and later.date and first.date_precision == later.date_precision == "day":
        if abs((first.date - later.date).days) > 1:
            return False
    sections = {first.mentions[0].section, later.mentions[-1].section}
    if sections & {"headline", "caption"} and "body" in sections:
        same_word = _trigger_word(first) == _trigger_word(later)
        return same_word or (first.event_type == "CONSULT")
    if first.event_type == "CONSULT" and first.actor and later.actor and (_codes(first.actor) & _codes(later.actor)) \
            and (first.date is None or later.date is None or first.date == later.date):
        return True  # the same statement or meeting, told again with the same parties
    if _anaphoric(article, later) and not later.actor:
        return True
    if _trigger_word(first) == _trigger_word(later) and _codes(first.actor) == _codes(later.actor) \
            and _codes(first.recipient) == _codes(later.recipient) and (first.actor or first.recipient):
        return True
    return False


def _specificity(place) -> int:
    """0 country, 1 first-order region, 2 other region, 3 populated place (GeoNames feature)."""
    f = (place.feature or "").upper()
    if f.startswith("PCL"):
        return 0
    if f.startswith("ADM1") or f in ("RGN", "CONT", "SEA", "GULF"):
        return 1
    if f.startswith("ADM") or f.startswith("AREA"):
        return 2
    return 3 if f.startswith("PPL") else 1


def merge(into: Event, other: Event) -> None:
    """Fold ``other`` into ``into``: mentions appended, missing fields filled, confidence max."""
    into.mentions.extend(other.mentions)
    if not into.actor:
        into.actor = list(other.actor)
    elif into.event_type == "CONSULT":  # all participants of a meeting are actors
        have = _codes(into.actor)
        into.actor += [e for e in other.actor if _codes([e]) and not (_codes([e]) & have)]
    if not into.recipient:
        into.recipient = list(other.recipient)
    if into.location is None or (other.location is not None and other.location.country == into.location.country
                                 and _specificity(other.location) > _specificity(into.location)):
        into.location = other.location  # "in Chile" then "in the Chilean port of Arica": Arica
    if into.date is None:
        into.date, into.date_precision, into.date_text = other.date, other.date_precision, other.date_text
    if into.mode is None:
        into.mode = other.mode
    if into.claimed_by is None:
        into.claimed_by = other.claimed_by
    for k, v in other.size.items():
        if into.size.get(k) is None and v is not None:
            into.size[k] = v
    into.confidence = max(into.confidence, other.confidence)


#: How many of the latest events a body event is compared with: an article retells an event
#: within a few paragraphs, and the limit keeps linking linear in long documents (a 500 kB text
#: has thousands of events). Headline and caption events are compared with all.
MERGE_WINDOW = 150
#: Event types that happen somewhere on the ground (a meeting or a statement is where its
#: speakers are, which the story's place does not tell).
PHYSICAL = {"ASSAULT", "COERCE", "PROTEST", "AID", "MOBILIZE", "RETREAT", "CONCEDE", "THREATEN"}
#: Share (0-1) of the article's sub-national place mentions the story's place must have.
STORY_SHARE = 0.5


def story_place(article: Article):
    """The place the story is about: the sub-national place (city, region, province; not a
    country, continent or sea) named most often in the article's text, when it holds at least
    :data:`STORY_SHARE` of those mentions and is named twice, or is the only one named. Its first
    mention is returned (a :class:`~eventwire.model.Place`), else None.

    A wire coder's convention: an event the clause does not place ("a curfew has been imposed",
    "224 people had been detained") happened where the story happens."""
    counts: dict[tuple, list] = {}
    for p in article.places:
        f = (p.feature or "").upper()
        if not p.name or not p.country or f.startswith("PCL") or f in ("CONT", "SEA", "GULF", "OCN", "RGN"):
            continue
        counts.setdefault((p.name, p.country), []).append(p)
    if not counts:
        return None
    total = sum(len(v) for v in counts.values())
    best = max(counts.values(), key=len)
    if len(counts) == 1 or (len(best) >= 2 and len(best) >= STORY_SHARE * total and
                            sum(len(v) == len(best) for v in counts.values()) == 1):
        return best[0]
    return None


def story_day(events: list[Event]):
    """The day the story happens: the day-precision date most of the article's dated, current
    events carry (at least :data:`STORY_SHARE` of them and two), else None."""
    days: dict = {}
    dated = [e for e in events if e.date is not None and e.aux is None]
    for e in dated:
        if e.date_precision == "day":
            days[e.date] = days.get(e.date, 0) + 1
    if not days:
        return None
    best = max(days, key=days.get)
    n = days[best]
    if n >= 2 and n >= STORY_SHARE * len(dated) and sum(v == n for v in days.values()) == 1:
        return best
    return None


def _happens_at(ev: Event, place) -> bool:
    """A physical, not historical event whose parties (if any has a state) include the place's."""
    if ev.event_type not in PHYSICAL or ev.aux == "historical":
        return False
    states = {e.country for e in ev.actor + ev.recipient if e.country}
    return not states or place.country in states


def _locate_civilians(ev: Event) -> None:
    """Civilians with no state of their own ("trapped residents") are of the state where the
    merged event happened (ACLED's convention), now that all mentions lent their place. The
    entity is copied, so other events citing the same words are untouched."""
    if ev.location is None or not ev.location.country:
        return

    def located(ents):
        return [replace(e, country=ev.location.country)
                if e.country is None and e.kind == "agent" and e.sector in ("CVL", "REF") else e
                for e in ents]

    ev.recipient = located(ev.recipient)
    if ev.event_type == "PROTEST":  # protesters are of the state they protest in (ACLED)
        ev.actor = located(ev.actor)


class LinkStage:
    """Merges within-article mentions of one event (reads and rewrites ``Article.events``)."""

    name = "link"
    requires = ("events",)
    assigns = ("events",)

    def __init__(self, kb, config):
        pass

    def __call__(self, article: Article) -> None:
        # Body events first so that headline/caption mentions fold into the body's event.
        order = sorted(article.events, key=lambda e: (e.mentions[0].section != "body", e.mentions[0].start))
        out: list[Event] = []
        for ev in order:
            # the latest compatible event that names its parties, else the latest compatible one
            furniture = ev.mentions[0].section != "body"
            pool = out if furniture else out[-MERGE_WINDOW:]  # furniture may retell anything
            fits = [prev for prev in reversed(pool) if can_merge(article, prev, ev)]
            target = next((p for p in fits if p.actor), fits[0] if fits else None)
            if target is None:
                out.append(ev)
            else:
                merge(target, ev)
        home = story_place(article)
        day = story_day(out)
        for ev in out:
            ev.mentions.sort(key=lambda m: m.start)
            if ev.location is None and home is not None and _happens_at(ev, home):
                ev.location = home
            if ev.date is None and day is not None and ev.event_type in PHYSICAL and ev.aux is None:
                ev.date, ev.date_precision, ev.date_text = day, "day", None
            _locate_civilians(ev)
        out.sort(key=lambda e: e.mentions[0].start)
        article.events = out
