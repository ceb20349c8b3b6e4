"""Event size: dead, injured, arrested and crowd counts read from the event's sentence.

Patterns (words from ``knowledge/size.yaml``), NUM being digits ("1,200"), number words ("three",
"twenty-one") or a vague quantity of size.yaml ("dozens" → 12 and "hundreds" → 100 as in the
ACLED Codebook, "Fatalities"; crowd words such as "tens of thousands" at their lower bound),
optionally after "at least", "more than", "some", "about", "nearly", "up to", "over":

- NUM [person noun] [were|have been|had been|was|are] AFTER-word: "31 people were killed",
  "at least 20 dead", "224 people had been detained";
- BEFORE-word NUM [person noun]: "killed 31 people", "arrested 300 protesters";
- NOUN of/to/at NUM, NUM NOUN: "a death toll of 34", "rose to 34", "84 injuries";
- crowd: NUM crowd-noun in a sentence with a protest cue ("tens of thousands rallied",
  "thousands of protesters marched"), or "crowd(s) of NUM".

Nothing is guessed: no number in the sentence means None. Ages ("36", "a 35-year-old"), years,
percentages and money are not counts. Only counts of the trigger's own clause count (see
``_same_event``); of several for one field, the one nearest the trigger.
"""

from __future__ import annotations

import logging
import functools
import re
from functools import lru_cache

log = logging.getLogger(__name__)

FIELDS = ("dead", "injured", "arrested", "crowd")
UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19, "a dozen": 12, "dozen": 12}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1000000}


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


@lru_cache(maxsize=8)
def _compiled(kb_key: tuple) -> dict:
    from ..knowledge import Knowledge

    kb = Knowledge(list(kb_key[1:]))
    cfg = kb.yaml("size.yaml") or {}
    vague = {str(k).lower(): int(v) for k, v in (cfg.get("vague") or {}).items() if v is not None}
    qual = rf"(?:(?:{_alt(cfg.get('qualifiers') or ['at least'])})\s+)?"
    words = list(UNITS) + list(TENS) + [f"{t}[-\\s]{u}" for t in TENS for u in list(UNITS)[1:10]]
    num = (rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_alt(vague)})|"
           rf"(?:(?:{'|'.join(words)})(?:\s+(?:hundred|thousand|million))?))")
    persons = _alt(cfg.get("persons") or ["people"])
    aux = rf"(?:\s+(?:{_alt(cfg.get('links') or ['were'])}))*"
    pats: dict[str, list[re.Pattern]] = {}
    keys: dict[str, re.Pattern] = {}  # a field's words: without one, its patterns cannot match
    for f in ("dead", "injured", "arrested"):
        spec = cfg.get(f) or {}
        after, before, nouns = (_alt(spec.get(k) or ["\x00"]) for k in ("after", "before", "nouns"))
        keys[f] = re.compile(rf"\b(?:{after}|{before}|{nouns})\b", re.I)
        pats[f] = [
            re.compile(rf"\b{qual}{num}(?:\s+(?:more|other|[a-z]+))?(?:\s+(?:{persons}))?{aux}\s+(?:{after})\b", re.I),
            re.compile(rf"\b(?:{before})\s+{qual}{num}(?:\s+(?:{persons}))?\b", re.I),
            re.compile(rf"\b(?:{nouns})\s+(?:(?:has|had)\s+)?(?:of|to|at|rose\s+to|reached|stood\s+at|climbed\s+to|stands\s+at)\s+{qual}{num}\b", re.I),
            re.compile(rf"\b{qual}{num}\s+(?:{nouns})\b", re.I),
        ]
    crowd = cfg.get("crowd") or {}
    cue = re.compile(rf"\b(?:{_alt(crowd.get('cue') or ['protest'])})\b", re.I)
    masses = sorted((str(w).lower() for w in crowd.get("vague") or []), key=len, reverse=True)
    pats["crowd"] = [
        re.compile(rf"\b{qual}{num}(?:\s+of)?(?:\s+(?:{_alt(crowd.get('nouns') or ['people'])}))", re.I),
        re.compile(rf"\b(?:{'|'.join(qual + _alt([m]) for m in masses) or '(?!)'})(?P<num>)\s+"
                   rf"(?:{_alt(crowd.get('verbs') or ['rallied'])})", re.I),
        re.compile(rf"\bcrowds?\s+of\s+{qual}{num}\b", re.I),
    ]
    not_count = re.compile(rf"^\s*(?:{_alt(cfg.get('not_counts') or ['%'])})", re.I)
    return {"pats": pats, "cue": cue, "vague": vague, "keys": keys, "masses": masses, "not_count": not_count}


