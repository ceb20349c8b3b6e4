"""Split an article into role-labelled sections (one per non-blank line)."""

from __future__ import annotations

import re

from ..model import Article, Section

_CREDIT = re.compile(r"(\|\s*)|(^\s*(photo|image|picture)s?\s*(by|:))|getty images|via reuters|\bAFP\b.*$", re.I)


def split_sections(article: Article) -> list[Section]:
    """One section per non-blank line after the header block; roles by simple cues."""
    out: list[Section] = []
    if article.body_start:
        out.append(Section("header", 0, article.body_start))
    pos = article.body_start
    seen: dict[str, int] = {}
    for line in article.text[article.body_start:].split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        s, e = start + lead, start + lead + len(stripped)
        role = "body"
        if not out or all(x.role == "header" for x in out):
            role = "headline"
        elif _CREDIT.search(stripped) and len(stripped) < 120:
            role = "credit"
        key = stripped.lower()
        dup = seen.get(key)
        sec = Section(role, s, e, duplicate_of=dup)
        seen.setdefault(key, len(out))
        out.append(sec)
    return out


class CleanStage:
    name = "clean"
    requires = ("text",)
    assigns = ("sections",)

    def __init__(self, kb, config):
        self.kb = kb

    def __call__(self, article: Article) -> None:
        article.sections = split_sections(article)
