"""Sentence cues, lists, discourse subjects, hedges and evidence of kg.extract.relations."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import LexiconError
from kg.extract.classifier import default_min_confidence, status_at
from kg.extract.cues import PREDICATES, compile_cue, load_cues
from kg.extract.relations import find_relations
from kg.model import Document, Mention, Sentence

FIXTURES = Path(__file__).parent / "fixtures" / "relations"


def make_doc(sentences: list[str], entities: dict[str, str], headings: set[int] = frozenset(),
             raw_prefix: str = "") -> tuple[Document, tuple[Mention, ...]]:
    """A document of the given sentences (one per line) with every occurrence of each name as a mention.

    ``raw_prefix`` puts markup before the text in ``raw`` so evidence offsets must be mapped.
    """
    text = "\n".join(sentences)
    spans, pos = [], 0
    for i, s in enumerate(sentences):
        spans.append(Sentence(i, pos, pos + len(s), s, heading=i in headings))
        pos += len(s) + 1
    raw = raw_prefix + text
    doc = Document("t", "t.md", "utf-8", raw, text, text,
                   tuple(range(len(raw_prefix), len(raw) + 1)), tuple(spans))
    found = []
    for name in sorted(entities, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if all(end <= m.start or start >= m.end for m in found):
                found.append(Mention(start, end, name, entities[name], name))
            start = text.find(name, start + 1)
    return doc, tuple(sorted(found, key=lambda m: m.start))


def _cases():
    lines = [l for l in (FIXTURES / "sentences.tsv").read_text(encoding="utf-8").splitlines()
             if l and not l.startswith("#")]
    for line in lines[1:]:
        sentence, ents, expected, hedged, family = line.split("\t")
        yield pytest.param(sentence, dict(e.split(":") for e in ents.split(",")),
                           set() if expected == "-" else {tuple(t.split(">")) for t in expected.split("|")},
                           set() if hedged == "-" else {tuple(t.replace("=", ">").split(">"))
                                                        for t in hedged.split("|")},
                           id=f"{family}:{sentence[:14]}")


def _sym(triples):
    return {(min(s, o), p, max(s, o)) if p == "partnersWith" else (s, p, o) for s, p, o, *rest in triples}


@pytest.mark.parametrize("sentence, entities, expected, hedged", list(_cases()))
def test_sentence_cues(sentence, entities, expected, hedged):
    """What a build asserts (cues, and the classifier at its default threshold) and what it hedges."""
    doc, mentions = make_doc([sentence], entities)
    relations, _ = find_relations(doc, mentions, ())
    threshold = default_min_confidence()
    statuses = [(r, status_at(r, threshold)) for r in relations]
    asserted = {(r.subject, r.predicate, r.object) for r, status in statuses if status == "asserted"}
    others = {(r.subject, r.predicate, r.object, status) for r, status in statuses
              if status not in ("asserted", "low-confidence")}
    assert _sym(asserted) == _sym(expected)
    assert {(_sym([t]).pop(), t[3]) for t in others} == {(_sym([t]).pop(), t[3]) for t in hedged}


def test_evidence_is_the_original_sentence_with_raw_offsets():
    doc, mentions = make_doc(["前言。", "青禾科技获红岩资本注资。"],
                             {"青禾科技": "FintechCompany", "红岩资本": "InvestmentFirm"}, raw_prefix="<p>")
    (rel,), _ = find_relations(doc, mentions, ())
    assert rel.evidence.text == "青禾科技获红岩资本注资。"
    assert doc.raw[rel.evidence.start:rel.evidence.end] == "青禾科技获红岩资本注资。"
    assert (rel.evidence.method, rel.evidence.sentence) == ("cue:investsIn/passive", 1)
    assert 0 < rel.evidence.confidence <= 1


def test_same_fact_in_two_sentences_keeps_both_evidences():
    doc, mentions = make_doc(["红岩资本投资了青禾科技。", "青禾科技获得红岩资本的投资。"],
                             {"青禾科技": "FintechCompany", "红岩资本": "InvestmentFirm"})
    relations, _ = find_relations(doc, mentions, ())
    assert [(r.subject, r.predicate, r.object, r.evidence.sentence) for r in relations] == [
        ("红岩资本", "investsIn", "青禾科技", 0), ("红岩资本", "investsIn", "青禾科技", 1)]


def test_profile_section_supplies_the_omitted_subject():
    doc, mentions = make_doc(
        ["4.1 青禾科技有限公司", "4.1.1 企业概况", "公司总部位于苏州，服务案例包括帮助东川银行建设数据平台。",
         "4.2 行业展望", "总部位于上海的机构越来越多。"],
        {"青禾科技有限公司": "FintechCompany", "苏州": "Place", "东川银行": "Bank", "上海": "Place"},
        headings={0, 1, 3})
    relations, attributes = find_relations(doc, mentions, ())
    triples = {(r.subject, r.predicate, r.object) for r in relations}
    assert triples == {("青禾科技有限公司", "headquarteredIn", "苏州"),
                       ("青禾科技有限公司", "servesClient", "东川银行")}
    assert ("headquartersAddress", "苏州") in {(a.name, a.value) for a in attributes}


def test_attributes_from_a_sentence_are_normalised():
    doc, mentions = make_doc(["青禾科技成立于2016年3月，注册资本为5,000万元。"], {"青禾科技": "FintechCompany"})
    _, attributes = find_relations(doc, mentions, ())
    assert {(a.subject, a.name, a.value, a.unit) for a in attributes} == {
        ("青禾科技", "foundingDate", "2016-03", ""), ("青禾科技", "registeredCapital", "50000000", "CNY")}


def test_every_predicate_has_a_cue_file_that_parses():
    assert {c.predicate for c in load_cues()} == set(PREDICATES)


def test_a_pattern_without_slots_is_rejected():
    with pytest.raises(LexiconError, match="needs an X or a Y slot"):
        compile_cue("investsIn", "投资", "active", "forward", 0.9)


@pytest.mark.parametrize("pattern", ["Y1旗下的X", "(?<!由)Y1旗下的X"])
def test_a_list_slot_stops_before_the_next_statement_of_its_cue(pattern):
    # "甲旗下的乙、丙旗下的丁": the list after the first 旗下 ends before 丙, also when the cue
    # opens with a lookbehind on what precedes its first slot
    from kg.extract.cues import ENTITY as E
    cue = compile_cue("subsidiaryOf", pattern, "possessive", "forward", 0.9)
    text = f"{E}旗下的{E}、{E}旗下的{E}"
    assert [m.group("X") for m in cue.regex.finditer(text)] == [E, E]


def test_a_list_after_a_verb_stops_before_the_next_subject_of_that_verb_but_not_before_its_own_verb():
    from kg.extract.cues import ENTITY as E
    bought = compile_cue("shareholderOf", "X…(买入|增持)Y", "active", "forward", 0.9)
    assert [m.group("Y") for m in bought.regex.finditer(f"{E}新买入{E}、{E}新买入{E}")] == [E, E]
    founded = compile_cue("foundedBy", "X……由Y…共同出资(成立|设立)", "passive", "forward", 0.9)
    assert founded.regex.search(f"{E}由{E}、{E}共同出资成立").group("Y") == f"{E}、{E}"


def test_anaphors_resolve_to_the_topic_and_skip_lookalikes():
    from kg.extract.discourse import resolve_anaphors
    text = "南港集团公告称，公司及其子公司与土耳其银行签约，其中一笔已到账。"
    mentions = [Mention(0, 4, "南港集团", "Company", "南港集团")]
    found = [(m.text, m.entity, m.start) for m in resolve_anaphors(text, 0, mentions) if m.method == "anaphor"]
    assert found == [("公司", "南港集团", 8), ("其", "南港集团", 11)]
