"""ParseStage: spaCy over every readable section; sentences never cross a section boundary."""

from __future__ import annotations

from ..model import FURNITURE_ROLES, Article, Sentence
from . import load_model


class ParseStage:
    """Parse each non-furniture, non-duplicate section with spaCy.

    Assigns ``Article.sentences``: one :class:`Sentence` per spaCy sentence, offsets into
    ``Article.text``; ``Sentence.paragraph`` is the index of its section.
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
        texts = [article.text[s.start:s.end] for _, s in todo]
        sentences: list[Sentence] = []
        for (i, sec), doc in zip(todo, self.nlp.pipe(texts, component_cfg=self.cfg)):
            for sent in doc.sents:
                if not sent.text.strip():
                    continue
                start = sec.start + sent.start_char
                sentences.append(Sentence(start=start, end=sec.start + sent.end_char, section=sec.role,
                                          span=sent, offset=sec.start, index=len(sentences), paragraph=i))
        article.sentences = sentences
