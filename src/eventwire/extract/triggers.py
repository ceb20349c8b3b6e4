"""The trigger lexicon (knowledge/triggers.yaml) compiled to spaCy matchers.

A :class:`~spacy.matcher.PhraseMatcher` over lower-case forms finds the words the lexicon lists
— verbs in every inflection (their lemma then repaired for the small model's slips:
:func:`.frames.known_lemma`), event nouns and two-word nouns with their plurals, predicative
adjectives — and another over lemmas for the forms the spaCy lemmatiser knows ("met",
"withdrew"); a third, over the lemmas the lexicon's phrases end in (each hit's path up to its
verb checked in the tree), finds verb + object and verb + particle phrases ("open fire", "take
into custody", "break up"), and a fourth the modal "must" on a verb.
:meth:`TriggerMatcher.triggers` then applies each entry's conditions (``obj=``, ``prep=``,
``agent=``, ``objent``) and returns one trigger per head word.

Patterns are built once per Knowledge (a user's ``--knowledge`` triggers.yaml is compiled in).
"""

from __future__ import annotations

from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from .frames import known_lemma, object_lemmas, object_token, subject_of
from .lexicon import Entry, Lexicon

VERBISH = ("VERB", "AUX")
#: Dependencies of a verb's objects, in the order an object is preferred for a phrase.
OBJECT_DEPS = ("dobj", "attr", "oprd", "nsubjpass", "xcomp", "ccomp", "acomp", "advmod")
#: Prepositions that introduce another event or a time, never a phrase's object ("suspended the
#: strike after talks" is no "suspend talks").
OTHER_EVENT_PREPS = frozenset({"after", "before", "since", "during", "despite", "amid", "following", "until",
                               "because", "like", "than", "ahead"})
#: Dependencies of a phrase's object on its verb (OBJECT_DEPS and particles: "break up").
PHRASE_OBJECT_DEPS = frozenset(OBJECT_DEPS) | {"prt"}
#: Dependencies of the preposition (or particle) between a verb and its phrase object.
PHRASE_PREP_DEPS = ("prep", "prt", "dative", "agent")
#: "X must Y" is a demand on X (PLOVER REQUEST).
MUST = Entry("must", "REQUEST", None, frozenset({"content"}))
#: "X should Y", said by someone, is a demand on X; the writer's own "should" is no event.
SHOULD = Entry("should", "REQUEST", None, frozenset({"content"}))
#: "X needs to / has to ..." (syntax.yaml ``obligation_verbs``): a necessity; it is no event, and
#: the acts in its complement are not reported as done ("had to defend ... and prevent ...").
OBLIGE = Entry("need", "REQUEST", None, frozenset({"content"}))
#: "called the attack a war crime": naming an act with a condemning word (PLOVER ACCUSE).
CALL_VERDICT = Entry("call", "ACCUSE", "disapprove", frozenset())
#: "called the charge absurd", "described the allegations as lies": a verdict on an accusation
#: rejects it (PLOVER REJECT).
VERDICT_ON_CLAIM = Entry("call", "REJECT", None, frozenset())
#: "scrapped the tariffs", "the curfew was lifted": easing a restriction (cues.yaml
#: ``undo_verbs`` over a SANCTION or COERCE noun; PLOVER CONCEDE, "ease restrictions").
UNDO = Entry("undo", "CONCEDE", None, frozenset())
#: Types of the restrictions an undo verb eases.
RESTRICTIONS = frozenset({"SANCTION", "COERCE"})


def inflections(lemmas) -> set[str]:
    """Every form an English verb lemma may take in text ("stage": stages, staged, staging),
    over-generated on purpose: a form is only a candidate, :func:`.frames.known_lemma` decides."""
    out = set()
    for w in lemmas:
        out |= {w, w + "s", w + "es", w + "ed", w + "d", w + "ing"}
        if w.endswith("e"):
            out |= {w[:-1] + "ing"}
        if w.endswith("y"):
            out |= {w[:-1] + "ied", w[:-1] + "ies"}
        if len(w) > 2:
            out |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return out


