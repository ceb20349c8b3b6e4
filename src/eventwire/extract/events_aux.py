"""Senses, aux (negation, hypothetical, future, historical), modes, dates and confidence of
the event stage."""

from __future__ import annotations

import datetime as dt
import re

from ..model import Article, Entity, Place, Sentence
from .events_syntax import ARMED_SECTORS
from .frames import governor as _governor, known_lemma, subject_of

# -- senses ------------------------------------------------------------------------------------

def conflict_sense(sent: Sentence, tok, ents: list[Entity], lex, domain: str | None, strict: bool = False) -> bool:
    """Does an `armed` trigger have its conflict sense here?

    Never with a cues.yaml ``idiom_objects`` noun as the verb's object ("hit a dead end"), nor with
    a subject from a non-political domain's word list (``discard_domains``, less the ``armed`` cue
    words and ``domain_subject_exceptions``: "the storm battered ..."). Else
    yes when an argument is an armed actor (MIL/REB/COP/...), or (outside a non-political domain)
    a state, government or IGO, or an armed cue word occurs in the sentence other than the trigger.
    ``strict`` (non-political articles): only armed arguments or cue words count.
    """
    if tok.pos_ in ("VERB", "AUX") and any(c.dep_ in ("dobj", "obj") and c.lemma_.lower() in lex.cue("idiom_objects")
                                          for c in tok.children):
        return False  # "talks hit a dead end", "struck a balance": a figure of speech
    subj = subject_of(tok, lex.syntax) if tok.pos_ in ("VERB", "AUX") else None
    if subj is not None and subj.lemma_.lower() in _domain_subjects(lex):
        return False  # "the storm hit the coast", "shares hit a low", "the virus killed": no attack
    if any(e.sector in ARMED_SECTORS for e in ents):
        return True
    if not strict and domain is None and any(e.kind in ("state", "metonym") or e.sector in ("GOV", "IGO", "CVL", "REF")
                                             for e in ents):
        return True
    cues = lex.cue("armed")
    return any(t.lemma_.lower() in cues for t in sent.span if t.i != tok.i)


def _commented(tok, commentators: frozenset, opinions: frozenset) -> bool:
    """Whether the clause of ``tok`` is the complement (up to three clauses up) of a verb of
    opinion whose subject is a commentator (cues.yaml ``opinion_verbs``, ``commentator_nouns``:
    "analysts expect", "critics argue")."""
    cur = tok
    for _ in range(4):
        if cur.dep_ not in ("ccomp", "xcomp", "dobj", "pobj", "prep", "conj", "advcl") or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX") and cur.lemma_.lower() in opinions and any(
                c.dep_ == "nsubj" and c.lemma_.lower() in commentators for c in cur.children):
            return True
    return False


