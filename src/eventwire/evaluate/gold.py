"""Gold data on disk: article gold files, their texts, and the hash of what was measured.

Two ways of naming an article's gold are found in ``../shared/eval``:

* ``NAME.txt`` beside ``NAME.gold.json`` (``eval/articles``);
* ``001_some-title.txt`` beside ``001.gold.json`` (``eval/news``).

A gold file's article is, in this order: the file its ``document`` field names, ``STEM.txt``,
or the one ``.txt`` file of the directory whose name starts with the gold file's numeric
prefix followed by ``_``, ``-`` or ``.``.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Iterable, NamedTuple

from ..errors import InputError

GOLD_SCHEMA = "eventwire-gold/1"

_NUMERIC = re.compile(r"^(\d+)")


class GoldArticle(NamedTuple):
    """One article of an article gold directory."""

    gold_path: Path
    text_path: Path
    gold: dict


def load_gold(path: str | Path) -> dict:
    """Read and check one ``NAME.gold.json``.

    Raises:
        InputError: unreadable, not JSON, or not schema ``eventwire-gold/1`` with an events list.
    """
    name = str(path)
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(name, f"cannot read gold file: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(name, f"gold file is not JSON: {exc}") from exc
    if not isinstance(gold, dict) or gold.get("schema") != GOLD_SCHEMA:
        found = gold.get("schema") if isinstance(gold, dict) else type(gold).__name__
        raise InputError(name, f"not an {GOLD_SCHEMA} gold file (schema {found!r})")
    for key in ("events", "quotes", "places", "boilerplate"):
        if not isinstance(gold.get(key, []), list):
            raise InputError(name, f"gold field {key!r} must be a list")
    return gold


def _text_of(gold_path: Path, gold: dict, texts: list[Path]) -> Path:
    """The article text file of one gold file (see the module docstring)."""
    stem = gold_path.name[: -len(".gold.json")]
    document = gold.get("document")
    if isinstance(document, str) and document and Path(document).name == document:
        if (gold_path.parent / document).is_file():
            return gold_path.parent / document
    if (gold_path.parent / f"{stem}.txt").is_file():
        return gold_path.parent / f"{stem}.txt"
    m = _NUMERIC.match(stem)
    if m and m.group(1) == stem:
        found = [t for t in texts if re.match(re.escape(stem) + r"[_.\-]", t.name)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise InputError(str(gold_path), "several articles start with its number: "
                             + ", ".join(t.name for t in found) + " (name one in its 'document' field)")
    wanted = document or f"{stem}.txt"
    raise InputError(str(gold_path), f"its article {wanted} is missing")


def gold_articles(gold_dir: str | Path) -> list[GoldArticle]:
    """Every gold file of a directory with its article text, sorted by gold file name.

    Raises:
        InputError: not a directory, no ``*.gold.json``, an invalid gold file, a gold file
            whose article is missing, or two gold files for one article.
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise InputError(str(gold_dir), "no such directory")
    files = sorted(gold_dir.glob("*.gold.json"))
    if not files:
        raise InputError(str(gold_dir), "no *.gold.json files: not an article gold directory")
    texts = sorted(gold_dir.glob("*.txt"))
    out: list[GoldArticle] = []
    seen: dict[str, Path] = {}
    for gp in files:
        gold = load_gold(gp)
        tp = _text_of(gp, gold, texts)
        if tp.name in seen:
            raise InputError(str(gp), f"its article {tp.name} already has gold in {seen[tp.name].name}")
        seen[tp.name] = gp
        out.append(GoldArticle(gp, tp, gold))
    return out


def data_sha256(paths: Iterable[str | Path]) -> str:
    """SHA-256 of a set of data files: their base names and bytes, sorted by name.

    For each file in order of ``(base name, bytes)``: the UTF-8 name, a NUL byte, the byte
    length in decimal, a NUL byte, then the bytes. The directory a file sits in does not count,
    so ``../shared/eval/articles`` and a copy elsewhere hash alike.

    Raises:
        InputError: a file cannot be read.
    """
    items = []
    for p in paths:
        p = Path(p)
        try:
            items.append((p.name, p.read_bytes()))
        except OSError as exc:
            raise InputError(str(p), f"cannot read: {exc.strerror or exc}") from exc
    h = hashlib.sha256()
    for name, data in sorted(items):
        h.update(name.encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()
