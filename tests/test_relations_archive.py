"""Relation error classes found by reading a random sample of the news-archive build
(benchmarks/results/archive_review.md), each with the construction that must keep working.
Sentences and names written for these tests."""

from __future__ import annotations

from test_relations import make_doc  # noqa: E402

from kg.extract.relations import find_relations


def triples(sentences, entities, headings=frozenset()):
    doc, mentions = make_doc(sentences, entities, headings)
    relations, _ = find_relations(doc, mentions, ())
    return {(r.subject, r.predicate, r.object) for r in relations if r.status == "asserted"}


def test_a_news_title_does_not_become_the_subject_of_the_article():
    found = triples(["甲集团六百亿借壳乙投资 股价连续涨停", "重组完成后，丙集团及其全资子公司丁置业持股比例接近。"],
                    {"甲集团": "Company", "乙投资": "Company", "丁置业": "Company"}, headings={0})
    assert found == set()


def test_a_profile_heading_still_supplies_the_omitted_subject():
    found = triples(["3.2 青禾科技有限公司简介", "全资子公司青禾数据负责风控系统。"],
                    {"青禾科技有限公司": "FintechCompany", "青禾数据": "TechCompany"}, headings={0})
    assert found == {("青禾数据", "subsidiaryOf", "青禾科技有限公司")}
