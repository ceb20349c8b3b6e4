"""ParseStage: spaCy over every readable section; sentences never cross a section boundary.

A section longer than :data:`eventwire.nlp.pieces.PIECE_CHARS` (or the model's
``max_length``, if smaller) is parsed in pieces cut at
sentence-like boundaries (spaCy's max_length and memory), each with its own offset.
"""

from __future__ import annotations

from ..model import FURNITURE_ROLES, Article, Sentence
from . import load_model
from .pieces import PIECE_CHARS, check_words, pieces


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

    def __call__(self, article: Article) -> None:
        todo = [(i, s) for i, s in enumerate(article.sections)
                if s.role not in FURNITURE_ROLES and s.duplicate_of is None and s.end > s.start]
        doc_name = article.source or article.id
        limit = min(PIECE_CHARS, self.nlp.max_length)
        parts: list[tuple[int, object, int, str]] = []  # (section index, section, offset, text)
        for i, sec in todo:
            text = article.text[sec.start:sec.end]
            if len(text) <= limit:
                parts.append((i, sec, sec.start, text))
                continue
            check_words(text, doc_name, sec.start)
            for off, piece in pieces(text, limit, doc_name):
                parts.append((i, sec, sec.start + off, piece))
        sentences: list[Sentence] = []
        docs = self.nlp.pipe((p[3] for p in parts), component_cfg=self.cfg)
        for (i, sec, offset, _), doc in zip(parts, docs):
            for sent in doc.sents:
                if not sent.text.strip():
                    continue
                sentences.append(Sentence(start=offset + sent.start_char, end=offset + sent.end_char,
                                          section=sec.role, span=sent, offset=offset,
                                          index=len(sentences), paragraph=i))
        article.sentences = sentences
