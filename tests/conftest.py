"""Shared fixtures. Whole corpus articles are read from ../shared when it exists (CI always has
it); tests needing them skip, saying why, on a plain clone."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "seed" / "cnbc-2022-03-10-russia-ukraine-talks.txt"
SEED_GOLD = FIXTURES / "seed" / "cnbc-2022-03-10-russia-ukraine-talks.gold.json"
SEED_EXPECTED = FIXTURES / "seed" / "expected.json"  # what tests expect the extractor to find in the seed
GSR = FIXTURES / "gsr" / "dev.jsonl"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test (the corpus belongs to its publishers and is not
    kept in the repository)."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is absent: whole corpus articles live in ../shared, not in the repository")
    return p


@pytest.fixture(scope="session")
def pipeline():
    from eventwire.pipeline import Pipeline

    return Pipeline.from_config()


@pytest.fixture(scope="session")
def seed_article(pipeline):
    import datetime as dt

    from eventwire.ingest.text import read_text_file

    art = read_text_file(SEED, published=dt.date(2022, 3, 10))
    return pipeline.run(art)


@pytest.fixture
def run_text(pipeline):
    """Run the pipeline over a string: ``run_text(text, published="2022-03-10")``."""
    from eventwire.pipeline import extract_text

    def _run(text: str, published: str | None = "2022-03-10"):
        return extract_text(text, published, pipeline=pipeline)

    return _run


def codes(ents) -> set[str]:
    """The ISO 3166-1 alpha-3 codes of the entities that have one."""
    return {e.country for e in ents if e.country}


def events_of(art, etype):
    """The article's events of ``etype`` reported as happened (negated and hypothetical left out)."""
    return [e for e in art.events if e.event_type == etype and e.aux not in ("negation", "hypothetical")]
