"""ParseStage: spaCy over every readable section; sentences never cross a section boundary.

A section longer than :data:`eventwire.nlp.pieces.PIECE_CHARS` (or the model's
``max_length``, if smaller) is parsed in pieces cut at
sentence-like boundaries (spaCy's max_length and memory), each with its own offset.
"""

from __future__ import annotations

from ..model import FURNITURE_ROLES, Article, Sentence
from . import load_model
from .pieces import PIECE_CHARS, check_words, pieces
from .recase import capitals_case, evidence, is_all_caps, is_title_case, sentence_case

#: Longest section (characters) read as a title-cased line (a headline, a heading, a caption).
TITLE_MAX = 300


#: Characters of text spaCy parses in one batch: its working memory grows with the batch (about
#: 4 KB a character of one 100,000-character piece, measured 2026-12-07), and a 5 MB paragraph
#: cut into 50 pieces went into one batch (15 GB); news articles of a few thousand characters
#: still share a batch.
BATCH_CHARS = 200_000


def batch_size(texts) -> int:
    """The ``nlp.pipe`` batch size that keeps a batch under :data:`BATCH_CHARS` characters
    for texts as long as the longest of ``texts`` (1 to 1000)."""
    longest = max((len(t) for t in texts), default=1)
    return max(1, min(1000, BATCH_CHARS // max(1, longest)))


def common_words(kb) -> frozenset:
    """Lower-case words a title-cased line may hold as common words: trigger words of
    knowledge/triggers.yaml (every inflection), agent nouns of agents.tsv, titles of titles.tsv."""
    from ..extract.lexicon import load_lexicon
    from ..extract.triggers import inflections, plurals

    lex = load_lexicon(kb)
    words = set(inflections(lex.verb_lemmas)) | plurals(k for k in lex.nouns if "+" not in k) | set(lex.adjectives)
    words |= {w for k in list(lex.nouns) + list(lex.verbs) for w in k.replace("+", " ").split()}
    for row in kb.tsv("agents.tsv"):
        words |= {str(row.get("noun") or "").lower(), str(row.get("plural") or "").lower()}
    for row in kb.tsv("titles.tsv"):
        words |= set(str(row.get("word") or "").lower().split())
    return frozenset(w for w in words if w and " " not in w)


class ParseStage:
    """Parse each non-furniture, non-duplicate section with spaCy.

    Assigns ``Article.sentences``: one :class:`Sentence` per spaCy sentence, offsets into
    ``Article.text``; ``Sentence.paragraph`` is the index of its section.

    Raises:
        InputError: a section holds a "word" too long to be prose
            (:func:`eventwire.nlp.pieces.check_words`).
    """

    name = "parse"
    requires = ("sections",)
    assigns = ("sentences",)

    def __init__(self, kb, config):
        from ..knowledge.words import abbreviations
        from .continuations import NAME

        self.nlp = load_model(config.get("model"))
        # abbreviations that end no sentence ("10 a.m. GMT"), from this knowledge's word lists
        self.cfg = {NAME: {"abbreviations": abbreviations(kb)}} if NAME in self.nlp.pipe_names else {}
        self.stop_words = frozenset(self.nlp.Defaults.stop_words)
        self.common = kb.cached("recase_common", lambda: common_words(kb) | self.stop_words)

    def __call__(self, article: Article) -> None:
        parts = self._parts(article)
        self._assign(article, parts, self.nlp.pipe((p[3] for p in parts), component_cfg=self.cfg,
                                                   batch_size=batch_size(p[3] for p in parts)))

    def run_many(self, articles: list[Article]) -> list[Exception | None]:
        """Parse several articles in one ``nlp.pipe`` call (spaCy's cost per call, about 3 ms,
        is paid once; each Doc is the one :meth:`__call__` makes).

        Returns:
            Per article, None or the error parsing it alone raises (an article that cannot be
            parsed never stops the others: on any error in the shared call, each article is
            parsed again on its own).
        """
        errors: list[Exception | None] = [None] * len(articles)
        todo: list[tuple[int, list]] = []
        for k, article in enumerate(articles):
            try:
                todo.append((k, self._parts(article)))
            except Exception as exc:  # InputError: a word too long to be prose
                errors[k] = exc
        try:
            texts = [p[3] for _, parts in todo for p in parts]
            docs = iter(list(self.nlp.pipe(texts, component_cfg=self.cfg, batch_size=batch_size(texts))))
        except Exception:  # one text spaCy refuses: find which, article by article
            for k, _ in todo:
                try:
                    self(articles[k])
                except Exception as exc:
                    errors[k] = exc
            return errors
        for k, parts in todo:
            self._assign(articles[k], parts, docs)
        return errors

    def _parts(self, article: Article) -> list[tuple[int, object, int, str]]:
        """(section index, section, offset, text) of each text to parse: a section, or a piece
        of a long one.

        Raises:
            InputError: a section holds a "word" too long to be prose.
        """
        todo = [(i, s) for i, s in enumerate(article.sections)
                if s.role not in FURNITURE_ROLES and s.duplicate_of is None and s.end > s.start]
        doc_name = article.source or article.id
        limit = min(PIECE_CHARS, self.nlp.max_length)
        parts: list[tuple[int, object, int, str]] = []
        texts = {i: article.text[sec.start:sec.end] for i, sec in todo}
        short = {i for i, t in texts.items() if len(t) <= TITLE_MAX}
        lower, caps = evidence(t for i, t in texts.items() if i not in short) if short else (set(), set())
        shouted = {i for i in short if is_all_caps(texts[i])}
        titled = {i for i in short if i in shouted or is_title_case(texts[i], self.stop_words, self.common, lower)}
        if titled:  # "Mali Junta Expels French Ambassador": parsed as "Mali junta expels French ambassador"
            lower, caps = evidence(t for i, t in texts.items() if i not in titled)
            for i in titled:
                texts[i] = (capitals_case if i in shouted else sentence_case)(texts[i], self.common, lower, caps)
        for i, sec in todo:
            text = texts[i]
            if len(text) <= limit:
                parts.append((i, sec, sec.start, text))
                continue
            check_words(text, doc_name, sec.start)
            for off, piece in pieces(text, limit, doc_name):
                parts.append((i, sec, sec.start + off, piece))
        return parts

    @staticmethod
    def _assign(article: Article, parts: list, docs) -> None:
        """Set ``article.sentences`` from the Docs of its ``parts`` (taken from ``docs`` in order)."""
        sentences: list[Sentence] = []
        for (i, sec, offset, _), doc in zip(parts, docs):
            for sent in doc.sents:
                if all(t.is_space for t in sent):  # (no Span.text: it joins every token's text)
                    continue
                sentences.append(Sentence(start=offset + sent.start_char, end=offset + sent.end_char,
                                          section=sec.role, span=sent, offset=offset,
                                          index=len(sentences), paragraph=i))
        article.sentences = sentences
