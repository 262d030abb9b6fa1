"""End to end on seed 002 (acceptance, marked ``seeds``): facts with evidence pointing into the raw file."""

from __future__ import annotations

from pathlib import Path

import pytest
from kg.extract.classifier import status_at

SEED = Path(__file__).resolve().parents[1] / "seeds" / "002_b8c15c3f77520a72.txt"

pytestmark = pytest.mark.seeds


@pytest.fixture(scope="module")
def extracted():
    from kg.extract.pipeline import extract_document
    from kg.ingest import read_document

    doc = read_document(SEED)
    return doc, extract_document(doc)


@pytest.mark.parametrize("subject, predicate, obj, words", [
    ("同盾", "headquarteredIn", "杭州", "总部位于"),
    ("蚂蚁", "subsidiaryOf", "阿里巴巴", "旗下"),
    ("阿里云", "servesClient", "浙商银行", "帮助"),
    ("联动优势", "foundedBy", "中国银联", "出资"),
])
def test_fact_with_evidence_offsets(extracted, subject, predicate, obj, words):
    doc, extraction = extracted
    hits = [r for r in extraction.relations if r.predicate == predicate and status_at(r) == "asserted"
            and (subject in r.subject and obj in r.object or subject in r.object and obj in r.subject)]
    assert hits, f"no {predicate} between {subject} and {obj}"
    for r in hits:
        raw = doc.raw[r.evidence.start:r.evidence.end]
        assert raw[0] == r.evidence.text[0] and raw[-1] == r.evidence.text[-1]
        assert words in r.evidence.text or r.evidence.method.startswith("table:")
