"""Small rules of :class:`~eventwire.extract.actors.ActorStage`: focus country, credits, surname
and apposition look-ups.

Their word lists (titles, focus nouns, credit words, ...) are knowledge: ``knowledge/titles.tsv``
and ``knowledge/actors.yaml``, reached through the :class:`~.actors_kb.ActorKnowledge` (``ak.titles``,
``ak.words``). Sources: PLOVER 2.0 sectors (the PLOVER manual, openeventdata/PLOVER PLOVER_MANUAL.tex).
"""

from __future__ import annotations

from collections import Counter

from ..model import Article, Entity
from .frames import lower_forms

#: Armed-force nouns (actors.yaml ``military_focus_nouns``) take the focus country only when it
#: has this share of the state mentions: in a war between two named states they could be either side.
MIL_FOCUS_SHARE = 0.8
PRIORITY = {"PERSON": 3, "ORG": 2, "COUNTRY": 2, "AGENT": 1}


def conj_agent(tok, doc, by_tok, ak):
    """Sector of the agent noun a demonym modifies, directly or through a conjunction
    ("Hungarian and Romanian officials": "Hungarian" → GOV), else None."""
    cur = tok
    for _ in range(4):
        if cur.dep_ == "conj":
            cur = cur.head
            continue
        break
    head = cur.head if cur.dep_ in ("amod", "compound", "nmod") else None
    if head is None:
        return None
    hit = by_tok.get(head.i)
    if hit and hit[2] == "AGENT":
        return ak.agents.get(doc[hit[0]:hit[1]].text.lower())
    return None


def first_name_variant(span, ak):
    """A curated person whose surname ends ``span`` and whose first name starts like the span's
    ("Anthony Blinken" → Antony Blinken), else None."""
    if len(span) < 2:
        return None
    first = span[0].lower_[:3]
    for people in (ak.surnames.get(span[-1].lower_, []), ak.lastnames.get(span[-1].lower_, [])):
        fits = [p for p in people if p.name.lower().startswith(first)]
        if len(fits) == 1:
            return fits[0]
    return None


def apposition(doc, e, by_tok, ak, sector):
    """Country/affiliation from an apposition after a name ("Kuleba, the Ukrainian foreign
    minister", "Amara Diallo, U.N. humanitarian envoy"): (country, affiliation, sector)."""
    if e >= len(doc) or doc[e].text != ",":
        return None, None, sector
    country = affil = None
    titled = False
    for k in range(e + 1, min(len(doc), e + 10)):
        t = doc[k]
        if t.text in (",", ".", ";", ":") or t.pos_ in ("VERB", "AUX"):
            break
        titled = titled or t.lower_ in ak.titles or t.lower_ in ak.agents or t.lower_ in ak.words.apposition_heads
        hit = by_tok.get(k)
        if hit and hit[0] == k and hit[2] == "COUNTRY" and country is None:
            term = ak.countries.get(doc[hit[0]:hit[1]].text.lower())
            if term and term.kind in ("name", "demonym"):
                country = term.iso3
        elif hit and hit[0] == k and hit[2] == "ORG" and affil is None:
            org = ak.orgs.get(doc[hit[0]:hit[1]].text.lower())
            if org and org.sector in ("IGO", "NGO"):
                affil, sector = org.name, org.sector
            elif org and org.country:
                country = country or org.country
    if not titled:
        return None, None, sector
    if affil:
        return None, affil, sector  # an IGO official: no country ("U.N. coordinator in Sudan")
    if country:
        sector = sector or "GOV"
    return country, affil, sector


def apposition_before(doc, s, e, by_tok, ak, sector):
    """Country from a description the name is in apposition to, written before it ("a Pakistani
    embassy employee, Abid Hussain, was expelled"): the noun right before the comma is an agent
    noun or a title, the name is the parser's ``appos`` or closed by a comma, and a state name or
    demonym modifies that noun. (country, None, sector), or (None, None, sector)."""
    if s < 2 or doc[s - 1].text != ",":
        return None, None, sector
    head = doc[s - 2]
    if not (doc[s:e].root.dep_ == "appos" or (e < len(doc) and doc[e].text == ",")) or not (
            head.lower_ in ak.agents or head.lemma_.lower() in ak.agents or head.lower_ in ak.titles):
        return None, None, sector
    for k in range(head.left_edge.i, head.i):
        hit = by_tok.get(k)
        text = doc[hit[0]:hit[1]].text if hit and hit[0] == k and hit[2] == "COUNTRY" else doc[k].text
        term = ak.countries.get(text.lower())
        if term and term.kind in ("name", "demonym"):
            return term.iso3, None, sector or ak.agents.get(head.lower_) or ak.agents.get(head.lemma_.lower())
    return None, None, sector


def described_persons(doc, ak) -> list[tuple[int, int, str]]:
    """Names that an apposition describes as a person's, whatever spaCy labelled them ("Amara
    Diallo-Sesay, U.N. deputy relief coordinator in Chad" is often an ORG, a GPE or nothing, and
    the apposition is not always parsed as one).

    A capitalised name of two or more proper nouns (hyphens inside kept), right before a comma,
    followed by a noun phrase naming a post one person holds (a titles.tsv office or rank, or an
    actors.yaml ``apposition_heads`` word) before any preposition, relative word, verb or
    punctuation, gives a ``(start_token, end_token, "NE_PERSON")`` candidate. Names the knowledge
    knows (countries, organisations) are not candidates; a longer knowledge match or a spaCy
    PERSON still wins in selection.
    """
    posts = ak.titles.posts | ak.words.apposition_heads
    out = []
    for i, low in enumerate(lower_forms(doc)):
        h = i - 1
        if low != "," or h < 1 or doc[h].pos_ != "PROPN" or doc[h].ent_type_ == "PERSON":
            continue  # spaCy's own persons take the usual way
        if not _post_follows(doc, i + 1, posts):
            continue
        s = h
        while s > 0 and (doc[s - 1].pos_ == "PROPN" or doc[s - 1].text == "-" and s > 1 and doc[s - 2].pos_ == "PROPN"):
            s -= 1
        while s < h and doc[s].lower_ in ak.titles:
            s += 1  # "Captain Jane Doe": the title is absorbed later, as for spaCy's persons
        names = [t for t in doc[s:h + 1] if t.pos_ == "PROPN"]
        if len(names) < 2 or not all(t.text[:1].isupper() and t.is_alpha for t in names):
            continue
        text = doc[s:h + 1].text.lower()
        if text in ak.orgs or text in ak.countries or any(t.lower_ in ak.countries for t in names):
            continue
        out.append((s, h + 1, "NE_PERSON"))
    return out


