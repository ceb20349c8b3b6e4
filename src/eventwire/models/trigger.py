"""The trigger model: P(PLOVER type or NONE | a candidate token in its sentence).

A multinomial logistic regression over the features of :mod:`.features` (string features with
a vocabulary, plus the standardised tok2vec row of the token), trained by
``scripts/train_models.py`` on ``training/sentences/*.jsonl`` and stored in ``trigger.npz``
beside this module. Inference is a sparse dot product in numpy: no scikit-learn at run time.

The event stage uses it two ways (thresholds in ``knowledge/models.yaml``): a rule trigger whose
token the model gives a high probability of NONE is not an event (a sport "attack", a
metaphorical "hit", a headline label); a candidate no rule covers whose best type has a high
probability becomes an event of that type.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from ..extract.frames import sentence_of
from .features import (FEATURE_VERSION, candidate_features, domain_features, is_candidate, quoted_tokens,
                       sentence_context, token_features)

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).resolve().parent / "trigger.npz"
FILTER_PATH = Path(__file__).resolve().parent / "filter.npz"
DOMAIN_PATH = Path(__file__).resolve().parent / "domain.npz"
NONE = "NONE"
#: The domain model's class of political news (its other classes are non-political domains).
POLITICAL = "political"


class LinearModel:
    """A multinomial logistic regression over string features plus a dense vector, as written by
    ``scripts/train_models.py`` (``.npz``: classes, vocab, W, Wd, b, mu, sd, feature_version).

    Args:
        path: the ``.npz`` file.

    Raises:
        ConfigError: the file is missing, unreadable, or built for another feature version.
    """

    def __init__(self, path: Path):
        try:
            with np.load(path, allow_pickle=False) as z:
                version = int(z["feature_version"])
                self.classes = [str(c) for c in z["classes"]]
                vocab = [str(v) for v in z["vocab"]]
                self.W = z["W"].astype(np.float32)          # classes x vocab
                self.Wd = z["Wd"].astype(np.float32)        # classes x dense
                self.b = z["b"].astype(np.float32)
                self.mu = z["mu"].astype(np.float32)
                self.sd = z["sd"].astype(np.float32)
                self.skip = frozenset(str(w) for w in z["skip_lemmas"]) - {""} if "skip_lemmas" in z else frozenset()
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(f"model {path}: {exc} (rebuild it with scripts/train_models.py)") from exc
        if version != FEATURE_VERSION:
            raise ConfigError(f"model {path} was built for feature version {version}, this code "
                              f"reads {FEATURE_VERSION}: rebuild it with scripts/train_models.py")
        self.index = {f: i for i, f in enumerate(vocab)}

    def logits(self, feats: list[str], dense) -> np.ndarray:
        """Class scores of one example (string features, dense row or None)."""
        idx = [self.index[f] for f in feats if f in self.index]
        z = self.b + (self.W[:, idx].sum(axis=1) if idx else 0.0)
        if dense is not None and dense.shape[0] == self.mu.shape[0]:
            z = z + self.Wd @ ((dense - self.mu) / self.sd)
        return z

    def proba_one(self, feats: list[str], dense) -> np.ndarray:
        z = self.logits(feats, dense)
        z = z - z.max()
        p = np.exp(z)
        return p / p.sum()


def token_tensor(tok):
    """The token's tok2vec row (``doc.tensor``), or None when the parse has none."""
    tensor = tok.doc.tensor
    if tensor is None or tensor.shape[0] <= tok.i:
        return None
    return tensor[tok.i]


class FilterModel(LinearModel):
    """P(a rule candidate is a real event of its type): classes "NO", "YES"."""

    def p_event(self, tok, ev, flags, section: str, lex, context: tuple | None = None) -> float:
        """The probability (0-1) that the candidate event ``ev`` triggered by ``tok`` is real.

        Args:
            context: (:func:`.features.sentence_context`, :func:`.features.quoted_tokens`) of the
                token's sentence, when the caller has them (computed otherwise).
        """
        ctx, quoted = context if context is not None else (sentence_context(tok.sent), quoted_tokens(tok.sent))
        feats = candidate_features(tok, ev, flags, section, lex, ctx, quoted)
        return float(self.proba_one(feats, token_tensor(tok))[self.classes.index("YES")])


