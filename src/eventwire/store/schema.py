"""The DuckDB schema (version :data:`SCHEMA_VERSION`) and its migrations.

Every table is documented column by column in docs/schema.md; keep the two in step. A database
records its version in ``schema_version``. :func:`detect_version` reads it (a database made
before that table existed is version 0); :func:`migrate` applies the steps of
:data:`MIGRATIONS` in order inside one transaction.
"""

from __future__ import annotations

import logging
from typing import Callable

log = logging.getLogger(__name__)

#: The schema this code reads and writes.
SCHEMA_VERSION = 4

TABLES = {
    "schema_version": """
CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER NOT NULL,
  applied TIMESTAMPTZ NOT NULL,
  eventwire VARCHAR
)""",
    "runs": """
CREATE TABLE IF NOT EXISTS runs (
  id VARCHAR PRIMARY KEY,
  started TIMESTAMPTZ NOT NULL,
  finished TIMESTAMPTZ,
  argv VARCHAR,
  stats VARCHAR,
  eventwire VARCHAR
)""",
    "articles": """
CREATE TABLE IF NOT EXISTS articles (
  id VARCHAR PRIMARY KEY,
  input_id VARCHAR,
  source VARCHAR,
  url VARCHAR,
  title VARCHAR,
  outlet VARCHAR,
  published DATE,
  language VARCHAR,
  text VARCHAR NOT NULL,
  body_start INTEGER,
  meta VARCHAR,
  ingested_at TIMESTAMPTZ NOT NULL,
  run_id VARCHAR,
  duplicate_of VARCHAR,
  eventwire VARCHAR,
  knowledge_hash VARCHAR,
  options VARCHAR,
  extracted_at TIMESTAMPTZ
)""",
    "article_bands": """
CREATE TABLE IF NOT EXISTS article_bands (
  band SMALLINT NOT NULL,
  key BIGINT NOT NULL,
  article_id VARCHAR NOT NULL
)""",
    "events": """
CREATE TABLE IF NOT EXISTS events (
  id VARCHAR PRIMARY KEY,
  article_id VARCHAR NOT NULL,
  ordinal INTEGER NOT NULL,
  record_id VARCHAR,
  event_type VARCHAR NOT NULL,
  mode VARCHAR,
  aux VARCHAR,
  contexts VARCHAR[],
  quad VARCHAR,
  score DOUBLE,
  date DATE,
  date_end DATE,
  date_iso VARCHAR,
  date_precision VARCHAR,
  date_text VARCHAR,
  date_source VARCHAR,
  loc_text VARCHAR,
  loc_start INTEGER,
  loc_end INTEGER,
  loc_name VARCHAR,
  loc_country VARCHAR,
  loc_admin1 VARCHAR,
  loc_lat DOUBLE,
  loc_lon DOUBLE,
  loc_geonameid BIGINT,
  loc_feature VARCHAR,
  loc_source VARCHAR,
  dead INTEGER,
  injured INTEGER,
  arrested INTEGER,
  crowd INTEGER,
  confidence DOUBLE,
  eventwire VARCHAR,
  knowledge_hash VARCHAR,
  options VARCHAR,
  canonical_id VARCHAR
)""",
    "event_mentions": """
CREATE TABLE IF NOT EXISTS event_mentions (
  event_id VARCHAR NOT NULL,
  article_id VARCHAR NOT NULL,
  ordinal INTEGER NOT NULL,
  text VARCHAR,
  "start" INTEGER,
  "end" INTEGER,
  trigger VARCHAR,
  trigger_start INTEGER,
  trigger_end INTEGER,
  section VARCHAR
)""",
    "event_entities": """
CREATE TABLE IF NOT EXISTS event_entities (
  event_id VARCHAR NOT NULL,
  article_id VARCHAR NOT NULL,
  role VARCHAR NOT NULL,
  ordinal INTEGER NOT NULL,
  text VARCHAR,
  "start" INTEGER,
  "end" INTEGER,
  name VARCHAR,
  country VARCHAR,
  sector VARCHAR,
  affiliation VARCHAR,
  wikidata VARCHAR,
  kind VARCHAR,
  codes VARCHAR[],
  country_source VARCHAR
)""",
    "entities": """
CREATE TABLE IF NOT EXISTS entities (
  article_id VARCHAR NOT NULL,
  ordinal INTEGER NOT NULL,
  text VARCHAR,
  "start" INTEGER,
  "end" INTEGER,
  name VARCHAR,
  country VARCHAR,
  sector VARCHAR,
  affiliation VARCHAR,
  wikidata VARCHAR,
  kind VARCHAR,
  country_source VARCHAR
)""",
    "places": """
CREATE TABLE IF NOT EXISTS places (
  article_id VARCHAR NOT NULL,
  ordinal INTEGER NOT NULL,
  text VARCHAR,
  "start" INTEGER,
  "end" INTEGER,
  name VARCHAR,
  country VARCHAR,
  admin1 VARCHAR,
  lat DOUBLE,
  lon DOUBLE,
  geonameid BIGINT,
  feature VARCHAR
)""",
    "quotes": """
CREATE TABLE IF NOT EXISTS quotes (
  article_id VARCHAR NOT NULL,
  ordinal INTEGER NOT NULL,
  text VARCHAR,
  "start" INTEGER,
  "end" INTEGER,
  verb VARCHAR,
  speaker_text VARCHAR,
  speaker_start INTEGER,
  speaker_end INTEGER,
  speaker_name VARCHAR,
  speaker_country VARCHAR,
  speaker_sector VARCHAR,
  speaker_affiliation VARCHAR,
  speaker_wikidata VARCHAR
)""",
    "failures": """
CREATE TABLE IF NOT EXISTS failures (
  document VARCHAR NOT NULL,
  stage VARCHAR,
  error VARCHAR NOT NULL,
  kind VARCHAR,
  time TIMESTAMPTZ,
  run_id VARCHAR
)""",
    "canonical_events": """
CREATE TABLE IF NOT EXISTS canonical_events (
  id VARCHAR PRIMARY KEY,
  event_type VARCHAR NOT NULL,
  mode VARCHAR,
  first_date DATE,
  last_date DATE,
  country VARCHAR,
  place VARCHAR,
  lat DOUBLE,
  lon DOUBLE,
  actor_countries VARCHAR[],
  recipient_countries VARCHAR[],
  event_count INTEGER NOT NULL,
  report_count INTEGER NOT NULL,
  source_count INTEGER NOT NULL,
  updated TIMESTAMPTZ NOT NULL
)""",
    "feeds": """
CREATE TABLE IF NOT EXISTS feeds (
  url VARCHAR PRIMARY KEY,
  etag VARCHAR,
  last_modified VARCHAR,
  last_checked TIMESTAMPTZ,
  last_ok TIMESTAMPTZ,
  status VARCHAR,
  errors_in_row INTEGER NOT NULL,
  next_check TIMESTAMPTZ,
  articles INTEGER NOT NULL
)""",
}

