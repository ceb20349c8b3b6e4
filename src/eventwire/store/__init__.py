"""The DuckDB store: schema, idempotent writes, canonical events across articles
(:mod:`.dedupe`, :mod:`.canon`), queries and exports.

Importing this package does not import duckdb; opening a :class:`Store` does.
"""

from ..errors import StorageError
from .schema import SCHEMA_VERSION
from .store import Store

__all__ = ["Store", "SCHEMA_VERSION", "StorageError"]