def _post_follows(doc, k: int, posts) -> bool:
    """True when the noun phrase from token ``k`` names a post (``posts``) before any preposition,
    relative word, verb or punctuation (at most 8 tokens)."""
    for t in doc[k:k + 8]:
        if t.text.isupper() and len(t.text) > 1:
            continue  # an acronym ("WHO", "U.N."), whatever its tag
        if t.is_punct or t.pos_ in ("ADP", "VERB", "AUX", "SCONJ") or t.tag_ in ("WDT", "WP", "WP$"):
            return False
        if t.lower_ in posts and t.pos_ in ("NOUN", "PROPN"):
            return True
    return False


def holds(role, when) -> bool:
    """True when ``role`` was held on ``when`` (unknown dates count as held)."""
    if when is None:
        return True
    return (role.start is None or role.start <= when) and (role.end is None or when <= role.end)


def surname_person(span, ak, titled: bool = False):
    """The person a one-word PERSON entity names ("Putin", "President Suharto"): a curated
    surname alias naming one person, else a surname all of whose bearers in the knowledge
    belong to one country (the first of them stands for it)."""
    if len(span) != 1:
        return None
    low = span.text.lower()
    people = ak.surnames.get(low, [])
    if len(people) == 1:
        return people[0]
    if people or len(low) < 4 or not titled:
        return None
    bearers = ak.lastnames.get(low, [])
    countries = {r.country for p in bearers for r in p.roles}
    return bearers[0] if bearers and len(bearers) <= 3 and len(countries) == 1 else None


#: Penn tags a name the parser left without an entity can carry (a noun; not "May" the modal).
NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})


def unlabelled_surnames(doc, ak) -> list[tuple[int, int, str]]:
    """``(i, i + 1, "NE_PERSON")`` for each capitalised noun token outside spaCy's entities that
    is a curated surname alias of exactly one person (``ak.surnames``): the small English model
    leaves a name that opens a sentence untagged about half the time ("Guterres urged both
    parties", "Lavrov urged ..."; measured on 30 office holders, 2026-12-07)."""
    inside = {k for ent in doc.ents for k in range(ent.start, ent.end)}
    return [(t.i, t.i + 1, "NE_PERSON") for t in doc
            if t.i not in inside and t.tag_ in NOUN_TAGS and t.text[:1].isupper()
            and len(ak.surnames.get(t.lower_, ())) == 1]


def org_ok(span, ak) -> bool:
    """Keep a spaCy ORG the knowledge lacks only if it looks like a name: two or more words,
    capitalised first and last, no numbers (one-word ORGs are mostly acronyms of things: "APC")."""
    words = [t for t in span if not t.is_punct]
    if len(words) < 2 or not span.text[0].isupper() or not words[-1].text[:1].isupper():
        return False
    return span.text.lower() not in ak.agents and not any(t.like_num for t in span)


def clean_name(text: str) -> str:
    text = text.strip()
    for suf in ("'s", "’s"):
        if text.endswith(suf):
            text = text[: -len(suf)]
    return text.strip(" ,.;:\"'")


def is_credit(article: Article, ent: Entity, credit_words=()) -> bool:
    """True for a media/agency name inside a photo credit or byline ("Getty Images", "via Reuters").

    Args:
        credit_words: lower-case substrings that mark a credit near the name (actors.yaml).
    """
    if ent.sector not in ("MED", None) or ent.kind not in ("org", "person"):
        return False
    if ent.sector == "MED" and article.text[ent.start - 1:ent.start] == "(" and article.text[ent.end:ent.end + 1] == ")":
        return True  # "WASHINGTON (AP) —", "(Reuters)": the wire credit, not an actor
    lo = article.text.rfind("\n", 0, ent.start) + 1
    hi = article.text.find("\n", ent.end)
    line = article.text[lo: hi if hi >= 0 else len(article.text)].lower()
    window = article.text[max(lo, ent.start - 25): ent.end + 15].lower()
    return any(w in window for w in credit_words) or line.startswith("by ") and ent.sector == "MED"


def focus_country(found, ak) -> tuple[str | None, float]:
    """The article's focus country and its share of state mentions: the most named state with at
    least 3 mentions and 60% of them, else (None, 0.0).

    Args:
        found: [(doc, offset, [(start_token, end_token, label)])] per section Doc.
    """
    counts: Counter = Counter()
    for doc, _, spans in found:
        for s, e, lab in spans:
            if lab == "COUNTRY":
                term = ak.countries.get(doc[s:e].text.lower())
                if term:
                    counts[term.iso3] += 1
    if not counts:
        return None, 0.0
    iso, n = counts.most_common(1)[0]
    share = n / sum(counts.values())
    return (iso, share) if n >= 3 and share >= 0.6 else (None, 0.0)
