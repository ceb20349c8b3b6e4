"""Databases for the web tests: the seed article, hostile articles (markup and spreadsheet
formulas in titles and bodies), and, for the browser test, the news corpus when ../shared has it.

Each hostile text sets a marker (``window.__pwned``) if any of its markup ever runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

HOSTILE = [
    # markup in the title, outlet, URL and body; quote-breaking attribute values
    ("title: <script>window.__pwned=1</script>\"><img src=x onerror=\"window.__pwned=2\">\n"
     "outlet: Evil \" onmouseover=\"window.__pwned=4\" x=\"\n"
     "url: javascript:window.__pwned=3\n"
     "published: 2022-03-11\n"
     "---\n"
     "<img src=x onerror=window.__pwned=5> Kharkiv shelled again\n\n"
     "Russian forces shelled Kharkiv on Friday, killing two people, Ukrainian officials said. "
     "\"We <script>window.__pwned=6</script> will not surrender,\" the mayor told reporters.\n"),
    # spreadsheet formulas in the title and at the start of a line
    ("title: =HYPERLINK(\"http://example.invalid/\",\"click\")\n"
     "outlet: @SUM(1+1)\n"
     "published: 2022-03-12\n"
     "---\n"
     "Protesters detained in Moscow\n\n"
     "-2+3 Police arrested 20 protesters in Moscow on Saturday, officials said.\n"),
]


def write_articles(db: Path, articles) -> None:
    from eventwire.store import Store

    with Store(db) as st:
        run = st.start_run(["tests"])
        for art in articles:
            st.write_article(art, run)
        st.finish_run(run, {})


def hostile_articles(pipeline) -> list:
    from eventwire.ingest.text import article_from_text

    out = []
    for i, text in enumerate(HOSTILE):
        out.append(pipeline.run(article_from_text(text, f"hostile-{i}.txt")))
    return out


def build(db: Path, pipeline, seed_article, corpus: Path | None = None) -> Path:
    """The seed article and the hostile ones (and the corpus, ingested like `eventwire ingest`)."""
    write_articles(db, [seed_article, *hostile_articles(pipeline)])
    if corpus is not None:
        from eventwire.runners.local import ingest

        stats = ingest([str(corpus)], str(db), factory=lambda config, knowledge_dirs: pipeline)
        assert stats.stored > 0 and stats.failed == 0, stats
    return db


def seed_id(seed_article) -> str:
    return seed_article.hash


__all__ = ["HOSTILE", "build", "hostile_articles", "write_articles", "seed_id", "dt"]
