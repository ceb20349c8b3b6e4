"""The Spark runner's second stage: report chains and canonical events across every article of a
run, then the output tables (see :mod:`eventwire.runners.spark`).

Each step is a function of :mod:`eventwire.store.batchlink` (the store's own rules, from
:mod:`eventwire.store.canon` and :mod:`eventwire.store.dedupe`) run over Spark data:

=========================  ====================================================================
report chains              ``article_bands`` rows per article; articles sharing a band are
                           checked pairwise (``is_copy_pair``); components of copies (driver)
linked pairs               events grouped by ``blocking_keys``; ``linked_pairs`` per group
components                 of the linked pairs, in the driver (their edges only: events in no
                           pair never reach it)
replay                     per component, with each member article's ``CandidateFilter``
canonical_events           ``canonical_row`` per canonical id
=========================  ====================================================================
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Iterator

from ..store import batchlink, canon, schema
from ..store.dedupe import LinkEvent
from .spark import MONTH, UNKNOWN_MONTH, _join, month_of, spark_schema


def _link_event(row) -> LinkEvent:
    return LinkEvent(id=row["id"], article_id=row["article_id"], event_type=row["event_type"], aux=row["aux"],
                     actor=frozenset(row["actor"] or ()), recipient=frozenset(row["recipient"] or ()),
                     date=row["date"], precision=row["date_precision"], place_name=row["loc_name"],
                     place_country=row["loc_country"], lat=row["loc_lat"], lon=row["loc_lon"],
                     feature=row["loc_feature"], text=row["text"] or "", chain=row["chain"],
                     published=row["published"])


def _keyed(ev: LinkEvent) -> Iterator[tuple]:
    keys = batchlink.blocking_keys(ev)
    for k in keys:
        yield k, (ev, keys)


def _replay(group: tuple) -> Iterator[tuple[str, str]]:
    _, members = group
    members = list(members)
    yield from batchlink.replay([ev for ev, _ in members], {f.article_id: f for _, f in members}).items()


def _copies(row) -> bool:
    return batchlink.is_copy_pair(row["a_body"], row["b_body"])


def _canonical(at: dt.datetime, group: tuple) -> tuple:
    cid, members = group
    row = batchlink.canonical_row(cid, [m.asDict() for m in members])
    return tuple(row) + (at, month_of(row[3]))


class _Clock:
    """Logs the seconds each step took (``-vv``)."""

    def __init__(self) -> None:
        import time

        self.t = time.perf_counter()

    def __call__(self, step: str) -> None:
        import logging
        import time

        now = time.perf_counter()
        logging.getLogger(__name__).debug("link stage: %s in %.1f s", step, now - self.t)
        self.t = now


#: Articles per task of the link stage's Python steps (at least one task per core).
ARTICLES_PER_TASK = 2000


def link_and_write(spark, st, output: str, run_id: str, at: dt.datetime, articles_count: int = 0) -> int:
    """Link the staged rows ``st`` and write every table under ``output``; returns the number of
    canonical events. ``articles_count`` sizes the Python steps (:data:`ARTICLES_PER_TASK`)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    sc = spark.sparkContext
    clock = _Clock()
    parts = max(sc.defaultParallelism, -(-articles_count // ARTICLES_PER_TASK))

    def table(name: str):
        return (st.where(F.col(name).isNotNull()).select(MONTH, F.explode(name).alias("r"))
                .select(MONTH, "r.*"))

    articles = st.where(F.col("articles").isNotNull()).select(MONTH, "articles.*").cache()
    events = table("events")
    entities_of_events = table("event_entities")

    # report chains
    bodies = articles.select("id", F.expr("substring(text, coalesce(body_start, 0) + 1)").alias("body"))
    bands = spark.createDataFrame(
        bodies.rdd.coalesce(parts).flatMap(lambda r: batchlink.band_rows(r["id"], r["body"])), spark_schema("article_bands"),
        verifySchema=False).cache()
    pairs = (bands.alias("x").join(bands.alias("y"), ["band", "key"])
             .where(F.col("x.article_id") < F.col("y.article_id"))
             .select(F.col("x.article_id").alias("a"), F.col("y.article_id").alias("b")).distinct())
    pairs = (pairs.join(bodies.withColumnRenamed("id", "a").withColumnRenamed("body", "a_body"), "a")
             .join(bodies.withColumnRenamed("id", "b").withColumnRenamed("body", "b_body"), "b"))
    copy_edges = pairs.rdd.coalesce(parts).filter(_copies).map(lambda r: (r["a"], r["b"])).collect()
    chain_of = batchlink.components(copy_edges)
    clock("chains")
    chain_df = spark.createDataFrame(sorted(chain_of.items()), StructType(
        [StructField("id", StringType()), StructField("chain", StringType())]))
    articles = articles.drop("duplicate_of").join(chain_df, "id", "left").withColumnRenamed("chain", "duplicate_of")
    articles = articles.select(*schema.columns("articles"), MONTH).cache()

    # the events as the linker sees them
    codes = entities_of_events.groupBy("event_id").agg(
        F.flatten(F.collect_list(F.when(F.col("role") == "actor", F.col("codes")))).alias("actor"),
        F.flatten(F.collect_list(F.when(F.col("role") == "recipient", F.col("codes")))).alias("recipient"))
    texts = table("event_mentions").groupBy("event_id").agg(F.expr(
        "concat_ws('\\n', transform(array_sort(collect_list(struct(ordinal, text))), m -> m.text))").alias("text"))
    link_rows = (events.join(articles.select(F.col("id").alias("article_id"), "published",
                                             F.col("duplicate_of").alias("chain")), "article_id")
                 .join(codes.withColumnRenamed("event_id", "id"), "id", "left")
                 .join(texts.withColumnRenamed("event_id", "id"), "id", "left"))
    link_events = link_rows.rdd.coalesce(parts).map(_link_event).cache()

    # linked pairs → components → replay
    edges = link_events.flatMap(_keyed).groupByKey(parts).flatMap(
        lambda kv: batchlink.linked_pairs(kv[0], list(kv[1])) if len(kv[1]) > 1 else []).collect()
    comp = batchlink.components(edges)
    clock("pairs")
    filters = link_events.map(lambda e: (e.article_id, e)).groupByKey(parts).map(
        lambda kv: (kv[0], canon.candidate_filter(kv[0], list(kv[1]))))
    members = sc.parallelize(sorted(comp.items()), max(1, sc.defaultParallelism)).join(
        link_events.map(lambda e: (e.id, e)), parts).map(lambda kv: (kv[1][1].article_id, (kv[1][0], kv[1][1])))
    cids = members.join(filters, parts).map(lambda kv: (kv[1][0][0], (kv[1][0][1], kv[1][1]))).groupByKey(
        parts).flatMap(_replay)
    cid_df = spark.createDataFrame(cids, StructType([StructField("id", StringType()), StructField("cid", StringType())]))
    events = (events.join(cid_df, "id", "left")
              .withColumn("canonical_id", F.coalesce(F.col("cid"), F.concat(F.lit("c"), F.col("id"))))
              .select(*schema.columns("events"), MONTH).cache())

    # canonical events
    clock("replay")
    countries = entities_of_events.where(F.col("country").isNotNull()).groupBy("event_id").agg(
        F.collect_set(F.when(F.col("role") == "actor", F.col("country"))).alias("actor_countries"),
        F.collect_set(F.when(F.col("role") == "recipient", F.col("country"))).alias("recipient_countries"))
    member_rows = (events.select("id", "canonical_id", "event_type", "mode", "date", "date_end", "loc_country",
                                 "loc_name", "loc_lat", "loc_lon", "article_id")
                   .join(articles.select(F.col("id").alias("article_id"), F.col("duplicate_of").alias("chain")),
                         "article_id")
                   .join(countries.withColumnRenamed("event_id", "id"), "id", "left"))
    canon_schema = spark_schema("canonical_events").add(MONTH, StringType())
    canonical = spark.createDataFrame(
        member_rows.rdd.coalesce(parts).map(lambda r: (r["canonical_id"], r)).groupByKey(parts).map(
            partial(_canonical, at)),
        canon_schema, verifySchema=False).cache()

    # write
    clock("canonical")
    def write(df, name: str, by_month: bool = True) -> None:
        w = df.write.mode("overwrite")
        (w.partitionBy(MONTH) if by_month else w).parquet(_join(output, name))

    month_of_article = articles.select(F.col("id").alias("article_id"), MONTH)
    write(articles, "articles")
    write(events, "events")
    for name in ("event_mentions", "event_entities", "entities", "places", "quotes"):
        write(table(name).select(*schema.columns(name), MONTH), name)
    write(bands.join(month_of_article, "article_id").select(*schema.columns("article_bands"), MONTH),
          "article_bands")
    write(canonical, "canonical_events")
    write(st.where(F.col("failures").isNotNull()).select("failures.*"), "failures", by_month=False)
    n = canonical.count()
    clock("write")
    for df in (articles, bands, canonical, events):
        df.unpersist()
    link_events.unpersist()
    return n


__all__ = ["link_and_write", "UNKNOWN_MONTH"]