def aux_of(tok, lex) -> str | None:
    """PLOVER aux from the trigger's clause: negation, hypothetical or future (else None)."""
    hyp, fut = lex.cue("hypothetical"), lex.cue("future")
    chain = [tok]
    gov = _governor(tok)
    if gov.i != tok.i:
        chain.append(gov)
    cur = gov
    for _ in range(3):  # "can afford to keep killing": the modal sits on a governing verb
        if cur.dep_ not in ("xcomp", "acomp") or cur.head.i == cur.i:
            break
        cur = cur.head
        if all(cur.i != c.i for c in chain):
            chain.append(cur)
    own = {tok.i}  # the trigger and the verbs it shares its subject and auxiliaries with
    for t in list(chain):
        while t.dep_ == "conj" and t.tag_ in ("VB", "VBN", "VBG") and t.head.i != t.i and t.head.pos_ in ("VERB", "AUX") \
                and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "neg") for c in t.children):
            # a non-finite conjunct shares its head's auxiliaries: "could search homes and break up
            # gatherings", "no one was killed or injured" (a finite one has its own: "would not
            # resign and warned that ...")
            t = t.head
            if t.i in {c.i for c in chain}:
                break
            chain.append(t)
            if tok.pos_ in ("VERB", "AUX"):
                own.add(t.i)
    for t in chain:
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no" and t.i == tok.i):
                return "negation"
            if c.dep_ in ("nsubj", "nsubjpass") and t.i in own and any(
                    g.dep_ == "det" and g.lower_ == "no" for g in c.children):
                return "negation"  # "no soldier was killed"
        if t.i != tok.i and t.lemma_.lower() in lex.cue("negating_verbs") and tok.dep_ == "xcomp":
            return "negation"  # "refused to release them", "denied firing on the marchers"
    if tok.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in lex.cue("prospective_adjectives")
                                  for c in tok.children):
        return "hypothetical"  # "ahead of an expected rebel offensive": not (yet) happened
    if _commented(tok, lex.cue("commentator_nouns"), lex.cue("opinion_verbs")):
        return "hypothetical"  # "analysts expect Peru to expel the envoy": a reading, no report
    if any(c.dep_ == "mark" and c.lower_ == "whether" for t in chain for c in t.children):
        return "hypothetical"  # "it remains unclear whether Astana will join the sanctions": an open question
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in lex.cue("negating_preps"):
        return "negation"  # "the talks ended without an agreement", "with or without a deal"
    if tok.dep_ == "csubj" and any(c.dep_ == "aux" and c.lower_ in hyp for c in tok.head.children):
        return "hypothetical"  # "shelling the dam would flood the valley": a supposed act
    if any(c.dep_ == "advmod" and c.lemma_.lower() in lex.cue("hedges") for t in chain for c in t.children):
        return "hypothetical"  # "had probably been captured": a guess, not a report
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in ("for", "of") and \
            tok.head.head.lemma_.lower() in lex.cue("prospect_nouns"):
        return "hypothetical"  # "in preparation for an invasion", "the threat of sanctions"
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "for" and \
            tok.head.head.lemma_.lower() in lex.cue("purpose_heads"):
        return "hypothetical"  # "troops needed for fighting", "ready for talks"
    if tok.dep_ in ("pcomp", "pobj") and tok.head.lower_ == "from" and \
            tok.head.head.lemma_.lower() in lex.cue("prevention_verbs"):
        return "negation"  # "bar it from hosting a meeting": kept from happening
    subj = tok  # "the next round of talks is scheduled": the noun behind a quantity noun
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in lex.cue("quantity_nouns"):
        subj = tok.head.head
    if tok.pos_ == "NOUN" and subj.dep_ in ("nsubj", "nsubjpass") and (
            known_lemma(subj.head, fut) in fut - {"will", "shall", "work", "hope", "want", "wish", "seek", "strive", "aim"}
            or (subj.head.lemma_.lower() == "be" and any(c.dep_ == "acomp" and c.lemma_.lower() in lex.cue("future_adjectives")
                                                        for c in subj.head.children))):
        return "future"  # "the next round of talks is scheduled to begin", "talks are due"
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in lex.cue("prospect_verbs"):
        return "hypothetical"  # "as sanctions neared", "a strike looms"
    if tok.dep_ == "dobj" and tok.pos_ == "NOUN" and known_lemma(tok.head, fut) in fut - {"will", "shall"} \
            and tok.head.lemma_.lower() not in ("set",):
        return "future"  # "preparing a meeting", "plans a referendum"
    weigh = lex.cue("deliberation_verbs")
    if (tok.dep_ == "dobj" and tok.pos_ == "NOUN" and tok.head.lemma_.lower() in weigh) or (
            tok.dep_ == "xcomp" and tok.tag_ == "VBG" and tok.head.lemma_.lower() in weigh):
        return "hypothetical"  # "weighing an appeal", "considering expelling the envoy"
    tried = tok if tok.pos_ == "VERB" else tok.head if (
        tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.cue("arrangement_verbs")) else None
    if tried is not None and tried.dep_ in ("acl", "xcomp") and tried.head.pos_ == "NOUN" \
            and tried.head.lemma_.lower() in lex.cue("attempt_nouns") \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tried.children):
        return "hypothetical"  # "attempts to arrange a call", "a bid to expel the envoy"
    if tok.pos_ == "VERB" and tok.dep_ in ("acl", "xcomp") and tok.head.pos_ == "NOUN" \
            and tok.head.lemma_.lower() in lex.cue("entitlement_nouns") \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return "hypothetical"  # "the right to protest": a right, no act
    if any(t.i != tok.i and t.lemma_.lower() in lex.cue("hypothetical_adjectives") for t in chain):
        return "hypothetical"  # "the bloc is unlikely to expel it", "may be able to send"
    reported = in_speech_complement(tok, lex)
    for t in chain:
        for c in t.children:
            if c.dep_ == "aux" and c.lower_ == "would" and reported and not _conditional(tok):
                return "future"  # "said they would meet": future in the past, not a conditional
            if c.dep_ == "aux" and c.lower_ in hyp - {"must"}:
                return "hypothetical"
            if c.dep_ == "mark" and c.lower_ in ("if", "unless"):
                return "hypothetical"
        if t.i in own and _for_to(t):
            return "hypothetical"  # a for-to infinitive is wanted, not done: "calls for him to resign"
    cur = tok
    for _ in range(5):
        if cur.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cur.children):
            return "hypothetical"
        if cur.head.i == cur.i:
            break
        cur = cur.head
    for t in chain:
        if t.dep_ in ("xcomp", "advcl") and t.head.lemma_.lower() in lex.cue("effort_verbs") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            return "hypothetical"  # "working hard to free the hostages": an aim
        for c in t.children:
            if c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll"):
                return "future"
        if t.dep_ == "xcomp" and t.head.pos_ == "ADJ" and t.head.lemma_.lower() in lex.cue("future_adjectives"):
            return "future"  # "are due to meet", "is slated to visit"
        if t.dep_ in ("xcomp", "advcl") and known_lemma(t.head, fut | {"go"}) in fut | {"go"} and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in t.children) and t.head.tag_ in ("VBG", "VBZ", "VBP", "VBD", "VBN"):
            if t.head.lemma_.lower() != "go" or t.head.tag_ == "VBG":
                return "future"
    return None


