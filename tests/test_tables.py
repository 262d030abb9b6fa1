"""Key–value profile tables and column tables (kg.extract.tables)."""

from __future__ import annotations

from kg.extract.relations import find_relations
from kg.model import Document, Entity, Mention, Sentence, Table


def _doc(lines: list[str], table_rows: list[list[str]], heading_lines=(0,)):
    """Sentences, then a pipe table; returns the document and the row texts' offsets."""
    text_lines = list(lines) + ["|" + "|".join(r) + "|" for r in table_rows]
    text = "\n".join(text_lines)
    sentences, spans, pos = [], [], 0
    for i, line in enumerate(text_lines):
        if i < len(lines):
            sentences.append(Sentence(i, pos, pos + len(line), line, heading=i in heading_lines))
        else:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    table = Table(0, spans[0][0], spans[-1][1], tuple(table_rows[0]), tuple(map(tuple, table_rows[1:])),
                  tuple(spans[1:]))
    doc = Document("t", "t.md", "utf-8", text, text, text, tuple(range(len(text) + 1)),
                   tuple(sentences), (table,))
    return doc


def _mentions(doc: Document, names: dict[str, str]) -> tuple[Mention, ...]:
    out = []
    for name, type_name in names.items():
        start = doc.text.find(name)
        while start >= 0:
            out.append(Mention(start, start + len(name), name, type_name, name))
            start = doc.text.find(name, start + 1)
    return tuple(sorted(out, key=lambda m: m.start))


def test_key_value_table_describes_the_section_company():
    doc = _doc(["3.2 青禾科技有限公司", "3.2.1 企业概况", "图 3-1 青禾科技企业概况"],
               [["", ""], ["成立时间", "2016年3月"], ["总部地址", "苏州"], ["注册资本", "5亿元"],
                ["累计融资", "2.4亿美元+"], ["企业估值", "80亿美元（2018年）"]], heading_lines=(0, 1))
    mentions = _mentions(doc, {"青禾科技有限公司": "FintechCompany", "苏州": "Place"})
    relations, attributes = find_relations(doc, mentions, ())
    assert [(r.subject, r.predicate, r.object, r.evidence.method, r.evidence.text) for r in relations] == [
        ("青禾科技有限公司", "headquarteredIn", "苏州", "table:key-value", "|总部地址|苏州|")]
    assert {(a.name, a.value, a.unit, a.as_of) for a in attributes} == {
        ("foundingDate", "2016-03", "", ""), ("headquartersAddress", "苏州", "", ""),
        ("registeredCapital", "500000000", "CNY", ""), ("totalFunding", "240000000", "USD", ""),
        ("valuation", "8000000000", "USD", "2018")}
    assert {a.subject for a in attributes} == {"青禾科技有限公司"}


def test_column_table_pairs_parent_and_subsidiary_by_header():
    doc = _doc(["部分银行的金融科技子公司"],
               [["商业银行", "金融科技子公司", "成立时间"], ["<b>东川银行</b>", "东川金融科技有限公司", "2018-04"],
                ["北辰银行", "北辰数科有限公司", "2019-06"]], heading_lines=(0,))
    entities = (Entity("东川银行", "Bank", ("东川银行",)), Entity("东川金科", "FintechCompany", ("东川金融科技有限公司",)),
                Entity("北辰银行", "Bank", ("北辰银行",)), Entity("北辰数科", "FintechCompany", ("北辰数科有限公司",)))
    # no mentions inside the table: cells are found by entity names
    relations, attributes = find_relations(doc, (), entities)
    assert [(r.subject, r.predicate, r.object) for r in relations] == [
        ("东川金科", "subsidiaryOf", "东川银行"), ("北辰数科", "subsidiaryOf", "北辰银行")]
    assert relations[0].evidence.text == "|<b>东川银行</b>|东川金融科技有限公司|2018-04|"
    assert doc.raw[relations[0].evidence.start:relations[0].evidence.end] == relations[0].evidence.text
    assert {(a.subject, a.name, a.value) for a in attributes} == {
        ("东川金科", "foundingDate", "2018-04"), ("北辰数科", "foundingDate", "2019-06")}


def test_table_with_unknown_headers_states_nothing():
    doc = _doc(["行情"], [["企业", "涨跌幅"], ["东川银行", "3%"], ["北辰银行", "-1%"]])
    mentions = _mentions(doc, {"东川银行": "Bank", "北辰银行": "Bank"})
    assert find_relations(doc, mentions, ()) == ((), ())