INDEXES = [
    "CREATE INDEX IF NOT EXISTS articles_url ON articles (url)",
    "CREATE INDEX IF NOT EXISTS bands_key ON article_bands (band, key)",
    "CREATE INDEX IF NOT EXISTS events_article ON events (article_id)",
    "CREATE INDEX IF NOT EXISTS events_type_date ON events (event_type, date)",
    "CREATE INDEX IF NOT EXISTS events_canonical ON events (canonical_id)",
    "CREATE INDEX IF NOT EXISTS mentions_event ON event_mentions (event_id)",
    "CREATE INDEX IF NOT EXISTS eents_event ON event_entities (event_id)",
    "CREATE INDEX IF NOT EXISTS failures_doc ON failures (document)",
]

#: One flat row per event, for CSV/Parquet export and for SQL users (docs/schema.md).
EVENT_ROWS_VIEW = """
CREATE OR REPLACE VIEW event_rows AS
SELECT e.id AS event_id, e.article_id, e.canonical_id, c.report_count, c.source_count,
  e.event_type, e.mode, e.aux, e.date_iso AS date, e.date_precision, e.date_text,
  (SELECT string_agg(coalesce(x.name, x.text), '; ' ORDER BY x.ordinal) FROM event_entities x
     WHERE x.event_id = e.id AND x.role = 'actor') AS actor,
  (SELECT string_agg(x.country, ';' ORDER BY x.ordinal) FROM event_entities x
     WHERE x.event_id = e.id AND x.role = 'actor') AS actor_country,
  (SELECT string_agg(coalesce(x.name, x.text), '; ' ORDER BY x.ordinal) FROM event_entities x
     WHERE x.event_id = e.id AND x.role = 'recipient') AS recipient,
  (SELECT string_agg(x.country, ';' ORDER BY x.ordinal) FROM event_entities x
     WHERE x.event_id = e.id AND x.role = 'recipient') AS recipient_country,
  (SELECT first(coalesce(x.name, x.text)) FROM event_entities x
     WHERE x.event_id = e.id AND x.role = 'claimed_by') AS claimed_by,
  coalesce(e.loc_name, e.loc_text) AS location, e.loc_country AS location_country,
  e.loc_admin1 AS location_admin1, e.loc_lat AS lat, e.loc_lon AS lon, e.loc_geonameid AS geonameid,
  e.score, e.quad, e.confidence, array_to_string(e.contexts, ';') AS contexts,
  e.dead, e.injured, e.arrested, e.crowd,
  m.trigger, m.text AS sentence, m."start" AS "start", m."end" AS "end", m.section,
  a.url, a.title, a.outlet, a.published, a.source
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN canonical_events c ON c.id = e.canonical_id
LEFT JOIN event_mentions m ON m.event_id = e.id AND m.ordinal = 0
"""


