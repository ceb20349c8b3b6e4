"""The trigger lexicon (knowledge/triggers.yaml) and the PLOVER tables (knowledge/plover.yaml).

Entries are parsed once per :class:`~eventwire.knowledge.Knowledge` and cached there.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import ConfigError

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
#: PLOVER quad classes of statements (plover.yaml): what is said, not done.
VERBAL_QUADS = frozenset({"verbal cooperation", "verbal conflict"})
FLAGS = {"armed", "content", "needarg", "speech", "weak", "objent", "evaluative", "alleged", "charge", "learned", "ultimatum", "nothat", "toinf",
         "otherparty", "noquestion", "verdict", "political", "noobj", "needcontent"}


@dataclass(frozen=True)
class Entry:
    """One trigger: PLOVER type and mode, and the conditions of its use (see triggers.yaml)."""

    lemma: str
    event_type: str
    mode: str | None = None
    flags: frozenset = frozenset()
    neg: str | None = None
    obj: frozenset | None = None
    prep: frozenset | None = None
    agent: frozenset | None = None
    #: ``for_not=``: a "for" object that makes the word no event ("gathered for a funeral")
    for_not: frozenset | None = None

    def has(self, flag: str) -> bool:
        return flag in self.flags


def parse_entry(lemma: str, spec: str, where: str) -> Entry:
    """Parse ``"TYPE[/mode] [flag ...]"``.

    Raises:
        ConfigError: unknown type or flag (names the file section and lemma).
    """
    parts = str(spec).split()
    if not parts:
        raise ConfigError(f"triggers.yaml {where}: {lemma!r} has no type")
    etype, _, mode = parts[0].partition("/")
    if etype not in PLOVER_TYPES:
        raise ConfigError(f"triggers.yaml {where}: {lemma!r}: unknown PLOVER type {etype!r}")
    flags, neg, obj, prep, agent, for_not = set(), None, None, None, None, None
    for p in parts[1:]:
        if p.startswith("neg="):
            neg = p[4:]
            if neg not in PLOVER_TYPES:
                raise ConfigError(f"triggers.yaml {where}: {lemma!r}: unknown type in {p!r}")
        elif p.startswith("obj="):
            obj = frozenset(p[4:].split("|"))
        elif p.startswith("prep="):
            prep = frozenset(p[5:].split("|"))
        elif p.startswith("agent="):
            agent = frozenset(p[6:].split("|"))
        elif p.startswith("for_not="):
            for_not = frozenset(p[8:].split("|"))
        elif p in FLAGS:
            flags.add(p)
        else:
            raise ConfigError(f"triggers.yaml {where}: {lemma!r}: unknown flag {p!r}")
    return Entry(lemma, etype, mode or None, frozenset(flags), neg, obj, prep, agent, for_not)


def check_modes(lex: "Lexicon") -> None:
    """Every entry's mode must be a PLOVER mode of its type (plover.yaml).

    Raises:
        ConfigError: names the lemma, type and mode.
    """
    types = lex.plover.get("types", {})
    tables = [("verbs", lex.verbs), ("nouns", lex.nouns), ("adjectives", lex.adjectives),
              ("phrases", {" ".join(k): v for k, v in lex.phrases.items()})]
    for section, table in tables:
        for lemma, e in table.items():
            if e.mode is not None and e.mode not in (types.get(e.event_type, {}).get("modes") or {}):
                raise ConfigError(f"triggers.yaml {section}: {lemma!r}: {e.mode!r} is not a PLOVER mode of {e.event_type}")


@dataclass
class Lexicon:
    """Trigger entries by part of speech; phrases keyed by (verb lemma, object lemma)."""

    verbs: dict[str, Entry] = field(default_factory=dict)
    nouns: dict[str, Entry] = field(default_factory=dict)
    adjectives: dict[str, Entry] = field(default_factory=dict)
    phrases: dict[tuple[str, str], Entry] = field(default_factory=dict)
    cues: dict = field(default_factory=dict)
    #: every verb lemma the lexicon knows (single verbs, "verb+prep" senses, phrase verbs)
    verb_lemmas: frozenset = frozenset()
    plover: dict = field(default_factory=dict)
    #: word classes of the frame layer (knowledge/syntax.yaml) and the role map (roles.yaml)
    syntax: Any = None
    roles: Any = None

    def quad(self, etype: str) -> str | None:
        return self.plover.get("types", {}).get(etype, {}).get("quad")

    def score(self, etype: str, mode: str | None) -> float | None:
        """PLOVER score of a type and mode (mode score if the manual gives one)."""
        t = self.plover.get("types", {}).get(etype)
        if not t:
            return None
        ms = (t.get("modes") or {}).get(mode) if mode else None
        return float(ms) if ms is not None else float(t["score"])

    def cue(self, name: str) -> frozenset:
        return self.cues.get(name, frozenset())


def _expand(words: frozenset | None, cues: dict, key, what: str) -> frozenset | None:
    """``words`` with each ``@name`` replaced by the words of cues.yaml list ``name``.

    Raises:
        ConfigError: no such list (names the trigger)."""
    if words is None or not any(w.startswith("@") for w in words):
        return words
    out: set = set()
    for w in words:
        if w.startswith("@"):
            if w[1:] not in cues or isinstance(cues[w[1:]], dict):
                raise ConfigError(f"triggers.yaml {key!r}: {what}={w}: no such cues.yaml list")
            out |= cues[w[1:]]
        else:
            out.add(w)
    return frozenset(out)


def load_lexicon(kb) -> Lexicon:
    """Build (once per Knowledge) the lexicon from triggers.yaml, cues.yaml and plover.yaml."""

    def build() -> Lexicon:
        data = kb.yaml("triggers.yaml") or {}
        lex = Lexicon()
        for section, target in (("verbs", lex.verbs), ("nouns", lex.nouns), ("adjectives", lex.adjectives)):
            for lemma, spec in (data.get(section) or {}).items():
                target[str(lemma).lower()] = parse_entry(str(lemma).lower(), spec, section)
        for phrase, spec in (data.get("phrases") or {}).items():
            words = str(phrase).lower().split()
            if len(words) != 2:
                raise ConfigError(f"triggers.yaml phrases: {phrase!r} must be 'verb object'")
            lex.phrases[(words[0], words[1])] = parse_entry(str(phrase), spec, "phrases")
        lex.verb_lemmas = frozenset({k.split("+")[0] for k in lex.verbs} | {v for v, _ in lex.phrases})
        cues = kb.yaml("cues.yaml") or {}
        out = {}
        for k, v in cues.items():
            if isinstance(v, dict):
                out[k] = {dk: frozenset(map(str.lower, dv)) for dk, dv in v.items()}
            else:
                out[k] = frozenset(map(str.lower, v))
        lex.cues = out
        for table in (lex.verbs, lex.nouns, lex.adjectives, lex.phrases):  # obj=@list|word, agent=@list:
            for key, e in table.items():                                    # cues.yaml lists
                table[key] = replace(e, obj=_expand(e.obj, out, key, "obj"), agent=_expand(e.agent, out, key, "agent"),
                                     for_not=_expand(e.for_not, out, key, "for_not"))
        lex.plover = kb.yaml("plover.yaml") or {}
        check_modes(lex)
        from .frames import load_syntax
        from .roles import load_roles

        lex.syntax, lex.roles = load_syntax(kb), load_roles(kb)
        return lex

    return kb.cached("lexicon", build)
