"""The relation classifier: one multi-class decision per candidate pair, loaded once per process.

The model is a multinomial logistic regression over the feature strings of
:mod:`kg.extract.pairs`, trained by ``kg train relations`` (:mod:`kg.train.relations`) and
shipped as ``kg/models/relations.npz`` (feature names, a weight matrix, class names, and the
thresholds chosen at training time; see ``kg/models/README.md``). Inference is a sparse sum of
weight rows and a softmax in NumPy: no scikit-learn object is unpickled at run time.

>>> model = load_model()
>>> model.classes[0], len(model.classes) == len(set(model.classes))
('none', True)
>>> model.floor <= model.min_confidence <= 1.0  # 1.0: its own facts are evidence only
True
"""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from functools import lru_cache
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

__all__ = ["RelationModel", "load_model", "model_path", "Decision", "LEARNT", "status_at",
           "default_min_confidence", "using_model", "feature_columns"]

# Evidence methods of facts the classifier decided alone (cue facts are "cue:…", tables "table:…").
LEARNT = "model:"

_lock = threading.Lock()
_cache: dict[str, "RelationModel"] = {}


@lru_cache(maxsize=1)  # resolved once: extraction asks for the model twice per sentence
def model_path() -> Path:
    """The shipped model file."""
    return Path(str(resources.files("kg.models").joinpath("relations.npz")))


@dataclass(frozen=True, slots=True)
class Decision:
    """The model's verdict on one pair: best class, its probability and what drove it."""

    label: str
    probability: float
    features: tuple[str, ...] = ()  # the fired features that pushed most towards *label*


@dataclass
class RelationModel:
    """Weights of a trained classifier and how to apply them."""

    features: dict[str, int]
    weights: np.ndarray  # (n_features, n_classes), float32
    bias: np.ndarray  # (n_classes,)
    classes: tuple[str, ...]
    min_confidence: float = 0.5  # default assertion threshold (``kg build --min-confidence``)
    floor: float = 0.15  # below this a model verdict is not kept at all
    meta: dict = field(default_factory=dict)

    def decide(self, batch: list[list[str]], explain: bool = False) -> list[Decision]:
        """One decision per feature list (unknown features are ignored): the likeliest relation
        class and its probability, "none" when that is below :attr:`floor`.

        The relation is read even when "none" is likelier than it: twenty-one relation classes
        share the mass "none" stands against alone, and a fact the model gives 0.3 while no
        other relation gets near is worth keeping with that confidence; which probability is
        enough to assert it is :attr:`min_confidence`'s business.
        """
        if not batch:
            return []
        index = self.features
        rows = [feature_columns(feats, index) for feats in batch]
        scores = np.empty((len(rows), len(self.classes)), dtype=np.float64)
        for r, idx in enumerate(rows):
            scores[r] = self.weights[idx].sum(axis=0) if idx else 0.0
        scores += self.bias
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        best = 1 + probs[:, 1:].argmax(axis=1)  # class 0 is "none"
        out = []
        names = None
        for r, k in enumerate(best):
            if probs[r, k] < self.floor:
                out.append(Decision("none", float(probs[r, 0])))
                continue
            label = self.classes[k]
            top: tuple[str, ...] = ()
            if explain and label != "none" and rows[r]:
                if names is None:
                    names = {v: f for f, v in index.items()}
                push = self.weights[rows[r], k] - self.weights[rows[r], 0]
                order = np.argsort(-push, kind="stable")[:6]
                top = tuple(f"{names[rows[r][o]]}={push[o]:+.2f}" for o in order if push[o] > 0)
            out.append(Decision(label, float(probs[r, k]), top))
        return out

    def save(self, path: Path) -> None:
        names = sorted(self.features, key=self.features.get)
        meta = {**self.meta, "classes": list(self.classes), "min_confidence": self.min_confidence,
                "floor": self.floor}
        with open(path, "wb") as f:
            np.savez_compressed(f, features=np.array(names), weights=self.weights.astype(np.float32),
                                bias=self.bias.astype(np.float32), meta=np.array(json.dumps(meta, ensure_ascii=False)))

    @classmethod
    def read(cls, path: Path) -> "RelationModel":
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            features = {str(f): i for i, f in enumerate(data["features"])}
            return cls(features, data["weights"], data["bias"].astype(np.float64), tuple(meta["classes"]),
                       float(meta["min_confidence"]), float(meta["floor"]), meta)


def feature_columns(feats: list[str], index: dict[str, int]) -> list[int]:
    """The weight rows of a feature list: each known feature once, in index order. Training
    (``kg.train.relations``) and :meth:`RelationModel.decide` both count features this way, so a
    word seen twice near a pair, or the order of a set, changes nothing.

    >>> feature_columns(["b", "a", "b", "zz"], {"a": 0, "b": 1})
    [0, 1]
    """
    return sorted({index[f] for f in feats if f in index})


def load_model(path: Path | None = None) -> RelationModel:
    """The shipped model (or the one at *path*), read once per process."""
    path = path or model_path()
    key = str(path)
    with _lock:
        if key not in _cache:
            _cache[key] = RelationModel.read(path)
        return _cache[key]


@contextmanager
def using_model(model: RelationModel):
    """Make *model* the one extraction loads while the block runs (training scores a fresh model)."""
    key = str(model_path())
    with _lock:
        old = _cache.get(key)
        _cache[key] = model
    try:
        yield model
    finally:
        with _lock:
            if old is None:
                _cache.pop(key, None)
            else:
                _cache[key] = old


def default_min_confidence() -> float:
    """The shipped model's assertion threshold (chosen at training time, see the model card)."""
    return load_model().min_confidence


def status_at(relation, min_confidence: float | None = None) -> str:
    """The status a relation gets at an assertion threshold (None: the shipped model's).

    Only the classifier's own facts are held to the threshold; a cue or a table that states a
    fact asserts it, as before. A learnt fact below the threshold keeps its evidence as
    ``low-confidence``, hedged or not; at or above it, it has the status its sentence gives it.

    >>> from kg.model import Relation, Evidence
    >>> r = Relation("甲", "investsIn", "乙", Evidence("…", 0, 1, "model:investsIn", 0.4))
    >>> status_at(r, 0.5), status_at(r, 0.3)
    ('low-confidence', 'asserted')
    >>> status_at(Relation("甲", "investsIn", "乙", r.evidence, "planned"), 0.3)
    'planned'
    """
    if not relation.evidence.method.startswith(LEARNT):
        return relation.status
    if min_confidence is None:
        min_confidence = default_min_confidence()
    if relation.evidence.confidence < min_confidence:
        return "low-confidence"
    return relation.status
