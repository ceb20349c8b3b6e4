"""Shipped knowledge as data files, extendable by users with ``--knowledge DIR``.

Files live beside this module (TSV with a header row, YAML). A user directory may hold files of
the same names: TSV rows are appended after the shipped rows (later rows win where a loader keys
by name), YAML lists are appended and YAML mappings merged key by key (user values win).

Nothing is read at import time; :class:`Knowledge` reads a file on first use and caches it.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent


def _merge(base: Any, extra: Any, name: str) -> Any:
    if base is None:
        return extra
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for k, v in extra.items():
            out[k] = _merge(out.get(k), v, name) if k in out and isinstance(v, (list, dict)) else v
        return out
    raise ConfigError(f"knowledge file {name}: a user file must have the same shape (list or mapping) as the shipped one")


class Knowledge:
    """Access to knowledge files: the package's own, then each user directory in order.

    Args:
        user_dirs: extra directories (``--knowledge DIR``); each must exist.

    Raises:
        ConfigError: a directory does not exist, or a file cannot be parsed (names the file).
    """

    def __init__(self, user_dirs: list[str | Path] | None = None):
        self.dirs = [PACKAGE_DIR]
        for d in user_dirs or []:
            p = Path(d)
            if not p.is_dir():
                raise ConfigError(f"--knowledge {d}: not a directory")
            self.dirs.append(p)
        self._cache: dict[str, Any] = {}

    def paths(self, name: str) -> list[Path]:
        return [d / name for d in self.dirs if (d / name).is_file()]

    def tsv(self, name: str) -> list[dict[str, str]]:
        """Rows of every ``name`` file as dicts keyed by the header row; ``#`` lines are comments."""
        key = "tsv:" + name
        if key not in self._cache:
            rows: list[dict[str, str]] = []
            for path in self.paths(name):
                try:
                    with path.open(encoding="utf-8", newline="") as fh:
                        lines = (ln for ln in fh if ln.strip() and not ln.startswith("#"))
                        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
                        for row in reader:
                            rows.append({k: (v or "").strip() for k, v in row.items() if k})
                except (OSError, csv.Error, UnicodeDecodeError) as exc:
                    raise ConfigError(f"knowledge file {path}: {exc}") from exc
            self._cache[key] = rows
        return self._cache[key]

    def yaml(self, name: str) -> Any:
        """The merged content of every ``name`` YAML file (None when none exists)."""
        key = "yaml:" + name
        if key not in self._cache:
            data: Any = None
            for path in self.paths(name):
                try:
                    part = yaml.safe_load(path.read_text(encoding="utf-8"))
                except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
                    raise ConfigError(f"knowledge file {path}: {exc}") from exc
                data = _merge(data, part, str(path))
            self._cache[key] = data
        return self._cache[key]

    def cached(self, key: str, build):
        """Memoise a derived structure (an index built from files) under ``key``."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]
