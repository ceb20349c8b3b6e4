"""Event size (minimal placeholder, being replaced)."""

from __future__ import annotations


def size_of(article, sentence, trigger_start: int, trigger_end: int) -> dict:
    return {"dead": None, "injured": None, "arrested": None, "crowd": None}
