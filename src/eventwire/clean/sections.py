"""Split an article into role-labelled sections.

One section per non-blank line (a paragraph), except that a line may be cut into parts: a dateline
prefix ("KYIV, Ukraine (Reuters) —") and the body after it, a caption and the photo credit
written at its end or start ("… 14 March 2031. Photo: EPA-EFE/JANE DOE"), or a
paragraph and a page prompt glued to its end ("… a lie from start to end.” read more").
Roles (``model.SECTION_ROLES``): header, headline, dateline, body, caption, credit, heading,
boilerplate. The headline is the first line that is no furniture, unless that line opens with a
dateline (a wire story pasted without its headline): then the text has none. A line that repeats an earlier one (the headline printed twice) keeps its role and
gets ``duplicate_of``; so does a caption that is the first part of the next caption (image alt
text before the full caption). Offsets point into ``Article.text`` exactly, trimmed of whitespace.

The patterns come from ``knowledge/boilerplate.yaml`` (see :mod:`eventwire.clean.rules`).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

from ..errors import InputError
from ..model import FURNITURE_ROLES, Article, Section
from .rules import CleanRules, load_rules

log = logging.getLogger(__name__)

#: How many of the first body paragraphs may open with a dateline.
DATELINE_PARAGRAPHS = 3
#: A caption (or the line before a credit) is at most this long, in characters.
MAX_CAPTION_CHARS = 700

_QUOTES = "\"“”‘’'"
_FUNCTION_WORDS = {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and",
                   "or", "but", "over", "as", "that", "which", "who", "is", "are", "was", "were"}
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]?(?:\s+|(?=[A-Z]))")


@dataclass
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str, offset: int) -> list[_Line]:
    out = []
    pos = offset
    for raw in text[offset:].split("\n"):
        s, e = pos, pos + len(raw)
        pos = e + 1
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(_Line(s + lead, s + lead + len(stripped), stripped))
    return out


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).lower()
    return re.sub(r"\s+", " ", s).strip()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class _Splitter:
    """Classifies the lines of one article; see :func:`split_sections`."""

    def __init__(self, article: Article, rules: CleanRules):
        self.a = article
        self.r = rules

    def credit_tail(self, line: _Line) -> int | None:
        """Offset where a credit written at the end of ``line`` starts, else None."""
        t = line.text
        cuts = {m.end() for m in _SENTENCE_END.finditer(t) if not self._abbreviation_at(t, m)}
        cuts |= {m.end() for p in self.r.credit_tail_marks for m in p.finditer(t)}
        for cut in sorted(cuts):
            head, tail = t[:cut].strip(), t[cut:].strip()
            if len(head.split()) < 2 or not tail or len(tail) > 160:
                continue
            if self.r.is_credit(tail):
                return line.start + cut + (len(t[cut:]) - len(t[cut:].lstrip()))
        return None

    def _abbreviation_at(self, text: str, m: re.Match) -> bool:
        """True when the period of sentence-end match ``m`` ends an abbreviation that continues
        the sentence ("on Sept. 21, 2024", "Gen. Burhan"): no credit starts after it."""
        abbrev = self.r.abbreviations
        if abbrev is None or text[m.start()] != ".":
            return False
        before = text[:m.start() + 1].split()
        after = text[m.end():].split()
        return bool(before and after) and abbrev.continues(before[-1], after[0])

    def boilerplate_tail(self, line: _Line) -> int | None:
        """Offset where a page prompt written at the end of ``line`` starts ("… read more"), else None."""
        for p in self.r.boilerplate_tail:
            m = p.search(line.text)
            if m and m.start() > 0 and line.text[:m.start()].strip():
                return line.start + m.start()
        return None

    def credit_head(self, line: _Line) -> int | None:
        """Offset where the caption starts after a credit written at the start of ``line``."""
        for p in self.r.credit_head:
            m = p.match(line.text)
            if m and len(line.text) - m.end() > 20:
                return line.start + m.end()
        return None

    def is_heading(self, text: str) -> bool:
        words = text.split()
        if not words or len(words) > self.r.heading_max_words or len(text) > self.r.heading_max_chars:
            return False
        if text[-1] in ".,;”\"" and not text.endswith("..."):
            return False
        if words[-1].lower() in _FUNCTION_WORDS:
            return False  # a sentence cut short ("Negotiations over"), not a heading
        first = text.lstrip(_QUOTES)[:1]
        return first.isupper() or first.isdigit()

    def split(self) -> list[Section]:
        a, r = self.a, self.r
        text = a.text
        out: list[Section] = []
        if a.body_start:
            out.append(Section("header", *_trim(text, 0, a.body_start)))
        lines = _lines(text, a.body_start)
        roles: list[str] = []
        opened = False  # a line that is no furniture has been seen
        for i, ln in enumerate(lines):
            if r.is_boilerplate(ln.text):
                roles.append("boilerplate")
            elif not opened:  # the first line that is no furniture ("Skip to content") is the
                opened = True  # headline, unless the text opens with its dateline: no headline
                dated = any((m := p.match(ln.text)) and m.end() < len(ln.text) for p in r.dateline)
                roles.append("" if dated else "headline")
            elif r.is_credit(ln.text):
                roles.append("credit")
            else:
                roles.append("")
        # lines that repeat an earlier line
        first_seen: dict[str, int] = {}
        repeat: dict[int, int] = {}
        for i, ln in enumerate(lines):
            key = _norm(ln.text)
            if key in first_seen:
                repeat[i] = first_seen[key]
            else:
                first_seen[key] = i
        line_section: dict[int, int] = {}
        body_seen = 0
        for i, ln in enumerate(lines):
            role = roles[i]
            if i in repeat:
                j = repeat[i]
                src = out[line_section[j]]
                out.append(Section(src.role, ln.start, ln.end, duplicate_of=line_section[j]))
                line_section[i] = len(out) - 1
                continue
            if role:
                line_section[i] = len(out)
                out.append(Section(role, ln.start, ln.end))
                continue
            junk = self.boilerplate_tail(ln)
            if junk is not None:  # "… to end.” read more": the prompt is its own section
                ln = _Line(ln.start, junk, text[ln.start:junk].rstrip())
                ln.end = ln.start + len(ln.text)
            nxt = next((k for k in range(i + 1, len(lines)) if k not in repeat), None)
            next_is_credit = nxt is not None and roles[nxt] == "credit" and nxt == i + 1
            head_cut = self.credit_head(ln)
            tail_cut = self.credit_tail(ln)
            short = len(ln.text) <= MAX_CAPTION_CHARS
            caption = short and (next_is_credit or head_cut is not None or r.has_caption_cue(ln.text))
            if tail_cut is not None:
                tail = text[tail_cut:ln.end]
                if any(w in tail.lower() for w in r.photo_words) and short:
                    caption = True
            start, end = ln.start, ln.end
            if head_cut is not None:
                out.append(Section("credit", *_trim(text, start, head_cut)))
                start = head_cut
            if caption:
                s, e = _trim(text, start, tail_cut if tail_cut is not None else end)
                line_section[i] = len(out)
                out.append(Section("caption", s, e))
            else:
                sub_end = tail_cut if tail_cut is not None else end
                role = "body"
                if 0 < i < len(lines) - 1 and self.is_heading(ln.text) and tail_cut is None:
                    role = "heading"
                if role == "body" and body_seen < DATELINE_PARAGRAPHS:
                    body_seen += 1
                    m = next((m for p in r.dateline if (m := p.match(text[start:sub_end]))), None)
                    if m and start + m.end() < sub_end:
                        cut = start + m.end()
                        out.append(Section("dateline", *_trim(text, start, cut)))
                        start = cut
                        body_seen = DATELINE_PARAGRAPHS
                line_section[i] = len(out)
                out.append(Section(role, *_trim(text, start, sub_end)))
            if tail_cut is not None:
                out.append(Section("credit", *_trim(text, tail_cut, end)))
            if junk is not None:
                out.append(Section("boilerplate", *_trim(text, junk, lines[i].end)))
        _mark_alt_captions(out, text)
        return out


def _mark_alt_captions(out: list[Section], text: str) -> None:
    """A caption that is the first part of the next caption repeats it (alt text, then caption)."""
    for i, sec in enumerate(out):
        if sec.duplicate_of is not None or sec.role not in ("caption", "heading", "body"):
            continue
        nxt = next((j for j in range(i + 1, len(out)) if out[j].role not in ("credit",)), None)
        if nxt is None or out[nxt].role != "caption" or out[nxt].duplicate_of is not None:
            continue
        a, b = _norm(text[sec.start:sec.end]), _norm(text[out[nxt].start:out[nxt].end])
        if len(a) >= 20 and len(b) > len(a) and b.startswith(a):
            sec.role = "caption"
            sec.duplicate_of = nxt


def split_sections(article: Article, rules: CleanRules | None = None) -> list[Section]:
    """Role-labelled sections of ``article`` in text order.

    Args:
        article: an Article with ``text`` and ``body_start`` set (by a reader).
        rules: compiled rules; default: those of the shipped knowledge files.

    Returns:
        Sections covering every non-blank line after the header (and the header itself, role
        "header", when ``body_start`` > 0). Offsets are end-exclusive and trimmed of whitespace.
    """
    if rules is None:
        from ..knowledge import Knowledge

        rules = load_rules(Knowledge())
    return _Splitter(article, rules).split()


class CleanStage:
    """Pipeline stage: assigns ``Article.sections`` (see :func:`split_sections`)."""

    name = "clean"
    requires = ("text",)
    assigns = ("sections",)

    def __init__(self, kb, config):
        self.kb = kb
        self.rules = load_rules(kb)

    def __call__(self, article: Article) -> None:
        """Split the article into role-tagged sections.

        Raises:
            InputError: every line is page furniture (share, sign-up, credit lines): the document
                has no text to read, like an empty one.
        """
        article.sections = split_sections(article, self.rules)
        log.debug("%s: %d sections", article.source, len(article.sections))
        if article.text.strip() and not any(
                s.role not in FURNITURE_ROLES and article.text[s.start:s.end].strip() for s in article.sections):
            raise InputError(article.source or article.id or "<text>",
                             "no text outside page furniture (share, sign-up and credit lines only)")