def _sense(table: dict, tok, lemma: str) -> Entry | None:
    """The entry of a lemma, preferring a "lemma+prep" sense when that preposition is attached."""
    for c in tok.children:
        if c.dep_ in ("prep", "prt", "agent"):
            e = table.get(f"{lemma}+{c.lower_}")
            if e is not None:
                return e
    return table.get(lemma)


class TriggerMatcher:
    """The lexicon's triggers as spaCy patterns over one vocabulary.

    Args:
        vocab: the spaCy model's Vocab.
        lex: the :class:`~.lexicon.Lexicon`.
        tokenizer: the model's tokenizer (splits multi-word and hyphenated list entries the way
            texts are split); a bare whitespace tokenizer when None.
    """

    def __init__(self, vocab, lex: Lexicon, tokenizer=None):
        self.lex = lex
        verbs = sorted(lex.verb_lemmas)
        tokenizer = Tokenizer(vocab) if tokenizer is None else tokenizer
        # word lists: a PhraseMatcher over lower-case forms (a hash look-up per token; the
        # part-of-speech and dependency conditions are checked on the few hits)
        self.words = PhraseMatcher(vocab, attr="LOWER")
        nouns = sorted(k for k in lex.nouns if "+" not in k)
        adjs = sorted(k for k in lex.adjectives if "+" not in k)
        for label, words in (("VERB", inflections(verbs)), ("NOUN", plurals(nouns)), ("ADJ", set(adjs)),
                             ("NOUNVERB", inflections(k for k in lex.verbs if "+" not in k))):
            self.words.add(label, [tokenizer(w) for w in sorted(words)])
        # ... and over lemmas, for irregular forms the spaCy lemmatiser knows ("met", "withdrew")
        self.lemmas = PhraseMatcher(vocab, attr="LEMMA")
        for label, words in (("VERB", verbs), ("NOUN", [n for n in nouns if " " not in n]), ("ADJ", adjs),
                             ("NOUNVERB", [k for k in lex.verbs if "+" not in k])):
            self.lemmas.add(label, [Doc(vocab, words=[w], lemmas=[w]) for w in words])
        # verb + object and verb + preposition + object phrases, and the modal "must": the few
        # words a phrase of the lexicon ends in, and the modals, by a hash look-up per token; the
        # dependency path to the verb above each hit is checked in :meth:`doc_matches` (what a
        # DependencyMatcher over the same tree finds, at a fraction of its cost)
        self._prep_skip = frozenset(lex.syntax.background_marks | OTHER_EVENT_PREPS)
        self.args = PhraseMatcher(vocab, attr="LEMMA")
        self.args.add("OBJ", [Doc(vocab, words=[w], lemmas=[w]) for w in sorted({o for _, o in lex.phrases})])
        self.modals = PhraseMatcher(vocab, attr="LOWER")
        self.modals.add("MODAL", [Doc(vocab, words=[w]) for w in ("must", "should")])
        self.oblige = PhraseMatcher(vocab, attr="LEMMA")
        self.oblige.add("OBLIGE", [Doc(vocab, words=[w], lemmas=[w]) for w in sorted(lex.syntax.obligation_verbs)])
        self._labels = {k: vocab.strings.add(k) for k in ("VERB", "NOUN", "NOUNVERB", "ADJ")}

    def doc_matches(self, doc) -> dict:
        """Candidate words of a whole Doc: token index -> {label: [other token indices]}."""
        out: dict[int, dict] = {}
        names = {v: k for k, v in self._labels.items()}
        hits = set(self.words(doc)) | set(self.lemmas(doc))
        for key, start, end in sorted(hits, key=lambda h: (h[1], h[2])):
            label = names[key]
            head = doc[end - 1]
            if label == "NOUN" and end - start > 1 and any(t.text == "-" for t in doc[start:end]):
                # a hyphenated noun split by the tokenizer ("sit-in", "die-in", "hunger-strike"):
                # its syntactic root stands for it
                head = doc[start:end].root
                if head.pos_ not in ("NOUN", "PROPN", "VERB") and doc[end - 1].pos_ in ("NOUN", "PROPN"):
                    head = doc[end - 1]  # (parsed flat, "non - performance": English compounds end in their head)
                if head.pos_ in ("NOUN", "PROPN", "VERB"):
                    out.setdefault(head.i, {}).setdefault("HYPHEN", []).append((start, end))
                continue
            if not _pos_ok(label, head, end - start):
                continue
            out.setdefault(head.i, {}).setdefault("NOUN2" if label == "NOUN" and end - start == 2 else label,
                                                  []).append(start)
        for _, start, _ in self.modals(doc):  # a verb with the aux "must"/"should"
            aux = doc[start]
            if aux.dep_ == "aux" and aux.head.pos_ in VERBISH:
                _add_arg(out, aux.head.i, "MUST", start)
        for _, start, _ in self.oblige(doc):  # "needs to withdraw", "has to free them"
            verb = doc[start]
            if verb.pos_ == "VERB" and verb.dep_ != "aux" and any(
                    c.dep_ == "xcomp" and c.pos_ == "VERB" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
                    for c in verb.children):
                _add_arg(out, start, "OBLIGE", start)
        for _, start, _ in self.args(doc):
            link = doc[start].head  # an object's verb, or the preposition between them
            dep = doc[start].dep_
            if dep == "pobj":
                if link.dep_ not in PHRASE_PREP_DEPS or link.lower_ in self._prep_skip:
                    continue
                link = link.head
            elif dep == "conj" and doc[start].pos_ == "NOUN" and link.dep_ == "dobj" and not any(
                    c.dep_ == "conj" for c in doc[start].children):
                link = link.head  # "taken 130 guards and staff hostage": the parser's last conjunct
            elif dep not in PHRASE_OBJECT_DEPS and not (dep in ("advcl", "npadvmod") and doc[start].pos_ == "NOUN"):
                continue  # (a noun the parser hung as a clause is a secondary predicate: "took
                # forty guards hostage")
            if link.pos_ in VERBISH or (link.pos_ == "NOUN" and link.dep_ == "ROOT" and link.tag_.startswith("VB")):
                _add_arg(out, link.i, "PHRASE", start)
        return out

    def triggers(self, span, matches: dict, names_with_verdict=None, on_claim=None) -> list[tuple[object, Entry, list]]:
        """(head token, entry, trigger tokens) of a sentence span, from :meth:`doc_matches`.

        Args:
            names_with_verdict: ``f(tok) -> bool``, whether a "call" names an act with a condemning
                word ("called the strike a war crime"), or None.
            on_claim: ``f(tok) -> bool``, whether such a verdict is passed on an accusation
                ("called the charge absurd": :data:`VERDICT_ON_CLAIM`, REJECT), or None.
        """
        lex = self.lex
        doc = span.doc
        out = []
        for i in range(span.start, span.end):
            m = matches.get(i)
            if not m:
                continue
            tok = doc[i]
            if tok.ent_type_ in ("DATE", "TIME"):
                continue  # "March" the month, "Friday prayers"
            verbish = tok.pos_ in VERBISH or tok.tag_.startswith("VB")
            lemma = known_lemma(tok, lex.verb_lemmas) if verbish else tok.lemma_.lower()
            entry, toks = None, [tok]
            if "VERB" in m or ("PHRASE" in m and (tok.pos_ in VERBISH or tok.tag_.startswith("VB"))):
                objs = sorted({doc[j] for j in m.get("PHRASE", [])}, key=lambda o: _object_rank(tok, o))
                objs = _behind_quantity(tok, lex.cue("quantity_nouns")) + objs  # ranks as the object
                for obj in objs:
                    e = lex.phrases.get((lemma, obj.lemma_.lower()))
                    if e is not None:
                        entry, toks = e, [tok, obj]
                        break
                if entry is None and tok.pos_ != "AUX":
                    entry = _sense(lex.verbs, tok, lemma)
                if lemma == "call" and names_with_verdict is not None and names_with_verdict(tok):
                    entry, toks = CALL_VERDICT, [tok]
                elif entry is not None and entry.has("verdict"):  # "described the move as reckless"
                    ok = names_with_verdict is not None and names_with_verdict(tok)
                    entry, toks = (entry, [tok]) if ok else (None, toks)
                if entry is not None and (entry is CALL_VERDICT or entry.has("verdict")) \
                        and on_claim is not None and on_claim(tok):
                    entry = VERDICT_ON_CLAIM
            elif "HYPHEN" in m and "NOUN2" not in m and "NOUN" not in m:
                start, end = m["HYPHEN"][0]
                word = doc[start:end].text.lower()
                entry = lex.nouns.get(word) or lex.nouns.get(word[:-1] if word.endswith("s") else word)
                toks = [t for t in doc[start:end] if t.text != "-"]
            elif "NOUN2" in m or "NOUN" in m:
                comp = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.i == tok.i - 1]
                key = f"{comp[0].lemma_.lower()} {tok.lemma_.lower()}" if comp else None
                if key in lex.nouns:
                    entry, toks = lex.nouns[key], [comp[0], tok]
                elif tok.lemma_.lower() in lex.nouns or tok.lower_ in lex.nouns:
                    entry = _sense(lex.nouns, tok, tok.lemma_.lower() if tok.lemma_.lower() in lex.nouns else tok.lower_)
            elif "NOUNVERB" in m:
                entry = lex.verbs.get(tok.lemma_.lower())
            elif "ADJ" in m:
                entry = _sense(lex.adjectives, tok, tok.lemma_.lower())
                if entry is not None and tok.dep_ == "amod" and not entry.has("evaluative"):
                    entry = None  # "a ready army": only verdicts are attributive
            if "MUST" in m and not any(c.dep_ == "neg" for c in tok.children):
                should = any(c.dep_ == "aux" and c.lower_ == "should" for c in tok.children)
                entry, toks = (SHOULD if should else MUST), [tok]
            elif "OBLIGE" in m and entry is None and not any(c.dep_ == "neg" for c in tok.children):
                entry, toks = OBLIGE, [tok]
            if entry is not None:
                out.append((tok, entry, toks))
        return out


