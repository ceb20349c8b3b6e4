"""Long texts in pieces spaCy can parse, and text that is no prose at all.

spaCy refuses a text longer than ``nlp.max_length`` (1,000,000 characters: error E088) and its
parser needs memory in proportion to the text, while a document may hold 5 MB (the size limit,
``max_bytes``) in one paragraph. :func:`pieces` cuts such a section at sentence-like boundaries
into pieces of at most :data:`PIECE_CHARS` characters, each parsed on its own; offsets stay
exact because every piece keeps its start offset. Normal sections (a news paragraph is well under
10,000 characters) are one piece, parsed as before.

A "word" (a run without whitespace) of :data:`MAX_WORD_CHARS` characters or more is not prose:
encoded data, a binary blob saved as text, or a broken file. :func:`check_words` refuses such a
document with a message that says so, instead of a language detector's guess ("language 'tl'").
"""

from __future__ import annotations

import re

from ..errors import InputError

#: Longest piece of a section parsed at once, in characters (well under spaCy's max_length).
PIECE_CHARS = 100_000
#: A run of this many characters without whitespace is not a word of prose.
MAX_WORD_CHARS = 10_000

#: The end of a sentence-like unit: ., !, ? or an ellipsis, closing quotes or brackets, space.
_SENTENCE_END = re.compile(r"""[.!?…]['"”’)\]]*\s+""")
_SPACE = re.compile(r"\s+")


def check_words(text: str, document: str, offset: int = 0) -> None:
    """Refuse text holding a "word" of :data:`MAX_WORD_CHARS` characters or more.

    Args:
        text: the text to look at.
        document: the document's name, for the error.
        offset: offset of ``text`` in the document, in characters (for the error).

    Raises:
        InputError: naming the document, the word's length and its offset.
    """
    if len(text) < MAX_WORD_CHARS:
        return
    longest = max(text.split(), key=len, default="")  # str.split runs in C: ~30 ms for 5 MB
    if len(longest) >= MAX_WORD_CHARS:
        at = offset + text.find(longest[:64])
        raise InputError(document, f"not prose: a run of {len(longest):,} characters without a space "
                                   f"at offset {at:,} (the longest word read is {MAX_WORD_CHARS - 1:,} "
                                   f"characters); is it encoded data or a broken file?")


def pieces(text: str, limit: int = PIECE_CHARS, document: str = "<text>") -> list[tuple[int, str]]:
    """Cut ``text`` into pieces of at most ``limit`` characters at sentence-like boundaries.

    A piece ends after the last sentence end (``.``, ``!``, ``?``, ``…``, then closing quotes or
    brackets and whitespace) in its second half, else after the last whitespace in it. The pieces
    are consecutive and cover the whole text: ``"".join(p for _, p in pieces(t)) == t``.

    Args:
        text: a section's text.
        limit: largest piece, in characters (> 1).
        document: the document's name, for the error.

    Returns:
        ``[(offset of the piece in text, piece)]``; one piece when ``len(text) <= limit``.

    Raises:
        InputError: a window of ``limit`` characters has no whitespace to cut at.
    """
    out: list[tuple[int, str]] = []
    i, n = 0, len(text)
    while n - i > limit:
        window = text[i:i + limit]
        cut = 0
        for m in _SENTENCE_END.finditer(window, limit // 2):
            cut = m.end()
        if not cut:
            for m in _SPACE.finditer(window):
                cut = m.end()
        if not cut:
            raise InputError(document, f"not prose: {limit:,} characters without a space at offset {i:,}")
        out.append((i, text[i:i + cut]))
        i += cut
    if i < n or not out:
        out.append((i, text[i:]))
    return out
