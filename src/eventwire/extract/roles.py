"""The role map (``knowledge/roles.yaml``): which frame slots are a PLOVER event's actor and
recipient, by predicate kind, event type and lemma. Parsed and checked once per Knowledge."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass
class RoleMap:
    """Resolved role specs: ``spec(etype, kind, lemma)`` → {"actor": [...], "actor_else": [...],
    "recipient": [...], "recipient_else": [...]} (slot names)."""

    default: dict
    types: dict
    lemmas: dict

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


def load_roles(kb) -> RoleMap:
    """The :class:`RoleMap` of ``kb`` (roles.yaml merged with users' files), checked.

    Raises:
        ConfigError: an unknown kind, role key, slot or PLOVER type (names where).
    """

    def build() -> RoleMap:
        data = kb.yaml("roles.yaml") or {}
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

        return RoleMap(default, types, {key(k): v for k, v in lemmas.items()})

    return kb.cached("roles", build)
