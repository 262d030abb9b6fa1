"""Train the relation classifier shipped as ``kg/models/relations.npz`` (``kg train relations``).

Training runs the way extraction runs: every sentence goes through the entity stage, its
mentions are masked, the cue rules give their verdicts, and every candidate pair gets the
features of :mod:`kg.extract.pairs`. Only the labels come from elsewhere:

- **FinRE train** (MIT; Li et al., ACL 2019): the labelled pair of each sentence is a fact when
  its label maps onto a predicate under the strict reading of ``finre_mapping.json``, a negative
  when the label maps to nothing, and left out when only the lenient reading maps it. A labelled
  name the entity stage missed is added as a mention, so the model sees the pair it would see
  once the name is recognised. The sentence's other pairs are silver: the cue rules' verdict
  when a cue states them, else a negative, both at a lower weight (FinRE labels one pair only).
- **The seed articles** (``seeds/``, written for the project): silver labels from the cue rules.

The model is a multinomial logistic regression (scikit-learn, deterministic lbfgs) over binary
features seen at least twice; the regularisation is chosen by cross-validation on FinRE train.
The assertion threshold (``min_confidence``) is chosen on FinRE valid **end to end** (entities
found by the pipeline, not handed over): the highest F1 whose precision is at least
:data:`TARGET_PRECISION` and at which the classifier's own facts are right at least
:data:`LEARNT_PRECISION` of the time (over :data:`LEARNT_SUPPORT` of them at least); when no
threshold qualifies it is 1.0 and the classifier's facts are kept as low-confidence evidence only
(:func:`choose_threshold`). Weights, classes and thresholds are saved with
:meth:`kg.extract.classifier.RelationModel.save`; nothing pickled.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kg.extract.pairs import mention_key as _key
from kg.graph.resolve import name_key

__all__ = ["train_relations", "finre_units", "default_finre_dir", "score_finre", "choose_threshold",
           "TrainReport"]

TARGET_PRECISION = 0.70  # issue 15's bar for FinRE valid end to end
# ... and the bar for the classifier's own facts, which news prose makes far less reliable than
# FinRE's one-pair sentences do (benchmarks/results/archive_review_session4.md: 5 of 28 right at 0.2)
LEARNT_PRECISION = 0.75
LEARNT_SUPPORT = 10  # ... measured on at least this many of them, not on a lucky handful
# FinRE labels one pair a sentence; its other pairs are only silver. A cue's verdict on one is
# usually right; "no cue, so no relation" often is not, so those negatives weigh little.
SILVER_WEIGHT = 1.0
SILVER_NEGATIVE_WEIGHT = 0.05
# FinRE's "unknown" also covers pairs related in ways its labels do not name: half a negative.
UNKNOWN_WEIGHT = 0.5
# Which reading a pair labelled twice in FinRE (持股 and 拥有) is taught: the stronger tie first.
_PRIORITY = ("subsidiaryOf", "acquired", "foundedBy", "shareholderOf", "investsIn", "servesClient",
             "partnersWith")
_ROOT = Path(__file__).resolve().parents[2]


def default_finre_dir() -> Path:
    """``../shared/datasets/FinRE`` beside the checkout (or the working directory)."""
    for base in (Path.cwd(), _ROOT):
        path = base.parent / "shared" / "datasets" / "FinRE"
        if path.is_dir():
            return path
    return _ROOT.parent / "shared" / "datasets" / "FinRE"


def same_name(a: str, b: str) -> bool:
    """FinRE's name match: equal, or one contains the other (two characters at least).

    >>> same_name("招商银行", "招行"), same_name("招商银行股份有限公司", "招商银行")
    (False, True)
    """
    a, b = name_key(a), name_key(b)
    return a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a))


@dataclass
class Unit:
    """One FinRE sentence with its labelled pair."""

    sentence: str
    head: str
    tail: str
    facts: set = field(default_factory=set)  # (subject, predicate, object)
    care: bool = True


def finre_units(path: Path, mapping: dict, limit: int | None = None) -> list[Unit]:
    """FinRE lines grouped per sentence (first labelled pair only), labels mapped strictly."""
    units: dict[str, Unit] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 4:
            continue
        head, tail, label, sentence = parts
        unit = units.setdefault(sentence, Unit(sentence.replace("<N>", "8"), head, tail))
        if {head, tail} != {unit.head, unit.tail}:
            continue
        strict, lenient = mapping.get(label, {}).get("strict"), mapping.get(label, {}).get("lenient")
        if strict:
            predicate, direction = strict
            s, o = (head, tail) if direction in ("fwd", "sym") else (tail, head)
            unit.facts.add((s, predicate, o))
        elif lenient:
            unit.care = False
    out = list(units.values())
    return out[:limit] if limit else out


# --- examples ------------------------------------------------------------------------------

def _with_names(doc, mentions, names: Iterable[str]):
    """*mentions* plus a mention of each name no found mention matches (overlaps give way)."""
    from kg.model import Mention

    mentions = list(mentions)
    for name in names:
        if any(same_name(m.text, name) or same_name(m.entity or m.text, name) for m in mentions):
            continue
        start = doc.text.find(name)
        while start >= 0:
            end = start + len(name)
            mentions = [m for m in mentions if m.end <= start or m.start >= end]
            mentions.append(Mention(start, end, name, "Company", name, -1, "finre"))
            start = doc.text.find(name, end)
    return tuple(sorted(mentions, key=lambda m: (m.start, -m.end)))


def _sentence_examples(doc, mentions):
    """(pairs, feature lists, cue candidates) of each content sentence, computed by the same
    functions extraction runs (section subjects included)."""
    from kg.extract.relations import masked_sentences, pair_batch, sentence_relations

    for _, masked, section in masked_sentences(doc, mentions):
        if len(masked.mentions) < 2:
            continue
        cues = sentence_relations(masked, section_subject=section)
        pairs, batch = pair_batch(masked, cues)
        yield pairs, batch, cues


def _cue_label(pair, cues) -> str:
    from kg.extract.pairs import label_of

    ka, kb = _key(pair.a), _key(pair.b)
    for c in cues:
        if {c.subject, c.object} == {ka, kb} and c.status == "asserted":
            return label_of(c.predicate, c.subject == ka)
    return "none"


def _gold_label(pair, unit: Unit) -> str | None:
    """The taught class of the labelled pair, "none" for a negative, None for any other pair."""
    from kg.extract.pairs import label_of

    a, b = pair.a.text, pair.b.text
    ka, kb = _key(pair.a), _key(pair.b)
    match_a = lambda n: same_name(a, n) or same_name(ka, n)  # noqa: E731
    match_b = lambda n: same_name(b, n) or same_name(kb, n)  # noqa: E731
    if not ((match_a(unit.head) and match_b(unit.tail)) or (match_a(unit.tail) and match_b(unit.head))):
        return None
    for predicate in _PRIORITY:
        for s, p, o in sorted(unit.facts):
            if p == predicate:
                return label_of(p, match_a(s) and match_b(o))
    return "none"


def finre_examples(units: list[Unit], bar=None) -> Iterator[tuple[list[str], str, float, bool]]:
    """(features, class, weight, FinRE-labelled) of every candidate pair of the FinRE sentences
    (*bar*, a progress bar of :func:`kg.output.progress_factory`, advances once a sentence)."""
    from kg.extract.entities import find_entities
    from kg.ingest import document_from_text

    for n, unit in enumerate(units):
        if bar:
            bar.advance()
        doc = document_from_text(unit.sentence, f"finre:{n}", "text")
        mentions, _ = find_entities(doc)
        mentions = _with_names(doc, mentions, (unit.head, unit.tail))
        for pairs, batch, cues in _sentence_examples(doc, mentions):
            for pair, feats in zip(pairs, batch):
                gold = _gold_label(pair, unit)
                if gold is not None:
                    if unit.care:
                        yield feats, gold, UNKNOWN_WEIGHT if gold == "none" else 1.0, True
                else:
                    label = _cue_label(pair, cues)
                    yield feats, label, SILVER_WEIGHT if label != "none" else SILVER_NEGATIVE_WEIGHT, False


def seed_examples(paths: Iterable[Path]) -> Iterator[tuple[list[str], str, float, bool]]:
    """Silver examples of the seed articles: the cue rules' verdicts on every candidate pair."""
    from kg.extract.entities import find_entities
    from kg.ingest import read_document

    for path in sorted(paths):
        doc = read_document(path)
        mentions, _ = find_entities(doc)
        for pairs, batch, cues in _sentence_examples(doc, mentions):
            for pair, feats in zip(pairs, batch):
                label = _cue_label(pair, cues)
                yield feats, label, SILVER_WEIGHT if label != "none" else SILVER_NEGATIVE_WEIGHT, False