def columns(table: str) -> list[str]:
    """Column names of a table in the order of its DDL (inserts name them: a migrated table may
    have its columns in another order)."""
    import re

    body = TABLES[table].split("(", 1)[1]
    return [m.group(1) for m in re.finditer(r'^\s*"?(\w+)"?\s+[A-Z]', body, re.M)]


def column_types(table: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of each column of a table, in the order of its DDL (``VARCHAR[]``
    for a list of strings; ``NOT NULL`` and ``PRIMARY KEY`` left out)."""
    import re

    body = TABLES[table].split("(", 1)[1]
    return [(m.group(1), m.group(2)) for m in re.finditer(r'^\s*"?(\w+)"?\s+([A-Z]+(?:\[\])?)', body, re.M)]


def insert_sql(table: str) -> str:
    """``INSERT INTO table (cols...) VALUES (?, ...)`` in DDL column order."""
    names = columns(table)
    cols = ", ".join('"' + c + '"' for c in names)
    marks = ", ".join("?" * len(names))
    return f"INSERT INTO {table} ({cols}) VALUES ({marks})"


def insert_rows(con, table: str, rows: list[list], replace: bool = False) -> None:
    """Insert rows (values in DDL column order) with multi-row INSERTs of up to 200 rows
    (DuckDB runs ``executemany`` row by row, several times slower); ``replace``: INSERT OR
    REPLACE on the primary key."""
    names = columns(table)
    cols = ", ".join('"' + c + '"' for c in names)
    one = "(" + ", ".join("?" * len(names)) + ")"
    for i in range(0, len(rows), 200):
        chunk = rows[i:i + 200]
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        con.execute(f"{verb} INTO {table} ({cols}) VALUES {', '.join([one] * len(chunk))}",
                    [v for r in chunk for v in r])


def create(con) -> None:
    """Create every table, index and view of the current schema (idempotent)."""
    for ddl in TABLES.values():
        con.execute(ddl)
    for ddl in INDEXES:
        con.execute(ddl)
    con.execute(EVENT_ROWS_VIEW)


def existing_tables(con) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}


def detect_version(con) -> int | None:
    """The schema version of an open database: None when empty, 0 when it predates
    ``schema_version`` (has ``articles`` but no version table), else the recorded version."""
    tables = existing_tables(con)
    if "schema_version" in tables:
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0
    return 0 if "articles" in tables else None


def _columns(con, table: str) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}


def _add_columns(con, adds: dict[str, list[tuple[str, str]]]) -> None:
    """Add each (name, type) column its table lacks; tables that do not exist are left alone."""
    tables = existing_tables(con)
    for table, cols in adds.items():
        if table not in tables:
            continue
        have = _columns(con, table)
        for name, typ in cols:
            if name not in have:
                con.execute(f"ALTER TABLE {table} ADD COLUMN {name} {typ}")


def _migrate_0_to_1(con) -> None:
    """Version 0 (the first ingest layout): no near-duplicate chains, no canonical events,
    no per-role entity codes. Adds the columns and tables; the caller relinks afterwards."""
    con.execute("DROP VIEW IF EXISTS event_rows")
    adds = {
        "articles": [("duplicate_of", "VARCHAR"), ("body_start", "INTEGER"), ("meta", "VARCHAR")],
        "events": [("canonical_id", "VARCHAR"), ("date_end", "DATE"), ("record_id", "VARCHAR")],
        "event_entities": [("codes", "VARCHAR[]"), ("kind", "VARCHAR")],
    }
    _add_columns(con, adds)
    if "date_end" in _columns(con, "events"):
        con.execute("""UPDATE events SET date_end = CASE date_precision
              WHEN 'week' THEN date + INTERVAL 6 DAY
              WHEN 'month' THEN last_day(date)
              WHEN 'year' THEN make_date(year(date), 12, 31)
              ELSE date END WHERE date IS NOT NULL AND date_end IS NULL""")


def _migrate_1_to_2(con) -> None:
    """Version 1 had no provenance of inferred fields: adds ``events.date_source``,
    ``events.loc_source``, ``event_entities.country_source`` and ``entities.country_source``
    (null for rows written before; reprocessing fills them)."""
    con.execute("DROP VIEW IF EXISTS event_rows")
    adds = {"events": [("date_source", "VARCHAR"), ("loc_source", "VARCHAR")],
            "event_entities": [("country_source", "VARCHAR")], "entities": [("country_source", "VARCHAR")]}
    _add_columns(con, adds)


def _migrate_2_to_3(con) -> None:
    """Version 3 adds the ``feeds`` table of ``eventwire watch`` (created by :func:`create`);
    nothing else changes, so no relinking."""


#: Provenance columns of version 4 (docs/schema.md; :mod:`eventwire.provenance`).
PROVENANCE_COLUMNS = [("eventwire", "VARCHAR"), ("knowledge_hash", "VARCHAR"), ("options", "VARCHAR")]


def _migrate_3_to_4(con) -> None:
    """Version 3 did not record what produced an extraction: version 4 adds ``eventwire``,
    ``knowledge_hash`` and ``options`` to ``articles`` and ``events``, and
    ``articles.extracted_at``. The version is filled from the run that stored each article
    (``runs.eventwire``) and ``extracted_at`` from ``ingested_at``; the knowledge hash and the
    options were never recorded and stay null, which ``ingest`` reports as unknown and
    ``eventwire reprocess`` brings up to date."""
    con.execute("DROP VIEW IF EXISTS event_rows")
    adds = {"articles": PROVENANCE_COLUMNS + [("extracted_at", "TIMESTAMPTZ")], "events": PROVENANCE_COLUMNS}
    _add_columns(con, adds)
    if "articles" in existing_tables(con):
        con.execute("UPDATE articles SET extracted_at = ingested_at WHERE extracted_at IS NULL")
        if "runs" in existing_tables(con):
            con.execute("UPDATE articles SET eventwire = r.eventwire FROM runs r "
                        "WHERE articles.run_id = r.id AND articles.eventwire IS NULL")
        if "events" in existing_tables(con):
            con.execute("UPDATE events SET eventwire = a.eventwire FROM articles a "
                        "WHERE events.article_id = a.id AND events.eventwire IS NULL")


#: version → function migrating a database from that version to the next.
MIGRATIONS: dict[int, Callable] = {0: _migrate_0_to_1, 1: _migrate_1_to_2, 2: _migrate_2_to_3,
                                   3: _migrate_3_to_4}


def migrate(con, from_version: int) -> None:
    """Bring a database from ``from_version`` to :data:`SCHEMA_VERSION` (caller holds a transaction)."""
    from .. import __version__

    for v in range(from_version, SCHEMA_VERSION):
        log.info("migrating schema %d -> %d", v, v + 1)
        MIGRATIONS[v](con)
    create(con)
    con.execute("INSERT INTO schema_version VALUES (?, now(), ?)", [SCHEMA_VERSION, __version__])
