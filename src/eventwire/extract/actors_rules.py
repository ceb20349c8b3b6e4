"""Word lists and small rules of :class:`~eventwire.extract.actors.ActorStage`: titles,
locative prepositions, focus-country nouns, credits, surname and apposition look-ups.

Sources: PLOVER 2.0 sectors (docs/PLOVER.md); the word lists are the project's own, checked on
../shared/eval (never tuned to a single sentence).
"""

from __future__ import annotations

from collections import Counter

from ..model import Article, Entity

#: Title words a person mention may carry before the name (lower case); value: sector hint.
TITLES = {
    "president": "GOV", "prime": "GOV", "minister": "GOV", "foreign": None, "defence": None,
    "defense": None, "interior": None, "secretary": "GOV", "secretary-general": None,
    "general": "MIL", "gen.": "MIL", "gen": "MIL", "lt.": "MIL", "col.": "MIL", "colonel": "MIL",
    "commander": "MIL", "admiral": "MIL", "marshal": "MIL", "army": "MIL", "chief": None,
    "spokesman": "GOV", "spokeswoman": "GOV", "spokesperson": "GOV", "chancellor": "GOV",
    "king": "GOV", "queen": "GOV", "emir": "GOV", "prince": "GOV", "crown": None, "sheikh": None,
    "ambassador": "GOV", "envoy": "GOV", "leader": None, "vice": None, "deputy": None,
    "senior": None, "former": None, "acting": None, "mayor": "GOV", "governor": "GOV",
    "adviser": "GOV", "advisor": "GOV", "counterpart": "GOV", "premier": "GOV", "state": None,
    "of": None, "rebel": "REB", "opposition": "OPP", "senator": "LEG", "lawmaker": "LEG",
    "judge": "JUD", "justice": None, "director": None, "director-general": None, "head": None,
    "junta": "MIL", "top": None, "diplomat": "GOV", "negotiator": "GOV", "ousted": None,
    "new": None, "sen.": "LEG", "rep.": "LEG", "dr.": None, "mr.": None, "mrs.": None, "ms.": None,
    "archbishop": "REL", "pope": "REL", "cardinal": "REL", "high": None, "commissioner": None,
    "supreme": None, "national": None, "security": None, "officer": None,
    "staff": None, "ayatollah": "REL", "field": None, "maj.": "MIL", "major": "MIL",
    "lieutenant": "MIL", "lt": "MIL", "retired": None, "colonel-major": "MIL", "brigadier": "MIL",
    "sergeant": "MIL", "captain": "MIL", "capt.": "MIL", "first": None,
}
#: Prepositions after which a capital is a place, not an actor ("in Moscow", "to Kyiv").
LOCATIVE = {"in", "at", "from", "to", "into", "near", "across", "outside", "around", "toward",
            "towards", "through", "over", "on", "inside", "off", "via", "throughout", "within",
            "beyond", "out", "until", "since", "of", "for"}
#: Bare agent nouns that take the article's focus country (when it has one, see _focus_country):
#: a country's own bodies and people, not the words that name outsiders (peacekeepers, envoys).
FOCUS_NOUNS = {"police", "policeman", "policemen", "government", "authorities", "parliament",
               "junta", "opposition", "court", "military", "army", "judiciary", "cabinet",
               "soldiers", "troops", "protesters", "protestors", "demonstrators", "civilians",
               "residents", "villagers", "crowd", "crowds", "lawmakers", "ministry",
               "guard", "interior ministry", "security forces", "officers",
               "police officers", "riot police", "presidential guard", "national guard"}
#: Armed-force nouns: in a war between two named states they could be either side, so they take
#: the focus country only when it has :data:`MIL_FOCUS_SHARE` of the state mentions.
MIL_FOCUS_NOUNS = {"soldiers", "troops", "army", "military", "security forces", "junta", "guard",
                   "presidential guard", "national guard"}
MIL_FOCUS_SHARE = 0.8
#: Modifiers that keep a noun national ("riot police", "the new government").
FOCUS_MODIFIERS = {"riot", "new", "interim", "local", "national", "presidential", "federal",
                   "elite", "uniformed", "armed", "military", "security", "opposition", "ruling",
                   "state", "central", "transitional", "civilian", "the", "senior", "top", "police"}
#: Words before a noun that make it foreign ("foreign soldiers", "international observers").
FOREIGN = {"foreign", "international", "western", "un", "u.n.", "nato", "allied", "peacekeeping"}
#: Words that mark a photo credit or byline around a media name.
CREDIT_WORDS = ("photo", "image", "credit", "via ", "getty", "|", "/ap", "/reuters", "/afp")
#: Lower-case words inside personal names ("Abdel Fattah al-Burhan", "Ursula von der Leyen").
NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "da", "dos", "du", "van", "von", "der",
                  "den", "la", "le", "di", "del", "-", "al-", "el-", "ben", "y"}
MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
#: Words that make an unknown "... Court" a court of law.
COURT_WORDS = ("supreme", "constitutional", "high", "criminal", "justice", "appeal", "district",
               "federal", "military", "tribunal", "international")
#: Words that make an unknown "... Army" an armed group, not a state army.
REBEL_WORDS = ("liberation", "resistance", "rebel", "revolutionary", "alliance", "insurgent",
               "islamic", "front", "mujahideen", "brigade", "militia")
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
        titled = titled or t.lower_ in TITLES or t.lower_ in ak.agents or t.lower_ in ("coordinator", "official")
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


def is_credit(article: Article, ent: Entity) -> bool:
    """True for a media/agency name inside a photo credit or byline ("Getty Images", "via Reuters")."""
    if ent.sector not in ("MED", None) or ent.kind not in ("org", "person"):
        return False
    if ent.sector == "MED" and article.text[ent.start - 1:ent.start] == "(" and article.text[ent.end:ent.end + 1] == ")":
        return True  # "WASHINGTON (AP) —", "(Reuters)": the wire credit, not an actor
    lo = article.text.rfind("\n", 0, ent.start) + 1
    hi = article.text.find("\n", ent.end)
    line = article.text[lo: hi if hi >= 0 else len(article.text)].lower()
    window = article.text[max(lo, ent.start - 25): ent.end + 15].lower()
    return any(w in window for w in CREDIT_WORDS) or line.startswith("by ") and ent.sector == "MED"


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
