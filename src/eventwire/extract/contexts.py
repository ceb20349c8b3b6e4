"""ContextStage: PLOVER contexts for each event from keywords around its mentions.

A context (PLOVER manual, "Contexts"; list in the PLOVER manual, openeventdata/PLOVER PLOVER_MANUAL.tex) is assigned to an event when one of
its keywords (``knowledge/contexts.yaml``) occurs in a sentence that reports the event or in that
sentence's paragraph (the section it belongs to). Keywords are whole words, case-insensitive
unless written with capitals ("WHO" is the health body, "who" is not); a trailing ``*`` matches
any word ending. Contexts come out in the order of contexts.yaml.
"""

from __future__ import annotations

import logging
import re

from ..errors import ConfigError

log = logging.getLogger(__name__)


def _pattern(words: list[str]) -> tuple[re.Pattern | None, re.Pattern | None]:
    """One regex for the case-insensitive keywords and one for the case-sensitive ones."""
    folded, exact = [], []
    for w in words:
        w = str(w).strip()
        if not w:
            continue
        body = re.escape(w.rstrip("*")).replace(r"\ ", r"\s+")
        body += r"[\w'-]*" if w.endswith("*") else ""
        (exact if any(ch.isupper() for ch in w) else folded).append(body)
    mk = lambda xs, fl: re.compile(rf"(?<![\w-])(?:{'|'.join(xs)})(?![\w-])", fl) if xs else None  # noqa: E731
    return mk(folded, re.I), mk(exact, 0)


_WORD = re.compile(r"\w+")


def _anchors(words: list[str]) -> tuple[frozenset, tuple[str, ...]]:
    """(first words, first-word prefixes) of a context's case-insensitive keywords: a text
    without any of them cannot match the context's folded regex."""
    firsts, prefixes = set(), []
    for w in words:
        w = str(w).strip().lower()
        if not w:
            continue
        first = w.split()[0]
        if first.endswith("*") and " " not in w:
            prefixes.append(first.rstrip("*"))
        else:
            firsts.update(_WORD.findall(first.rstrip("*"))[:1])
    return frozenset(firsts), tuple(prefixes)


class _AnchorIndex:
    """The contexts a text may hold, from its words: context names by keyword first word and by
    first-word prefix (:func:`_anchors` of every context)."""

    def __init__(self, anchors: dict[str, tuple[frozenset, tuple[str, ...]]]):
        self.by_first: dict[str, set[str]] = {}
        self.by_prefix: dict[str, set[str]] = {}
        for name, (firsts, prefixes) in anchors.items():
            for w in firsts:
                self.by_first.setdefault(w, set()).add(name)
            for p in prefixes:
                self.by_prefix.setdefault(p, set()).add(name)
        lengths = [len(p) for p in self.by_prefix]
        self.shortest, self.longest = min(lengths, default=1), max(lengths, default=0)

    def names(self, words: set[str]) -> set[str]:
        """Names of the contexts one of whose first words or prefixes starts a word of ``words``
        (lower-case words of a text)."""
        out: set[str] = set()
        for w in words:
            out.update(self.by_first.get(w, ()))
            for n in range(self.shortest, min(len(w), self.longest) + 1):
                out.update(self.by_prefix.get(w[:n], ()))
        return out


class ContextStage:
    """Sets ``Event.contexts`` (PLOVER context names) for every event of ``Article.events``.

    Args:
        kb: knowledge; reads ``contexts.yaml`` (a mapping: context name → keyword list).
        config: pipeline config (unused).

    Raises:
        ConfigError: contexts.yaml is not a mapping of lists.
    """

    name = "contexts"
    requires = ("events",)
    assigns = ("contexts",)

    def __init__(self, kb, config):
        data = kb.yaml("contexts.yaml") or {}
        if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
            raise ConfigError("knowledge file contexts.yaml: must map each context name to a list of keywords")
        self.patterns = kb.cached("contexts.patterns",
                                  lambda: [(name, *_pattern(words)) for name, words in data.items()])
        self.anchors = kb.cached("contexts.anchors",
                                 lambda: _AnchorIndex({name: _anchors(words) for name, words in data.items()}))

    def contexts_for(self, texts: list[str]) -> list[str]:
        """Context names whose keywords occur in any of ``texts``, in contexts.yaml order.

        A context's regexes run only on texts that hold one of its keywords' first words (a set
        look-up on the text's lower-case words, or a prefix look-up for ``word*``): most contexts
        are absent from most paragraphs, and 37 regexes a paragraph were the stage's cost."""
        out = []
        for t in texts:
            low = t.lower()
            anchored = self.anchors.names(set(_WORD.findall(low)))
            for name, folded, exact in self.patterns:
                if name in out:
                    continue
                if name not in anchored and exact is None:
                    continue
                if (folded is not None and folded.search(t)) or (exact is not None and exact.search(t)):
                    out.append(name)
        order = {name: i for i, (name, _, _) in enumerate(self.patterns)}
        return sorted(out, key=order.__getitem__)

    def __call__(self, article) -> None:
        # a mention's sentence lies inside its paragraph, so the paragraph's contexts cover it;
        # each paragraph (or stray mention text) is searched once per article
        by_start = {s.start: s for s in article.sentences}
        found: dict[tuple, set[str]] = {}
        order = {name: i for i, (name, _, _) in enumerate(self.patterns)}

        def of(key: tuple, text: str) -> set[str]:
            if key not in found:
                found[key] = set(self.contexts_for([text]))
            return found[key]

        for ev in article.events:
            names: set[str] = set()
            for m in ev.mentions:
                sent = by_start.get(m.start) or next(
                    (s for s in article.sentences if s.start <= m.start < s.end), None)
                if sent is not None and 0 <= sent.paragraph < len(article.sections):
                    sec = article.sections[sent.paragraph]
                    if sec.start <= m.start and m.end <= sec.end:
                        names |= of(("p", sent.paragraph), article.text[sec.start:sec.end])
                        continue
                names |= of(("m", m.start, m.end), article.text[m.start:m.end])
            ev.contexts = sorted(names, key=order.__getitem__)