def parse_number(text: str, vague: dict[str, int]) -> int | None:
    """"1,200" → 1200, "twenty-one" → 21, "three hundred" → 300, "dozens" → 12 (size.yaml)."""
    t = " ".join(text.lower().replace("-", " ").split())
    if not t:
        return None
    if t.replace(",", "").isdigit():
        return int(t.replace(",", ""))
    v = " ".join(text.lower().split())
    if v in vague:
        return vague[v]
    total, cur = 0, 0
    for w in t.split():
        if w in UNITS:
            cur += UNITS[w]
        elif w in TENS:
            cur += TENS[w]
        elif w in SCALES:
            cur = max(cur, 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total, cur = total + cur, 0
        elif w in ("a", "and"):
            continue
        else:
            return None
    return total + cur


@functools.lru_cache(maxsize=512)
def find_sizes(text: str, kb_key: tuple = ("", )) -> tuple[tuple[str, int, int, int], ...]:
    """All ``(field, value, start, end)`` counts in ``text`` (offsets into ``text``).

    Cached (512 texts): the events of one sentence share its scan."""
    c = _compiled(kb_key)
    out = []
    for field, pats in c["pats"].items():
        if field == "crowd" and not c["cue"].search(text):
            continue
        if field in c["keys"] and not c["keys"][field].search(text):
            continue
        for i, pat in enumerate(pats):
            for m in pat.finditer(text):
                raw = m.group("num")
                if field == "crowd" and i == 1:
                    lead = m.group(0).lower()
                    raw = next((k for k in c["masses"] if k in lead), "")
                if not raw:
                    continue
                end_num = m.end("num") if field != "crowd" or i != 1 else m.end()
                if c["not_count"].match(text[end_num:end_num + 12]):
                    continue
                if re.fullmatch(r"(?:19|20)\d\d", raw):
                    continue  # a year
                val = parse_number(raw, c["vague"])
                if val is not None:
                    out.append((field, val, m.start(), m.end()))
    casualty = [(s, e) for f, _, s, e in out if f != "crowd"]
    return tuple(x for x in out if x[0] != "crowd" or not any(x[2] < e and s < x[3] for s, e in casualty))


def _verb_above(tok):
    cur = tok
    while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
        cur = cur.head
    return cur if cur.pos_ in ("VERB", "AUX") else None


def _same_event(toks, offset: int, a: int, b: int, trig) -> bool:
    """Whether the count at article offsets [a, b) belongs to the trigger's clause.

    True when the count's verb is the trigger, the trigger's clause verb or a conjunct of either
    ("killed 31 and wounded 84"), or the trigger is an argument of the count's verb ("a strike
    killed 31", "an attack that killed 31"); a count with no verb above it is kept. False for a
    count in another clause ("called for pressure after a strike killed 31" for "called").
    """
    inside = [t for t in toks if a <= offset + t.idx < b]
    if not inside:
        return True
    cv = _verb_above(inside[0])
    if cv is None:
        return True
    tv = _verb_above(trig) or trig
    ids = {trig.i, tv.i}
    if cv.i in ids or trig.head.i == cv.i or cv.head.i == trig.i:
        return True
    if cv.dep_ == "conj" and cv.head.i in ids or tv.dep_ == "conj" and tv.head.i == cv.i:
        return True
    return any(t.i == trig.i for t in cv.children)


def size_of(article, sentence, trigger_start: int, trigger_end: int, kb=None) -> dict:
    """Size of the event whose trigger is at the given offsets, from its sentence.

    Args:
        article: the Article; sentence: the :class:`eventwire.model.Sentence` of the trigger.
        trigger_start, trigger_end: article character offsets of the trigger.
        kb: knowledge whose size.yaml to use (default: the shipped one).

    Returns:
        ``{"dead", "injured", "arrested", "crowd"}``: counts of people (int) or None each.
    """
    key = ("",) + tuple(str(d) for d in (kb.dirs[1:] if kb is not None else []))
    text = article.text[sentence.start:sentence.end]
    best: dict[str, tuple[int, int]] = {}
    toks = trig = None  # the sentence's tokens, read only when it holds a count
    for field, val, s, e in find_sizes(text, key):
        if toks is None:
            toks = list(sentence.span)
            trig = next((t for t in toks if sentence.offset + t.idx >= trigger_start), None)
        a, b = sentence.start + s, sentence.start + e
        if trig is not None and not _same_event(toks, sentence.offset, a, b, trig):
            continue
        dist = 0 if a <= trigger_start < b else min(abs(a - trigger_end), abs(trigger_start - b))
        if field not in best or dist < best[field][1]:
            best[field] = (val, dist)
    return {f: (best[f][0] if f in best else None) for f in FIELDS}
