"""The role map (``knowledge/roles.yaml``): which frame slots are a PLOVER event's actor and
recipient, by predicate kind, event type and lemma. Parsed and checked once per Knowledge."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from ..errors import ConfigError
from .lexicon import PLOVER_TYPES

KINDS = ("verb", "noun", "adj", "stative")
ROLE_KEYS = ("actor", "actor_else", "recipient", "recipient_else")
PLAIN_SLOTS = ("agent", "patient", "modifier", "complement_subject", "host_agent")


def check_slot(slot: str, where: str) -> None:
    """Raise ConfigError unless ``slot`` is a slot name roles.yaml allows (see the file's head)."""
    if slot in PLAIN_SLOTS or (slot.startswith("obl:") and len(slot) > 4) or (
            slot.startswith("host_agent:") and len(slot) > 11):
        return
    raise ConfigError(f"roles.yaml {where}: unknown slot {slot!r}")


#: Keys of roles.yaml ``implied``: type (or, for ``from_below``, sector) lists that say whom a
#: report implies when the text names no recipient or actor (used by extract/situate.py and
#: extract/events_args.py; the file's comments give each rule).
IMPLIED_KEYS = ("targeted", "from_outside", "to_both_sides", "inward", "from_below", "upward", "facing",
                "outward", "between_sides", "people_of_place", "state_of_place", "place_targeted",
                "between_states", "at_home")
#: PLOVER entity sectors (the PLOVER manual, openeventdata/PLOVER PLOVER_MANUAL.tex, "Entities").
SECTORS = ("GOV", "MIL", "COP", "JUD", "LEG", "PTY", "REB", "OPP", "SPY", "UAF", "CVL", "REF", "MED", "BUS",
           "EDU", "REL", "LAB", "AGR", "CRM", "ELI", "JRN", "IGO", "NGO", "UNK")


@dataclass
class RoleMap:
    """Resolved role specs: ``spec(etype, kind, lemma)`` → {"actor": [...], "actor_else": [...],
    "recipient": [...], "recipient_else": [...]} (slot names); ``implied``: each
    :data:`IMPLIED_KEYS` key → a frozenset of PLOVER types (sectors for ``from_below``)."""

    default: dict
    types: dict
    lemmas: dict
    implied: dict = field(default_factory=dict)

    def spec(self, etype: str, kind: str, lemma: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {k: [] for k in ROLE_KEYS}
        layers = [self.default.get(kind) or {}, (self.types.get(etype) or {}).get(kind) or {},
                  (self.lemmas.get(lemma) or {}).get(kind) or {},
                  (self.lemmas.get(f"{lemma}/{etype}") or {}).get(kind) or {}]
        for layer in layers:
            for k in ROLE_KEYS:
                if k in layer:
                    out[k] = list(layer[k] or [])
        return out


def _replace_merge(base: dict, extra: dict) -> dict:
    """Mappings merged key by key, lists and values of ``extra`` replacing those of ``base``."""
    out = dict(base)
    for k, v in extra.items():
        out[k] = _replace_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def load_roles(kb) -> RoleMap:
    """The :class:`RoleMap` of ``kb``, checked: roles.yaml, then each user's roles.yaml merged
    into it key by key, a user's slot list replacing the shipped list it names (unlike other YAML
    knowledge, whose lists are appended).

    Raises:
        ConfigError: an unknown kind, role key, slot, ``implied`` key, sector or PLOVER type
            (names where).
    """

    def build() -> RoleMap:
        data: dict = {}
        for path in kb.paths("roles.yaml"):  # a user's slot list replaces the shipped one
            try:
                part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
                raise ConfigError(f"knowledge file {path}: {exc}") from exc
            if not isinstance(part, dict):
                raise ConfigError(f"knowledge file {path}: must be a mapping")
            data = _replace_merge(data, part)
        default, types, lemmas = data.get("default") or {}, data.get("types") or {}, data.get("lemmas") or {}

        def check(block: dict, where: str) -> None:
            for kind, spec in (block or {}).items():
                if kind not in KINDS:
                    raise ConfigError(f"roles.yaml {where}: unknown kind {kind!r} (use {', '.join(KINDS)})")
                for k, slots in (spec or {}).items():
                    if k not in ROLE_KEYS:
                        raise ConfigError(f"roles.yaml {where}.{kind}: unknown key {k!r}")
                    for s in slots or []:
                        check_slot(str(s), f"{where}.{kind}.{k}")

        check(default, "default")
        for t, block in types.items():
            if t not in PLOVER_TYPES:
                raise ConfigError(f"roles.yaml types: unknown PLOVER type {t!r}")
            check(block, f"types.{t}")
        for key, block in lemmas.items():
            _, _, t = str(key).partition("/")
            if t and t not in PLOVER_TYPES:
                raise ConfigError(f"roles.yaml lemmas: {key!r}: unknown PLOVER type {t!r}")
            check(block, f"lemmas.{key}")
        def key(k) -> str:
            lemma, sep, t = str(k).partition("/")
            return lemma.lower() + sep + t

        implied = data.get("implied") or {}
        if not isinstance(implied, dict):
            raise ConfigError("roles.yaml implied: must be a mapping of lists")
        for k, vals in implied.items():
            if k not in IMPLIED_KEYS:
                raise ConfigError(f"roles.yaml implied: unknown key {k!r} (use {', '.join(IMPLIED_KEYS)})")
            allowed = SECTORS if k == "from_below" else PLOVER_TYPES
            for v in vals or []:
                if v not in allowed:
                    raise ConfigError(f"roles.yaml implied.{k}: unknown {'sector' if k == 'from_below' else 'PLOVER type'} {v!r}")
        sets = {k: frozenset(implied.get(k) or ()) for k in IMPLIED_KEYS}
        return RoleMap(default, types, {key(k): v for k, v in lemmas.items()}, sets)

    return kb.cached("roles", build)