def _for_to(t) -> bool:
    """Whether verb ``t`` heads a for-to infinitive ("for him to resign"): marked by "for", or
    (as the parser also reads it) an infinitive whose head has a "for" phrase just before it
    ("chanting for the governor to step down")."""
    if not any(a.dep_ == "aux" and a.lower_ == "to" for a in t.children):
        return False
    if any(c.dep_ == "mark" and c.lower_ == "for" for c in t.children):
        return True
    return t.dep_ in ("xcomp", "advcl") and any(
        p.dep_ == "prep" and p.lower_ == "for" and p.i < t.i and any(o.dep_ == "pobj" for o in p.children)
        and p.right_edge.i == t.i - 2 for p in t.head.children)


def has_modal(tok, modals: set) -> bool:
    """The trigger or its governing verb carries one of these modal auxiliaries."""
    return any(c.dep_ == "aux" and c.lower_ in modals for t in (tok, _governor(tok)) for c in t.children)


def is_refusal(tok, etype: str, verbal: bool) -> bool:
    """Whether a negated trigger whose entry has ``neg=TYPE`` is a refusal (that type, aux null)
    rather than a report that it did not happen: a verbal act's verb always ("not willing to
    cede"), except a meeting's; a material act, a meeting or an event noun only with will/would
    ("would not resign", "will not negotiate with them"), and a noun only with its verb's own
    "not" ("would not renew the agreement"; not "did not withdraw", "the leaders did not meet",
    "with or without a deal").

    Args:
        etype: the entry's own PLOVER type; verbal: whether that type is verbal (PLOVER quad)."""
    if verbal and tok.pos_ != "NOUN" and etype != "CONSULT":
        return True
    if not has_modal(tok, {"will", "would", "'ll", "wo", "shall"}):
        return False
    return tok.pos_ != "NOUN" or any(c.dep_ == "neg" for c in _governor(tok).children)


def _conditional(tok) -> bool:
    """The trigger's clause has an if/unless condition attached."""
    for t in (tok, _governor(tok)):
        for c in t.children:
            if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children):
                return True
    return False


def in_speech_complement(tok, lex) -> bool:
    """The trigger lies in the complement of a verb of saying ("X said it would ...")."""
    nouns = lex.syntax.speech_nouns
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            return False
        if cur.dep_ in ("ccomp", "parataxis") and lex.syntax.speaks(cur.head):
            return True
        if cur.dep_ == "acl" and cur.head.lemma_.lower() in nouns:
            return True  # "the announcement that Tbilisi would suspend talks"
        cur = cur.head
    return False


def is_threat(tok, lex) -> bool:
    """A future or conditional conflict act announced by its own actor: a threat ("said they
    would boycott", "will withdraw unless", "may halt ... if") (PLOVER THREATEN)."""
    if _conditional(tok):
        return True
    return in_speech_complement(tok, lex) and not _decided(tok, lex)


