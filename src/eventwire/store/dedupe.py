"""Canonical events across articles: near-duplicate articles and cross-article event linking.

Two questions the store asks whenever an article arrives:

1. **Is this article a copy of one already stored?** (the same AP text on ten sites, a story
   updated three times). Answered by :func:`shingles` + :func:`resemblance` over the body text,
   with :func:`minhash` / :func:`band_keys` to find candidates without comparing every pair.
   Copies form a *report chain*; a canonical event's ``source_count`` counts chains, not copies.
2. **Does this event report a real-world event already stored?** Answered by
   :func:`same_event` over :class:`LinkEvent` descriptions (type, actor and recipient codes,
   place, date, sentence). Linked events share one canonical event.

Within-article merging (the headline, the lead and a caption reporting one strike) is
``eventwire.extract.merge``'s job, before the store; this module never links two events of one article.
The rule and its measured precision/recall are documented in docs/dedupe.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import logging
import math
import re
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- near-duplicates

#: Words per shingle. 5-word shingles rarely repeat between independent stories on one topic
#: (measured on ../shared/corpus/news: the two Istanbul-talks reports, 010 and 030, have
#: Jaccard 0.007 and containment 0.015).
SHINGLE_WORDS = 5
#: Jaccard resemblance from which two bodies are one report chain. A wire copy with one of ten
#: paragraphs rewritten scores 0.77, an update adding three paragraphs to ten 0.79 (the test
#: story of tests/test_store.py); 0.5 leaves room for heavier edits.
DUP_JACCARD = 0.5
#: Containment (shared shingles / shingles of the smaller text) from which the smaller text is a
#: copy: catches copies cut short by a site (Jaccard then falls with the length ratio).
DUP_CONTAINMENT = 0.8
#: Texts with fewer shingles than this are never called duplicates (a 10-word brief shares
#: its few shingles too easily). Unit: shingles (about words).
DUP_MIN_SHINGLES = 25
#: MinHash signature length and banding (32 bands of 2 rows): two texts of Jaccard 0.5 share a
#: band with probability 1 - (1 - 0.5**2)**32 > 0.9999, at 0.2 with 0.73; candidates are then
#: checked exactly, so banding only has to avoid misses, not false alarms.
MINHASH_PERM = 64
MINHASH_BANDS = 32
_PRIME = (1 << 31) - 1
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[int]:
    """The set of k-word shingles of ``text`` (case folded, punctuation dropped), as 63-bit hashes.

    Args:
        text: body text.
        k: words per shingle.

    Returns:
        A set of integers (blake2b of the shingle, 8 bytes, top bit cleared); empty for texts
        shorter than ``k`` words.
    """
    words = _WORD.findall(text.casefold())
    out: set[int] = set()
    for i in range(len(words) - k + 1):
        h = hashlib.blake2b(" ".join(words[i:i + k]).encode("utf-8"), digest_size=8).digest()
        out.add(int.from_bytes(h, "big") >> 1)
    return out


def resemblance(a: set[int], b: set[int]) -> tuple[float, float]:
    """Jaccard resemblance and containment of two shingle sets, both in [0, 1]."""
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


def word_key(text: str) -> int | None:
    """A 63-bit key of the text's words (case folded, punctuation, spacing and line ends
    dropped): equal for copies of one short text; None when it has no words."""
    words = _WORD.findall(text.casefold())
    if not words:
        return None
    return int.from_bytes(hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest(), "big") >> 1


def is_near_duplicate(a: set[int], b: set[int]) -> bool:
    """True when two shingle sets are copies of one report (see :data:`DUP_JACCARD`)."""
    if min(len(a), len(b)) < DUP_MIN_SHINGLES:
        return False
    jac, cont = resemblance(a, b)
    return jac >= DUP_JACCARD or cont >= DUP_CONTAINMENT


def _perm_params() -> tuple[list[int], list[int]]:
    rnd = hashlib.sha256(b"eventwire-minhash").digest()
    a, b = [], []
    for i in range(MINHASH_PERM):
        h = hashlib.sha256(rnd + i.to_bytes(2, "big")).digest()
        a.append(int.from_bytes(h[:4], "big") % (_PRIME - 1) + 1)
        b.append(int.from_bytes(h[4:8], "big") % _PRIME)
    return a, b


_PERM_A, _PERM_B = _perm_params()


def minhash(sh: set[int]) -> list[int]:
    """MinHash signature of a shingle set (:data:`MINHASH_PERM` values, fixed permutations).

    The same set always gives the same signature (the permutations are derived from a constant),
    so signatures stored by one run compare with signatures of the next.
    """
    import numpy as np

    if not sh:
        return [_PRIME] * MINHASH_PERM
    x = np.fromiter((s % _PRIME for s in sh), dtype=np.uint64, count=len(sh))
    a = np.array(_PERM_A, dtype=np.uint64)[:, None]
    b = np.array(_PERM_B, dtype=np.uint64)[:, None]
    return [int(v) for v in ((a * x[None, :] + b) % _PRIME).min(axis=1)]


def band_keys(sig: list[int]) -> list[int]:
    """One 63-bit key per LSH band of a signature (texts sharing a key are candidates)."""
    rows = len(sig) // MINHASH_BANDS
    keys = []
    for band in range(MINHASH_BANDS):
        chunk = ",".join(str(v) for v in sig[band * rows:(band + 1) * rows])
        h = hashlib.blake2b(f"{band}:{chunk}".encode(), digest_size=8).digest()
        keys.append(int.from_bytes(h, "big") >> 1)
    return keys


# --------------------------------------------------------------------------- event linking

#: Types whose actor/recipient split depends on the writer ("X met Y" vs "X and Y met"):
#: compared on all participants (PLOVER manual: CONSULT "otherwise all participants are actors").
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE", "SUPPORT"})
#: Events that did not happen are never linked (PLOVER auxiliary modes).
UNREAL_AUX = frozenset({"negation", "hypothetical"})
#: Slack between two date periods, in days: reports of one event differ by a day (time zones,
#: "on Tuesday" vs the dateline day, a strike overnight).
DATE_SLACK_DAYS = 2
#: Places closer than this are the same place (a city and its suburb, a strike "near" it), km.
NEAR_KM = 50.0
#: A point within this distance of a province's or region's centre is in it (km); a whole
#: country is never evidence of the same place (two strikes "in Ukraine" on one day differ).
REGION_KM = 150.0
#: An undated, non-historical event reported in an article published on day P happened in
#: [P - REPORT_DAYS, P] (news reports recent events). Unit: days.
REPORT_DAYS = 7
#: Points farther apart than this are different places (km); between the two: no evidence.
FAR_KM = 300.0
#: Wording similarity (Jaccard of content-word stems) that counts as evidence, and the higher bar
#: used when one report has no date.
SIM_LOW = 0.15
SIM_HIGH = 0.4
#: Types with many distinct events by the same parties on one day (a war has dozens of strikes
#: a day): date and roles alone do not identify one of them; place or wording must agree too,
#: unless both reports date the event themselves and both actors and recipients overlap.
BUSY_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})
#: Sentence similarity from which events of two copies of one report (same chain) link.
SIM_COPY = 0.5
#: GeoNames feature codes that are areas (a country, region or province) rather than points.
_COARSE = ("PCL", "ADM", "RGN", "CONT", "TERR", "ZN", "AREA")
#: International organisations as in ../shared/eval/README.md rule 4 (phrase → code).
IGO_PHRASES = {
    "united nations": "UN", "security council": "UN", "secretary-general": "UN",
    "secretary general": "UN", "unhcr": "UN", "unicef": "UN", "ocha": "UN", "wfp": "UN",
    "iaea": "UN", "nato": "NATO", "european union": "EU", "european commission": "EU",
    "european council": "EU", "european parliament": "EU", "red cross": "ICRC",
    "african union": "AU", "osce": "OSCE", "ecowas": "ECOWAS", "asean": "ASEAN",
    "arab league": "ARAB_LEAGUE", "gulf cooperation council": "GCC",
}
_STOP = frozenset(
    "the a an and or of to in on at for from by with as is are was were be been has have had "
    "that this these those it its their his her they them he she we our you said says say "
    "will would could should may might also after before than then there which who whom what "
    "when where while about into over under between against during since not no but if so "
    "more most other some such only new one two three first last week day days year years "
    "monday tuesday wednesday thursday friday saturday sunday according told reported".split())


@dataclass
class LinkEvent:
    """What linking knows about one event: a self-contained description.

    Attributes:
        id: event id.
        article_id: article content hash (events of one article are never linked).
        event_type: PLOVER type; aux: PLOVER auxiliary mode or None.
        actor, recipient: entity codes: ISO 3166-1 alpha-3 or ``IGO:NAME`` (see :func:`entity_codes`).
        date: first day of the period, precision: day/week/month/year or None.
        place_name, place_country, lat, lon, feature: the event location (WGS84 degrees).
        text: the mention sentence(s), one per line.
        chain: the article's report chain id (near-duplicate cluster) or None.
        published: the article's publication date (bounds an undated event, see :data:`REPORT_DAYS`).
    """

    id: str = ""
    article_id: str = ""
    event_type: str = ""
    aux: str | None = None
    actor: frozenset[str] = field(default_factory=frozenset)
    recipient: frozenset[str] = field(default_factory=frozenset)
    date: dt.date | None = None
    precision: str | None = None
    place_name: str | None = None
    place_country: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None
    text: str = ""
    chain: str | None = None
    published: dt.date | None = None

    @classmethod
    def from_record(cls, rec: dict) -> "LinkEvent":
        """Build from a labelled-pair record (tests/fixtures/link_pairs.jsonl): codes are given."""
        place = rec.get("place") or {}
        date = rec.get("date")
        prec = rec.get("date_precision")
        if date and len(date) == 4:
            d, prec = dt.date(int(date), 1, 1), prec or "year"
        else:
            d = dt.date.fromisoformat(date) if date else None
        return cls(id=rec.get("id", ""), article_id=rec.get("article", ""),
                   event_type=rec["event_type"], aux=rec.get("aux"),
                   actor=frozenset(rec.get("actor") or ()), recipient=frozenset(rec.get("recipient") or ()),
                   date=d, precision=prec if d else None, place_name=place.get("name"),
                   place_country=place.get("country"), lat=place.get("lat"), lon=place.get("lon"),
                   feature=place.get("feature"), text=rec.get("text", ""), chain=rec.get("chain"),
                   published=dt.date.fromisoformat(rec["published"]) if rec.get("published") else None)


def entity_codes(name: str | None, text: str | None, country: str | None,
                 affiliation: str | None = None) -> set[str]:
    """Codes of one entity: its country, plus ``IGO:NAME`` when an IGO phrase occurs in its
    name, text or affiliation (../shared/eval/README.md, rule 4)."""
    codes = {country} if country else set()
    hay = " ".join(x for x in (name, text, affiliation) if x).casefold()
    for phrase, code in IGO_PHRASES.items():
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", hay):
            codes.add(f"IGO:{code}")
    return codes


def period(date: dt.date, precision: str | None) -> tuple[dt.date, dt.date]:
    """The days a dated event may fall on: [first, last] for day/week/month/year precision."""
    if precision == "week":
        return date, date + dt.timedelta(days=6)
    if precision == "month":
        return date, date.replace(day=calendar.monthrange(date.year, date.month)[1])
    if precision == "year":
        return dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
    return date, date


def event_period(e: LinkEvent) -> tuple[tuple[dt.date, dt.date] | None, bool]:
    """The days an event may fall on, and whether they come from its own date (True) or only
    from the publication date of its article (False; :data:`REPORT_DAYS`). None when unknown:
    undated background (``historical``) and announced (``future``) events have no window."""
    if e.date is not None:
        return period(e.date, e.precision), True
    if e.published is not None and e.aux not in ("historical", "future"):
        return (e.published - dt.timedelta(days=REPORT_DAYS), e.published), False
    return None, False


def date_compat(a: LinkEvent, b: LinkEvent) -> tuple[bool | None, bool]:
    """Whether the two events' periods are within :data:`DATE_SLACK_DAYS` of each other.

    Returns:
        (compatible, dated): compatible is True, False, or None when either period is unknown;
        dated is True when both periods come from the events' own dates.
    """
    pa, da = event_period(a)
    pb, db = event_period(b)
    if pa is None or pb is None:
        return None, False
    gap = max((pb[0] - pa[1]).days, (pa[0] - pb[1]).days, 0)
    return gap <= DATE_SLACK_DAYS, da and db


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a 6371 km sphere, in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _kind(e: LinkEvent) -> str:
    """"point", "region" (province, region, sea) or "country"; "none" without coordinates."""
    feat = (e.feature or "").upper()
    if feat.startswith("PCL"):
        return "country"
    if e.lat is None or e.lon is None:
        return "none"
    return "region" if feat.startswith(_COARSE) else "point"


def place_compat(a: LinkEvent, b: LinkEvent) -> bool | None:
    """Same place (True), different places (False) or no evidence (None).

    Different countries are different places. Two points within :data:`NEAR_KM` are the same
    place, beyond :data:`FAR_KM` different; a point within :data:`REGION_KM` of a region's centre
    (or two such centres) is the same place; equal names are the same place; a whole country,
    or a place without coordinates, is no evidence.
    """
    if not (a.place_name or a.place_country) or not (b.place_name or b.place_country):
        return None
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return False
    if a.place_name and b.place_name and a.place_name.casefold() == b.place_name.casefold():
        return True
    ka, kb = _kind(a), _kind(b)
    if "country" in (ka, kb) or "none" in (ka, kb):
        return None
    km = great_circle_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
    if ka == kb == "point":
        if km <= NEAR_KM:
            return True
        return False if km > FAR_KM else None
    return True if km <= REGION_KM else None


def _overlap(x: frozenset[str], y: frozenset[str]) -> bool | None:
    if not x or not y:
        return None
    return bool(x & y)


def roles_compat(a: LinkEvent, b: LinkEvent) -> bool | None:
    """Actor and recipient compatibility by code overlap.

    Directional types: actors must overlap and recipients must overlap (an empty list is no
    evidence either way); symmetric types (:data:`SYMMETRIC_TYPES`) compare all participants.
    Returns False on any conflict, True when at least one side overlaps, else None.
    """
    if a.event_type in SYMMETRIC_TYPES:
        return _overlap(a.actor | a.recipient, b.actor | b.recipient)
    checks = [_overlap(a.actor, b.actor), _overlap(a.recipient, b.recipient)]
    if False in checks:
        return False
    return True if True in checks else None


def roles_strong(a: LinkEvent, b: LinkEvent) -> bool:
    """Both actors and recipients are given on both sides and overlap."""
    return bool(a.actor & b.actor) and bool(a.recipient & b.recipient)


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _WORD.findall(text.casefold())
            if len(w) > 2 and w not in _STOP and not w.isdigit()}


def wording(a: str, b: str) -> float:
    """Similarity of two texts in [0, 1]: Jaccard of content-word stems (first 5 letters).

    Texts holding several mention sentences (one per line) score their most similar pair.
    """
    best = 0.0
    for la in a.splitlines() or [""]:
        sa = _stems(la)
        for lb in b.splitlines() or [""]:
            sb = _stems(lb)
            if sa and sb:
                best = max(best, len(sa & sb) / len(sa | sb))
    return best


@dataclass
class LinkDecision:
    """Why two events were or were not linked (for ``measure_dedupe.py`` and debugging)."""

    same: bool
    reason: str
    date: bool | None = None
    place: bool | None = None
    roles: bool | None = None
    similarity: float = 0.0


def decide(a: LinkEvent, b: LinkEvent) -> LinkDecision:
    """Apply the linking rule of docs/dedupe.md to two events (symmetric in a and b).

    Hard conditions: same type, different articles, neither negated nor hypothetical, no
    conflict of place or roles, nor of date except between copies (a copy published another day
    may date "on Tuesday" otherwise). Then: copies in one report chain link on similar wording
    (:data:`SIM_COPY`). Events whose periods agree (their own dates, or for undated recent events
    the week before publication, :func:`event_period`) link on two of {same place, overlapping
    roles, similar wording (:data:`SIM_LOW`)}, or on overlapping roles alone outside
    :data:`BUSY_TYPES`, or (busy types) when both are dated by their own text and both actors and
    recipients overlap. When a period is unknown: overlapping roles and either the same place or
    very similar wording (:data:`SIM_HIGH`); only the wording when one event is dated and the other
    comes from an article with no publication date (nothing bounds it in time).
    """
    if a.event_type != b.event_type:
        return LinkDecision(False, "type")
    if a.article_id and a.article_id == b.article_id:
        return LinkDecision(False, "same article")
    if a.aux in UNREAL_AUX or b.aux in UNREAL_AUX:
        return LinkDecision(False, "unreal aux")
    sim = wording(a.text, b.text)
    (dc, dated), pc, rc = date_compat(a, b), place_compat(a, b), roles_compat(a, b)
    d = LinkDecision(False, "", dc, pc, rc, sim)
    if a.chain and a.chain == b.chain and sim >= SIM_COPY and pc is not False and rc is not False:
        # (a copy published another day may date "on Tuesday" otherwise; its place and roles
        # must still agree, and canon.match pairs each event with its closest copy)
        d.same, d.reason = True, "copy"
    elif dc is False:
        d.reason = "date"
    elif pc is False:
        d.reason = "place"
    elif rc is False:
        d.reason = "roles"
    elif dc is None:
        # one side dated by its own text and the other with no time at all (an announced act
        # of an undated article): the same place is no evidence of the same time
        undated = a if a.date is None else b
        lopsided = (a.date is None) != (b.date is None) and undated.published is None
        d.same = rc is True and ((pc is True and not lopsided) or sim >= SIM_HIGH)
        d.reason = "undated: roles and place/wording" if d.same else "undated: weak evidence"
    else:
        votes = (pc is True) + (rc is True) + (sim >= SIM_LOW)
        kind = "dated" if dated else "report window"
        if votes >= 2:
            d.same, d.reason = True, f"{kind}: {votes} of place/roles/wording"
        elif a.event_type not in BUSY_TYPES and rc is True:
            d.same, d.reason = True, f"{kind}: roles"
        elif dated and roles_strong(a, b):
            d.same, d.reason = True, "dated: actors and recipients"
        else:
            d.reason = f"{kind}: {votes} of place/roles/wording"
    return d


def same_event(a: LinkEvent, b: LinkEvent) -> bool:
    """True when ``a`` and ``b`` report the same real-world event (see :func:`decide`)."""
    return decide(a, b).same
