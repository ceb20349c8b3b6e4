"""What produced a stored extraction: the eventwire version, the knowledge and the options.

Every stored article and event records them (``eventwire``, ``knowledge_hash``, ``options``
columns, docs/schema.md), so ``ingest`` can say when stored articles were made by an older
eventwire or with other knowledge or options, and ``reprocess`` can bring exactly those up to
date.

- ``version``: ``eventwire.__version__``.
- ``knowledge_hash``: :func:`knowledge_hash`, SHA-256 over the bytes of the shipped knowledge
  files and of every user ``--knowledge`` directory's files, in order (names and contents, not
  paths: the same files give the same hash on any machine).
- ``options``: the options that change what is extracted: ``published`` (the ``--published``
  override, ISO date, or null when each document's own date was used) and ``model`` (the spaCy
  model package and version). Stored as canonical JSON (sorted keys, no spaces).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

#: Knowledge file suffixes that go into the hash (those :class:`eventwire.knowledge.Knowledge` reads).
KNOWLEDGE_SUFFIXES = (".yaml", ".tsv", ".json")


def knowledge_hash(user_dirs: list[str | Path] | None = None) -> str:
    """A stable hash of the shipped knowledge files plus those of ``user_dirs``.

    Args:
        user_dirs: ``--knowledge`` directories, in the order given (order matters: later rows win).

    Returns:
        16 hex digits of SHA-256 over, per directory in order, each knowledge file's name, size
        and bytes (files sorted by name).

    Raises:
        ConfigError: a user directory does not exist.
    """
    from .errors import ConfigError
    from .knowledge import PACKAGE_DIR

    h = hashlib.sha256()
    for i, d in enumerate([PACKAGE_DIR, *(Path(u) for u in user_dirs or [])]):
        if not d.is_dir():
            raise ConfigError(f"--knowledge {d}: not a directory")
        h.update(f"dir {i}\0".encode())
        for f in sorted(p for p in d.iterdir() if p.suffix in KNOWLEDGE_SUFFIXES and p.is_file()):
            data = f.read_bytes()
            h.update(f"{f.name}\0{len(data)}\0".encode())
            h.update(data)
    return h.hexdigest()[:16]


def model_label(name: str | None = None) -> str | None:
    """``"package version"`` of the spaCy model the pipeline loads (the first installed of
    :data:`eventwire.nlp.MODEL_NAMES`, or ``name``), read from package metadata without loading
    it; the bare name when it has no metadata (a path); None when none is installed."""
    import importlib.metadata as md

    from .nlp import MODEL_NAMES

    for n in ((name,) if name else MODEL_NAMES):
        try:
            return f"{n} {md.version(n)}"
        except md.PackageNotFoundError:
            if name:
                return name
    return None


@dataclass(frozen=True)
class Provenance:
    """What an extraction was made with (see the module docstring)."""

    version: str
    knowledge_hash: str
    options: dict = field(default_factory=dict)

    @property
    def options_json(self) -> str:
        """:attr:`options` as canonical JSON (the stored form)."""
        return json.dumps(self.options, sort_keys=True, separators=(",", ":"))

    def differences(self, version: str | None, khash: str | None, options: str | None) -> list[str]:
        """How a stored extraction's provenance differs from this one, for people.

        Returns:
            e.g. ``["eventwire 0.0.9", "other knowledge files", "made without --published"]``; empty when
            it is the same. Unknown (null) values count as different ("made before eventwire
            recorded it").
        """
        out = []
        if version != self.version:
            out.append(f"eventwire {version}" if version else "an eventwire that did not record its version")
        if khash != self.knowledge_hash:
            out.append("other knowledge files" if khash else "unrecorded knowledge files")
        if options != self.options_json:
            try:
                old = json.loads(options) if options else None
            except ValueError:
                old = None
            if not isinstance(old, dict):
                out.append("unrecorded options")
            else:
                for key in sorted(set(old) | set(self.options)):
                    was = old.get(key)
                    if was == self.options.get(key):
                        continue
                    if key == "published":
                        out.append(f"made with --published {was}" if was else "made without --published")
                    else:
                        out.append(f"{key} {was or 'unknown'}")
        return out


def current(knowledge_dirs: list[str | Path] | None = None, published: dt.date | None = None,
            model: str | None = None) -> Provenance:
    """The provenance of an extraction made now with these options.

    Args:
        knowledge_dirs: ``--knowledge`` directories.
        published: the ``--published`` override, or None.
        model: the configured spaCy model, or None for the default.

    Raises:
        ConfigError: a knowledge directory does not exist.
    """
    from . import __version__

    return Provenance(__version__, knowledge_hash(knowledge_dirs),
                      {"published": published.isoformat() if published else None, "model": model_label(model)})