# --- fitting -------------------------------------------------------------------------------

def _matrix(batch: list[list[str]], index: dict[str, int]):
    from scipy.sparse import csr_matrix

    from kg.extract.classifier import feature_columns

    indptr, indices = [0], []
    for feats in batch:
        indices.extend(feature_columns(feats, index))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return csr_matrix((data, indices, indptr), shape=(len(batch), len(index)))


def _fit(X, y, w, C: float, seed: int):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, max_iter=300, tol=1e-4, random_state=seed)
    clf.fit(X, y, sample_weight=w)
    return clf


def _prf(pred, gold) -> tuple[float, float, float]:
    """Micro P/R/F1 over the relation classes (class 0 is "none")."""
    tp = int(((pred == gold) & (gold != 0)).sum())
    fp = int(((pred != gold) & (pred != 0)).sum())
    fn = int(((pred != gold) & (gold != 0)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _cross_validate(X, y, w, labelled, seed: int, grid=(0.5, 1.0), thresholds=()) -> tuple[float, float, dict]:
    """Regularisation and threshold with the best 3-fold CV micro-F1 on the FinRE-labelled pairs.

    Returns (C, threshold, {C: F1}); the threshold is the best F1 whose precision reaches
    :data:`TARGET_PRECISION`. Silver pairs train every fold but are never scored.
    """
    from sklearn.model_selection import KFold

    folds = list(KFold(n_splits=3, shuffle=True, random_state=seed).split(X))
    scores, best = {}, (None, -1.0, 0.5)
    for C in grid:
        probs = np.zeros((X.shape[0], len(np.unique(y))))
        classes = np.unique(y)
        for train, test in folds:
            clf = _fit(X[train], y[train], w[train], C, seed)
            probs[np.ix_(test, np.searchsorted(classes, clf.classes_))] = clf.predict_proba(X[test])
        gold_rows = labelled
        # read as extraction reads (RelationModel.decide): the likeliest relation class, "none" being class 0
        pred, top = classes[1 + probs[:, 1:].argmax(axis=1)][gold_rows], probs[:, 1:].max(axis=1)[gold_rows]
        by_t = {t: _prf(np.where(top >= t, pred, 0), y[gold_rows]) for t in thresholds}
        ok = [t for t in thresholds if by_t[t][0] >= TARGET_PRECISION] or list(thresholds)
        t = max(ok, key=lambda t: by_t[t][2])
        scores[C] = round(by_t[t][2], 4)
        if by_t[t][2] > best[1]:
            best = (C, by_t[t][2], t)
    return best[0], best[2], scores


def score_finre(units: list[Unit], thresholds: Iterable[float]) -> tuple[dict, dict, dict]:
    """End-to-end P/R/F1 of the extraction pipeline on FinRE units, per assertion threshold,
    the calibration of the classifier's own facts, and their own precision per threshold.

    Scored as ``../shared/eval/finre_eval.py`` scores ``kg extract --lines`` (its rows, with
    names as the sentence writes them): only predictions about the labelled pair count; a
    prediction below the threshold from the classifier (``model:`` evidence) is not made; cue
    facts are made whatever the threshold. The
    calibration maps a confidence band ("0.6-0.8") to (learnt facts about labelled pairs in
    it, the share of them that are right); the third dict maps a threshold to (learnt facts
    about labelled pairs at or above it, the share of them that are right).
    """
    from kg.extract.classifier import LEARNT
    from kg.extract.pipeline import extract_document
    from kg.extract.rows import relation_rows
    from kg.ingest import document_from_text

    undirected = {"partnersWith", "servesClient"}

    def norm_key(s, p, o):
        return (o, p, s) if p in undirected and o < s else (s, p, o)

    predictions = []
    for n, unit in enumerate(units):
        extraction = extract_document(document_from_text(unit.sentence, f"finre:{n}", "text"))
        predictions.append([(r["subject"], r["predicate"], r["object"], r["confidence"],
                             r["method"].startswith(LEARNT)) for r in relation_rows(extraction, n)])
    out = {}
    for t in thresholds:
        tp = fp = fn = 0
        for unit, preds in zip(units, predictions):
            if not unit.care:
                continue
            found = set()
            for s, p, o, conf, learnt in preds:
                if learnt and conf < t:
                    continue
                if same_name(s, unit.head) and same_name(o, unit.tail):
                    found.add(norm_key(unit.head, p, unit.tail))
                elif same_name(s, unit.tail) and same_name(o, unit.head):
                    found.add(norm_key(unit.tail, p, unit.head))
            gold = {norm_key(*f) for f in unit.facts}
            tp += len(found & gold)
            fp += len(found - gold)
            fn += len(gold - found)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[t] = (round(p, 4), round(r, 4), round(2 * p * r / (p + r) if p + r else 0.0, 4))
    bands: dict[str, list[int]] = {}
    learnt_facts: list[tuple[float, bool]] = []
    for unit, preds in zip(units, predictions):
        if not unit.care:
            continue
        gold = {norm_key(*f) for f in unit.facts}
        for s, p, o, conf, learnt in preds:
            if not learnt:
                continue
            if same_name(s, unit.head) and same_name(o, unit.tail):
                k = norm_key(unit.head, p, unit.tail)
            elif same_name(s, unit.tail) and same_name(o, unit.head):
                k = norm_key(unit.tail, p, unit.head)
            else:
                continue
            lo = min(int(conf * 5), 4) / 5
            band = bands.setdefault(f"{lo:.1f}-{lo + 0.2:.1f}", [0, 0])
            band[0] += 1
            band[1] += k in gold
            learnt_facts.append((conf, k in gold))
    calibration = {b: (n, round(right / n, 3)) for b, (n, right) in sorted(bands.items())}
    own = {}
    for t in thresholds:
        made = [right for conf, right in learnt_facts if conf >= t]
        own[t] = (len(made), round(sum(made) / len(made), 4) if made else 1.0)
    return out, calibration, own


def choose_threshold(valid: dict, own: dict, cv_threshold: float = 0.5) -> float:
    """The assertion threshold: the best end-to-end F1 among the thresholds whose precision is
    at least :data:`TARGET_PRECISION` and at which the classifier's own facts are right at least
    :data:`LEARNT_PRECISION` of the time over :data:`LEARNT_SUPPORT` of them (the cue facts'
    precision must not carry weaker ones); ties go to the cross-validated threshold. 1.0 when
    none qualifies: the classifier's facts stay low-confidence evidence, ``--min-confidence``
    opts in.

    *valid* maps a threshold to (P, R, F1) end to end, *own* to (learnt facts, share right), as
    :func:`score_finre` returns them.

    >>> valid = {0.2: (0.74, 0.33, 0.46), 0.8: (0.80, 0.31, 0.45)}
    >>> choose_threshold(valid, {0.2: (24, 0.42), 0.8: (12, 0.75)})
    0.8
    >>> choose_threshold(valid, {0.2: (24, 0.42), 0.8: (4, 0.75)})  # too few to trust
    1.0
    """
    ok = [t for t in valid if t < 1.0 and valid[t][0] >= TARGET_PRECISION
          and own[t][1] >= LEARNT_PRECISION and own[t][0] >= LEARNT_SUPPORT]
    if not ok:
        return 1.0
    return max(ok, key=lambda t: (round(valid[t][2], 3), -abs(t - cv_threshold)))


@dataclass
class TrainReport:
    examples: int
    features: int
    classes: int
    C: float
    cv: dict
    min_confidence: float
    valid: dict  # threshold -> (P, R, F1), end to end on FinRE valid
    calibration: dict  # confidence band -> (learnt facts, share right), FinRE valid
    seconds: float
    path: str

    def lines(self) -> list[str]:
        p, r, f = self.valid.get(self.min_confidence, (0, 0, 0))
        return [
            f"examples {self.examples}, features {self.features}, classes {self.classes}",
            f"regularisation C={self.C} (3-fold CV micro-F1 of FinRE-labelled pairs by C: {self.cv})",
            f"min_confidence {self.min_confidence}: FinRE valid end to end P={p:.3f} R={r:.3f} F1={f:.3f}",
            "calibration of the classifier's own facts on FinRE valid (band: n, share right): "
            + ", ".join(f"{b}: {n}, {share:.2f}" for b, (n, share) in self.calibration.items()),
            f"wrote {self.path} in {self.seconds:.0f} s",
        ]


def train_relations(out: Path, *, finre_dir: Path | None = None, seeds: Path | None = None,
                    limit: int | None = None, seed: int = 0, min_count: int = 2,
                    progress=None) -> TrainReport:
    """Build the training examples, fit, pick the threshold on FinRE valid, save to *out*.

    *progress* is a ``progress(total)`` bar factory (:func:`kg.output.progress_factory`) for the
    FinRE train sentences, or None.

    Raises
    ------
    InputError
        When *finre_dir* holds no ``train.txt``.
    """
    from kg.errors import InputError
    from kg.extract.classifier import RelationModel, using_model
    from kg.extract.pairs import CLASSES

    started = time.perf_counter()
    finre_dir = Path(finre_dir) if finre_dir else default_finre_dir()
    if not (finre_dir / "train.txt").is_file():
        raise InputError(finre_dir, "no FinRE train.txt here (give --finre DIR)")
    mapping = json.loads((finre_dir / "finre_mapping.json").read_text(encoding="utf-8"))
    units = finre_units(finre_dir / "train.txt", mapping, limit)
    bar = progress(len(units)) if progress else None
    examples = list(finre_examples(units, bar))
    if bar:
        bar.close()
    finre_count = len(examples)
    seed_dir = Path(seeds) if seeds else _ROOT / "seeds"
    if seed_dir.is_dir():
        examples += list(seed_examples(seed_dir.glob("*.txt")))
    counts = Counter(f for feats, *_ in examples for f in set(feats))
    names = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i for i, f in enumerate(names)}
    X = _matrix([feats for feats, *_ in examples], index)
    class_index = {c: i for i, c in enumerate(CLASSES)}
    y = np.array([class_index[label] for _, label, _, _ in examples])
    w = np.array([weight for _, _, weight, _ in examples])
    labelled = np.array([gold for *_, gold in examples])
    grid = [round(0.15 + 0.05 * k, 2) for k in range(17)]
    C, cv_threshold, cv = _cross_validate(X[:finre_count], y[:finre_count], w[:finre_count],
                                          labelled[:finre_count], seed,
                                          thresholds=grid) \
        if len(set(y[:finre_count].tolist())) > 2 and finre_count >= 60 else (1.0, 0.5, {})
    clf = _fit(X, y, w, C, seed)
    weights = np.zeros((len(names), len(CLASSES)), dtype=np.float32)
    bias = np.full(len(CLASSES), -30.0, dtype=np.float32)  # a class never seen is never chosen
    for k, c in enumerate(clf.classes_):
        weights[:, c] = clf.coef_[k] if len(clf.classes_) > 2 else (clf.coef_[0] if k == 1 else 0.0)
        bias[c] = clf.intercept_[k] if len(clf.classes_) > 2 else (clf.intercept_[0] if k == 1 else 0.0)
    model = RelationModel(index, weights, bias, CLASSES, 0.5, grid[0], {
        "trained_on": ["FinRE train (MIT)", "seeds/ (project articles, cue-rule silver labels)"],
        "examples": len(examples), "C": C, "seed": seed, "min_count": min_count,
        "cv_threshold": cv_threshold, "cv_f1_by_C": {str(k): v for k, v in cv.items()},
    })
    valid_units = finre_units(finre_dir / "valid.txt", mapping, limit)
    with using_model(model):
        valid, calibration, own = score_finre(valid_units, grid + [1.0])
    best = choose_threshold(valid, own, cv_threshold)
    model.min_confidence = best
    model.meta["finre_valid_end_to_end"] = {str(t): v for t, v in valid.items()}
    model.meta["finre_valid_calibration"] = calibration
    model.meta["finre_valid_learnt_precision"] = {str(t): v for t, v in own.items()}
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    return TrainReport(len(examples), len(names), len(CLASSES), C, cv, best, valid, calibration,
                       time.perf_counter() - started, str(out))