def _add_arg(out: dict, verb: int, label: str, arg: int) -> None:
    """Record token ``arg`` under ``label`` for the verb at ``verb`` (once)."""
    args = out.setdefault(verb, {}).setdefault(label, [])
    if arg not in args:
        args.append(arg)


def _behind_quantity(verb, quantity: frozenset) -> list:
    """The nouns a verb's direct object stands for when it is a noun of quantity
    (cues.yaml ``quantity_nouns``): "put forward a list of conditions" -> [conditions]."""
    out = []
    for obj in verb.children:
        if obj.dep_ in ("dobj", "obj", "nsubjpass") and obj.lemma_.lower() in quantity:
            out += [g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children if g.dep_ == "pobj"]
    return out


def _pos_ok(label: str, tok, width: int) -> bool:
    """The part-of-speech and dependency conditions of a word-list hit."""
    if label == "VERB":
        return tok.pos_ in VERBISH or (tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and tok.tag_.startswith("VB"))
    if label == "NOUN":
        return tok.pos_ in ("NOUN", "PROPN")
    if label == "NOUNVERB":
        return tok.pos_ == "NOUN" and tok.dep_ == "ROOT"
    if label == "ADJ":
        return tok.pos_ == "ADJ" and width == 1 and (tok.dep_ in ("acomp", "ROOT", "conj", "xcomp") or (
            tok.dep_ == "amod" and tok.head.dep_ == "attr" and tok.head.head.lemma_ == "be"))
        # (an attributive verdict on what the subject is: "this is a reckless decision")
    return True