class DomainModel(LinearModel):
    """P(domain | a sentence): "political" or a non-political domain (sport, business, science,
    weather, crime, culture), over the sentence's content-word lemmas
    (:func:`.features.domain_features`); trained on the training sentences' hard negatives of
    each domain against everything else (``scripts/train_models.py``, classes balanced)."""

    def article_probs(self, spans) -> dict[str, float]:
        """Mean class probabilities (0-1, summing to 1) over sentence spans; {} for no span."""
        cols = [[self.index[f] for f in domain_features(s) if f in self.index] for s in spans]
        if not cols:
            return {}
        z = np.zeros((len(cols), len(self.classes)), dtype=np.float32) + self.b
        full = [k for k, c in enumerate(cols) if c]
        if full:  # one gather for all sentences with a known word, summed per sentence
            flat = [j for k in full for j in cols[k]]
            starts = np.cumsum([0] + [len(cols[k]) for k in full[:-1]])
            z[full] += np.add.reduceat(self.W[:, flat], starts, axis=1).T
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        mean = (p / p.sum(axis=1, keepdims=True)).mean(axis=0)
        return {c: float(p) for c, p in zip(self.classes, mean)}

    def article_domain(self, spans, min_share: float, min_ratio: float) -> str | None:
        """The article's non-political domain, or None: the non-political class of highest mean
        probability when it is at least ``min_share`` and at least ``min_ratio`` times the mean
        probability of "political" (knowledge/models.yaml ``domain``)."""
        probs = self.article_probs(spans)
        if not probs:
            return None
        pol = probs.get(POLITICAL, 0.0)
        best = max((c for c in probs if c != POLITICAL), key=probs.get, default=None)
        if best is None or probs[best] < min_share or probs[best] < min_ratio * pol:
            return None
        return best


