"""The fixed tune/check split of the evaluation data (issue 8, "An honest loop first").

Every gold article and every PLOVER gold standard record belongs, for ever, to one of two
halves: *tune* (read its errors, fix the extractor against them) or *check* (look at its
numbers only, never at its sentences). Membership is a pure function of a name, so adding
data never moves an old item from one half to the other:

* an article by the base name of its text file (``"019_niger-coup.txt"``, not the gold file's
  name, not a path);
* a gold standard record by its ``id``.

The test is ``int(sha256(NAME.encode("utf-8")).hexdigest(), 16) % 2``: 0 is tune, 1 is check.
"""

from __future__ import annotations

import hashlib

TUNE = "tune"
CHECK = "check"
#: The halves in report order.
HALVES = (TUNE, CHECK)


def half_of(name: str) -> str:
    """The half (``"tune"`` or ``"check"``) an article text file name or a GSR record id is in.

    Args:
        name: the ``.txt`` base name of an article (``"019_niger-coup.txt"``) or a GSR ``id``.

    Returns:
        ``"tune"`` when the SHA-256 of the UTF-8 name, read as an integer, is even; else ``"check"``.
    """
    return TUNE if int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % 2 == 0 else CHECK
