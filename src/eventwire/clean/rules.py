"""Compiled page-furniture rules, read from ``knowledge/boilerplate.yaml`` (user-extendable).

The YAML file holds regular expressions by kind (boilerplate lines, photo credits, caption cues,
datelines); placeholders such as ``{agency}`` and ``{date}`` are expanded here, once per
:class:`~eventwire.knowledge.Knowledge`, so the patterns stay readable data.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from ..errors import ConfigError
from ..knowledge.words import Abbreviations, Calendar, abbreviations, alternation, calendar

log = logging.getLogger(__name__)

FILE = "boilerplate.yaml"

#: A clock time; ``{zones}`` is replaced by the time zones of calendar.yaml.
_TIME = r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*,?\s*(?:{zones}|[A-Z]{2,4}T))?"


@dataclass
class CleanRules:
    """The compiled patterns of one knowledge base.

    Attributes:
        boilerplate, credit: whole-line patterns (``fullmatch`` on the trimmed line).
        boilerplate_tail: patterns searched in a line for a page prompt at its end.
        credit_head: patterns matching a credit at the start of a caption line.
        credit_tail_marks: patterns searched in a line for a point where a credit may start.
        photo_words: lower-case substrings of a credit tail that make its line a caption.
        abbreviations: words whose period ends no sentence before some words ("Sept. 21"), from
            calendar.yaml and titles.tsv.
        caption_cues, weak_caption_cues: searched in a line; weak cues only count in short lines.
        dateline: patterns matching a dateline prefix (``match`` at the paragraph start).
        heading_max_words, heading_max_chars: size limits of a section heading.
    """

    boilerplate: list[re.Pattern] = field(default_factory=list)
    boilerplate_tail: list[re.Pattern] = field(default_factory=list)
    credit: list[re.Pattern] = field(default_factory=list)
    credit_head: list[re.Pattern] = field(default_factory=list)
    credit_tail_marks: list[re.Pattern] = field(default_factory=list)
    photo_words: tuple = ()
    abbreviations: Abbreviations | None = None
    caption_cues: list[re.Pattern] = field(default_factory=list)
    weak_caption_cues: list[re.Pattern] = field(default_factory=list)
    weak_cue_max_chars: int = 300
    credit_max_words: int = 14
    dateline: list[re.Pattern] = field(default_factory=list)
    heading_max_words: int = 8
    heading_max_chars: int = 80

    def is_boilerplate(self, line: str) -> bool:
        """True when the whole (trimmed) line is page furniture other than a credit."""
        return len(line) <= 400 and _fullmatch_any(self.boilerplate, line)

    def is_credit(self, line: str) -> bool:
        """True when the whole (trimmed) line is a photo or source credit."""
        return (len(line) <= 200 and len(line.split()) <= self.credit_max_words
                and _fullmatch_any(self.credit, line))

    def has_caption_cue(self, line: str) -> bool:
        """True when the line carries a caption cue (weak cues only in short unquoted lines)."""
        weak = {p.pattern for p in self.weak_caption_cues}
        for p in self.caption_cues:
            if p.search(line):
                if p.pattern in weak and (len(line) > self.weak_cue_max_chars
                                          or any(q in line for q in "\"“”")):
                    continue
                return True
        return False


#: Each list of whole-line patterns as one alternation (or None: kept as a list), by id of the list.
_JOINED: dict[int, tuple[list, re.Pattern | None, int]] = {}
_BACKREF = re.compile(r"\\[1-9]|\(\?P=")


def _fullmatch_any(patterns: list[re.Pattern], line: str) -> bool:
    """``any(p.fullmatch(line) for p in patterns)``, by one regex when the patterns join into one
    (``(?:p1)|(?:p2)...``: a full match of the alternation is a full match of one of them; the
    list is kept when their flags differ, one refers back to a group, or the join fails)."""
    hit = _JOINED.get(id(patterns))
    if hit is None or hit[0] is not patterns or hit[2] != len(patterns):
        joined = None
        if patterns and len({p.flags for p in patterns}) == 1 and not any(_BACKREF.search(p.pattern) for p in patterns):
            try:
                joined = re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)
            except re.error:
                joined = None
        hit = _JOINED[id(patterns)] = (patterns, joined, len(patterns))
    if hit[1] is not None:
        return hit[1].fullmatch(line) is not None
    return any(p.fullmatch(line) for p in patterns)


@dataclass(frozen=True)
class _Placeholders:
    """Regex text of the placeholders, from the agency list and knowledge/calendar.yaml."""

    agency: str
    month_ci: str
    month_cs: str
    weekday_ci: str
    weekday_cs: str
    time: str

    def date(self, case_sensitive: bool) -> str:
        month = self.month_cs if case_sensitive else self.month_ci
        weekday = self.weekday_cs if case_sensitive else self.weekday_ci
        return (r"(?:" + weekday + r",?\s*)?(?:\d{1,2}(?:st|nd|rd|th)?\s+" + month + r"\.?,?\s+\d{4}|"
                + month + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})")


def _placeholders(agencies: str, cal: Calendar) -> _Placeholders:
    zones = alternation(cal.time_zones)
    return _Placeholders(agencies, cal.month_regex(False, periods=False), cal.month_regex(True, periods=False),
                         cal.weekday_regex(False), cal.weekday_regex(True), _TIME.replace("{zones}", zones))


def _expand(pattern: str, ph: _Placeholders, case_sensitive: bool) -> str:
    month = ph.month_cs if case_sensitive else ph.month_ci
    weekday = ph.weekday_cs if case_sensitive else ph.weekday_ci
    return (pattern.replace("{agency}", ph.agency).replace("{month}", month)
            .replace("{weekday}", weekday).replace("{date}", ph.date(case_sensitive)).replace("{time}", ph.time))


def _compile(patterns, ph: _Placeholders, flags: int, key: str) -> list[re.Pattern]:
    out = []
    for pat in patterns or []:
        try:
            out.append(re.compile(_expand(str(pat), ph, not flags & re.I), flags))
        except re.error as exc:
            raise ConfigError(f"knowledge file {FILE}: bad pattern in {key!r}: {pat!r}: {exc}") from exc
    return out


def load_rules(kb) -> CleanRules:
    """Compile the rules of ``kb`` (a :class:`~eventwire.knowledge.Knowledge`), cached on it.

    Raises:
        ConfigError: the file is missing, is not a mapping, or holds a bad regular expression.
    """
    return kb.cached("clean:rules", lambda: _build(kb.yaml(FILE), calendar(kb), abbreviations(kb)))


def _build(data, cal: Calendar, abbrev: Abbreviations | None = None) -> CleanRules:
    if not isinstance(data, dict):
        raise ConfigError(f"knowledge file {FILE}: missing or not a mapping")
    names = sorted({str(a) for a in data.get("agencies") or []}, key=len, reverse=True)
    ph = _placeholders("(?:" + "|".join(re.escape(a) for a in names) + ")" if names else "(?!)", cal)
    ci = re.I | re.U
    heading = data.get("heading") or {}
    rules = CleanRules(
        boilerplate=_compile(data.get("boilerplate"), ph, ci, "boilerplate"),
        boilerplate_tail=_compile(data.get("boilerplate_tail"), ph, ci, "boilerplate_tail"),
        credit=_compile(data.get("credit"), ph, ci, "credit"),
        credit_head=_compile(data.get("credit_head"), ph, re.U, "credit_head"),
        credit_tail_marks=_compile(data.get("credit_tail_marks"), ph, ci, "credit_tail_marks"),
        photo_words=tuple(str(w).lower() for w in data.get("photo_words") or []),
        abbreviations=abbrev,
        caption_cues=_compile(data.get("caption_cues"), ph, ci, "caption_cues"),
        weak_caption_cues=_compile(data.get("weak_caption_cues"), ph, ci, "weak_caption_cues"),
        weak_cue_max_chars=int(data.get("weak_cue_max_chars", 300)),
        credit_max_words=int(data.get("credit_max_words", 14)),
        dateline=_compile(data.get("dateline"), ph, re.U, "dateline"),
        heading_max_words=int(heading.get("max_words", 8)),
        heading_max_chars=int(heading.get("max_chars", 80)),
    )
    log.debug("clean rules: %d boilerplate, %d credit patterns", len(rules.boilerplate), len(rules.credit))
    return rules