def plurals(words) -> set[str]:
    """Nouns and their plural forms ("talk", "talks"; "joint patrol", "joint patrols")."""
    out = set()
    for w in words:
        out |= {w, w + "s", w + "es"}
        if w.endswith("y"):
            out.add(w[:-1] + "ies")
    return out


def _object_rank(verb, obj) -> tuple[int, int]:
    """Order of preference among a verb's phrase objects: direct object first, then passive
    subject, complements, particles, prepositional objects (the order the lexicon's phrases were
    written for)."""
    dep = obj.dep_
    order = {"dobj": 0, "attr": 0, "oprd": 0, "nsubjpass": 1, "xcomp": 2, "ccomp": 2, "acomp": 2, "advmod": 2,
             "prt": 3, "pobj": 4}
    return order.get(dep, 5), obj.i


def entry_applies(tok, entry: Entry, toks: list, sent, index, entities_of) -> tuple[bool, list]:
    """Whether an entry's conditions hold for its trigger, and the trigger tokens to report.

    ``obj=``: the object (or a measure's "of" noun) is one of the listed lemmas, or with
    ``objent`` an actor entity ("released 5 Ukrainians"); ``prep=``: one of the prepositions
    hangs on the word; ``agent=``: the subject's lemma is one of the listed agent nouns
    ("protesters gathered", not "leaders gathered"); ``for_not=``: no "for" object of the list
    ("gathered for the funeral"); ``nothat``: no that-clause without an object;
    ``noobj``: no direct object or clause ("demonstrated in the square", not "demonstrated its resolve");
    ``needcontent``: a verb needs a complement clause or a for/about object ("asked Lima to act",
    "asked for aid"; not "'Why?' the minister asked").
    """
    if entry.obj is not None and (len(toks) == 1 or toks[1].dep_ == "prt"):
        obj = object_token(tok)
        if not (object_lemmas(obj) & entry.obj) and not (
                entry.has("objent") and obj is not None and index is not None and entities_of(sent, obj, index)):
            return False, toks
        toks = toks if len(toks) > 1 else [tok, obj]  # "broke up": its object may be an event
    if entry.prep is not None and not any(c.dep_ in ("prep", "prt", "dative", "agent") and c.lower_ in entry.prep
                                          for c in tok.children):
        return False, toks
    if entry.agent is not None and not _agent_ok(subject_of(tok), entry.agent):
        return False, toks
    if entry.for_not is not None and any(
            c.dep_ == "prep" and c.lower_ == "for" and g.dep_ == "pobj" and g.lemma_.lower() in entry.for_not
            for c in tok.children for g in c.children):
        return False, toks  # "mourners gathered for the funeral": an occasion, no protest
    if entry.has("toinf") and not (any(c.dep_ in ("dobj", "dative") for c in tok.children) and any(
            c.dep_ in ("xcomp", "ccomp") and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            for c in tok.children)):
        return False, toks  # "told reporters that ...": speech, no demand
    if entry.has("needcontent") and tok.pos_ == "VERB" and not any(
            c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("for", "about")) for c in tok.children):
        return False, toks  # "'Why would we talk?' the minister asked": a question put, no request
    if entry.has("noobj") and any(c.dep_ in ("dobj", "obj", "ccomp") for c in tok.children):
        return False, toks  # "demonstrated its resolve", "demonstrated that ...": no protest
    if entry.has("nothat") and not any(c.dep_ in ("dobj", "obj") for c in tok.children) and any(
            c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children) for c in tok.children):
        return False, toks  # "accepting that it could mean hardship": a view, no agreement
    return True, toks


def _agent_ok(subject, words: frozenset) -> bool:
    """The subject is one of ``words``, or counts them ("hundreds of protesters")."""
    if subject is None:
        return False
    if {subject.lemma_.lower(), subject.lower_} & words:
        return True
    for c in subject.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            if any({g.lemma_.lower(), g.lower_} & words for g in c.children if g.dep_ == "pobj"):
                return True
    return False


def trigger_matcher(kb, nlp) -> TriggerMatcher:
    """The :class:`TriggerMatcher` of ``kb``'s lexicon for a spaCy model, built once per Knowledge."""
    from .lexicon import load_lexicon

    return kb.cached("trigger_matcher", lambda: TriggerMatcher(nlp.vocab, load_lexicon(kb), nlp.tokenizer))
