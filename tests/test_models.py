"""The learned components: shipped weights built from the repository's training data, loadable
without scikit-learn, reading a sentence as the training script does."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "training" / "sentences"


def _data_hash(domains: bool = False) -> str:
    """sha256 of the training sentences (and, for the domain model, of training/domains too)."""
    h = hashlib.sha256()
    extra = sorted((TRAINING.parent / "domains").glob("*.jsonl")) if domains else []
    for path in sorted(TRAINING.glob("*.jsonl")) + extra:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@pytest.mark.parametrize("name", ["trigger.npz", "filter.npz", "domain.npz"])
def test_shipped_weights_were_built_from_the_training_data_in_the_repository(name):
    from eventwire.models.trigger import MODEL_PATH

    with np.load(MODEL_PATH.parent / name, allow_pickle=False) as z:
        assert str(z["data_sha256"]) == _data_hash(domains=name == "domain.npz"), (
            f"{name} was built from other training data: rerun python scripts/train_models.py")


def test_domain_sentences_are_well_formed():
    import json

    n = 0
    for path in sorted((TRAINING.parent / "domains").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            assert r["domain"] in ("political", "business", "crime", "culture", "science", "sport", "weather"), r["id"]
            assert r["text"].strip(), r["id"]
            n += 1
    assert n >= 500


def test_training_sentences_are_well_formed():
    import json

    from eventwire.extract.lexicon import PLOVER_TYPES

    n = 0
    for path in sorted(TRAINING.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            for ev in r["events"]:
                assert ev["event_type"] in PLOVER_TYPES, (path.name, r["id"])
                assert ev["trigger"] in r["text"], (path.name, r["id"], ev["trigger"])
            n += 1
    assert n >= 4000


def test_the_trigger_model_gives_probabilities_over_none_and_the_types(pipeline):
    from eventwire.extract.lexicon import PLOVER_TYPES, load_lexicon
    from eventwire.models.trigger import load_trigger_model
    from eventwire.nlp import load_model

    model = load_trigger_model(pipeline.kb)
    assert model.classes == ["NONE", *PLOVER_TYPES]
    doc = load_model(None)("Riot police fired tear gas at students marching on the palace in Conakry.")
    probs = model.sentence(doc[:], "body", load_lexicon(pipeline.kb))
    assert probs and all(abs(float(p.sum()) - 1.0) < 1e-4 for p in probs.values())


def test_a_stale_model_file_is_a_clear_config_error(tmp_path):
    from eventwire.errors import ConfigError
    from eventwire.models.trigger import LinearModel

    bad = tmp_path / "old.npz"
    np.savez(bad, feature_version=np.int64(0), classes=np.array(["NO", "YES"]), vocab=np.array(["bias"]),
             W=np.zeros((2, 1)), Wd=np.zeros((2, 1)), b=np.zeros(2), mu=np.zeros(1), sd=np.ones(1))
    with pytest.raises(ConfigError, match="train_models"):
        LinearModel(bad)
    with pytest.raises(ConfigError, match="train_models"):
        LinearModel(tmp_path / "missing.npz")
