"""The evaluation gate: floors per half and figure, with the hash of the data they were measured on.

The floors live in a JSON file in the repository (``eval/baseline.json``), in the manner of
trafilatura's evaluation gate: a change that lowers a figure below its floor fails the gate,
and a floor moves down only on purpose. Shape (schema ``eventwire-baseline/1``)::

    {"schema": "eventwire-baseline/1", "updated": "YYYY-MM-DD",
     "articles": {"data_sha256": HEX, "documents": N,
                  "floors": {"tune": {FIGURE: FLOOR, ...}, "check": {...}}},
     "gsr": {"data_sha256": HEX, "records": N, "floors": {"tune": {...}, "check": {...}}}}

``FIGURE`` names a value of a half's totals (:mod:`eventwire.evaluate`): for articles
``events.precision``, ``events.recall``, ``events.f1``, ``triples.f1``, ``location.accuracy``,
``date.accuracy``, ``quotes.f1``; for GSR ``type_accuracy`` (top-1), ``type_recall`` and
``actor_accuracy``. Floors are ratios in [0, 1]; a figure passes when it is at least its floor.
``data_sha256`` is :func:`eventwire.evaluate.gold.data_sha256` of the gold files (and article
texts) measured: when a run's differs, its figures are not comparable, and the gate says so.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError
from .split import HALVES

BASELINE_SCHEMA = "eventwire-baseline/1"

#: Slack for float rounding when a figure is compared with its floor.
_EPS = 1e-9

#: The gated figures of each kind: ``"group.key"`` paths into a half's totals.
FIGURES: dict[str, tuple[str, ...]] = {
    "articles": ("events.precision", "events.recall", "events.f1", "triples.f1",
                 "location.accuracy", "date.accuracy", "quotes.f1"),
    "gsr": ("type_accuracy.accuracy", "type_recall.accuracy", "actor_accuracy.accuracy"),
}


def _name(kind: str, path: str) -> str:
    return path[: -len(".accuracy")] if kind == "gsr" else path


def figures(result: dict) -> dict[str, dict[str, dict[str, float | None]]]:
    """The gated figures of an :func:`eventwire.evaluate.evaluate_path` result.

    Returns:
        ``{kind: {half: {figure: value or None}}}`` for each kind present in the result, with
        the halves ``tune`` and ``check``.
    """
    out: dict = {}
    for kind, paths in FIGURES.items():
        part = result.get(kind)
        if not part:
            continue
        out[kind] = {}
        for half in HALVES:
            total = part["totals"][half]
            vals = {}
            for path in paths:
                group, key = path.split(".")
                vals[_name(kind, path)] = total[group][key]
            out[kind][half] = vals
    return out


def load_baseline(path: str | Path) -> dict:
    """Read and check a baseline file.

    Raises:
        InputError: missing, unreadable, not JSON, or not schema ``eventwire-baseline/1``.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(str(path), "no baseline file (make one with --update-baseline)") from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot read baseline: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"baseline is not JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA:
        raise InputError(str(path), f"not an {BASELINE_SCHEMA} file")
    for kind in FIGURES:
        if kind in data and not isinstance((data[kind] or {}).get("floors"), dict):
            raise InputError(str(path), f"'{kind}' has no floors")
    return data


class GateResult(NamedTuple):
    """What :func:`gate` found: ``failures`` fail the gate; ``notes`` are for information."""

    failures: list[str]
    notes: list[str]

    @property
    def ok(self) -> bool:
        return not self.failures


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.4f}"


def gate(result: dict, baseline: dict) -> GateResult:
    """Compare a result with the baseline's floors.

    A failure is each figure below its floor (or undefined where it has a floor), named
    ``"KIND HALF FIGURE VALUE < floor FLOOR"``, and a kind whose gold data hash differs from
    the baseline's. A kind of the baseline that the run did not measure, or one the baseline has
    no floors for, is a note.
    """
    failures, notes = [], []
    current = figures(result)
    for kind in FIGURES:
        base = baseline.get(kind)
        if kind not in current:
            if base:
                notes.append(f"{kind}: not measured in this run, its floors were not checked")
            continue
        if not base:
            notes.append(f"{kind}: the baseline has no floors for it")
            continue
        sha = result[kind]["data_sha256"]
        if sha != base.get("data_sha256"):
            failures.append(f"{kind}: gold data differs from the data the floors were measured on "
                            f"(sha256 {sha[:12]}..., baseline {str(base.get('data_sha256'))[:12]}...): "
                            "the figures are not comparable; re-measure with --update-baseline")
        for half in HALVES:
            for fig, floor in (base["floors"].get(half) or {}).items():
                value = current[kind][half].get(fig)
                if value is None or value < floor - _EPS:
                    failures.append(f"{kind} {half} {fig} {_fmt(value)} < floor {floor}")
    return GateResult(failures, notes)


def _hair_below(value: float) -> float:
    """A floor for a measured value: the value truncated to three decimals (never above it)."""
    return min(math.floor(value * 1000) / 1000, value)


def update_baseline(result: dict, baseline: dict | None,
                    today: dt.date | None = None) -> tuple[dict, list[str]]:
    """New floors from a result: each floor raised to the current figure (truncated to three
    decimals), never lowered.

    Args:
        result: an :func:`eventwire.evaluate.evaluate_path` result (its kinds are updated, the
            others kept as they are).
        baseline: the current baseline, or None to start one.
        today: the ``updated`` date (default today).

    Returns:
        ``(raised, lowered)``: ``raised`` is the baseline with every floor at least the current
        figure and the data hashes of this run; ``lowered`` names each figure now below its
        floor or undefined now (``"KIND HALF FIGURE VALUE < floor FLOOR"``), whose floor is
        kept. When ``lowered`` is not empty, use
        :func:`lower_floors` to accept it (``--allow-lower``).
    """
    new = json.loads(json.dumps(baseline)) if baseline else {"schema": BASELINE_SCHEMA}
    lowered: list[str] = []
    for kind, halves in figures(result).items():
        old = (baseline or {}).get(kind) or {}
        floors = {}
        for half in HALVES:
            kept = dict((old.get("floors") or {}).get(half) or {})
            for fig, value in halves[half].items():
                if value is None and fig not in kept:
                    continue
                if fig in kept and (value is None or value < kept[fig] - _EPS):
                    lowered.append(f"{kind} {half} {fig} {_fmt(value)} < floor {kept[fig]}")
                    continue
                kept[fig] = max(_hair_below(value), kept.get(fig, 0.0))
            floors[half] = dict(sorted(kept.items()))
        count_key = "documents" if kind == "articles" else "records"
        count = result[kind]["totals"]["all"]["documents" if kind == "articles" else "records"]
        new[kind] = {"data_sha256": result[kind]["data_sha256"], count_key: count, "floors": floors}
    new["updated"] = (today or dt.date.today()).isoformat()
    return new, lowered


def lower_floors(result: dict, baseline: dict) -> dict:
    """Like :func:`update_baseline`, but every floor of the measured kinds set to the current
    figure, lower or not (``--allow-lower``)."""
    new, _ = update_baseline(result, {k: v for k, v in baseline.items() if k not in figures(result)})
    return new


def write_baseline(baseline: dict, path: str | Path) -> None:
    """Write a baseline file (sorted keys as given, two-space indent, final newline)."""
    ordered = {"schema": BASELINE_SCHEMA, "updated": baseline.get("updated")}
    ordered.update({k: v for k, v in baseline.items() if k not in ordered})
    Path(path).write_text(json.dumps(ordered, indent=2) + "\n", encoding="utf-8")
