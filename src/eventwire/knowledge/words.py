"""Open-class word lists of the actor, place, date and cleaning readers, read from knowledge files.

Each loader reads its files through a :class:`~eventwire.knowledge.Knowledge` on first use and
caches what it builds on that object (``kb.cached``), so ``--knowledge DIR`` reaches every list
and nothing is read at import time. Files (``src/eventwire/knowledge/``, docs/knowledge.md):

- ``calendar.yaml``: the one month list, weekday list and time words (:func:`calendar`);
- ``titles.tsv``: the one list of title words before a name (:func:`titles`);
- ``actors.yaml``: the actor stage's lists (:func:`actor_words`);
- ``places.yaml`` and ``agents.tsv``: the place stage's lists (:func:`place_words`).

Helpers that the event stage calls without a Knowledge (:func:`eventwire.extract.places.event_location`,
:func:`eventwire.extract.dates.event_date`) find the one of the pipeline that read the article
through :func:`bind` / :func:`knowledge_of`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError


def _words(data: Any, key: str, name: str) -> tuple[str, ...]:
    """The list ``data[key]`` as lower-case strings (empty when absent).

    Raises:
        ConfigError: the value is not a list of strings (YAML reads a bare ``on`` as a boolean).
    """
    value = (data or {}).get(key) or []
    if not isinstance(value, list) or any(isinstance(v, (bool, dict, list)) or v is None for v in value):
        raise ConfigError(f"knowledge file {name}: {key!r} must be a list of words (quote on/off/yes/no)")
    return tuple(str(v).lower() for v in value)


def _mapping(data: Any, key: str, name: str) -> dict:
    value = (data or {}).get(key) or {}
    if not isinstance(value, dict):
        raise ConfigError(f"knowledge file {name}: {key!r} must be a mapping")
    return value


# -- binding a knowledge base to an article -------------------------------------------------------

@functools.lru_cache(maxsize=1)
def shipped():
    """The shipped knowledge alone (built on first use, once per process)."""
    from . import Knowledge

    return Knowledge()


#: Knowledge bases that read an article, by their user directories (see :func:`bind`).
_BOUND: dict[tuple, Any] = {}


def bind(article, kb) -> None:
    """Record ``kb`` as the knowledge the article is read with (the stages that hold one call this).

    Only the key of its user directories goes on the article, so an article still pickles small
    (the local runner sends it between processes); the Knowledge object stays in this process.
    """
    key = tuple(str(d) for d in kb.dirs[1:])
    _BOUND[key] = kb
    article.__dict__["_knowledge_key"] = key


def knowledge_of(article, kb=None):
    """``kb`` when given, else the knowledge :func:`bind` recorded for ``article`` (rebuilt from
    its directories in another process), else :func:`shipped`."""
    if kb is not None:
        return kb
    key = article.__dict__.get("_knowledge_key")
    if key is None:
        return shipped()
    if key not in _BOUND:
        from . import Knowledge

        _BOUND[key] = Knowledge(list(key)) if key else shipped()
    return _BOUND[key]


# -- calendar.yaml ---------------------------------------------------------------------------------

CALENDAR = "calendar.yaml"


@dataclass(frozen=True)
class Calendar:
    """Month, weekday and time words (``calendar.yaml``).

    Attributes:
        months: every month name and abbreviation (lower case, no period) → month number 1–12.
        month_names: the full name of each month (the first of its list), month order.
        month_abbreviations: the other names (abbreviations), month order.
        weekdays: weekday name → ISO weekday number − 1 (0 Monday … 6 Sunday).
        day_parts, time_preps, period_words, time_zones, other_event_preps, clock_marks,
            background_preps: word lists.
        deictic_days: "today", "yesterday" ... → offset from publication in days.
    """

    months: dict
    month_names: tuple
    month_abbreviations: tuple
    weekdays: dict
    day_parts: tuple
    deictic_days: dict
    time_preps: tuple
    period_words: tuple
    time_zones: tuple
    other_event_preps: frozenset
    clock_marks: tuple = ()
    background_preps: frozenset = frozenset()

    def month(self, text: str) -> int | None:
        """The month number of a name or abbreviation as written ("Sept." → 9), else None."""
        return self.months.get(text.lower().rstrip("."))

    def month_prefixes(self) -> frozenset:
        """The first three letters of every month name ("jan" … "dec")."""
        return frozenset(m[:3] for m in self.months)

    def month_regex(self, capitalised: bool, full_only: bool = False, periods: bool = True) -> str:
        """An alternation (no group) of month names, longest first.

        Args:
            capitalised: names as written in running text ("March", "Sept."), else lower case.
            full_only: full names only ("in May" reads no "Mar").
            periods: abbreviations take an optional final period ("Sept.").
        """
        names = [self._case(n, capitalised) for n in self.month_names]
        if not full_only:
            names += [self._case(n, capitalised) + (r"\.?" if periods else "") for n in self.month_abbreviations]
        return "(?:" + "|".join(sorted(names, key=len, reverse=True)) + ")"

    def weekday_regex(self, capitalised: bool) -> str:
        """An alternation (no group) of the weekday names."""
        return "(?:" + "|".join(self._case(d, capitalised) for d in self.weekdays) + ")"

    @staticmethod
    def _case(word: str, capitalised: bool) -> str:
        return re.escape(word[:1].upper() + word[1:] if capitalised else word)


def calendar(kb) -> Calendar:
    """The :class:`Calendar` of ``kb`` (cached on it).

    Raises:
        ConfigError: calendar.yaml is missing, or a month is not 1–12, or a list is malformed.
    """
    return kb.cached("words:calendar", lambda: _calendar(kb.yaml(CALENDAR)))


def _calendar(data) -> Calendar:
    if not isinstance(data, dict):
        raise ConfigError(f"knowledge file {CALENDAR}: missing or not a mapping")
    months: dict[str, int] = {}
    full, abbr = [], []
    for num, names in sorted(_mapping(data, "months", CALENDAR).items(), key=lambda kv: int(kv[0])):
        if not str(num).isdigit() or not 1 <= int(num) <= 12 or not isinstance(names, list) or not names:
            raise ConfigError(f"knowledge file {CALENDAR}: months: {num!r} must be 1-12 with a list of names")
        for i, n in enumerate(str(x).lower().rstrip(".") for x in names):
            months.setdefault(n, int(num))
            (full if i == 0 else abbr).append(n)
    weekdays = {d: i for i, d in enumerate(_words(data, "weekdays", CALENDAR))}
    if len(weekdays) != 7:
        raise ConfigError(f"knowledge file {CALENDAR}: weekdays must name the seven days, Monday first")
    deictic = {" ".join(str(k).lower().split()): int(v) for k, v in _mapping(data, "deictic_days", CALENDAR).items()}
    return Calendar(
        months=months, month_names=tuple(dict.fromkeys(full)), month_abbreviations=tuple(dict.fromkeys(abbr)),
        weekdays=weekdays, day_parts=_words(data, "day_parts", CALENDAR), deictic_days=deictic,
        time_preps=_words(data, "time_preps", CALENDAR), period_words=_words(data, "period_words", CALENDAR),
        time_zones=tuple(str(z) for z in (data.get("time_zones") or [])),
        other_event_preps=frozenset(_words(data, "other_event_preps", CALENDAR)),
        clock_marks=_words(data, "clock_marks", CALENDAR),
        background_preps=frozenset(_words(data, "background_preps", CALENDAR)))


def alternation(words, flexible_space: bool = True) -> str:
    """A regex alternation (no group) of ``words``, longest first, spaces matching any whitespace."""
    out = [re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))]
    if flexible_space:
        out = [w.replace(r"\ ", r"\s+") for w in out]
    return "|".join(out) or "(?!)"


# -- abbreviations that end no sentence ------------------------------------------------------------

_ZONE_SHAPE = re.compile(r"[A-Z]{2,4}T")


@dataclass(frozen=True)
class Abbreviations:
    """Words with a final period that do not end a sentence before certain words, from the shared
    lists: a month abbreviation before a day ("Sept. 21"), an abbreviated title before a name
    ("Gen. Burhan"), a clock mark before a time zone ("10 a.m. GMT").

    Attributes:
        months: month abbreviations with their period, lower case ("sept.", "jan.").
        titles: titles written with a period (titles.tsv: "gen.", "dr.").
        clock_marks: "a.m.", "p.m." (calendar.yaml); time_zones: zone words as written.
    """

    months: frozenset
    titles: frozenset
    clock_marks: frozenset
    time_zones: frozenset

    def continues(self, word: str, following: str) -> bool:
        """True when ``word`` (ending in a period) does not end a sentence before ``following``."""
        low = word.lower()
        if not low.endswith(".") or not following:
            return False
        if low in self.months:
            return following[:1].isdigit()
        if low in self.titles:
            return following[:1].isupper()
        if low in self.clock_marks:
            return following in self.time_zones or bool(_ZONE_SHAPE.fullmatch(following))
        return False


def abbreviations(kb) -> Abbreviations:
    """The :class:`Abbreviations` of ``kb`` (calendar.yaml and titles.tsv; cached on it)."""
    def build() -> Abbreviations:
        cal = calendar(kb)
        return Abbreviations(frozenset(m + "." for m in cal.month_abbreviations), titles(kb).abbreviations,
                             frozenset(cal.clock_marks), frozenset(cal.time_zones))
    return kb.cached("words:abbreviations", build)


# -- titles.tsv ------------------------------------------------------------------------------------

TITLES = "titles.tsv"


@dataclass(frozen=True)
class Titles:
    """Title words (``titles.tsv``).

    Attributes:
        sector: lower-case title word → PLOVER sector hint, or None ("former", "deputy").
        courtesy: courtesy titles ("mr.", "dr."): a name after one is a person's.
        abbreviations: titles written with a final period ("gen.", "sen."), lower case.
        posts: titles of kind office or rank ("minister", "envoy", "general"): a post one person holds.
    """

    sector: dict
    courtesy: frozenset
    abbreviations: frozenset
    posts: frozenset = frozenset()

    def __contains__(self, word: str) -> bool:
        return word in self.sector


def titles(kb) -> Titles:
    """The :class:`Titles` of ``kb`` (cached on it); a later row replaces an earlier one."""
    def build() -> Titles:
        sector: dict[str, str | None] = {}
        kind: dict[str, str] = {}
        for row in kb.tsv(TITLES):
            word = row.get("word", "").lower()
            if word:
                sector[word] = row.get("sector") or None
                kind[word] = row.get("kind", "")
        return Titles(sector, frozenset(w for w, k in kind.items() if k == "courtesy"),
                      frozenset(w for w in sector if w.endswith(".")),
                      frozenset(w for w, k in kind.items() if k in ("office", "rank")))
    return kb.cached("words:titles", build)


# -- actors.yaml -----------------------------------------------------------------------------------

ACTORS = "actors.yaml"


@dataclass(frozen=True)
class ActorWords:
    """The lists of ``actors.yaml`` (see that file for each); sets of lower-case words.

    ``igo_names`` keeps its case (canonical names); ``descriptions`` maps a description to the
    office words its antecedent must hold; ``group_heads`` is syntax.yaml's (the one list of
    group nouns).
    """

    name_particles: frozenset
    place_preps: frozenset
    target_preps: frozenset
    target_nouns: frozenset
    mission_nouns: frozenset
    focus_nouns: frozenset
    military_focus_nouns: frozenset
    focus_modifiers: frozenset
    foreign_modifiers: frozenset
    credit_words: tuple
    court_words: tuple
    rebel_words: tuple
    body_nouns: frozenset
    defence_words: frozenset
    state_sectors: frozenset
    apposition_heads: frozenset
    owned_facilities: frozenset
    stance_prefixes: frozenset
    language_cues: frozenset
    descent_words: frozenset
    led_words: frozenset
    group_heads: frozenset
    ambiguous_aliases: frozenset
    case_sensitive_aliases: frozenset
    igo_names: tuple
    descriptions: dict
    collective_nouns: frozenset
    bloc_nouns: frozenset
    force_nouns: frozenset
    state_nouns: frozenset
    relation_nouns: frozenset
    institution_nouns: frozenset
    non_collective_sectors: frozenset
    expletive_verbs: frozenset
    group_nouns: tuple
    plural_nouns: tuple


def actor_words(kb) -> ActorWords:
    """The :class:`ActorWords` of ``kb`` (cached on it).

    Raises:
        ConfigError: actors.yaml is missing or a list is malformed.
    """
    return kb.cached("words:actors", lambda: _actor_words(kb.yaml(ACTORS), kb.yaml("syntax.yaml"),
                                                         kb.yaml("cues.yaml")))


def _actor_words(data, syntax, cues) -> ActorWords:
    if not isinstance(data, dict):
        raise ConfigError(f"knowledge file {ACTORS}: missing or not a mapping")
    w = functools.partial(_words, data, name=ACTORS)
    coref = _mapping(data, "coreference", ACTORS)
    c = functools.partial(_words, coref, name=ACTORS + " coreference")
    descriptions = {" ".join(str(k).lower().split()): tuple(str(x).lower() for x in (v or []))
                    for k, v in _mapping(coref, "descriptions", ACTORS).items()}
    stance = frozenset(p for x in w("stance_prefixes") for p in (x, x + "-"))
    return ActorWords(
        name_particles=frozenset(w("name_particles")), place_preps=frozenset(w("place_preps")),
        target_preps=frozenset(w("target_preps")), target_nouns=frozenset(w("target_nouns")),
        mission_nouns=frozenset(w("mission_nouns")),
        focus_nouns=frozenset(w("focus_nouns")), military_focus_nouns=frozenset(w("military_focus_nouns")),
        focus_modifiers=frozenset(w("focus_modifiers")), foreign_modifiers=frozenset(w("foreign_modifiers") + _words(cues, "foreign_words", "cues.yaml")),
        credit_words=w("credit_words"), court_words=w("court_words"), rebel_words=w("rebel_words"),
        body_nouns=frozenset(w("body_nouns")), defence_words=frozenset(w("defence_words")),
        state_sectors=frozenset(x.upper() for x in w("state_sectors")),
        apposition_heads=frozenset(w("apposition_heads")), stance_prefixes=stance,
        owned_facilities=frozenset(w("owned_facilities")),
        language_cues=frozenset(w("language_cues")), descent_words=frozenset(w("descent_words")),
        led_words=frozenset(w("led_words")),
        group_heads=frozenset(_words(syntax, "group_heads", "syntax.yaml")),
        ambiguous_aliases=frozenset(w("ambiguous_aliases")),
        case_sensitive_aliases=frozenset(w("case_sensitive_aliases")),
        igo_names=tuple(str(n) for n in data.get("igo_names") or []),
        descriptions=descriptions, collective_nouns=frozenset(c("collective_nouns")),
        bloc_nouns=frozenset(c("bloc_nouns")), force_nouns=frozenset(c("force_nouns")),
        state_nouns=frozenset(c("state_nouns")), relation_nouns=frozenset(c("relation_nouns")),
        non_collective_sectors=frozenset(s.upper() for s in c("non_collective_sectors")),
        expletive_verbs=frozenset(c("expletive_verbs")), group_nouns=c("group_nouns"),
        institution_nouns=frozenset(c("institution_nouns")),
        plural_nouns=c("plural_nouns"))


# -- places.yaml -----------------------------------------------------------------------------------

PLACES = "places.yaml"


@dataclass(frozen=True)
class PlaceWords:
    """The lists of ``places.yaml``; ``actor_heads`` holds its words plus every agent noun of
    ``agents.tsv`` (singular and plural); ``courtesy`` the courtesy titles of ``titles.tsv``."""

    name_lowercase: frozenset
    location_preps: frozenset
    other_event_preps: frozenset
    party_preps: frozenset
    actor_heads: frozenset
    anaphors: dict
    courtesy: frozenset
    place_nouns: dict
    subdivision_suffixes: frozenset = frozenset()
    subdivision_skip: frozenset = frozenset()
    topic_preps: frozenset = frozenset()
    named_documents: frozenset = frozenset()
    #: agents.tsv nouns (singular and plural) of actors.yaml ``state_sectors``: a country after
    #: "of" on one is the state they serve, no place ("the foreign ministers of Chile")
    state_heads: frozenset = frozenset()

    def country_nouns(self) -> frozenset:
        """Anaphors that stand for a country ("the country", "the nation")."""
        return frozenset(n for n, f in self.anaphors.items() if f == "PCLI")


def place_words(kb) -> PlaceWords:
    """The :class:`PlaceWords` of ``kb`` (cached on it).

    Raises:
        ConfigError: places.yaml is missing or a list is malformed.
    """
    return kb.cached("words:places", lambda: _place_words(kb))


def _place_words(kb) -> PlaceWords:
    data = kb.yaml(PLACES)
    if not isinstance(data, dict):
        raise ConfigError(f"knowledge file {PLACES}: missing or not a mapping")
    w = functools.partial(_words, data, name=PLACES)
    agents = {form.lower() for r in kb.tsv("agents.tsv") for form in (r.get("noun", ""), r.get("plural", "")) if form}
    sectors = {str(x).upper() for x in _words(kb.yaml(ACTORS) or {}, "state_sectors", ACTORS)}
    state_heads = {form.lower() for r in kb.tsv("agents.tsv") if r.get("sector") in sectors
                   for form in (r.get("noun", ""), r.get("plural", "")) if form}
    anaphors = {str(k).lower(): str(v) for k, v in _mapping(data, "anaphors", PLACES).items()}
    return PlaceWords(
        name_lowercase=frozenset(w("name_lowercase")), location_preps=frozenset(w("location_preps")),
        other_event_preps=frozenset(w("other_event_preps")), party_preps=frozenset(w("party_preps")),
        actor_heads=frozenset(agents | set(w("actor_heads"))), anaphors=anaphors,
        place_nouns={str(k).lower(): str(v) for k, v in _mapping(data, "place_nouns", PLACES).items()},
        courtesy=titles(kb).courtesy, subdivision_suffixes=frozenset(w("subdivision_suffixes")),
        subdivision_skip=frozenset(w("subdivision_skip")), topic_preps=frozenset(w("topic_preps")),
        named_documents=frozenset(w("named_documents")), state_heads=frozenset(state_heads))
