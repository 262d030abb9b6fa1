"""Ingestion on small fixtures written for the tests: formats, metadata, tables, boilerplate, offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import (CELL_LINE_SEPARATOR, document_from_text, ingest_rows, iter_files, load_documents,
                       normalize_text, read_document, split_sentences)
from kg.ingest.dates import parse_date
from kg.model import Document, Problem

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def sentences(doc: Document, content: bool | None = None) -> list[str]:
    return [s.text for s in doc.sentences if content is None or s.content == content]


def check_offsets(doc: Document) -> None:
    """The invariants every document keeps, whatever its format."""
    assert len(doc.text) == len(doc.plain)
    assert len(doc.offsets) == len(doc.text) + 1
    assert all(a <= b for a, b in zip(doc.offsets, doc.offsets[1:])), "offsets decrease"
    assert doc.offsets[-1] <= len(doc.raw)
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text
    for t in doc.tables:
        assert all(doc.text[a:b] for a, b in t.row_spans)
    for i, (char, pos) in enumerate(zip(doc.plain, doc.offsets)):
        # every character is the raw character it came from, except what stands for markup
        if doc.raw[pos] != char:
            assert char.isspace() or char in CELL_LINE_SEPARATOR or doc.raw[pos] in "&<", (i, char, pos)


# -- HTML ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def web_page() -> Document:
    return read_document(FIXTURES / "web_page.html")


def test_html_drops_markup_scripts_styles_and_navigation(web_page):
    assert web_page.format == "html"
    for gone in ("<", "不应出现的脚本文字", "color: red", "首页", "&amp;", "&nbsp;", "&#37;"):
        assert gone not in web_page.plain
    assert "远山资本领投&晨光资本跟投" in web_page.plain  # &amp; unescaped
    assert "完成B轮融资\xa0，" in web_page.plain  # &nbsp; kept as a character, folded in the analysed text
    assert "完成B轮融资 ," in web_page.text


def test_html_blocks_become_sentences_with_sections(web_page):
    assert web_page.title == "青禾科技完成新一轮融资"
    heads = [(s.text, s.section) for s in web_page.sentences if s.heading]
    assert heads == [("青禾科技完成新一轮融资", ""), ("业务进展", "青禾科技完成新一轮融资")]  # bold line -> heading
    assert "公司创始人表示:“我们将继续投入研发。今年还会扩大团队。”" in sentences(web_page)
    found = next(s for s in web_page.sentences if s.text.startswith("该公司成立于2016年"))
    assert found.section == "业务进展" and found.content


def test_html_caption_aside_and_footer_are_not_content(web_page):
    assert sentences(web_page, content=False) == ["青禾科技办公室一角", "相关文章一相关文章二", "版权所有 © 示例财经网"]


def test_html_table_rows_with_br_separator(web_page):
    (table,) = web_page.tables
    assert table.header == ("股东", "持股比例")
    assert table.rows == (("远山资本" + CELL_LINE_SEPARATOR + "YUANSHAN CAPITAL", "20%"), ("晨光资本", "15%"))
    assert table.caption == "青禾科技主要股东" and table.section == "业务进展"
    assert [web_page.text[a:b] for a, b in table.row_spans] == ["远山资本 / YUANSHAN CAPITAL\t20%", "晨光资本\t15%"]
    assert "晨光资本\t15%" in sentences(web_page)  # the table is also text


def test_html_offsets_point_into_the_raw_page(web_page):
    check_offsets(web_page)
    s = next(s for s in web_page.sentences if s.text.startswith("青禾科技为多家城商行"))
    start, end = web_page.raw_span(s.start, s.end)
    assert web_page.raw[start:end] == "青禾科技为多家城商行提供风控服务。"
    row = web_page.tables[0].row_spans[0]
    start, end = web_page.raw_span(*row)
    # the row ends on "%" written as a character reference: the span keeps all of it
    assert web_page.raw[start:end] == "远山资本<br>YUANSHAN CAPITAL</td><td>20&#37;"


# -- Markdown --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report() -> Document:
    return read_document(FIXTURES / "report.md")


def test_markdown_headings_links_and_emphasis(report):
    assert report.format == "markdown"
    assert report.title == "2020 年 示例金融科技研究报告"
    assert "云启科技的主要客户包括北辰银行和南港银行。" in sentences(report)
    heads = [s.text for s in report.sentences if s.heading]
    assert heads == ["2020 年 示例金融科技研究报告", "目录", "1 行业概览", "2 企业分析", "2.1 云启科技"]
    check_offsets(report)


def test_markdown_page_break_inside_a_sentence_is_joined(report):
    joined = "华川银行于 2018 年设立了金融科技子公司云启科技,主要为中小银行提供系统建设服务。"
    s = next(s for s in report.sentences if s.text == joined)
    start, end = report.raw_span(s.start, s.end)
    assert report.raw[start:end].startswith("华川银行") and "---" in report.raw[start:end]


def test_markdown_tables_with_header_caption_and_html_cells(report):
    column, profile = report.tables
    assert column.header == ("商业银行", "金融科技子公司", "成立时间")
    assert column.rows == (("华川银行 / HUACHUAN BANK", "云启科技有限公司", "2018-04"),
                           ("东岚银行", "数衡科技有限公司", "2018-09"))
    assert column.caption == "图 1-1 部分银行系金融科技子公司"
    assert column.section == "1 行业概览"
    # an empty header row means a key-value table without header
    assert profile.header == () and profile.rows == (("成立时间", "2018年4月"), ("总部地址", "上海"))
    assert profile.section == "2.1 云启科技"


def test_markdown_toc_caption_and_source_lines_are_not_content(report):
    assert sentences(report, content=False) == ["1 行业概览 ..... 3", "2 企业分析 ..... 5",
                                                 "图 1-1 部分银行系金融科技子公司", "来源:示例研究院编辑整理"]


# -- plain text ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def news() -> Document:
    return read_document(FIXTURES / "news.txt")


def test_text_title_date_and_source_lines(news):
    assert news.format == "text"
    assert (news.title, news.date, news.source) == ("北辰银行与链享科技达成战略合作", "2020-07-15", "示例日报")
    assert news.sentences[0].heading and news.sentences[1].text == "2020-07-15 10:30 来源:示例日报"
    assert not news.sentences[1].content


def test_text_trailing_links_and_bylines_are_not_content(news):
    assert sentences(news, content=True) == [
        "北辰银行与链享科技达成战略合作",
        "北辰银行今日宣布与链享科技达成战略合作,双方将在供应链金融领域展开合作。",
        "链享科技成立于2017年,是一家区块链技术服务商。"]
    assert sentences(news, content=False)[-2:] == ["[返回首页](//example.com/)|[返回新闻](//example.com/news)",
                                                   "责任编辑:王五"]
    check_offsets(news)


# -- front matter ----------------------------------------------------------------------------------

def test_front_matter_is_metadata_not_text():
    doc = read_document(FIXTURES / "front_matter.txt")
    assert doc.format == "html"
    assert (doc.title, doc.date, doc.author, doc.source) == ("数衡科技：专注银行数字化", "2021-06-03", "示例门户", "示例财经")
    assert doc.tags == ("新闻", "银行", "金融科技")
    for gone in ("---", "categories", "GMT", "<p", "text-indent"):
        assert gone not in doc.plain
    assert sentences(doc) == ["数衡科技:专注银行数字化", "数衡科技是东岚银行旗下的金融科技公司。", "公司员工超过 500 人。"]
    assert doc.sentences[0].heading  # the title is kept as the first heading, tied to its place in the front matter
    start, end = doc.raw_span(doc.sentences[0].start, doc.sentences[0].end)
    assert doc.raw[start:end] == "数衡科技：专注银行数字化"
    check_offsets(doc)


def test_front_matter_that_is_not_yaml_falls_back_to_key_value_lines():
    doc = document_from_text("---\ntitle: 甲: 乙\ndate: 2020年5月6日\n---\n正文一句。\n", fmt="auto")
    assert (doc.title, doc.date) == ("甲: 乙", "2020-05-06")
    assert sentences(doc) == ["甲: 乙", "正文一句。"]
    assert "date" not in doc.plain


# -- normalisation, sentences, dates ---------------------------------------------------------------

def test_analysed_text_is_simplified_and_folded_with_the_same_length():
    doc = document_from_text("興業數金（CIB FINTECH）成立於２０１５年！")
    assert doc.plain == "興業數金（CIB FINTECH）成立於２０１５年！"
    assert doc.text == "兴业数金(CIB FINTECH)成立于2015年!"
    assert normalize_text(doc.text) == doc.text  # folding twice changes nothing


@pytest.mark.parametrize("text, expected", [
    ("甲公司成立。乙公司上市！丙公司呢？", ["甲公司成立。", "乙公司上市!", "丙公司呢?"]),
    ("他说：“好的。我们走吧！”随后离开。", ["他说:“好的。我们走吧!”", "随后离开。"]),
    ("（注：数据截至6月。）此后增长。", ["(注:数据截至6月。)", "此后增长。"]),
    ("营收18.74亿元，同比增长39%；利润下降……原因未知。", ["营收18.74亿元,同比增长39%;", "利润下降……", "原因未知。"]),
    ("Ant Group Co. Ltd. raised money. It grew.", ["Ant Group Co. Ltd. raised money.", "It grew."]),
    ("提出“向上AI化，向下边缘化“的策略。下一句。", ["提出“向上AI化,向下边缘化“的策略。", "下一句。"]),
    ("没有终止符的一行", ["没有终止符的一行"]),
])
def test_sentence_splitting(text, expected):
    doc = document_from_text(text)
    assert sentences(doc) == expected


def test_runaway_sentences_are_cut():
    text = "甲" * 2500
    spans = split_sentences(text)
    assert len(spans) == 3 and all(b - a <= 1000 for a, b in spans) and spans[-1][1] == 2500


@pytest.mark.parametrize("value, iso", [
    ("Thu, 03 Jun 2021 04:58:00 GMT", "2021-06-03"),
    ("2022-05-16 20:09:35 +0800", "2022-05-16"),
    ("２０１９年８月２０日", "2019-08-20"),
    ("2019/8/2", "2019-08-02"),
    ("20210603", "2021-06-03"),
    ("3 June 2021", "2021-06-03"),
    ("2019-02-30", None),
    ("明天", None),
])
def test_dates(value, iso):
    assert parse_date(value) == iso


def test_content_id_is_stable_and_depends_on_content_only(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("一篇文章。", encoding="utf-8")
    b.write_text("一篇文章。", encoding="gb18030")
    first, second = read_document(a), read_document(b)
    assert first.id == second.id == read_document(a).id
    assert len(first.id) == 16 and first.encoding == "utf-8"
    assert document_from_text("另一篇文章。").id != first.id


def test_document_from_text_formats():
    assert sentences(document_from_text("<p>甲。</p><p>乙。</p>", fmt="html")) == ["甲。", "乙。"]
    assert sentences(document_from_text("# 标题\n\n正文。", fmt="markdown")) == ["标题", "正文。"]
    assert sentences(document_from_text("一句话")) == ["一句话"]  # a single line is not a title heading
    with pytest.raises(InputError, match="unknown format 'pdf'"):
        document_from_text("x", fmt="pdf")
    with pytest.raises(InputError, match=r"^<text>: no article text \(only markup\)$"):
        document_from_text("<p> </p><script>x</script>", fmt="html")


# -- files and folders -----------------------------------------------------------------------------

def test_folders_are_read_recursively_in_sorted_order_skipping_hidden_and_other_files():
    archive = FIXTURES / "archive"
    paths = [p.relative_to(archive).as_posix() for p in iter_files([archive])]
    assert paths == ["a.txt", "b.md", "sub/c.htm"]
    titles = [d.title for d in load_documents([archive, archive / "a.txt"])]  # a.txt only once
    assert titles == ["第一篇", "第二篇", "第三篇：磐石金服获得融资。"]  # titles keep original characters


def test_ingest_rows_summarise_each_document():
    rows = list(ingest_rows([FIXTURES / "report.md", FIXTURES / "missing.md"]))
    assert rows[0] == {"id": read_document(FIXTURES / "report.md").id, "file": str(FIXTURES / "report.md"),
                       "encoding": "utf-8", "format": "markdown", "title": "2020 年 示例金融科技研究报告",
                       "date": None, "sentences": 17, "tables": 2}
    assert rows[1] == Problem(str(FIXTURES / "missing.md"), "no such file or directory")


@pytest.mark.parametrize("text, date, contents", [
    ("标题\n2020年1月2日 09:30 来源:示例网\n正文一句。", "2020-01-02", [True, False, True]),
    ("大势分析(2019年12月9日)市场继续上行\n正文一句。", "2019-12-09", [True, True]),  # a title with a date
    ("标题\n以下为2013年12月3日公布的人民币汇率中间价公告:\n正文一句。", "2013-12-03", [True, True, True]),
])
def test_date_lines_give_the_date_and_only_metadata_lines_are_not_content(text, date, contents):
    doc = document_from_text(text)
    assert doc.date == date
    assert [s.content for s in doc.sentences] == contents


@pytest.mark.parametrize("fmt, markup", [
    ("html", "<table><tr><td><br>甲<br><ul><li>乙</li><li>丙<br></li></ul><br></td><td>丁</td></tr></table>"),
    ("markdown", "| a | b |\n|--|--|\n| <br>甲<br><ul> <li>乙</li> <li>丙<br></li> </ul> | 丁 |\n"),
])
def test_line_breaks_and_list_items_in_a_cell_become_one_separator_each(fmt, markup):
    row = document_from_text(markup, fmt=fmt).tables[0].rows[-1]
    assert row == ("甲 / 乙 / 丙", "丁")
