"""MergeStage: merge the mentions of one event within an article.

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

An event told only in photo captions is dropped: a caption describes a picture (often a file
photo of another day), and what it shows is an event of the story only when the headline or body
reports it too (coders' convention: caption-only events are optional, ../shared/eval/README.md).

Within one sentence, :func:`fold_consequences` (called by the events stage) makes an attack noun
and the verb it is subject of one event ("the air raid killed nine").

Cross-article linking (canonical events over many articles) lives in the store.
Places, dates and countries the clauses left open are filled afterwards by :mod:`.situate`.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Article, Event



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


#: Endings stripped to compare trigger words across inflections ("seize", "seized", "seizes").
_ENDINGS = ("ing", "ed", "es", "s", "e", "d")


def _trigger_word(ev: Event) -> str:
    """The last trigger word, lower case, without a plural "s" ("demands" and "demanded" stay
    apart: an article often reports several demands by one side)."""
    return ev.mentions[0].trigger.lower().split()[-1].rstrip("s")


def _trigger_stem(ev: Event) -> str:
    """The last trigger word, lower case, without its inflectional ending ("seize", "seized",
    "seizes"): a headline retells the body's event in another tense."""
    w = ev.mentions[0].trigger.lower().split()[-1]
    for end in _ENDINGS:
        if w.endswith(end) and len(w) - len(end) >= 3:
            return w[:-len(end)]
    return w


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
        same_word = _trigger_stem(first) == _trigger_stem(later)
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


def fold_consequences(events: list[Event], tokens: list) -> list[Event]:
    """One event for an attack or a seizure and what its subject, a trigger noun of the same
    type, did: "the airstrike killed twelve people" is one ASSAULT, the noun's, with the verb's
    recipient, place and size where the noun has none (the verb's own event is dropped). An
    ultimatum's verb ("the strikes will continue until ...") stays the threat.

    Args:
        events, tokens: a sentence's events and their trigger head tokens, in step.
    Returns:
        The events left, in order.
    """
    at = {t.i: ev for t, ev in zip(tokens, events)}
    out = []
    for tok, ev in zip(tokens, events):
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None) if tok.pos_ == "VERB" else None
        into = at.get(subj.i) if subj is not None else None
        if into is None or into is ev or into.event_type != ev.event_type or into.aux != ev.aux \
                or ev.event_type not in ("ASSAULT", "COERCE"):
            out.append(ev)
            continue
        if not into.recipient:
            into.recipient = ev.recipient
        if not into.actor:
            into.actor = ev.actor
        if into.location is None:
            into.location, into.location_source = ev.location, ev.location_source
        if into.size is None:
            into.size = ev.size
    return out


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
    into.actor = _named(into.actor, other.actor)
    into.recipient = _named(into.recipient, other.recipient)
    if into.location is None or (other.location is not None and other.location.country == into.location.country
                                 and _specificity(other.location) > _specificity(into.location)):
        into.location = other.location  # "in Chile" then "in the Chilean port of Arica": Arica
        into.location_source = other.location_source
    if into.date is None:
        into.date, into.date_precision, into.date_text = other.date, other.date_precision, other.date_text
        into.date_source = other.date_source
    if into.mode is None:
        into.mode = other.mode
    if into.claimed_by is None:
        into.claimed_by = other.claimed_by
    for k, v in other.size.items():
        if into.size.get(k) is None and v is not None:
            into.size[k] = v
    into.confidence = max(into.confidence, other.confidence)


def _named(have: list, more: list) -> list:
    """``have`` with each bare state mention replaced by a mention of ``more`` that names a
    person or body of the same state ("Russia" in a headline's "Russia-Ukraine talks" by the
    body's "Foreign Minister Sergey Lavrov"): the merged event keeps who acted."""
    out = list(have)
    used: set[int] = set()
    for i, x in enumerate(out):
        if x.kind != "state" or not x.country:
            continue
        for j, e in enumerate(more):
            if j not in used and e.country == x.country and e.kind in ("person", "org", "agent") \
                    and all(e is not o for o in out):
                out[i] = e
                used.add(j)
                break
    return out


#: How many of the latest events a body event is compared with: an article retells an event
#: within a few paragraphs, and the limit keeps linking linear in long documents (a 500 kB text
#: has thousands of events). Headline and caption events are compared with all.
MERGE_WINDOW = 150


def _copy(ev: Event) -> Event:
    """A copy of an event whose lists and dicts can be changed without touching the original
    (a stage never changes another stage's objects)."""
    return replace(ev, mentions=list(ev.mentions), actor=list(ev.actor), recipient=list(ev.recipient),
                   size=dict(ev.size), contexts=list(ev.contexts))


class MergeStage:
    """Merges within-article mentions of one event (reads and rewrites ``Article.events``)."""

    name = "merge"
    requires = ("events",)
    assigns = ("events",)

    def __init__(self, kb, config):
        pass

    def __call__(self, article: Article) -> None:
        # Body events first so that headline/caption mentions fold into the body's event.
        order = [_copy(e) for e in sorted(article.events, key=lambda e: (e.mentions[0].section != "body",
                                                                         e.mentions[0].start))]
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
        out = [ev for ev in out if any(m.section != "caption" for m in ev.mentions)]
        for ev in out:
            ev.mentions.sort(key=lambda m: m.start)
        out.sort(key=lambda e: e.mentions[0].start)
        article.events = out
