"""公司 opening a sentence speaks of a company named before it: the one whose announcement the
paragraph (or the article, when its title names it) reports, else the one the sentence before
opened with. Sentences written for these tests."""

from __future__ import annotations

from kg.extract.pipeline import extract_document
from kg.ingest import document_from_text


def _asserted(text: str) -> set[tuple[str, str, str]]:
    doc = document_from_text(text, "a.txt")
    return {(r.subject, r.predicate, r.object) for r in extract_document(doc).relations if r.status == "asserted"}


def test_a_sentence_that_opens_with_gongsi_goes_on_about_the_announcing_company():
    text = ("东川科技：控股股东拟增持\n\n东川科技晚间公告称，公司拟设立全资子公司南港智能科技有限公司。"
            "此外，公司控股股东北辰集团计划增持公司股份。\n\n公司全资子公司青禾物流与西岭银行签署了战略合作协议。")
    facts = _asserted(text)
    assert ("北辰集团", "shareholderOf", "东川科技") in facts
    assert ("青禾物流", "subsidiaryOf", "东川科技") in facts  # a later paragraph: the title names it


def test_gongsi_in_a_roundup_stays_with_its_own_paragraph():
    text = ("多家公司股东增持\n\n东川科技公告称，公司股东北辰集团增持100万股。\n\n"
            "西岭银行去年净利润增长两成。公司股东青禾投资增持200万股。\n\n"
            "南港证券表示，行业景气回升。公司全资子公司南港资本获批设立。")
    facts = _asserted(text)
    assert ("北辰集团", "shareholderOf", "东川科技") in facts
    assert ("青禾投资", "shareholderOf", "西岭银行") in facts  # the sentence before opened with the bank
    # a broker giving its view is no topic: 公司 there is a company the sentence does not name
    assert not {f for f in facts if f[2] in ("南港证券",) and f[1] == "subsidiaryOf"}


def test_gongsi_after_other_words_is_not_taken_for_the_announcer():
    # after 据悉，公司 opens its sentence; after 一家同行披露，公司 may be that peer, whom no finder names
    text = "东川科技公告称，公司拟设立子公司。据悉，公司股东北辰集团增持100万股。"
    assert ("北辰集团", "shareholderOf", "东川科技") in _asserted(text)
    text = "东川科技公告称，公司拟设立子公司。一家同行披露，公司股东北辰集团增持100万股。"
    assert ("北辰集团", "shareholderOf", "东川科技") not in _asserted(text)
