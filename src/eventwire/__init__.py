"""eventwire: verifiable PLOVER event data from news articles.

Importing this package loads nothing heavy: no spaCy model, no knowledge files, no logging
handlers. Those happen in :meth:`eventwire.pipeline.Pipeline.from_config` or on first use.
"""

__version__ = "0.1.0"
SCHEMA = "eventwire/1"

__all__ = ["__version__", "SCHEMA"]
