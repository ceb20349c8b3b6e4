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
from .features import (FEATURE_VERSION, candidate_features, is_candidate, quoted_tokens, sentence_context,
                       token_features)

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).resolve().parent / "trigger.npz"
FILTER_PATH = Path(__file__).resolve().parent / "filter.npz"
NONE = "NONE"


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

    def p_event(self, tok, ev, flags, section: str, lex) -> float:
        """The probability (0-1) that the candidate event ``ev`` triggered by ``tok`` is real."""
        feats = candidate_features(tok, ev, flags, section, lex, sentence_context(tok.sent))
        return float(self.proba_one(feats, token_tensor(tok))[self.classes.index("YES")])


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
        if not toks:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        sent = toks[0].sent
        ctx_idx = [self.index[f] for f in sentence_context(sent) if f in self.index]
        quoted = quoted_tokens(sent)
        cols: list[int] = []
        starts: list[int] = []
        for tok in toks:
            starts.append(len(cols))
            cols.extend(self.index[f] for f in token_features(tok, section, lex, [], quoted) if f in self.index)
        z = np.zeros((len(toks), len(self.classes)), dtype=np.float32) + self.b
        if ctx_idx:
            z += self.W[:, ctx_idx].sum(axis=1)
        if cols:  # one gather for the whole sentence, summed per token
            sums = np.add.reduceat(self.W[:, cols], starts, axis=1).T
            empty = [k for k in range(len(toks)) if (starts[k + 1] if k + 1 < len(toks) else len(cols)) == starts[k]]
            sums[empty] = 0.0  # reduceat repeats a column for an empty segment
            z += sums
        tensor = toks[0].doc.tensor
        if tensor is not None and tensor.shape[1] == self.mu.shape[0]:
            rows = [t.i for t in toks]
            z += ((tensor[rows] - self.mu) / self.sd) @ self.Wd.T
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def sentence(self, span, section: str, lex, skip=frozenset()) -> dict[int, np.ndarray]:
        """Probabilities of the candidate tokens of a sentence span, keyed by token index
        (``skip``: token indices not to score)."""
        toks = [t for t in span if t.i not in skip and is_candidate(t)]
        return {t.i: row for t, row in zip(toks, self.proba(toks, section, lex))}


def load_trigger_model(kb) -> TriggerModel | None:
    """The shipped trigger model, loaded once per Knowledge; None when ``models.yaml`` turns it
    off (``trigger: {enabled: false}``).

    Raises:
        ConfigError: the model file is missing or stale.
    """

    def build():
        conf = (kb.yaml("models.yaml") or {}).get("trigger") or {}
        if not conf.get("enabled", True):
            return None
        return TriggerModel(MODEL_PATH)

    return kb.cached("trigger_model", build)


def load_filter_model(kb) -> FilterModel | None:
    """The shipped candidate filter, loaded once per Knowledge; None when ``models.yaml`` turns
    it off (``filter: {enabled: false}``).

    Raises:
        ConfigError: the model file is missing or stale.
    """

    def build():
        conf = (kb.yaml("models.yaml") or {}).get("filter") or {}
        if not conf.get("enabled", True):
            return None
        return FilterModel(FILTER_PATH)

    return kb.cached("filter_model", build)
