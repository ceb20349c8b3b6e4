"""Very deeply nested HTML made shallow enough to read.

libxml2 (under lxml, under trafilatura) stops building the tree at 256 levels of nesting and
drops everything deeper, so a page whose article sits inside 300 ``<div>``\\s reads as empty
("no article text could be extracted"). :func:`flatten` rewrites such a page with the standard
library's tokenizer (no depth limit, no recursion): below :data:`MAX_DEPTH` open elements the
layout wrappers (``div``, ``span``, ``section``, ``font``...) are dropped, keeping their text and
the paragraph-level elements (``p``, headings, ``li``, ``br``...), so the text survives with its
paragraphs. :func:`nesting_depth` tells whether a page needs it.
"""

from __future__ import annotations

import html as html_lib
from html.parser import HTMLParser

#: libxml2's limit on element nesting without XML_PARSE_HUGE (its ``xmlParserMaxDepth``).
LIBXML2_MAX_DEPTH = 256
#: Open elements kept as they are; deeper wrappers are dropped (well under Python's recursion
#: limit of 1000, which trafilatura's recursive tree walks also need).
MAX_DEPTH = 180
#: Elements kept at any depth: they carry paragraphs and headings.
KEEP = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "blockquote", "pre", "title",
                  "article", "main", "head", "body", "html"})
#: Elements that have no end tag (HTML standard, "void elements").
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                  "source", "track", "wbr"})


class _Depth(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.max = 0

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
            self.max = max(self.max, len(self.stack))

    def handle_endtag(self, tag):
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]


class _Flatten(_Depth):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.out: list[str] = []
        self.kept: list[bool] = []  # per open element: was its start tag written

    @staticmethod
    def _tag(tag, attrs, close="") -> str:
        at = "".join(f' {k}="{html_lib.escape(v or "", quote=True)}"' if v is not None else f" {k}"
                     for k, v in attrs)
        return f"<{tag}{at}{close}>"

    def handle_starttag(self, tag, attrs):
        keep = len(self.stack) < self.limit or tag in KEEP
        if keep:
            self.out.append(self._tag(tag, attrs))
        if tag not in VOID:
            self.stack.append(tag)
            self.kept.append(keep)

    def handle_startendtag(self, tag, attrs):
        if len(self.stack) < self.limit or tag in KEEP:
            self.out.append(self._tag(tag, attrs, " /"))

    def handle_endtag(self, tag):
        if tag not in self.stack:
            return
        while self.stack:
            top, kept = self.stack.pop(), self.kept.pop()
            if kept:
                self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data):
        self.out.append(html_lib.escape(data, quote=False))

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")


def nesting_depth(page: str) -> int:
    """The deepest nesting of open elements in ``page`` (void elements not counted)."""
    p = _Depth()
    p.feed(page)
    p.close()
    return p.max


def flatten(page: str, limit: int = MAX_DEPTH) -> str:
    """``page`` with the wrapper elements below ``limit`` open elements dropped (their text kept).

    Args:
        page: an HTML page as text.
        limit: open elements kept as they are (> 0).

    Returns:
        HTML whose nesting is at most about ``limit`` plus the :data:`KEEP` elements inside;
        comments and processing instructions are left out.
    """
    p = _Flatten(limit)
    p.feed(page)
    p.close()
    while p.stack:
        if p.kept.pop():
            p.out.append(f"</{p.stack[-1]}>")
        p.stack.pop()
    return "".join(p.out)
