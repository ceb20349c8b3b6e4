"""Reference resolution for actor mentions: surnames after a full name, pronouns, and definite
descriptions ("the minister", "the government" after "Ethiopia's government") resolved to the
nearest fitting earlier entity.

A resolved mention is an :class:`~eventwire.model.Entity` with its own text and offsets and the
antecedent's name, country, sector, affiliation and wikidata; kind "pronoun" (surnames stay
kind "person"). Unresolvable mentions are left out: no guess.

Descriptions, collective nouns, expletive verbs and group nouns are the ``coreference`` lists of
``knowledge/actors.yaml`` (``ak.words``); pronouns are closed-class grammar and stay here.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import replace

from ..model import Article, Entity
from ..knowledge.words import knowledge_of

log = logging.getLogger(__name__)

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers"}
GROUP_PRONOUNS = {"they", "them", "their", "theirs"}
THING_PRONOUNS = {"it", "its"}
#: How far back (characters) an antecedent may be.
WINDOW = 900
#: How far back (characters) a subject antecedent is preferred to a nearer non-subject.
SUBJECT_WINDOW = 400


def _copy(ante: Entity, start: int, end: int, text: str, head: int, kind: str) -> Entity:
    return replace(ante, text=text, start=start, end=end, head=head, kind=kind,
                   country_source="reference" if ante.country else None)


def resolve_references(article: Article, entities: list[Entity], ak) -> list[Entity]:
    """Add resolved surnames, pronouns and definite descriptions to ``entities``.

    Args:
        article: the article (sentences parsed).
        entities: entities found so far, sorted by start.
        ak: :class:`~eventwire.extract.actors_kb.ActorKnowledge`.

    Returns:
        the full entity list, sorted by start, non-overlapping.
    """
    words = ak.words
    people: dict[str, Entity] = {}
    for e in entities:
        if e.kind == "person" and e.name and " " in e.name and (e.country or e.sector):
            last = e.name.split()[-1].lower()
            keys = {last, last.split("-", 1)[1] if last.startswith(("al-", "el-")) else last}
            for k in keys | ak.short_names.get(e.name, set()):
                people.setdefault(k, e)
    # surname-only mentions: upgrade bare one-word persons, add PROPN tokens that name a known person
    unknown_last: dict[str, Entity] = {}
    out: list[Entity] = []
    for e in entities:
        if e.kind == "person" and e.name and " " in e.name:
            unknown_last.setdefault(e.name.split()[-1].lower(), e)
        if e.kind == "person" and e.name and " " not in e.name and not (e.country or e.sector or e.affiliation):
            full = people.get(e.name.lower()) or unknown_last.get(e.name.lower())
            if full is None:
                continue  # a lone capitalised word spaCy called a person ("Rafah", "Tigray"): drop
            e = _copy(full, e.start, e.end, e.text, e.head, "person")
        if e.kind == "org" and e.name and not (e.country or e.sector or e.affiliation) \
                and e.name.lower() in people and e.name.lower() not in ak.orgs:
            # a surname spaCy took for an organisation ("said Diallo-Sesay" after "Amara Diallo-Sesay")
            e = _copy(people[e.name.lower()], e.start, e.end, e.text, e.head, "person")
        if e.kind == "person" and e.name and " " not in e.name and not e.country:
            full = people.get(e.name.lower())
            if full is not None and (not e.sector or e.sector == full.sector or e.sector == "GOV"):
                e = _copy(full, e.start, e.end, e.text, e.head, "person")
        if e.kind == "agent" and not e.country and e.text.lower() in words.descriptions:
            e = _description(e, out, words.descriptions[e.text.lower()]) or e
        if e.kind == "agent" and not e.country and e.sector:
            e = _same_head(e, out) or e
        if e.kind == "agent" and not e.country and e.text.lower() in words.force_nouns:
            e = _serving(e, entities) or e
        out.append(e)
    starts = [e.start for e in out]
    covered = _Coverage(out)
    deps: dict[int, str] = {}  # (a subject's apposition is the subject)
    tok_at: dict = {}  # head offset -> (its Doc's offset, token)
    appos: dict[int, int] = {}
    tokens = []  # (sentence, token, part of speech) of the words that may refer: names, nouns, pronouns
    for sent in article.sentences:
        for t in sent.span:
            dep = t.dep_
            if dep == "appos":
                appos[sent.offset + t.idx] = sent.offset + t.head.idx
                if t.head.dep_ in ("nsubj", "nsubjpass"):
                    dep = "nsubj"
            deps[sent.offset + t.idx] = dep
            tok_at[sent.offset + t.idx] = (sent.offset, t)
            pos = t.pos_
            if pos in ("PROPN", "NOUN", "PRON") or t.tag_ in ("PRP", "PRP$"):
                tokens.append((sent, t, pos))
    # "the kingdom", "the island nation", "the former Soviet republic": the state named before
    for k, e in enumerate(out):
        if e.kind == "agent" and not e.country and e.text.lower().split()[-1] in words.state_nouns \
                and article.text[max(0, e.start - 4):e.start].lower() == "the ":
            at = tok_at.get(e.head)
            ante = _state_antecedent(out, starts, e.start, deps, _clause_subjects(*at) if at is not None else set())
            if ante is not None:
                out[k] = _copy(ante, e.start, e.end, e.text, e.head, "pronoun")
    # a surname the parser left untagged names the person the article named in full, known or not
    # ("Alejandro Quispe ... Quispe urged Peruvians"): the last word of exactly one such person
    named: dict[str, Entity] = {}
    for k, group in _by_last(e for e in out if e.kind == "person" and e.name and " " in e.name).items():
        if len({e.name for e in group}) == 1 and k not in words.name_particles:
            named[k] = group[0]
    added: list[Entity] = []
    drop: set[int] = set()
    hostile = _hostile_verbs(knowledge_of(article))
    for sent, tok, pos in tokens:
        start = sent.offset + tok.idx
        sent_start = sent.start
        if covered.hit(start):
            continue
        low = tok.lower_
        full = people.get(low) or named.get(low) if pos == "PROPN" else None
        if full is not None and tok.ent_type_ not in ("GPE", "LOC", "NORP"):
            added.append(_copy(full, start, start + len(tok.text), tok.text, start, "person"))
            continue
        if pos == "PROPN" and tok.i + 2 < len(tok.doc) and tok.nbor(1).text == "-" \
                and not tok.whitespace_ and not tok.nbor(1).whitespace_:
            # a hyphenated surname is three tokens ("Ndiaye-Kamara added")
            last = tok.doc[tok.i:tok.i + 3]
            if last.text.lower() in people and not any(covered.hit(sent.offset + t.idx) for t in last):
                end = sent.offset + last.end_char
                added.append(_copy(people[last.text.lower()], start, end, last.text, start, "person"))
                continue
        if pos == "NOUN" and low in words.state_nouns and tok.dep_ not in ("compound", "amod") and any(
                c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            ante = _state_antecedent(out, starts, start, deps, _clause_subjects(sent.offset, tok))
            if ante is not None:
                added.append(_copy(ante, start, start + len(tok.text), tok.text, start, "pronoun"))
                mods = {sent.offset + c.idx for c in tok.children if c.dep_ in ("amod", "compound")}
                drop |= {id(e) for e in out if e.head in mods and e.kind == "state"}  # "Soviet"
            continue
        if pos in ("NOUN", "PROPN") and low in words.bloc_nouns and _definite_bare(tok):
            ante = _igo_antecedent(out, starts, start)
            if ante is not None:
                added.append(_copy(ante, start, start + len(tok.text), tok.text, start, "pronoun"))
            continue
        if pos == "NOUN" and low in words.collective_nouns and _definite_bare(tok):
            ante = _collective_antecedent(out, starts, start, words)
            if ante is not None:
                added.append(_copy(ante, start, start + len(tok.text), tok.text, start, "pronoun"))
            continue
        if pos != "PRON" and tok.tag_ not in ("PRP", "PRP$"):
            continue
        if low == "it" and (tok.dep_ not in ("nsubj", "nsubjpass") or _expletive(tok, words.expletive_verbs)):
            continue
        if low not in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS:
            continue
        if tok.tag_ == "PRP$" and tok.dep_ == "poss" and tok.head.lemma_.lower() in words.relation_nouns:
            other = _related(out, starts, start, low, deps, sent_start, words)
            if other is not None:  # "Its neighbour": the other state, over the whole phrase
                end = sent.offset + tok.head.idx + len(tok.head.text)
                added.append(_copy(other, start, end, article.text[start:end], start, "pronoun"))
            continue
        bound = _bound(sent, tok)
        if bound is None and tok.tag_ == "PRP$":
            bound = _target_owner_bound(sent, tok, hostile)
        ante = _antecedent(out, starts, start, low, deps, sent_start, words, bound, appos)
        if ante is not None:
            added.append(_copy(ante, start, start + len(tok.text), tok.text, start, "pronoun"))
    if added:
        out = sorted([e for e in out if id(e) not in drop] + added, key=lambda e: e.start)
    return out


def _description(e: Entity, before: list[Entity], words: tuple) -> Entity | None:
    """"the minister" → the last person whose office holds one of ``words`` (within :data:`WINDOW`)."""
    for cand in reversed(before):
        if e.start - cand.end > WINDOW * 3:
            break
        if cand.kind not in ("person", "pronoun") or not cand.name or cand.sector not in ("GOV", "IGO", "MIL", None):
            continue
        office = getattr(cand, "_office", None)
        if office is None and cand.kind == "person":
            # offices live in the knowledge roles; the title words in the mention are a stand-in
            office = cand.text.lower()
        if office and any(w in office for w in words):
            return _copy(cand, e.start, e.end, e.text, e.head, "pronoun")
    return None


def _same_head(e: Entity, before: list[Entity]) -> Entity | None:
    """"the government" after "Ethiopia's government": a bare agent noun takes the country of the
    nearest earlier agent mention with the same last word and sector that has one (within
    :data:`WINDOW` characters), keeping its own text; the mention refers back to that body."""
    words = e.text.lower().split()
    if not words or (len(words) > 1 and words[0] != "the"):
        return None
    head = words[-1]
    for cand in reversed(before):
        if e.start - cand.end > WINDOW:
            break
        if cand.kind == "agent" and cand.country and cand.sector == e.sector and \
                cand.text.lower().split()[-1:] == [head] and cand.text.lower() != e.text.lower():
            return replace(e, country=cand.country, country_source="reference")
    return None


def _by_last(persons) -> dict[str, list[Entity]]:
    """Persons grouped by the lower-cased last word of their name, and of three-word names also by
    the word before it (Spanish and Portuguese names put the surname in use first: "Alejandro
    Quispe Ramos" is "Quispe")."""
    out: dict[str, list[Entity]] = {}
    for e in persons:
        words = e.name.split()
        keys = {words[-1].lower()} | ({words[-2].lower()} if len(words) >= 3 and words[-2][:1].isupper() else set())
        for k in keys:
            out.setdefault(k, []).append(e)
    return out


def same_name_countries(entities: list[Entity]) -> list[Entity]:
    """Give every mention of an organisation the knowledge files do not place the country another
    mention of the same name has in its own words or phrase ("a crackdown on the MDC Alliance"
    ... "the MDC Alliance, a Zimbabwean party"), and its sector when it has none: copies with
    ``country_source`` "reference".
    A name given two countries in the article is left alone.

    Args:
        entities: the article's entities, sorted by start.

    Returns:
        the list, same order and length.
    """
    found: dict[str, set[str]] = {}
    sectors: dict[str, str] = {}
    for e in entities:
        if e.kind == "org" and e.name and e.country and e.country_source in (None, "mention", "phrase"):
            found.setdefault(e.name, set()).add(e.country)
            if e.sector:
                sectors.setdefault(e.name, e.sector)
    if not found:
        return entities
    out = []
    for e in entities:
        got = found.get(e.name) if e.kind == "org" and e.name and not e.country else None
        if got and len(got) == 1:
            e = replace(e, country=next(iter(got)), country_source="reference",
                        sector=e.sector or sectors.get(e.name))
        out.append(e)
    return out


def _serving(e: Entity, entities: list[Entity]) -> Entity | None:
    """A copy of the force noun ``e`` ("peacekeepers") with sector IGO and, as its affiliation,
    the international organisation (or the one it belongs to: MONUSCO → United Nations) that the
    article names nearest before it, else first after it; None when it names none. ``entities``
    sorted by start."""
    before = [c for c in entities if c.end <= e.start and c.kind == "org" and c.sector == "IGO"
              and not c.country and c.name]
    after = [c for c in entities if c.start >= e.end and c.kind == "org" and c.sector == "IGO"
             and not c.country and c.name]
    igo = before[-1] if before else after[0] if after else None
    if igo is None:
        return None
    return replace(e, sector="IGO", affiliation=igo.affiliation or igo.name)


def _definite_bare(tok) -> bool:
    """ "the group", "this movement": a definite determiner and no modifier that names it anew
    ("the rebel group", "the group of ...")."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children) and not any(
        c.dep_ in ("amod", "compound", "prep", "nmod", "poss", "appos") for c in tok.children)


def _collective_antecedent(ents: list[Entity], starts: list[int], pos: int, words) -> Entity | None:
    """The nearest earlier organisation or body of people ("A band of gunmen in Chad ...
    Before that, the band had sealed the ministry" → the gunmen), within :data:`WINDOW`."""
    i = bisect.bisect_left(starts, pos) - 1
    while i >= 0:
        c = ents[i]
        i -= 1
        if pos - c.end > WINDOW:
            return None
        if c.kind not in ("org", "agent") or c.sector in words.non_collective_sectors or not (c.country or c.name):
            continue
        if c.kind == "agent" and not _group_noun(c, words):
            continue
        return c
    return None


def _igo_antecedent(ents: list[Entity], starts: list[int], pos: int) -> Entity | None:
    """The nearest earlier international organisation ("The European Union's spokesperson said
    the bloc ..." → the EU), within :data:`WINDOW` characters."""
    i = bisect.bisect_left(starts, pos) - 1
    while i >= 0 and pos - ents[i].end <= WINDOW:
        c = ents[i]
        i -= 1
        if c.kind in ("org", "pronoun") and c.sector == "IGO" and not c.country:
            return c
    return None


def _institution(c: Entity, words) -> bool:
    """An agent mention that names a body, not a person ("the government", "the ministry")."""
    head = c.text.lower().split()[-1] if c.text else ""
    return head in words.collective_nouns or head in words.institution_nouns


def _group_noun(c: Entity, words) -> bool:
    """An agent mention that names a group: a plural in -s or a ``group_nouns`` word ("police")."""
    return c.text.lower().endswith(("s", *words.group_nouns))


def _expletive(tok, verbs: frozenset) -> bool:
    """True for a subject "it" of a copula or light verb ("it seems", "it takes time", "it is
    clear that ..."). Deliberately broad: "it is open to talks" (a state) is skipped too, which
    loses a few correct antecedents but never invents one."""
    head = tok.head
    if head.lemma_ == "be" and not any(c.dep_ == "ccomp" for c in head.children):
        for c in head.children:  # "it is open to talking", "it was ready to honour": a stance
            if c.dep_ == "acomp" and any(g.dep_ in ("xcomp", "prep") for g in c.children):
                return False
    return head.lemma_ in verbs


def _fits(c: Entity, pron: str, words) -> bool | None:
    """Whether entity ``c`` can be the antecedent of ``pron``; None: it blocks the search (the
    nearest candidate is an unnamed group or an unknown person, so any farther one is a guess)."""
    if pron in GROUP_PRONOUNS and c.kind == "agent" and not c.country and \
            c.text.lower().endswith(("s", *words.plural_nouns)):
        return None  # "Civilians ... their"
    if pron in PERSON_PRONOUNS and c.kind == "person" and not (c.country or c.sector or c.affiliation):
        return None
    if c.sector == "MED" and pron not in PERSON_PRONOUNS:
        return False  # "according to Reuters ... they": the outlet is not the group meant
    if not (c.name or c.country):
        return False
    if pron in PERSON_PRONOUNS:  # a person, or one official named by office ("a senior official ... he")
        return c.kind == "person" or (c.kind == "agent" and c.sector not in (None, "MED", "IGO", "NGO")
                                      and not _group_noun(c, words) and not _institution(c, words))
    if pron in GROUP_PRONOUNS:
        return c.kind in ("state", "org", "metonym", "agent") and \
            (c.kind != "agent" or _group_noun(c, words)) and \
            not (c.kind == "state" and c.sector is None and _is_adjective(c))
    if c.kind == "agent":  # "Iraq's foreign ministry condemned the bombing of its territory"
        return c.country is not None and _institution(c, words) and not c.text.lower().endswith("police")
    return c.kind in ("state", "org", "metonym") and not (c.kind == "state" and _is_adjective(c))


#: Object pronouns: never the subject of their own verb (binding: "X urged him" is not X).
OBJECT_PRONOUNS = {"him", "her", "them"}


def _bound(sent, tok) -> int | None:
    """The head offset (characters) of the subject an object pronoun cannot refer to: the
    subject of the verb it is the object of, following coordination ("the emir called the
    king and urged him to ...": him is not the emir). None for other pronouns."""
    if tok.lower_ not in OBJECT_PRONOUNS:
        return None
    verb = tok.head
    if tok.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    if tok.dep_ not in ("dobj", "dative", "pobj") or verb.pos_ not in ("VERB", "AUX"):
        return None
    cur = verb
    for _ in range(4):
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return sent.offset + subj.idx
        if cur.dep_ != "conj" or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _hostile_verbs(kb) -> frozenset:
    """Lemmas of the ASSAULT and COERCE trigger verbs of ``kb`` (built once per knowledge)."""
    from .lexicon import load_lexicon  # (imported late: the lexicon module reads the trigger words)

    return kb.cached("verbs:hostile", lambda: frozenset(
        k for k, e in load_lexicon(kb).verbs.items() if e.event_type in ("ASSAULT", "COERCE")))


def _target_owner_bound(sent, tok, hostile: frozenset) -> int | None:
    """The head offset (characters) of the subject a possessive pronoun in the object of a hostile
    verb cannot refer to: no one attacks their own positions ("Armenian troops shelled their
    positions": their is not the Armenian troops). ``hostile``: lemmas of ASSAULT and COERCE
    trigger verbs. None otherwise."""
    noun = tok.head
    if tok.dep_ != "poss" or noun.dep_ not in ("dobj", "pobj"):
        return None
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in ("on", "at", "upon"):
        verb = verb.head  # "fired on their positions"
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in hostile:
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return sent.offset + subj.idx if subj is not None else None


def _antecedent(ents: list[Entity], starts: list[int], pos: int, pron: str,
                deps: dict[int, str], sent_start: int = 0, words=None, bound: int | None = None,
                appos: dict[int, int] | None = None) -> Entity | None:
    """The nearest fitting entity before ``pos``, except that a fitting grammatical subject
    within :data:`SUBJECT_WINDOW` characters is preferred to a nearer non-subject ("Peru has
    hinted that it could accept Chile's offer. It has also said ..." → Peru). A fitting
    entity in the pronoun's own sentence (from ``sent_start``, characters) is not passed over for
    a subject of an earlier sentence ("Chileans resisted ... The cabinet struck 9 further Bolivians
    with sanctions over their links" → the Bolivians), as in Hobbs' search, which reads the current
    sentence first. ``bound``: the head offset of the one entity the pronoun cannot be (its
    verb's subject, for an object pronoun, and that subject's apposition; ``appos``: head offset
    of an apposition → head offset of the noun it describes)."""
    def fits(c: Entity) -> bool | None:
        if bound is not None and (c.head == bound or (appos or {}).get(c.head) == bound):
            return False  # (nor the subject's apposition: "X's ruler, Emir Y, ... urged him")
        return _fits(c, pron, words)

    return _salient(ents, starts, pos, deps, fits, sent_start)


def _related(ents: list[Entity], starts: list[int], pos: int, pron: str, deps: dict[int, str],
             sent_start: int, words) -> Entity | None:
    """The state a relation noun after a possessive pronoun names ("its neighbour", actors.yaml
    coreference ``relation_nouns``): the pronoun's antecedent found as for any pronoun, then the
    nearest state before ``pos`` of another country; None when either is missing."""
    ante = _antecedent(ents, starts, pos, pron, deps, sent_start, words)
    if ante is None or not ante.country:
        return None
    i = bisect.bisect_left(starts, pos) - 1
    while i >= 0 and pos - ents[i].end <= WINDOW:
        c = ents[i]
        i -= 1
        if c.kind == "state" and c.country and c.country != ante.country:
            return c
    return None


def _salient(ents: list[Entity], starts: list[int], pos: int, deps: dict[int, str], fits,
             sent_start: int = 0) -> Entity | None:
    """The search :func:`_antecedent` and :func:`_state_antecedent` share: back from ``pos``
    (characters) within :data:`WINDOW`, the nearest entity ``fits`` accepts, except that an
    accepted grammatical subject within :data:`SUBJECT_WINDOW` is preferred to a nearer
    non-subject, and an accepted entity of the sentence starting at ``sent_start`` is not passed
    over for one of an earlier sentence. ``fits(entity)``: True, False (go on), or None (the
    search stops with nothing when no entity was accepted yet)."""
    i = bisect.bisect_left(starts, pos) - 1
    first = None
    while i >= 0:
        c = ents[i]
        i -= 1
        if pos - c.end > (WINDOW if first is None else SUBJECT_WINDOW):
            break
        if first is not None and first.start >= sent_start > c.start:
            break
        ok = fits(c)
        if ok is None and first is None:
            return None
        if not ok:
            continue
        if deps.get(c.head) in ("nsubj", "nsubjpass"):
            return c
        first = first or c
    return first


def _clause_subjects(offset: int, tok) -> set[int]:
    """Article offsets (characters; ``offset``: the Doc's) of the words of the subject phrase of the clause
    whose object ``tok`` is, climbing coordinated and adverbial clauses ("Riyadh and Cairo cut
    ties, accusing the emirate of ...": neither is the emirate); empty for a subject."""
    if tok.dep_ not in ("dobj", "dative", "pobj"):
        return set()
    cur = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
    for _ in range(4):
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return {offset + t.idx for t in subj.subtree}  # (its conjuncts and appositions too)
        if cur.dep_ not in ("conj", "advcl", "xcomp") or cur.head.i == cur.i:
            return set()
        cur = cur.head
    return set()


def _state_antecedent(ents: list[Entity], starts: list[int], pos: int, deps: dict[int, str],
                      bound: set[int] = frozenset()) -> Entity | None:
    """The state a description such as "the kingdom" refers back to: the nearest state named
    before ``pos`` (characters) within :data:`WINDOW`, or a state that was a grammatical subject
    within :data:`SUBJECT_WINDOW` in preference to a nearer one ("Morocco sent aid to Senegal.
    The kingdom also offered ..." → Morocco). A demonym ("Senegalese") is no antecedent, nor one
    whose head offset is in ``bound`` (the subjects of the description's own clause,
    :func:`_clause_subjects`)."""
    return _salient(ents, starts, pos, deps, lambda c: c.kind in ("state", "metonym") and bool(c.country)
                    and not _is_adjective(c) and c.head not in bound)


def _is_adjective(e: Entity) -> bool:
    """A demonym mention ("Russian") rather than a state name."""
    return bool(e.text) and e.name is not None and e.text.lower() != e.name.lower() and \
        e.text.lower().endswith(("an", "ese", "ish", "i", "ch"))


class _Coverage:
    def __init__(self, ents):
        self.spans = sorted((e.start, e.end) for e in ents)
        self.starts = [s for s, _ in self.spans]

    def hit(self, off: int) -> bool:
        i = bisect.bisect_right(self.starts, off) - 1
        return i >= 0 and self.spans[i][0] <= off < self.spans[i][1]
