"""Founding: company names that founder lists cross, founder lists, co-founders who are not
partners, and category tables. Sentences and names written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.mentions import find_spans
from kg.extract.pipeline import extract_document
from kg.ingest import document_from_text, read_document
from kg.extract.classifier import status_at

FIXTURES = Path(__file__).parent / "fixtures" / "founding"


def names(text: str) -> list[str]:
    return [s.text for s in find_spans(text)]


def facts(text: str) -> set[tuple[str, str, str]]:
    extraction = extract_document(document_from_text(text))
    return {(r.subject, r.predicate, r.object) for r in extraction.relations if status_at(r) == "asserted"}


# --- names ----------------------------------------------------------------------

def test_brand_of_a_rare_word_before_software_company_is_a_name():
    # jieba splits the brand into 明 and the rare dictionary word 利鹿: an unknown name
    assert "明利鹿软件公司" in names("东川银行携手明利鹿软件公司、远山资本共同出资成立北辰数科。")


@pytest.mark.parametrize("text", ["青岛的一家开源软件公司与国产软件公司竞争。", "该软件公司今年扩招。"])
def test_a_described_software_company_is_no_name(text):
    assert not any(n.endswith("软件公司") for n in names(text))


@pytest.mark.parametrize("name", ["杭州资信有限公司", "杭州信息有限公司", "苏州征信有限公司"])
def test_place_industry_word_and_legal_form_are_a_registered_name(name):
    assert name in names(f"由南港银行支持设立的{name}积累了大量数据。")


@pytest.mark.parametrize("text", ["他在上海有限公司工作。", "由杭州市政府发起设立的杭州有限公司开业。",
                                  "这是一家科技有限公司。"])
def test_a_place_or_a_generic_word_with_a_legal_form_is_no_name(text):
    assert not any(n.endswith("有限公司") for n in names(text))


# --- founder lists ----------------------------------------------------------------

def test_founder_list_crosses_a_software_company_name():
    got = facts("北辰数科由东川银行携手明利鹿软件公司、远山资本共同出资成立，主要服务中小银行。")
    founders = {o for s, p, o in got if s == "北辰数科" and p == "foundedBy"}
    assert founders == {"东川银行", "明利鹿软件公司", "远山资本"}
    assert not any(p == "partnersWith" for _, p, _ in got)


def test_passive_backed_founding_before_a_place_named_company():
    got = facts("个人征信方面，由南港银行及杭州市政府支持设立的杭州资信有限公司积累了多年的数据。")
    assert {("杭州资信有限公司", "foundedBy", "南港银行"), ("杭州资信有限公司", "foundedBy", "杭州市政府")} <= got


# --- co-founders are not partners -------------------------------------------------

@pytest.mark.parametrize("text", [
    "华夏银行与星河科技合资成立了星河数科。",
    "华夏银行和星河科技共同出资成立星河数科。",
    "华夏银行携手星河科技于去年共同出资成立星河数科。",
    "华夏银行联合星河科技发起设立星河数科。",
    "华夏银行与星河科技共同投资设立星河数科。",
])
def test_co_founders_found_the_company_and_are_not_partners(text):
    got = facts(text)
    assert {("星河数科", "foundedBy", "华夏银行"), ("星河数科", "foundedBy", "星河科技")} <= got
    assert not any(p == "partnersWith" for _, p, _ in got)


def test_a_cooperation_stated_besides_the_founding_stays_a_partnership():
    got = facts("华夏银行与星河科技达成战略合作，并共同出资成立星河数科。")
    assert ("华夏银行", "partnersWith", "星河科技") in got
    assert ("星河数科", "foundedBy", "星河科技") in got


@pytest.mark.parametrize("text", ["华夏银行与星河科技成立合资公司。", "华夏银行与星河科技去年共同成立了一家合资的数据公司。",
                                  "华夏银行与星河科技的合资项目顺利完成。"])
def test_an_unnamed_joint_venture_keeps_the_partnership(text):
    assert ("华夏银行", "partnersWith", "星河科技") in facts(text)


def test_list_members_before_a_joint_venture_are_not_partners():
    got = facts("星河科技宣布进入中国，与华夏银行和远山资本成立合资公司。")
    assert ("华夏银行", "partnersWith", "远山资本") not in got and ("远山资本", "partnersWith", "华夏银行") not in got


# --- category tables -----------------------------------------------------------------

@pytest.fixture(scope="module")
def category_table():
    return extract_document(read_document(FIXTURES / "category_table.md"))


def test_category_table_gives_each_company_its_category_as_written(category_table):
    got = {(a.subject, a.name, a.value, a.evidence.method) for a in category_table.attributes}
    assert got == {("青禾科技", "category", "互联网系", "table:column"),
                   ("北辰数科", "category", "金融系", "table:column"),
                   ("远岫信息公司", "category", "保险公司", "table:column")}


def test_category_evidence_is_the_row(category_table):
    (attr,) = [a for a in category_table.attributes if a.subject == "北辰数科"]
    raw = (FIXTURES / "category_table.md").read_text(encoding="utf-8")
    assert "北辰数科" in attr.evidence.text and "金融系" in attr.evidence.text
    assert "北辰数科" in raw[attr.evidence.start:attr.evidence.end]


def test_only_an_unambiguous_category_types_the_company(category_table):
    types = {e.key: e.type for e in category_table.entities}
    # 保险公司 names a class; 互联网系 and 金融系 tell a background, so the name's class stays
    assert types == {"青禾科技": "TechCompany", "北辰数科": "FintechCompany", "远岫信息公司": "Insurer"}


def test_a_regulator_that_approves_a_founding_is_no_founder():
    got = facts("北辰消费金融股份有限公司是经国务院同意，由中国银保监会批准成立的全国性消费金融机构，"
                "其职能是为居民提供消费贷款，以及中国银保监会规定的其他职能。")
    assert not any(p == "foundedBy" for _, p, _ in got)
    # the founder of a company whose founding was approved is still its founder
    got = facts("北辰数科由东川银行出资成立，经南港监管委员会批准开业。")
    assert ("北辰数科", "foundedBy", "东川银行") in got
