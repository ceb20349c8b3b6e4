#!/usr/bin/env python3
"""Build the learned components' weights from the training sentences, with a fixed seed.

    python scripts/train_models.py                 # writes src/eventwire/models/trigger.npz
    python scripts/train_models.py --cv 5          # and prints 5-fold cross-validated figures
    python scripts/train_models.py --check         # rebuild in memory, compare with the shipped file

Data: ``training/sentences/*.jsonl`` (sentences written for training eventwire, never evaluation
text; schema in training/README.md). Each sentence is parsed by the same spaCy model the
pipeline loads; every candidate token (:func:`eventwire.models.features.is_candidate`) is an
example, labelled with the PLOVER type of the event whose trigger it heads, else NONE (other
words of a multi-word trigger are left out). The classifier is scikit-learn's multinomial
LogisticRegression (lbfgs, deterministic for a given data order; ``--seed`` fixes the fold
split); weights are stored as float16 with the feature vocabulary, so inference needs only
numpy. Needs the ``[train]`` extra (scikit-learn).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.errors import InputError  # noqa: E402
from eventwire.extract.lexicon import PLOVER_TYPES, load_lexicon  # noqa: E402
from eventwire.knowledge import Knowledge  # noqa: E402
from eventwire.models.features import (FEATURE_VERSION, is_candidate, sentence_context,  # noqa: E402
                                       token_features)
from eventwire.models.features import candidate_features  # noqa: E402
from eventwire.models.features import domain_features  # noqa: E402
from eventwire.models.trigger import DOMAIN_PATH, FILTER_PATH, MODEL_PATH, NONE, POLITICAL  # noqa: E402
from eventwire.nlp import load_model  # noqa: E402

CLASSES = [NONE] + list(PLOVER_TYPES)
#: A string feature enters the vocabulary when it occurs in at least this many examples.
MIN_COUNT = 2
#: Inverse regularisation strength of the logistic regression (chosen by --cv on the training
#: sentences only).
C = 0.5


def load_records(data_dir: Path) -> list[dict]:
    recs = []
    for path in sorted((data_dir / "sentences").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                r = json.loads(line)
                r["_where"] = f"{path.name}:{n}"
                recs.append(r)
    return recs


def data_hash(data_dir: Path) -> str:
    h = hashlib.sha256()
    for path in sorted((data_dir / "sentences").glob("*.jsonl")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def trigger_heads(doc, text: str, events: list[dict]) -> tuple[dict[int, str], set[int]]:
    """Token index -> type for the head of each event's trigger; indices of the other trigger
    words (left out of training)."""
    labels: dict[int, str] = {}
    skip: set[int] = set()
    used_from = {}
    for ev in events:
        trig = ev.get("trigger") or ""
        if not trig:
            continue
        start = text.find(trig, used_from.get(trig, 0))
        if start < 0:
            start = text.find(trig)
        if start < 0:
            continue
        used_from[trig] = start + 1
        end = start + len(trig)
        toks = [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
        if not toks:
            continue
        ids = {t.i for t in toks}
        heads = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
        verbs = [t for t in heads if t.pos_ in ("VERB", "AUX")]
        head = (verbs or heads or toks)[0]
        if ev.get("event_type") in PLOVER_TYPES:
            labels[head.i] = ev["event_type"]
        skip |= ids - {head.i}
    return labels, skip


def build_examples(recs: list[dict], nlp, lex):
    """(string features, dense rows, labels, record index) for every candidate token."""
    feats, dense, labels, groups = [], [], [], []
    texts = [r["text"] for r in recs]
    for k, (r, doc) in enumerate(zip(recs, nlp.pipe(texts, batch_size=64))):
        gold, skip = trigger_heads(doc, r["text"], r.get("events") or [])
        section = r.get("section") or "body"
        for sent in doc.sents:
            ctx = sentence_context(sent)
            for t in sent:
                if not is_candidate(t) or t.i in skip:
                    continue
                feats.append(token_features(t, section, lex, ctx))
                dense.append(doc.tensor[t.i])
                labels.append(gold.get(t.i, NONE))
                groups.append(k)
    return feats, np.asarray(dense, dtype=np.float32), labels, np.asarray(groups)


def build_candidates(recs: list[dict]):
    """(string features, dense rows, labels "YES"/"NO", record index) for every candidate event
    the rules make of each sentence (pipeline up to the event stage, learned components off).

    A candidate is YES when the sentence reports a gold event of the candidate's type (whichever
    word the writer marked as its trigger), else NO."""
    import tempfile

    from eventwire.ingest.text import article_from_text
    from eventwire.pipeline import Pipeline

    off = tempfile.mkdtemp(prefix="eventwire-train-")  # kept: stages read knowledge lazily
    Path(off, "models.yaml").write_text("trigger: {enabled: false}\nfilter: {enabled: false}\n")
    pipe = Pipeline.from_config(knowledge_dirs=[off])
    stage = next(st for st in pipe.stages if st.name == "events")
    upto = pipe.stages[:pipe.stages.index(stage) + 1]
    feats, dense, labels, groups = [], [], [], []
    seen: list = []
    stage.observe = lambda tok, ev, entry, sent: seen.append((tok, ev, entry, sent))
    for k, r in enumerate(recs):
        text = r["text"]
        art = article_from_text(text, r.get("id", f"rec{k}"), None)
        seen.clear()
        try:
            for st in upto:
                st(art)
        except InputError:
            continue  # page furniture only ("Share this article"): no text, no candidate
        gold = []
        for ev in r.get("events") or []:
            trig = ev.get("trigger") or ""
            a = text.find(trig) if trig else -1
            if a >= 0:
                gold.append((a + art.body_start, a + art.body_start + len(trig), ev.get("event_type")))
        for tok, ev, entry, sent in seen:
            m = ev.mentions[0]
            a, b = m.trigger_start, m.trigger_end
            ok = any(gt == ev.event_type for _, _, gt in gold)
            feats.append(candidate_features(tok, ev, entry.flags, sent.section, stage.lex, sentence_context(tok.sent)))
            dense.append(tok.doc.tensor[tok.i])
            labels.append("YES" if ok else "NO")
            groups.append(k)
    stage.observe = None
    return feats, np.asarray(dense, dtype=np.float32), labels, np.asarray(groups)


#: The domain model's class of each hard-negative kind of the training sentences
#: ("negative:<kind>"); every other sentence (events and political look-alikes) is political.
DOMAIN_OF_KIND = {
    "sport": "sport", "sports": "sport",
    "business": "business", "economy": "business", "consumer": "business", "trade-statistics": "business",
    "science": "science", "academic": "science", "medical": "science", "illness": "science",
    "weather-disaster": "weather", "weather": "weather", "disaster": "weather", "environment": "weather",
    "animals": "weather",
    "accident-crime": "crime", "accident": "crime", "crime": "crime", "legal": "crime",
    "culture": "culture", "entertainment": "culture", "photography": "culture",
}
DOMAIN_CLASSES = [POLITICAL, "business", "crime", "culture", "science", "sport", "weather"]


def domain_label(rec: dict) -> str:
    """The domain class of a training sentence (:data:`DOMAIN_OF_KIND`)."""
    kind = str(rec.get("kind") or "")
    return DOMAIN_OF_KIND.get(kind.split(":", 1)[1], POLITICAL) if kind.startswith("negative:") else POLITICAL


def load_domain_records(data_dir: Path) -> list[dict]:
    """``training/domains/*.jsonl``: sentences labelled with a domain only ({"id", "text",
    "domain"}), used by the domain model alone (the trigger model and filter never see them)."""
    recs = []
    for path in sorted((data_dir / "domains").glob("*.jsonl")):
        recs += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return recs


def domain_data_hash(data_dir: Path) -> str:
    """sha256 over the sentence files and the domain files (what ``domain.npz`` is built from)."""
    h = hashlib.sha256()
    for path in sorted((data_dir / "sentences").glob("*.jsonl")) + sorted((data_dir / "domains").glob("*.jsonl")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def build_domain_examples(recs: list[dict], nlp):
    """(features, empty dense rows, domain labels, record index): one example per sentence; a
    record's ``domain`` field, else :func:`domain_label` of its kind."""
    feats = [domain_features(doc) for doc in nlp.pipe((r["text"] for r in recs), batch_size=64)]
    labels = [r.get("domain") or domain_label(r) for r in recs]
    unknown = sorted(set(labels) - set(DOMAIN_CLASSES))
    if unknown:
        raise SystemExit(f"unknown domain label(s) {unknown}; use one of {DOMAIN_CLASSES}")
    return feats, np.zeros((len(recs), 0), dtype=np.float32), labels, np.arange(len(recs))


def report_domain(labels, proba, classes, title: str) -> None:
    pred = [classes[i] for i in proba.argmax(axis=1)]
    for c in classes:
        tp = sum(p == c and g == c for p, g in zip(pred, labels))
        print(f"{title}: {c:9} precision {tp / max(1, pred.count(c)):.3f} recall {tp / max(1, labels.count(c)):.3f} "
              f"({labels.count(c)} sentences)")


def vectorise(feats, vocab_index):
    from scipy.sparse import csr_matrix

    rows, cols = [], []
    for i, fs in enumerate(feats):
        for f in set(fs):
            j = vocab_index.get(f)
            if j is not None:
                rows.append(i)
                cols.append(j)
    return csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(feats), len(vocab_index)))


def fit(feats, dense, labels, seed: int, classes=None, class_weight=None):
    from collections import Counter

    from scipy.sparse import hstack
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for fs in feats for f in set(fs))
    vocab = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(vocab)}
    mu = dense.mean(axis=0)
    sd = dense.std(axis=0) + 1e-6
    X = vectorise(feats, index)
    if dense.shape[1]:
        X = hstack([X, (dense - mu) / sd]).tocsr()
    classes = classes or CLASSES
    y = np.array([classes.index(lab) for lab in labels])
    clf = LogisticRegression(C=C, max_iter=3000, random_state=seed, class_weight=class_weight)
    clf.fit(X, y)
    W = np.zeros((len(classes), X.shape[1]), dtype=np.float32)
    b = np.zeros(len(classes), dtype=np.float32)
    if len(classes) == 2:  # binary: sklearn gives one row, the log-odds of classes[1]
        W[1], b[1] = clf.coef_[0], clf.intercept_[0]
    else:
        W[clf.classes_] = clf.coef_
        b[clf.classes_] = clf.intercept_
        b[[c for c in range(len(classes)) if c not in set(clf.classes_)]] = -30.0
    return vocab, W[:, :len(vocab)], W[:, len(vocab):], b, mu, sd


def predict(model, feats, dense):
    vocab, W, Wd, b, mu, sd = model
    index = {f: i for i, f in enumerate(vocab)}
    X = vectorise(feats, index)
    z = X @ W.T + b
    if dense.shape[1]:
        z = z + ((dense - mu) / sd) @ Wd.T
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def report(labels, proba, title: str) -> None:
    pred = [CLASSES[i] for i in proba.argmax(axis=1)]
    gold_ev = [lab != NONE for lab in labels]
    pred_ev = [p != NONE for p in pred]
    tp = sum(g and p for g, p in zip(gold_ev, pred_ev))
    fp = sum(p and not g for g, p in zip(gold_ev, pred_ev))
    fn = sum(g and not p for g, p in zip(gold_ev, pred_ev))
    typed = sum(g == p for g, p in zip(labels, pred) if g != NONE)
    prec, rec = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(f"{title}: trigger P {prec:.3f} R {rec:.3f} F1 {2 * prec * rec / max(1e-9, prec + rec):.3f}; "
          f"type accuracy on gold triggers {typed / max(1, sum(gold_ev)):.3f} ({sum(gold_ev)} triggers, "
          f"{len(labels)} candidates)")


def report_filter(labels, proba, title: str) -> None:
    yes = proba[:, 1]
    for cut in (0.2, 0.3, 0.4, 0.5):
        kept = yes >= cut
        tp = sum(1 for k, lab in zip(kept, labels) if k and lab == "YES")
        fp = sum(1 for k, lab in zip(kept, labels) if k and lab == "NO")
        fn = sum(1 for k, lab in zip(kept, labels) if not k and lab == "YES")
        print(f"{title}, keep at P >= {cut}: precision {tp / max(1, tp + fp):.3f} recall {tp / max(1, tp + fn):.3f} "
              f"(rules alone: precision {labels.count('YES') / max(1, len(labels)):.3f})")


#: A word the training sentences use at least this many times and never as a trigger is not
#: scored by the trigger model at all ("say", "be", "have"): it cannot propose one, and skipping
#: it keeps the model cheap.
NEVER_MIN = 10


def never_triggers(feats, labels) -> list[str]:
    """Lemmas (from the "l:" feature) seen at least :data:`NEVER_MIN` times, never as a trigger."""
    from collections import Counter

    seen, hit = Counter(), Counter()
    for fs, lab in zip(feats, labels):
        lemma = next((f[2:] for f in fs if f.startswith("l:")), None)
        if lemma is not None:
            seen[lemma] += 1
            hit[lemma] += lab != NONE
    return sorted(w for w, n in seen.items() if n >= NEVER_MIN and hit[w] == 0)


def save(model, path: Path, digest: str, classes=None, skip=()) -> None:
    vocab, W, Wd, b, mu, sd = model
    np.savez_compressed(path, feature_version=np.int64(FEATURE_VERSION), classes=np.array(classes or CLASSES),
                        skip_lemmas=np.array(list(skip) or [""]),
                        vocab=np.array(vocab), W=W.astype(np.float16), Wd=Wd.astype(np.float16),
                        b=b.astype(np.float32), mu=mu.astype(np.float32), sd=sd.astype(np.float32),
                        data_sha256=np.array(digest))


def cross_validate(k: int, seed: int, feats, dense, labels, groups, n_groups: int, classes=None, class_weight=None):
    rng = np.random.default_rng(seed)
    fold = rng.integers(0, k, size=n_groups)[groups]
    proba = np.zeros((len(labels), len(classes or CLASSES)))
    for j in range(k):
        tr, te = np.where(fold != j)[0], np.where(fold == j)[0]
        model = fit([feats[i] for i in tr], dense[tr], [labels[i] for i in tr], seed, classes, class_weight)
        proba[te] = predict(model, [feats[i] for i in te], dense[te])
    return proba


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "training")
    ap.add_argument("--model", choices=("all", "trigger", "filter", "domain"), default="all")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--cv", type=int, default=0, help="k-fold cross-validation by sentence before training")
    ap.add_argument("--check", action="store_true", help="rebuild and compare with the shipped files instead of writing")
    ap.add_argument("--out-dir", type=Path, default=MODEL_PATH.parent)
    args = ap.parse_args()
    t0 = time.time()
    recs = load_records(args.data)
    digest = data_hash(args.data)
    jobs = []
    if args.model in ("all", "trigger"):
        nlp = load_model(None)
        lex = load_lexicon(Knowledge())
        feats, dense, labels, groups = build_examples(recs, nlp, lex)
        print(f"trigger: {len(recs)} sentences, {len(labels)} candidate words, "
              f"{sum(lab != NONE for lab in labels)} triggers ({time.time() - t0:.0f} s)")
        if args.cv:
            report(labels, cross_validate(args.cv, args.seed, feats, dense, labels, groups, len(recs)),
                   f"trigger, {args.cv}-fold cross-validation")
        skip = never_triggers(feats, labels)
        print(f"trigger: {len(skip)} words never a trigger in {NEVER_MIN}+ uses are not scored")
        jobs.append((args.out_dir / MODEL_PATH.name, fit(feats, dense, labels, args.seed), CLASSES, skip, digest))
    if args.model in ("all", "filter"):
        classes = ["NO", "YES"]
        feats, dense, labels, groups = build_candidates(recs)
        print(f"filter: {len(recs)} sentences, {len(labels)} rule candidates, {labels.count('YES')} real "
              f"({time.time() - t0:.0f} s)")
        if args.cv:
            report_filter(labels, cross_validate(args.cv, args.seed, feats, dense, labels, groups, len(recs), classes),
                          f"filter, {args.cv}-fold cross-validation")
        jobs.append((args.out_dir / FILTER_PATH.name, fit(feats, dense, labels, args.seed, classes), classes, (), digest))
    if args.model in ("all", "domain"):
        drecs = recs + load_domain_records(args.data)
        feats, dense, labels, groups = build_domain_examples(drecs, load_model(None))
        print(f"domain: {len(drecs)} sentences, " + ", ".join(f"{c} {labels.count(c)}" for c in DOMAIN_CLASSES))
        if args.cv:
            report_domain(labels, cross_validate(args.cv, args.seed, feats, dense, labels, groups, len(drecs),
                                                 DOMAIN_CLASSES, "balanced"), DOMAIN_CLASSES,
                          f"domain, {args.cv}-fold cross-validation")
        jobs.append((args.out_dir / DOMAIN_PATH.name, fit(feats, dense, labels, args.seed, DOMAIN_CLASSES, "balanced"),
                     DOMAIN_CLASSES, (), domain_data_hash(args.data)))
    status = 0
    for path, model, classes, skip, digest in jobs:
        if args.check:
            with np.load(path, allow_pickle=False) as z:
                same = (str(z["data_sha256"]) == digest and np.array_equal(z["W"], model[1].astype(np.float16))
                        and [str(v) for v in z["vocab"]] == model[0])
            print(f"{path.name}: " + ("rebuilds identically" if same else "differs from a rebuild"))
            status |= 0 if same else 1
        else:
            save(model, path, digest, classes, skip)
            print(f"wrote {path} ({path.stat().st_size:,} bytes, {len(model[0]):,} features)")
    print(f"{time.time() - t0:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
