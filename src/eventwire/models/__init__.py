"""Learned components of the extractor, with weights built by ``scripts/train_models.py`` from
the sentences in ``training/`` (written for training, never evaluation data) with a fixed seed.

- :mod:`.features`: the features of a candidate trigger token (shared by training and use).
- :mod:`.trigger`: the trigger model, P(PLOVER type or NONE | token in its sentence): it scores
  the rule triggers (rejecting non-events: sport, business, metaphor, headline labels, polls,
  rhetorical quotes) and proposes a type where no rule trigger fires.

Inference needs only numpy (a spaCy dependency); training needs scikit-learn (``[train]``).
"""
