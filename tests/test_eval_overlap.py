"""No evaluation text in the code, the knowledge files or the tests of what the extractor finds.

Fails when any run of six or more words of ../shared/eval (the article ``.txt`` files and the
``text`` of the PLOVER gold standard records) appears in ``src/`` or ``tests/``. Words are
compared lower-cased, letters and digits only, as ``../shared/tools/eval-overlap`` does, so
quoting, punctuation and case do not hide a copy; runs are searched within a line and across
the line breaks of a file (a sentence split over two string literals is still one copy).

A rule or a test written against the evaluation sentences measures nothing: test sentences
are written for their purpose (same construction and trap, other names, places, wording and
numbers); a test that needs a whole corpus article reads it from ../shared and skips without it.
The exceptions are listed below, each with its reason. Skips, saying why, without ../shared.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, SHARED

RUN = 6  # words
SUFFIXES = (".py", ".yaml", ".yml", ".tsv", ".json", ".jsonl", ".txt", ".md", ".csv", ".html", ".xml")

#: Paths (relative to the repository root) whose evaluation text is allowed, and why.
ALLOWED_PATHS = {
    "tests/fixtures/seed": "the seed article (CNBC, 2022 Antalya talks) and its gold: allowed in the repository, "
                           "it is the project's own smoke test and README example",
    "tests/fixtures/gsr": "the PLOVER gold standard sentences (CC BY-SA 4.0, NOTICE): allowed in the repository "
                          "so the GSR gate runs on a plain clone",
}

#: Official names that are knowledge, not copied sentences: a run inside one of them is allowed
#: (the repository must know these organisations and states by their full names).
ALLOWED_NAMES = {
    "international committee of the red cross": "the ICRC's name (IGO:ICRC, README rule 4; organisations.tsv)",
    "organization for security and co operation in europe": "the OSCE's name (README rule 4; organisations.tsv)",
    "organisation for security and co operation in europe": "the OSCE's name, British spelling (README rule 4)",
    "democratic people s republic of korea": "North Korea's official name (countries.tsv)",
    "sheikh mohammed bin abdulrahman al thani": "Qatar's prime minister's name (people.tsv, from Phoenix)",
}

#: Page furniture as found on the corpus pages, kept verbatim in the cleaner's layout fixtures
#: (tests/test_clean.py): prompts, consent boxes, wire end notes and caption formulas that the
#: cleaner must recognise as they are written. A run inside one of them is allowed.
ALLOWED_FURNITURE = {
    "save to read later": "a share prompt (Canadian Press page)",
    "want to get a head start on your day": "a newsletter prompt (Canadian Press page)",
    "get the days breaking stories weather forecast and more sent straight to your inbox every weekday morning":
        "a newsletter prompt (Canadian Press page)",
    "i agree to the terms and conditions cookie and privacy policies and casl agreement":
        "a consent box (Canadian Press page)",
    "this report by the canadian press was first published": "the Canadian Press end note",
    "in this still image from a handout video obtained by reuters": "the Reuters caption formula",
    "register now for free unlimited access to reuters com register": "a Reuters sign-up prompt",
    "our standards the thomson reuters trust principles": "the Reuters page footer",
    "story graphic news pictures getty images": "a graphics credit line (Graphic News)",
}

_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _eval_texts(root: Path):
    for p in sorted(root.rglob("*")):
        if p.suffix == ".txt":
            yield p.read_text(encoding="utf-8", errors="replace")
        elif p.suffix == ".jsonl":
            for line in p.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield json.loads(line).get("text") or ""


def _allowed_mask(words: list[str]) -> list[bool]:
    """True for each word that lies inside an allowed official name or piece of furniture."""
    mask = [False] * len(words)
    for name in (*ALLOWED_NAMES, *ALLOWED_FURNITURE):
        nw = name.split()
        for i in range(len(words) - len(nw) + 1):
            if words[i:i + len(nw)] == nw:
                for k in range(i, i + len(nw)):
                    mask[k] = True
    return mask


def _copies(path: Path, grams: set[tuple[str, ...]]) -> list[str]:
    """``LINE: words`` for each line of ``path`` where a copied run starts."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (UnicodeDecodeError, OSError):
        return []
    words, line_of = [], []
    for no, line in enumerate(lines, 1):
        w = _words(line)
        words += w
        line_of += [no] * len(w)
    mask = _allowed_mask(words)
    hits: dict[int, list[str]] = {}
    for i in range(len(words) - RUN + 1):
        if tuple(words[i:i + RUN]) in grams and not any(mask[i:i + RUN]):
            hits.setdefault(line_of[i], []).append(" ".join(words[i:i + RUN]))
    return [f"{no}: {runs[0]}" + (f" (+{len(runs) - 1} more runs)" if len(runs) > 1 else "")
            for no, runs in sorted(hits.items())]


def _allowed(path: Path) -> bool:
    rel = path.relative_to(ROOT).as_posix()
    return any(rel == a or rel.startswith(a + "/") for a in ALLOWED_PATHS)


def test_allowed_paths_exist():
    for rel in ALLOWED_PATHS:
        assert (ROOT / rel).exists(), f"{rel} is allowed in test_eval_overlap.py but does not exist"


def test_no_evaluation_text_in_src_or_tests():
    eval_dir = SHARED / "eval"
    if not eval_dir.is_dir():
        pytest.skip(f"{eval_dir} is absent: the evaluation texts live in ../shared, not in the repository")
    grams: set[tuple[str, ...]] = set()
    for text in _eval_texts(eval_dir):
        w = _words(text)
        grams.update(tuple(w[i:i + RUN]) for i in range(len(w) - RUN + 1))
    assert len(grams) > 10000  # the 31 articles and the GSR sentences were read
    found = []
    for top in ("src", "tests"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts and not _allowed(path):
                found += [f"{path.relative_to(ROOT).as_posix()}:{hit}" for hit in _copies(path, grams)]
    assert not found, (f"{len(found)} line(s) copy {RUN}+ words of ../shared/eval (write test sentences of "
                       "your own; read whole articles from ../shared):\n" + "\n".join(found))