class TriggerModel:
    """A loaded trigger model.

    Attributes:
        classes: the labels, "NONE" and PLOVER types, in the order of probability columns.

    Args:
        path: the ``.npz`` file written by ``scripts/train_models.py``.

    Raises:
        ConfigError: the file is missing, unreadable, or built for another feature version.
    """

    def __init__(self, path: Path = MODEL_PATH):
        try:
            with np.load(path, allow_pickle=False) as z:
                version = int(z["feature_version"])
                self.classes = [str(c) for c in z["classes"]]
                vocab = [str(v) for v in z["vocab"]]
                self.W = z["W"].astype(np.float32)          # classes x vocab
                self.Wd = z["Wd"].astype(np.float32)        # classes x dense
                self.b = z["b"].astype(np.float32)
                self.mu = z["mu"].astype(np.float32)
                self.sd = z["sd"].astype(np.float32)
                self.skip = frozenset(str(w) for w in z["skip_lemmas"]) - {""} if "skip_lemmas" in z else frozenset()
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(f"trigger model {path}: {exc} (rebuild it with scripts/train_models.py)") from exc
        if version != FEATURE_VERSION:
            raise ConfigError(f"trigger model {path} was built for feature version {version}, this code "
                              f"reads {FEATURE_VERSION}: rebuild it with scripts/train_models.py")
        self.index = {f: i for i, f in enumerate(vocab)}
        self.none = self.classes.index(NONE)

    def proba(self, toks, section: str, lex) -> np.ndarray:
        """Class probabilities for tokens of one sentence (rows in the order given).

        Args:
            toks: spaCy tokens of one sentence (candidates; see :func:`.features.is_candidate`).
            section: the sentence's section role.
            lex: the trigger lexicon (its hints are features).

        Returns:
            float32 array, len(toks) x len(classes), rows summing to 1.
        """
        return self.proba_many([(toks, section)], lex)

    def proba_many(self, groups: list, lex) -> np.ndarray:
        """Class probabilities for the tokens of several sentences at once (one sparse gather and
        one dense product for all: the per-call cost of numpy dominates small sentences).

        Args:
            groups: (tokens of one sentence, section role) pairs.

        Returns:
            float32 array, one row per token in group order, rows summing to 1.
        """
        toks = [t for ts, _ in groups for t in ts]
        if not toks:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        cols: list[int] = []
        starts: list[int] = []
        for ts, section in groups:
            if not ts:
                continue
            sent = sentence_of(ts[0])
            index = self.index
            ctx = [j for f in sentence_context(sent) if (j := index.get(f)) is not None]
            quoted = quoted_tokens(sent)
            for tok in ts:
                starts.append(len(cols))
                cols.extend(ctx)
                cols.extend(j for f in token_features(tok, section, lex, [], quoted) if (j := index.get(f)) is not None)
        z = np.zeros((len(toks), len(self.classes)), dtype=np.float32) + self.b
        if cols:  # one gather for every token, summed per token
            bounds = starts + [len(cols)]
            sums = np.add.reduceat(self.W[:, cols], starts, axis=1).T
            empty = [k for k in range(len(toks)) if bounds[k + 1] == bounds[k]]
            sums[empty] = 0.0  # reduceat repeats a column for an empty segment
            z += sums
        tensor = toks[0].doc.tensor
        if tensor is not None and tensor.shape[1] == self.mu.shape[0] and all(t.doc is toks[0].doc for t in toks):
            rows = [t.i for t in toks]
            z += ((tensor[rows] - self.mu) / self.sd) @ self.Wd.T
        elif tensor is not None:
            # (a group's tokens are of one sentence, of one Doc: one gather per group)
            dense = np.concatenate([ts[0].doc.tensor[[t.i for t in ts]] for ts, _ in groups if ts])
            if dense.shape[1] == self.mu.shape[0]:
                z += ((dense - self.mu) / self.sd) @ self.Wd.T
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def candidates(self, span, skip=frozenset()) -> list:
        """The tokens of a sentence span the model scores: candidates (see
        :func:`.features.is_candidate`) not in ``skip`` (token indices) and not among the words the
        training data never used as a trigger (the model file's ``skip_lemmas``)."""
        return [t for t in span if t.i not in skip and is_candidate(t) and t.lemma_.lower() not in self.skip]

    def sentence(self, span, section: str, lex, skip=frozenset()) -> dict[int, np.ndarray]:
        """Probabilities of the candidate tokens of a sentence span, keyed by token index."""
        toks = self.candidates(span, skip)
        return {t.i: row for t, row in zip(toks, self.proba(toks, section, lex))}

    def sentences(self, items: list, lex) -> list[dict[int, np.ndarray]]:
        """:meth:`sentence` for many (span, section, skip) items in one batch."""
        groups = [(self.candidates(span, skip), section) for span, section, skip in items]
        probs = self.proba_many(groups, lex)
        out, k = [], 0
        for toks, _ in groups:
            out.append({t.i: probs[k + j] for j, t in enumerate(toks)})
            k += len(toks)
        return out


def _shipped(kb, key: str, build):
    """``build()`` once per Knowledge (cached as ``<key>_model``), or None when ``models.yaml``
    turns the component off (``<key>: {enabled: false}``)."""

    def load():
        conf = (kb.yaml("models.yaml") or {}).get(key) or {}
        return build() if conf.get("enabled", True) else None

    return kb.cached(f"{key}_model", load)


def load_trigger_model(kb) -> TriggerModel | None:
    """The shipped trigger model (``models.yaml`` key ``trigger``), loaded once per Knowledge, or None.

    Raises:
        ConfigError: the model file is missing or stale.
    """
    return _shipped(kb, "trigger", lambda: TriggerModel(MODEL_PATH))


def load_filter_model(kb) -> FilterModel | None:
    """The shipped candidate filter (``models.yaml`` key ``filter``), loaded once per Knowledge, or None.

    Raises:
        ConfigError: the model file is missing or stale.
    """
    return _shipped(kb, "filter", lambda: FilterModel(FILTER_PATH))


def load_domain_model(kb) -> DomainModel | None:
    """The shipped article-domain model (``models.yaml`` key ``domain``), loaded once per
    Knowledge, or None.

    Raises:
        ConfigError: the model file is missing or stale.
    """
    return _shipped(kb, "domain", lambda: DomainModel(DOMAIN_PATH))
