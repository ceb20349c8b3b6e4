"""One exception tree for the whole package (modelled on PEP 249 / duckdb).

Every message says what failed, on which document, and what to do about it.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class of every error eventwire raises on purpose."""


class InputError(EventwireError):
    """A document cannot be read: empty, binary, not UTF-8, too large, unreadable language.

    Args:
        document: the document's name as the user gave it (path, URL or ``jsonl:FILE#ID``).
        reason: a short sentence saying what is wrong and, where possible, what to do.
    """

    def __init__(self, document: str, reason: str):
        self.document = document
        self.reason = reason
        super().__init__(f"{document}: {reason}")


class ExtractionError(EventwireError):
    """A stage failed on a document for a reason that is not the document's fault (a bug).

    Attributes:
        document: the document's name; stage: the failing stage; kind: the original exception's
        class name. The batch records it as a failure and goes on.
    """

    def __init__(self, document: str, stage: str, kind: str, reason: str):
        self.document, self.stage, self.kind, self.reason = document, stage, kind, reason
        super().__init__(f"{document}: stage {stage} failed: {kind}: {reason}")


class ConfigError(EventwireError):
    """A configuration value or knowledge file is invalid (names the key or file)."""


class ModelNotFoundError(EventwireError):
    """The spaCy model is not installed; the message gives the pip command that fixes it."""


class StorageError(EventwireError):
    """The DuckDB database cannot be opened, migrated or written."""