def _decided(tok, lex) -> bool:
    """The act is announced as decided ("announced that tariffs would take effect", "confirmed
    that it would impose"): a measure, not a threat (``cues.yaml`` ``decision_verbs``)."""
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            return False
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in lex.cue("decision_verbs"):
            return True
        cur = cur.head
    return False


def time_aux(article: Article, date: dt.date | None, precision: str | None, tok, lex) -> str | None:
    """``historical`` for events dated over a year before publication; ``future`` after it."""
    pub = article.published
    if pub is None or date is None:
        return None
    if precision == "year" and date.year < pub.year:
        return "historical"
    if (pub - date).days > 365:
        return "historical"
    if (date - pub).days > 1 and precision in ("day", "week"):
        return "future"
    if precision == "year" and date.year > pub.year:
        return "future"
    if precision == "month" and (date.year, date.month) > (pub.year, pub.month):
        return "future"
    return None


# -- modes -----------------------------------------------------------------------------------

YIELD_VERBS = {"cede", "yield", "surrender", "withdraw", "leave", "hand", "return", "give", "relinquish",
               "abandon", "end", "stop", "cease", "halt", "avoid", "release"}
ASSIST_VERBS = {"give", "provide", "help", "aid", "assist", "supply", "send", "deliver", "guarantee", "protect"}
MEET_WORDS = {"meet", "talk", "negotiate", "meeting", "negotiation", "visit", "attend", "summit"}


def _complement_lemmas(tok) -> set[str]:
    out = set()
    for c in tok.subtree:
        if c.i != tok.i and c.pos_ in ("VERB", "NOUN"):
            out.add(c.lemma_.lower())
    return out


def reject_mode(tok) -> str:
    """REJECT mode by what is refused: yield (territory, withdrawal), meet, assist, else change."""
    lem = _complement_lemmas(tok)
    if lem & YIELD_VERBS:
        return "yield"
    if lem & MEET_WORDS:
        return "meet"
    if lem & ASSIST_VERBS:
        return "assist"
    return "change"


def request_mode(tok) -> str | None:
    lem = _complement_lemmas(tok)
    if lem & ASSIST_VERBS or lem & {"aid", "assistance", "guarantee", "support", "weapon"}:
        return "assist"
    if lem & MEET_WORDS:
        return "meet"
    if lem & YIELD_VERBS:
        return "yield"
    return "change"


def assault_mode(sent: Sentence, tok, lex) -> str | None:
    words = {t.lemma_.lower() for t in sent.span} | {t.lower_ for t in sent.span}
    for mode, cues in (lex.plover.get("assault_modes") or {}).items():
        if words & set(cues):
            return mode
    return None


def consult_mode(actor: list[Entity], recipient: list[Entity], location: Place | None, tok) -> str | None:
    """visit (the trigger says so), multilateral (3+ states), third-party (two sides meeting in a
    third country), else None."""
    if tok.lemma_.lower() == "visit":
        return "visit"
    countries = {e.country for e in actor + recipient if e.country}
    if len(countries) >= 3:
        return "multilateral"
    if location is not None and location.country and len(countries) >= 2 and location.country not in countries:
        return "third-party"
    return None


# -- date, place, claims, confidence ---------------------------------------------------------

def resolve_date(article: Article, sent: Sentence, tok, dm) -> tuple[dt.date | None, str | None, str | None]:
    """The event's date: its clause's date expression; "N weeks after <event>" counts back; an
    ongoing (present-tense) event reported with no date is dated to publication; else unknown."""
    pub = article.published
    # "two weeks after Russia's invasion": the trigger is the object of "after"/"before" whose
    # head is an amount of time: the event lies that long before/after the clause's own time.
    if tok.dep_ == "pobj" and tok.head.lower_ in ("after", "since") and pub is not None:
        amount = tok.head.head
        n = _amount_days(amount)
        if n is not None:
            return pub - dt.timedelta(days=n), "day", " ".join(t.text for t in amount.subtree if t.i < tok.head.i) + " after"
    if dm is not None and dm.date is not None and not _in_other_clause(sent, tok, dm):
        return dm.date, dm.precision, dm.text
    if pub is None:
        return None, None, None
    gov = _governor(tok)
    present = gov.tag_ in ("VBZ", "VBP", "VBG") or any(c.tag_ in ("VBZ", "VBP") and c.dep_ == "aux" for c in gov.children)
    if present and sent.section in ("body", "headline"):
        return pub, "day", None
    return None, None, None


