"""DateStage: find temporal expressions and resolve them against the publication date.

Rules (the project design brief, DESIGN.md "Wrong date"; ISO 8601 weeks start on Monday):

- "March 9, 2022", "Feb. 4, 2022", "9 March 2022", "2022-03-09": that day (no anchor needed).
- "on March 9", "Feb. 24": that day in the publication year, the year before when that would lie
  more than :data:`FUTURE_DAYS` after publication.
- "Thursday", "on Thursday evening", "last Thursday": the most recent such day on or before
  publication (a Thursday story's "Thursday" is that day); "next Thursday": the next one after.
- "today", "tonight" → publication day; "yesterday", "last night" → the day before;
  "tomorrow" → the day after.
- "this week", "earlier this week" → Monday of the publication week (precision week); "last week",
  "next week" → the Monday before/after; "this month", "earlier this month", "last month" → the
  first day of that month (precision month); "this year", "last year" → that year (precision year).
- "in May", "since May", "mid-May": the most recent May on or before publication (precision
  month); "last May": the one before the publication month; "May 2021": that month.
- "in 2014", "since 2014": that year (precision year).
- "two weeks ago", "three days earlier", "two weeks after" (the event was that long before the
  reported moment): publication minus the offset, a day (months: month precision).
- "three days later", "a week later": the nearest earlier day-precise date of the article plus
  the offset (:func:`_anchor_later`); unresolved when the article dated nothing before.
- Times of day ("8 a.m. GMT") are not dates. Other spaCy DATE entities go to dateparser (with
  ``RELATIVE_BASE`` the publication date and ``PREFER_DATES_FROM`` past); its period gives the
  precision.

Without a publication date, relative expressions stay unresolved (``date`` None).

Month, weekday, day-part and deictic words, the prepositions of "in May" / "since 2014" and the
prepositions that introduce another event come from ``knowledge/calendar.yaml`` (the month and
weekday lists every reader shares); the patterns are compiled once per knowledge base.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field, replace

from ..model import FURNITURE_ROLES, DateMention
from ..nlp.iob import entities_in
from ..knowledge.words import Calendar, alternation, bind, calendar, knowledge_of, shipped

log = logging.getLogger(__name__)

#: A day-month without a year ("on March 9") takes the publication year unless that lies more
#: than this many days after publication (then the year before): a story announces dates a few
#: weeks ahead ("tariffs take effect April 10"), but "Dec. 28" in a January story is last year.
FUTURE_DAYS = 90
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "several": None, "few": None}


@dataclass(frozen=True)
class DatePatterns:
    """The compiled date patterns of one knowledge base (month, weekday and time words from
    ``knowledge/calendar.yaml``, see :func:`date_patterns`).

    Attributes:
        calendar: the :class:`~eventwire.extract.wordlists.Calendar` they were built from.
        patterns: ``(kind, pattern)`` in order of precedence (kinds as read by :func:`resolve`).
        temporal_word: a vague time word ("days", "ago") in a lower-cased DATE entity.
        needs: per kind, patterns every match of that kind contains a match of (a digit, a month
            name): a sentence without them is not searched for that kind.
    """

    calendar: Calendar
    patterns: tuple
    temporal_word: re.Pattern
    needs: dict = field(default_factory=dict)


def date_patterns(kb=None) -> DatePatterns:
    """The :class:`DatePatterns` of ``kb`` (default: the shipped knowledge), cached on it.

    Raises:
        ConfigError: calendar.yaml is missing or malformed.
    """
    kb = kb or shipped()
    return kb.cached("dates:patterns", lambda: _build_patterns(calendar(kb)))


def _build_patterns(cal: Calendar) -> DatePatterns:
    mon = rf"(?P<mon>{cal.month_regex(capitalised=True)})"
    full = cal.month_regex(capitalised=True, full_only=True)
    wd = cal.weekday_regex(capitalised=True)
    part = rf"(?:\s+(?:{alternation(cal.day_parts)}))?"
    prep = rf"(?:{alternation(cal.time_preps)})"
    deictic = alternation(cal.deictic_days)
    patterns = (
        ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b")),
        ("mdy", re.compile(rf"\b(?:{wd},?\s+)?{mon}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b")),
        ("dmy", re.compile(rf"\b(?:{wd},?\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+{mon}\s+(?P<y>(?:19|20)\d\d)\b")),
        ("md", re.compile(rf"\b(?:{wd},?\s+)?{mon}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?![,\s]*\d)")),
        ("dm", re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{mon}(?!\s*\d)\b")),
        ("my", re.compile(rf"\b{mon}\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b")),
        ("offset", re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                              r"twelve)\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>ago|earlier|after|later)\b",
                              re.I)),
        ("rel", re.compile(r"\b(?P<mod>earlier\s+this|later\s+this|this|last|next|past)\s+"
                           r"(?P<unit>week|month|year|weekend)\b", re.I)),
        ("deictic", re.compile(rf"\b(?P<w>{deictic})\b", re.I)),
        ("weekday", re.compile(rf"\b(?:(?P<mod>last|next|this|on|early|late)\s+)?(?P<wd>{wd}){part}\b",
                               re.I)),
        ("month", re.compile(rf"\b(?:(?P<mod>last|this|next)\s+|(?:{prep}|early|late)\s+|mid-)(?P<mon>{full})"
                             rf"\b(?!\s+\d)")),
        ("year", re.compile(rf"\b(?:{prep}|in\s+early|in\s+late|the\s+year)\s+(?P<y>(?:19|20)\d\d)\b(?!\s*[-–]\d)")),
    )
    temporal = re.compile(rf"(?<![-\w])(?:{alternation(cal.period_words)}|\d{{4}}s)(?![-\w])")
    digit, month = re.compile(r"\d"), re.compile(mon)
    needs = {"iso": (digit,), "mdy": (digit, month), "dmy": (digit, month), "md": (digit, month),
             "dm": (digit, month), "my": (digit, month), "month": (month,), "year": (digit,)}
    return DatePatterns(cal, patterns, temporal, needs)


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def resolve(kind: str, m: re.Match, pub: dt.date | None,
            cal: Calendar | None = None) -> tuple[dt.date | None, str | None]:
    """Resolve one pattern match to ``(date, precision)``; ``(None, None)`` when it cannot be.

    Args:
        kind: the :class:`DatePatterns` kind that matched.
        m: the match.
        pub: publication date (the anchor), or None.
        cal: the calendar the patterns were built from (default: the shipped one).
    """
    cal = cal or calendar(shipped())
    g = m.groupdict()
    if kind in ("iso", "mdy", "dmy"):
        mon = int(g["m"]) if kind == "iso" else cal.month(g["mon"])
        d = _safe_date(int(g["y"]), mon, int(g["d"]))
        return (d, "day") if d else (None, None)
    if kind == "my":
        return dt.date(int(g["y"]), cal.month(g["mon"]), 1), "month"
    if kind == "year":
        return dt.date(int(g["y"]), 1, 1), "year"
    if pub is None:
        return None, None
    if kind in ("md", "dm"):
        d = _safe_date(pub.year, cal.month(g["mon"]), int(g["d"]))
        if d and d > pub + dt.timedelta(days=FUTURE_DAYS):
            d = _safe_date(pub.year - 1, d.month, d.day)
        return (d, "day") if d else (None, None)
    if kind == "month":
        mon = cal.month(g["mon"])
        mod = (g.get("mod") or "").lower()
        year = pub.year if mon <= pub.month else pub.year - 1
        if mod == "last" and mon == pub.month:
            year -= 1
        elif mod == "next":
            year = pub.year if mon > pub.month else pub.year + 1
        return dt.date(year, mon, 1), "month"
    if kind == "deictic":
        w = " ".join(g["w"].lower().split())
        delta = cal.deictic_days[w]
        return pub + dt.timedelta(days=delta), "day"
    if kind == "weekday":
        wd = cal.weekdays[g["wd"].lower()]
        mod = (g.get("mod") or "").lower()
        if mod == "next":
            ahead = (wd - pub.weekday()) % 7 or 7
            return pub + dt.timedelta(days=ahead), "day"
        back = (pub.weekday() - wd) % 7
        if mod == "last" and back == 0:
            back = 7
        return pub - dt.timedelta(days=back), "day"
    if kind == "rel":
        mod = " ".join(g["mod"].lower().split())
        unit = g["unit"].lower()
        step = {"last": -1, "past": -1, "next": 1}.get(mod, 0)
        if unit in ("week", "weekend"):
            base = _monday(pub) + dt.timedelta(weeks=step)
            if unit == "weekend":
                sat = base + dt.timedelta(days=5)
                return (sat if sat <= pub or step else sat - dt.timedelta(weeks=1)), "day"
            return base, "week"
        if unit == "month":
            return _add_months(pub.replace(day=1), step), "month"
        return dt.date(pub.year + step, 1, 1), "year"
    if kind == "offset":
        n = NUMBERS.get(g["n"].lower()) if not g["n"].isdigit() else int(g["n"])
        if n is None:
            return None, None
        unit = g["unit"].lower()
        sign = 1 if g["dir"].lower() == "later" else -1
        if g["dir"].lower() == "later":
            return None, None  # "three days later": relative to another event, not to publication
        if unit == "day":
            return pub + dt.timedelta(days=sign * n), "day"
        if unit == "week":
            return pub + dt.timedelta(weeks=sign * n), "day"
        if unit == "month":
            return _add_months(pub.replace(day=1), sign * n), "month"
        return dt.date(pub.year + sign * n, 1, 1), "year"
    return None, None


def find_dates(text: str, base: int, pub: dt.date | None, kb=None) -> list[DateMention]:
    """Date mentions in ``text`` (a sentence), offsets shifted by ``base``; longest first wins.

    Args:
        text: the sentence; base: its offset in the article (characters); pub: the anchor or None.
        kb: the knowledge whose calendar.yaml to read (default: the shipped one).
    """
    dp = date_patterns(kb)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    has: dict[re.Pattern, bool] = {}
    for kind, pat in dp.patterns:
        needs = dp.needs.get(kind, ())
        for need in needs:
            if need not in has:
                has[need] = need.search(text) is not None
        if not all(has[need] for need in needs):
            continue  # no digit or no month name: this kind cannot match
        for m in pat.finditer(text):
            s, e = m.span()
            if kind == "weekday" and (m.group("mod") or "").lower() == "on":
                s = m.start("wd")  # "on Thursday": the expression is "Thursday"
            elif kind == "year":
                s = m.start("y")  # "in 2014" → "2014"
            elif kind == "month":
                s = m.start("mon")
            if any(s < te and ts < e for ts, te in taken):
                continue
            date, prec = resolve(kind, m, pub, dp.calendar)
            taken.append((s, e))
            found.append(DateMention(text[s:e], base + s, base + e, date, prec))
    return found


#: "three days later", "a week later": an offset from the story's last dated moment
LATER = re.compile(r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                   r"(?P<unit>day|week)s?\s+later", re.I)


def _anchor_later(mentions: list[DateMention]) -> list[DateMention]:
    """Resolve "N days later" and "N weeks later" (left open against publication) from the
    nearest earlier day-precise date of the article: a narrative's "later" counts from the moment
    it last dated ("detained on Monday ... Three days later, the court ordered his release":
    Thursday). ``mentions`` sorted by start; returns the same list with those filled (day
    precision)."""
    out = []
    last = None
    for m in mentions:
        g = LATER.fullmatch(m.text.strip()) if m.date is None else None
        if g is not None and last is not None:
            n = NUMBERS.get(g["n"].lower()) if not g["n"].isdigit() else int(g["n"])
            if n is not None:
                step = dt.timedelta(days=n) if g["unit"].lower() == "day" else dt.timedelta(weeks=n)
                m = replace(m, date=last + step, precision="day")
        if m.date is not None and m.precision == "day":
            last = m.date
        out.append(m)
    return out


class DateStage:
    """Assigns ``Article.dates``: every date expression outside furniture, resolved, by start.

    Args:
        kb: knowledge (reads calendar.yaml). config: pipeline config (unused).
    """

    name = "dates"
    requires = ("sentences",)
    assigns = ("dates",)

    def __init__(self, kb, config):
        self.kb = kb
        self._parser = None

    def __call__(self, article) -> None:
        bind(article, self.kb)
        out: list[DateMention] = []
        pub = article.published
        for s in article.sentences:
            if s.section in FURNITURE_ROLES:
                continue
            mentions = find_dates(article.text[s.start:s.end], s.start, pub, self.kb)
            for ent in entities_in(s.span, "DATE"):  # (IOB tags: Span.ents grows with the Doc)
                if ent.label_ != "DATE":
                    continue
                a = s.offset + ent.start_char
                b = s.offset + ent.end_char
                if any(m.start < b and a < m.end for m in mentions):
                    continue
                m = self._fallback(ent.text, a, b, pub)
                if m is not None:
                    mentions.append(m)
            out.extend(mentions)
        article.dates = _anchor_later(sorted(out, key=lambda m: (m.start, m.end)))

    def _fallback(self, text: str, start: int, end: int, pub: dt.date | None) -> DateMention | None:
        """A spaCy DATE entity none of the patterns read: dateparser, or unresolved."""
        low = text.lower()
        year = re.fullmatch(r"(?:the\s+year\s+|in\s+)?((?:19|20)\d\d)", low.strip())
        if year:
            return DateMention(text, start, end, dt.date(int(year.group(1)), 1, 1), "year")
        dp = date_patterns(self.kb)
        if not any(w in low for w in (*dp.calendar.month_names, *dp.calendar.weekdays)) or pub is None:
            # "recent days", "the 1980s": kept unresolved; ages, "30-day", "monthly": not dates
            return DateMention(text, start, end) if dp.temporal_word.search(low) else None
        try:
            data = self._dateparser(pub).get_date_data(text)
        except Exception as exc:  # dateparser raises many types on odd input
            log.debug("dateparser failed on %r: %s", text, exc)
            return DateMention(text, start, end)
        if data is None or data.date_obj is None:
            return DateMention(text, start, end)
        d = data.date_obj.date()
        prec = data.period if data.period in ("day", "week", "month", "year") else "day"
        if prec == "month":
            d = d.replace(day=1)
        elif prec == "year":
            d = d.replace(month=1, day=1)
        elif prec == "week":
            d = _monday(d)
        if d > pub + dt.timedelta(days=1) and prec == "day":
            return DateMention(text, start, end)
        return DateMention(text, start, end, d, prec)

    def _dateparser(self, pub: dt.date):
        """A dateparser ``DateDataParser`` anchored on ``pub`` (one per publication date)."""
        if self._parser is None or self._parser[0] != pub:
            from dateparser.date import DateDataParser

            settings = {"RELATIVE_BASE": dt.datetime(pub.year, pub.month, pub.day),
                        "PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
            self._parser = (pub, DateDataParser(languages=["en"], settings=settings))
        return self._parser[1]


def _under_other_event(tok, trig_above: set[int], other_preps: frozenset) -> bool:
    """True when ``tok`` sits under one of ``other_preps`` (prepositions that introduce another
    event: calendar.yaml ``other_event_preps``) or in a subordinate clause that does not also
    govern the trigger (``trig_above``: the trigger and its ancestors)."""
    cur = tok
    while cur.head.i != cur.i and cur.i not in trig_above:
        if cur.dep_ in ("prep", "mark") and cur.lower_ in other_preps:
            return True
        if cur.dep_ in ("relcl", "acl", "ccomp", "csubj"):
            return True  # "insisted that Peru recognise the island, which it seized in 1998"
        cur = cur.head
    return False


def _dominates(top, tok) -> bool:
    """True when ``tok`` is ``top`` or below it, not inside a clause of its own ("the city,
    which has been under attack this week" does not date "an attack on a hospital")."""
    cur = tok
    while cur.i != top.i:
        if cur.dep_ in ("relcl", "advcl", "acl", "ccomp") or cur.head.i == cur.i:
            return False
        cur = cur.head
    return True


def _clause_verb(tok):
    """The first verb at or above ``tok`` ("following" used as a preposition is not one)."""
    cur = tok
    while (cur.pos_ not in ("VERB", "AUX") or cur.dep_ == "prep") and cur.head.i != cur.i:
        cur = cur.head
    return cur


def event_date(article, sentence, trigger_start: int, trigger_end: int, kb=None) -> DateMention | None:
    """The date expression governing the event whose trigger is at the given offsets.

    A date attached to the trigger or to the trigger's clause verb (the first verb above it) is
    preferred, the nearest one first; else the nearest date of the sentence that is not inside
    another clause or another event's phrase ("following the call earlier this week", "the island,
    which it seized in 1998"). "Two weeks after X" dates only a trigger after it (X).
    Unresolved mentions are returned only when no resolved one is in the sentence.

    Args:
        article: the Article (``dates`` set by :class:`DateStage`).
        sentence: the :class:`eventwire.model.Sentence` with the trigger.
        trigger_start, trigger_end: article character offsets of the trigger.
        kb: the knowledge (calendar.yaml); default: the one that read the article.

    Returns:
        A :class:`DateMention` of ``article.dates``, or None when the sentence has none.
    """
    other_preps = calendar(knowledge_of(article, kb)).other_event_preps
    ms = article.within("dates", sentence.start, sentence.end)
    # "talks come two weeks after the invasion": the offset dates the event after "after" only
    ms = [m for m in ms if not (m.text.lower().endswith("after") and trigger_start < m.end)]
    if not ms:
        return None
    resolved = [m for m in ms if m.date is not None]
    ms = resolved or ms
    toks = list(sentence.span)
    trig = next((t for t in toks if sentence.offset + t.idx >= trigger_start), None)
    if trig is None:
        return min(ms, key=lambda m: abs(m.start - trigger_start))
    verb = _clause_verb(trig)
    trig_above = {a.i for a in trig.ancestors} | {trig.i}
    attached, free = [], []
    for m in ms:
        inside = [t for t in toks if m.start <= sentence.offset + t.idx < m.end]
        roots = [t for t in inside if not (m.start <= sentence.offset + t.head.idx < m.end) or t.head.i == t.i]
        if not roots:
            continue
        if _under_other_event(roots[0], trig_above, other_preps):
            continue  # "rejecting talks following Blinken's call earlier this week": the call's date
        free.append(m)
        head = roots[0].head
        if head.i == trig.i or _clause_verb(head).i == verb.i or (head.pos_ != "VERB" and _dominates(trig, head)):
            attached.append(m)
    pool = attached or free
    return min(pool, key=lambda m: abs(m.start - trigger_start)) if pool else None
