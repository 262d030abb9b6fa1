"""Acceptance tests of ingestion on the four seed articles (plain text, HTML with front matter, Markdown from PDF)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest import load_documents, read_document
from kg.model import Document

pytestmark = pytest.mark.seeds

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str) -> Document:
    (path,) = SEEDS.glob(prefix + "_*.txt")
    return read_document(path)


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {p: seed(p) for p in ("000", "001", "002", "003")}


def test_all_seeds_read_with_consistent_offsets(docs):
    assert [d.format for d in docs.values()] == ["text", "html", "markdown", "html"]
    assert len(list(load_documents([SEEDS]))) == 4
    for doc in docs.values():
        assert doc.encoding == "utf-8" and len(doc.id) == 16
        assert len(doc.text) == len(doc.plain) == len(doc.offsets) - 1
        assert all(a <= b for a, b in zip(doc.offsets, doc.offsets[1:]))
        for s in doc.sentences:
            assert doc.text[s.start:s.end] == s.text


def test_000_trailing_web_junk_is_not_content(docs):
    doc = docs["000"]
    assert doc.title.startswith("金山云Q2业绩大涨96%")
    content = [s for s in doc.sentences if s.content]
    junk = [s for s in doc.sentences if not s.content]
    assert content[-1].text.endswith("助力企业数字化转型”。")
    assert junk and all(s.index > content[-1].index for s in junk)  # only the tail
    assert any("chinanews.com" in s.text for s in junk) and any("{title}" in s.text for s in junk)
    assert not any("{title}" in s.text or "href=" in s.text for s in content)


def test_001_front_matter_and_html_are_gone_and_metadata_read(docs):
    doc = docs["001"]
    assert (doc.title, doc.date, doc.author) == ("华为云石冀琳：全面拥抱云化，共建全场景智慧金融", "2021-06-03",
                                                 "高科技行业门户")
    assert doc.tags == ("新媒体", "高科技行业门户", "新闻")
    for gone in ("<p", "</p>", "<img", "style=", "text-indent", "headimg", "thumbnail", "categories:", "---",
                 "GMT", "referrerpolicy"):
        assert gone not in doc.text
    # the image caption under the photo is not content; bold paragraphs are section headings
    caption = next(s for s in doc.sentences if s.text == "华为Cloud BU副总裁、全球Marketing与销售服务总裁石冀琳")
    assert not caption.content
    assert "全面拥抱云化,共建全场景智慧金融" in [s.text for s in doc.sentences if s.heading]


def test_002_tables_come_out_as_rows_with_headers(docs):
    doc = docs["002"]
    assert doc.title == "2019 年 中国金融科技行业深度报告"
    banks = next(t for t in doc.tables if t.header and t.header[0] == "商业银行")
    assert banks.header == ("商业银行", "金融科技子公司", "成立时间")
    assert banks.rows[0] == ("兴业银行 / INDUSTRIAL BANK CO.,LTD.", "兴业数字金融服务(上海)股份有限公司", "2015-12")
    assert [r[0].split(" / ")[0] for r in banks.rows] == ["兴业银行", "招商银行", "中国建设银行", "中国工商银行",
                                                          "中国银行"]
    assert banks.caption.startswith("图 6-4") and banks.section == "6.3 中小银行市场进一步拓展"
    profile = next(t for t in doc.tables if t.caption == "图 4-4 兴业数金企业概况")
    assert profile.header == () and profile.rows[0] == ("成立时间", "2015年12月")
    for table in doc.tables:
        assert len(table.row_spans) == len(table.rows)
        for (a, b), row in zip(table.row_spans, table.rows):
            assert doc.text[a:b] == "\t".join(row)


def test_002_report_furniture_is_not_content_and_page_breaks_are_joined(docs):
    doc = docs["002"]
    texts = {s.text: s for s in doc.sentences}
    assert not texts["来源:头豹研究院编辑整理"].content
    assert not any(s.content for s in doc.sentences if s.text.endswith("..... 8"))  # table of contents
    # "…金融企业可以基" / page break / "于贷款客户…" is one sentence
    assert any("金融企业可以基于贷款客户的社交" in s.text for s in doc.sentences)
    assert "---" not in doc.text


def test_003_title_date_and_source_from_front_matter_and_footer(docs):
    doc = docs["003"]
    assert doc.title == "云从科技即将登陆科创板 打造人工智能行业头部企业"
    assert (doc.date, doc.source) == ("2022-05-16", "国际金融报")
    assert doc.tags == ("guojijinrongbao", "国际金融报新闻")
    assert [s.text for s in doc.sentences if s.heading][1:] == [
        "行业头部营收持续向好", "科技创新不断夯实核心竞争力", "进军资本市场未来发展向好"]
    assert [s.content for s in doc.sentences[-2:]] == [False, False]  # source line and "返回首页" links
    assert "&nbsp;" not in doc.plain
