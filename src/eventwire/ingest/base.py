"""What every reader shares: the size and network limits and the items a reader yields.

This module imports nothing else of :mod:`eventwire.ingest`, so every reader can import it
(the readers form no import cycle: ``base`` ← ``text`` ← ``html`` ← ``feeds``/``warc``,
``text`` ← ``dataset``, and :mod:`.dispatch` above them all).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..model import Article

#: Default size limit of one document's text: 5 MB (the project design brief, DESIGN.md, non-negotiables).
MAX_BYTES = 5_000_000
#: Raw HTML may be this many times larger than the text limit (markup is typically 3-10x the text).
HTML_OVERHEAD = 4
#: Default network timeout, in seconds (per connect and per read).
TIMEOUT = 20.0


@dataclass
class Skipped:
    """A document not processed because the store already has it.

    Attributes:
        document: its name (path, URL, ``jsonl:FILE#ID``).
        reason: "url" (the URL is stored) or "hash" (the same text is stored).
    """

    document: str
    reason: str = "hash"


#: What a reader yields: an Article, an InputError naming a bad document (the batch goes on),
#: or a Skipped document.
Item = Article | InputError | Skipped
