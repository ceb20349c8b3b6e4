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

log = logging.getLogger(__name__)

FILE = "boilerplate.yaml"

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_MONTH_CS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
             r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DATE = (r"(?:" + _WEEKDAY + r",?\s*)?(?:\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r"\.?,?\s+\d{4}|"
         + _MONTH + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})")
_TIME = (r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*,?\s*(?:GMT|UTC|[A-Z]{2,4}T|UK|ET))?")


@dataclass
class CleanRules:
    """The compiled patterns of one knowledge base.

    Attributes:
        boilerplate, credit: whole-line patterns (``fullmatch`` on the trimmed line).
        boilerplate_tail: patterns searched in a line for a page prompt at its end.
        credit_head: patterns matching a credit at the start of a caption line.
        caption_cues, weak_caption_cues: searched in a line; weak cues only count in short lines.
        dateline: patterns matching a dateline prefix (``match`` at the paragraph start).
        heading_max_words, heading_max_chars: size limits of a section heading.
    """

    boilerplate: list[re.Pattern] = field(default_factory=list)
    boilerplate_tail: list[re.Pattern] = field(default_factory=list)
    credit: list[re.Pattern] = field(default_factory=list)
    credit_head: list[re.Pattern] = field(default_factory=list)
    caption_cues: list[re.Pattern] = field(default_factory=list)
    weak_caption_cues: list[re.Pattern] = field(default_factory=list)
    weak_cue_max_chars: int = 300
    credit_max_words: int = 14
    dateline: list[re.Pattern] = field(default_factory=list)
    heading_max_words: int = 8
    heading_max_chars: int = 80

    def is_boilerplate(self, line: str) -> bool:
        """True when the whole (trimmed) line is page furniture other than a credit."""
        return len(line) <= 400 and any(p.fullmatch(line) for p in self.boilerplate)

    def is_credit(self, line: str) -> bool:
        """True when the whole (trimmed) line is a photo or source credit."""
        return (len(line) <= 200 and len(line.split()) <= self.credit_max_words
                and any(p.fullmatch(line) for p in self.credit))

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


def _expand(pattern: str, agencies: str, case_sensitive: bool) -> str:
    month = _MONTH_CS if case_sensitive else _MONTH
    return (pattern.replace("{agency}", agencies).replace("{month}", month)
            .replace("{weekday}", _WEEKDAY).replace("{date}", _DATE).replace("{time}", _TIME))


def _compile(patterns, agencies: str, flags: int, key: str) -> list[re.Pattern]:
    out = []
    for pat in patterns or []:
        try:
            out.append(re.compile(_expand(str(pat), agencies, not flags & re.I), flags))
        except re.error as exc:
            raise ConfigError(f"knowledge file {FILE}: bad pattern in {key!r}: {pat!r}: {exc}") from exc
    return out


def load_rules(kb) -> CleanRules:
    """Compile the rules of ``kb`` (a :class:`~eventwire.knowledge.Knowledge`), cached on it.

    Raises:
        ConfigError: the file is missing, is not a mapping, or holds a bad regular expression.
    """
    return kb.cached("clean:rules", lambda: _build(kb.yaml(FILE)))


def _build(data) -> CleanRules:
    if not isinstance(data, dict):
        raise ConfigError(f"knowledge file {FILE}: missing or not a mapping")
    names = sorted({str(a) for a in data.get("agencies") or []}, key=len, reverse=True)
    agencies = "(?:" + "|".join(re.escape(a) for a in names) + ")" if names else "(?!)"
    ci = re.I | re.U
    heading = data.get("heading") or {}
    rules = CleanRules(
        boilerplate=_compile(data.get("boilerplate"), agencies, ci, "boilerplate"),
        boilerplate_tail=_compile(data.get("boilerplate_tail"), agencies, ci, "boilerplate_tail"),
        credit=_compile(data.get("credit"), agencies, ci, "credit"),
        credit_head=_compile(data.get("credit_head"), agencies, re.U, "credit_head"),
        caption_cues=_compile(data.get("caption_cues"), agencies, ci, "caption_cues"),
        weak_caption_cues=_compile(data.get("weak_caption_cues"), agencies, ci, "weak_caption_cues"),
        weak_cue_max_chars=int(data.get("weak_cue_max_chars", 300)),
        credit_max_words=int(data.get("credit_max_words", 14)),
        dateline=_compile(data.get("dateline"), agencies, re.U, "dateline"),
        heading_max_words=int(heading.get("max_words", 8)),
        heading_max_chars=int(heading.get("max_chars", 80)),
    )
    log.debug("clean rules: %d boilerplate, %d credit patterns", len(rules.boilerplate), len(rules.credit))
    return rules
