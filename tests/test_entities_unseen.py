"""Organisations nobody listed: invented names found from their suffix and left edge.

The sentences (``fixtures/entities/unseen_names.tsv``) are written for these tests; no
name in them is in a gazetteer or a seed article. Negatives are verb phrases, generic
nouns and descriptions that end like a name.
"""

from pathlib import Path

import pytest

from kg.extract.entities import find_entities
from kg.extract.mentions import find_spans
from kg.ingest import document_from_text

FIXTURES = Path(__file__).parent / "fixtures" / "entities"
ORG_CLASSES = {"Bank", "Insurer", "SecuritiesFirm", "AssetManager", "InvestmentFirm", "FintechCompany",
               "TechCompany", "Company", "GovernmentBody", "Organization"}


def _rows():
    lines = [ln for ln in (FIXTURES / "unseen_names.tsv").read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    for line in lines[1:]:
        sentence, _, expected = line.partition("\t")
        pairs = [item.split(":") for item in expected.split(";") if item]
        yield pytest.param(sentence, {name: typ for name, typ in pairs}, id=sentence[:12])


def organisations(text):
    _, entities = find_entities(document_from_text(text))
    return {e.key: e.type for e in entities if e.type in ORG_CLASSES}


@pytest.mark.parametrize("sentence, expected", list(_rows()))
def test_unseen_organisations_are_found_exactly_and_typed(sentence, expected):
    assert organisations(sentence) == expected


@pytest.mark.parametrize("text, name", [
    ("晨岚资本投资了极曜科技", "极曜科技"),   # after a verb and a particle
    ("子公司云启科技发布公告", "云启科技"),   # after a generic noun
    ("控股股东澜沧集团增持股份", "澜沧集团"),  # a role noun before the name is not part of it
    ("消息令晨光集团股价大涨", "晨光集团"),  # a loose verb before the name
])
def test_the_left_edge_stops_before_the_brand(text, name):
    assert name in [s.text for s in find_spans(text)]


@pytest.mark.parametrize("text", [
    "我欠中信银行的本金",       # a known bank: nothing to its left joins it
    "战略股东花旗银行表示支持",
    "上述邮储银行人士对记者说",
])
def test_a_known_name_takes_no_words_from_its_left(text):
    names = [s.text for s in find_spans(text)]
    assert names and all(n in ("中信银行", "花旗银行", "邮储银行") for n in names)


def test_measure_words_stop_a_name_only_after_a_number():
    assert [s.text for s in find_spans("2019年300家银行加入")] == []
    assert "千帆科技" in [s.text for s in find_spans("据悉，千帆科技完成融资")]


def test_a_bracketed_remark_is_not_an_alias():
    _, entities = find_entities(document_from_text("主要厂商为溪谷科技(现被岚山智能收购)。"))
    assert all("收购" not in n for e in entities for n in e.names)