#: Words of a date expression that fix it in the past or by itself ("last Tuesday", "ago").
_FIXED = re.compile(r"\d|\b(?:last|past|ago|yesterday|earlier|previous)\b", re.I)


def forward_date(pub: dt.date | None, date: dt.date | None, precision: str | None,
                 text: str | None) -> dt.date | None:
    """The date of a planned act whose bare weekday or month the date reader put before
    publication (it reads them as past): "will meet in Washington on Thursday" is the next
    Thursday, "talks are scheduled to begin in August" the next August. Expressions with a
    number or a past word ("last Tuesday", "March 3") are kept as read. Returns ``date``
    unchanged otherwise."""
    if pub is None or date is None or not text or date >= pub or _FIXED.search(text):
        return date
    if precision == "day" and (pub - date).days < 7:
        return date + dt.timedelta(days=7)
    if precision == "month" and date < pub.replace(day=1):
        return date.replace(year=date.year + 1)
    return date


def within_clause(sent: Sentence, tok, dm) -> bool:
    """Whether the date expression ``dm`` lies inside the clause of the trigger (the subtree
    of the trigger's verb): "will meet on Thursday" yes; "announced on Thursday that it would
    reopen the crossing" no, that date is the announcement's."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else _governor(tok)
    lo = sent.offset + verb.left_edge.idx
    hi = sent.offset + verb.right_edge.idx + len(verb.right_edge.text)
    return lo <= dm.start and dm.end <= hi


def _in_other_clause(sent: Sentence, tok, dm) -> bool:
    """The date expression sits in a relative clause that does not hold the trigger
    ("insisted that Peru recognise the island, which it seized in 1998")."""
    for t in sent.span:
        if dm.start <= sent.offset + t.idx < dm.end:
            cur = t
            for _ in range(12):
                if cur.dep_ in ("relcl", "acl"):
                    if not (cur.left_edge.i <= tok.i <= cur.right_edge.i):
                        return True
                if cur.head.i == cur.i:
                    break
                cur = cur.head
            return False
    return False


_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "a": 1, "an": 1}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def _amount_days(tok) -> int | None:
    unit = _UNIT_DAYS.get(tok.lemma_.lower())
    if unit is None:
        return None
    for c in tok.children:
        if c.dep_ in ("nummod", "det", "quantmod"):
            n = _NUM.get(c.lower_)
            if n is None and c.text.isdigit():
                n = int(c.text)
            if n is not None:
                return n * unit
    return None


def confidence(tok, entry, actor, recipient, sent: Sentence, aux) -> float:
    """A 0..1 ranking score: main-clause verbs with arguments rank highest (used to pick the one
    event of a sentence, as the PLOVER GSR codes one event per sentence)."""
    c = 0.45
    if tok.dep_ == "ROOT":
        c += 0.2
    elif tok.dep_ == "ccomp" and tok.head.dep_ not in ("ROOT", "conj"):
        c -= 0.05  # reported in a side remark ("accused X of ..., saying a man was shot")
    elif tok.dep_ in ("conj", "ccomp"):
        c += 0.08
    elif tok.dep_ in ("relcl", "acl", "advcl") or (tok.dep_ == "pobj" and tok.head.dep_ == "prep"):
        c -= 0.1  # background: relative clauses, "after X", "following X"
    if tok.pos_ in ("VERB", "ADJ"):
        c += 0.1
    if actor:
        c += 0.12
    if recipient:
        c += 0.05
    if entry.has("weak"):
        c -= 0.15
    if sent.section == "caption":
        c -= 0.1
    if aux in ("hypothetical", "negation"):
        c -= 0.1
    return max(0.05, min(0.99, c))


def _domain_subjects(lex) -> frozenset:
    """Lemmas of ``discard_domains`` that, as the subject of an armed verb, make it no attack."""
    got = getattr(lex, "_domain_subjects", None)
    if got is None:
        words = set()
        for ws in (lex.cues.get("discard_domains") or {}).values():
            words |= set(ws)
        got = frozenset(words - lex.cue("armed") - lex.cue("domain_subject_exceptions"))
        lex._domain_subjects = got
    return got
