"""Language detection with langdetect (its profiles ship inside the package; no download).

langdetect is randomised; :func:`detect` sets ``DetectorFactory.seed = 0`` on first use so the
same text always gets the same answer. Only English is supported for now: any other language is
an :class:`InputError` ("language 'de' is not supported yet; only English").
"""

from __future__ import annotations

import logging
import re

from ..errors import InputError
from ..model import Article

log = logging.getLogger(__name__)

#: Languages the pipeline can read (ISO 639-1).
SUPPORTED = ("en",)
#: Characters of body text looked at: enough for a stable answer, cheap (~5 ms per article).
SAMPLE_CHARS = 2000
#: Fewer letters than this and the detector is not trusted; the article is taken as English.
MIN_LETTERS = 40
#: A non-English answer rejects the article only with at least this probability (0-1).
MIN_PROBABILITY = 0.80

#: English function words that other languages do not use as words of their own; in English
#: prose they make up about a fifth of the tokens ("the" alone about 6-7%, Brown corpus
#: frequency lists), in French, German or Spanish text well under 2%.
ENGLISH_FUNCTION_WORDS = frozenset({"the", "of", "and", "that", "with", "for", "was", "were", "said",
                                    "is", "are", "from", "by", "this", "have", "has", "which"})
#: Share of those words (0-1) above which a sample is English without asking langdetect.
ENGLISH_SHARE = 0.12
#: Words a sample needs before that shortcut is trusted.
ENGLISH_MIN_WORDS = 60

_seeded = False
_WORD = re.compile(r"[a-z]+")


def clearly_english(sample: str) -> bool:
    """True when at least :data:`ENGLISH_SHARE` of the sample's (at least
    :data:`ENGLISH_MIN_WORDS`) words are English function words: then langdetect (about 7 ms
    an article) is not needed. False means "ask langdetect", not "not English"."""
    words = _WORD.findall(sample.lower())
    if len(words) < ENGLISH_MIN_WORDS:
        return False
    return sum(w in ENGLISH_FUNCTION_WORDS for w in words) >= ENGLISH_SHARE * len(words)


def detect(text: str) -> tuple[str | None, float]:
    """The most probable language of ``text``.

    Returns:
        ``(ISO 639-1 code, probability 0-1)``, or ``(None, 0.0)`` when the text has too few
        letters to tell.
    """
    global _seeded
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    if not _seeded:
        DetectorFactory.seed = 0
        _seeded = True
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None, 0.0
    try:
        langs = detect_langs(sample)
    except LangDetectException:
        return None, 0.0
    if not langs:
        return None, 0.0
    best = langs[0]
    return best.lang.split("-")[0], float(best.prob)


def check_language(article: Article) -> Article:
    """Detect the language of the article body, set ``article.language``, reject unsupported ones.

    Too little text to tell: taken as English. A non-English answer below
    :data:`MIN_PROBABILITY` is also taken as English (mixed or very short texts).

    Raises:
        InputError: the body is confidently in a language not in :data:`SUPPORTED`, or it is no
            prose at all (a "word" of 10,000 characters: :func:`eventwire.nlp.pieces.check_words`,
            checked first, so such a text is not reported as some language).
    """
    from ..nlp.pieces import check_words

    body = article.text[article.body_start:]
    check_words(body, article.source or article.id, article.body_start)
    if clearly_english(body[:SAMPLE_CHARS]):
        article.language = "en"
        return article
    lang, prob = detect(body)
    if lang is None or lang in SUPPORTED or prob < MIN_PROBABILITY:
        if lang not in (None, *SUPPORTED):
            log.debug("%s: language %s at p=%.2f, below %.2f: read as English", article.source, lang, prob,
                      MIN_PROBABILITY)
        article.language = "en"
        return article
    article.language = lang
    raise InputError(article.source or article.id,
                     f"language {lang!r} is not supported yet; only English (detected with p={prob:.2f})")
