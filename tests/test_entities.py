"""kg.extract.entities.find_entities: recognition, typing, aliases and resolution in one document.

Sentences are written for these tests (invented firms next to well-known ones); the
seed articles are only used in the test marked ``seeds``.
"""

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from kg.extract.entities import find_entities
from kg.ingest import document_from_text, read_document

FIXTURES = Path(__file__).parent / "fixtures" / "entities"


def entities_of(text):
    mentions, entities = find_entities(document_from_text(text))
    return {e.key: e for e in entities}


def entity_with(entities, name):
    return next((e for e in entities.values() if name in e.names), None)


@pytest.mark.parametrize("sentence, name, typ", [
    ("2019年，中国建设银行与同盾科技达成合作。", "中国建设银行", "Bank"),
    ("据建行相关负责人介绍，该行将加大投入。", "建行", "Bank"),
    ("云帆数据科技有限公司今日宣布完成融资。", "云帆数据科技有限公司", "TechCompany"),
    ("星桥金服获得了多家机构的投资。", "星桥金服", "FintechCompany"),
    ("北辰证券发布了年度报告。", "北辰证券", "SecuritiesFirm"),
    ("本轮融资由远山资本领投。", "远山资本", "InvestmentFirm"),
    ("青禾人寿保险股份有限公司上调了预定利率。", "青禾人寿保险股份有限公司", "Insurer"),
    ("该项目由中国互联网金融协会牵头。", "中国互联网金融协会", "Organization"),
    ("杭州市地方金融监督管理局发布通知。", "杭州市地方金融监督管理局", "GovernmentBody"),
    ("银保监会近日发布指引。", "银保监会", "GovernmentBody"),
    ("此前，云帆星链（深圳）信息技术有限公司已在前海落地。", "云帆星链(深圳)信息技术有限公司", "TechCompany"),
    ("本轮投资方包括 IDG 资本和红杉资本。", "IDG 资本", "InvestmentFirm"),
    ("新加坡的淡马锡控股公司（Temasek Holdings）也参与了投资。", "淡马锡控股公司", "InvestmentFirm"),
    ("远川研究院发布了行业报告。", "远川研究院", "Organization"),
    ("公司创始人兼首席执行官张晓峰表示，明年将继续扩张。", "张晓峰", "Person"),
    ("报告由蔡明远 分析师撰写。", "蔡明远", "Person"),
    ("该理论由经济学家哈里·马科维茨于1952年提出。", "哈里·马科维茨", "Person"),
    ("经济学家哈里·马科维茨坦言，市场难以预测。", "哈里·马科维茨", "Person"),  # 坦言, a speech word jieba calls a noun
    ("阿里巴巴集团旗下的蚂蚁金服估值大涨。", "蚂蚁金服", "FintechCompany"),
    ("华为与IBM、微软等公司展开竞争。", "IBM", "TechCompany"),
    ("交易所上市部主任欧阳明远今年曾表示，将加强监管。", "欧阳明远", "Person"),  # a compound surname
    ("据欧阳明远主任介绍，将加强监管。", "欧阳明远", "Person"),  # ... before the role
])
def test_named_entities_are_found_and_typed(sentence, name, typ):
    entities = entities_of(sentence)
    entity = entity_with(entities, name)
    assert entity is not None, f"{name} not found in {sorted(entities)}"
    assert entity.type == typ


@pytest.mark.parametrize("sentence, generic", [
    ("商业银行和金融机构纷纷加大金融科技投入。", "商业银行"),
    ("中小银行和城商行面临转型压力。", "中小银行"),
    ("大型互联网公司纷纷成立金融科技子公司。", "大型互联网公司"),
    ("中国金融科技企业的数量快速增长。", "中国金融科技企业"),
    ("云计算和区块链是两项关键技术。", "云计算"),
    ("六大国有银行均已设立理财子公司。", "六大国有银行"),
    ("2019年中国金融科技行业融资额大幅增长。", "2019年中国金融科技"),
    ("企业的注册资本为5000万元。", "注册资本"),
])
def test_generic_nouns_and_technologies_are_not_entities(sentence, generic):
    entities = entities_of(sentence)
    assert entity_with(entities, generic) is None
    assert all(e.type in ("Place", "Product") or generic not in e.key for e in entities.values())


def test_short_name_from_yixia_jiancheng_becomes_the_key():
    entities = entities_of("云帆数据科技有限公司（以下简称“云帆数据”）成立于2016年。云帆数据专注风控。")
    entity = entities["云帆数据"]
    assert entity.names == ("云帆数据", "云帆数据科技有限公司")
    assert entity.mentions == 3


@pytest.mark.parametrize("text, key, alias", [
    ("星河链科技有限公司（简称星河链）发布新品。星河链表示将扩产。", "星河链", "星河链科技有限公司"),
    ("北京云帆网络科技有限公司（CloudSail）是一家数据公司。", "北京云帆网络科技有限公司", "CloudSail"),
    ("同盾科技有限公司成立于2012年。同盾科技总部位于杭州。", "同盾科技", "同盾科技有限公司"),
    ("蚂蚁金服（ANT FINANCIAL）发布财报。", "蚂蚁集团", "ANT FINANCIAL"),
    ("青岛海川美达股份有限公司（现海川金汇科技股份有限公司）发布公告。", "海川金汇科技股份有限公司",
     "青岛海川美达股份有限公司"),
])
def test_aliases_join_one_entity(text, key, alias):
    entities = entities_of(text)
    assert key in entities, sorted(entities)
    assert alias in entities[key].names


def test_english_name_beside_chinese_in_a_table_cell():
    text = "| 银行 | 子公司 |\n|---|---|\n| <b>华川银行</b><br>HUACHUAN BANK CO.,LTD. | 华川金融科技有限公司 |\n"
    mentions, entities = find_entities(document_from_text(text, fmt="markdown"))
    bank = next(e for e in entities if "华川银行" in e.names)
    assert "HUACHUAN BANK CO.,LTD." in bank.english


@pytest.mark.parametrize("text, apart", [
    ("平安银行与平安集团旗下的陆金所均发布了财报。", ("平安银行", "平安集团")),
    ("阿里云是阿里巴巴集团的云计算业务板块。", ("阿里云", "阿里巴巴")),
    ("成都星桥科技有限公司和贵州星桥科技有限公司是两家公司。", ("成都星桥科技有限公司", "贵州星桥科技有限公司")),
    # a listed company (stock short name) and the group named after it are parent and child
    ("东航集团决定向东航增资。", ("东航集团", "东航")),
    ("泸州老窖集团决定向泸州老窖增资。", ("泸州老窖集团", "泸州老窖")),  # a group the gazetteer does not list
    ("中粮股份发布公告称，中粮集团将增持。", ("中粮股份", "中粮集团")),  # and a group's name plus 股份
    ("联想控股与联想集团均发布了年报。", ("联想控股", "联想集团")),  # the holding company above the group
])
def test_guards_keep_similar_names_apart(text, apart):
    entities = entities_of(text)
    a, b = (entity_with(entities, n) for n in apart)
    assert a is not None and b is not None
    assert a.key != b.key


@pytest.mark.parametrize("text, fund, sponsor", [
    ("该公司获得了来自阿里巴巴基金的两亿元融资。", "阿里巴巴基金", "阿里巴巴"),
    ("腾讯基金会向灾区捐款。", "腾讯基金会", "腾讯"),
])
def test_a_fund_named_after_a_known_company_is_its_own_entity(text, fund, sponsor):
    entities = entities_of(text)
    assert entity_with(entities, fund) is not None
    assert entity_with(entities, sponsor) is None or entity_with(entities, sponsor).key != fund


@pytest.mark.parametrize("text, body", [("人社部基金监督司副司长表示。", "人社部"),
                                        ("中国证监会基金部有关负责人表示。", "证监会")])
def test_a_public_body_before_fund_names_a_department_not_a_fund(text, body):
    entities = entities_of(text)
    assert entity_with(entities, body) is not None
    assert not any(n.endswith("基金") for e in entities.values() for n in e.names)


@pytest.mark.parametrize("text, inside", [("各地财政部门要加强预算管理。", "财政部"),
                                          ("交通部门和公安部门联合执法。", "公安部")])
def test_a_known_name_that_only_starts_a_longer_word_is_no_mention(text, inside):
    assert entity_with(entities_of(text), inside) is None


def test_a_known_name_before_an_ordinary_word_is_kept():
    entities = entities_of("建设银行业务增长，财政部发布通知。")
    assert entity_with(entities, "建设银行") is not None and entity_with(entities, "财政部") is not None


def test_ambiguous_short_name_gets_a_note_not_a_merge():
    entities = entities_of("成都星桥科技有限公司和贵州星桥科技有限公司都在扩张。星桥科技表示将上市。")
    short = entity_with(entities, "星桥科技")
    assert short is not None and "ambiguous" in short.note
    assert short.key not in ("成都星桥科技有限公司", "贵州星桥科技有限公司")


def test_stock_codes_attach_to_their_company():
    entities = entities_of("金山软件(03888.HK)发布2019年第二季度财报。")
    assert entity_with(entities, "金山软件").codes == ("03888.HK",)


def test_context_types_a_generically_named_company():
    entities = entities_of("星桥数据科技有限公司（以下简称“星桥数据”）是一家专业的金融科技应用服务提供商。")
    assert entities["星桥数据"].type == "FintechCompany"


def test_headquarters_place_and_launched_product():
    mentions, entities = find_entities(document_from_text(
        "云帆科技总部位于浙江杭州。2018年，云帆科技推出“星河风控平台”。"))
    places = [m for m in mentions if m.type == "Place"]
    assert [(m.text, m.entity) for m in places] == [("浙江杭州", "杭州")]
    assert any(m.type == "Product" and m.text == "星河风控平台" for m in mentions)


def test_boilerplate_sentences_are_skipped():
    from dataclasses import replace

    doc = document_from_text("华川银行今日公告。\n\n来源：青禾证券研究所")
    doc = replace(doc, sentences=tuple(replace(s, content=s.index == 0) for s in doc.sentences))
    mentions, entities = find_entities(doc)
    assert {m.text for m in mentions} == {"华川银行"}


def test_fixture_article():
    doc = read_document(FIXTURES / "subsidiaries.txt")
    mentions, entities = find_entities(doc)
    by_key = {e.key: e for e in entities}
    assert by_key["云帆数据"].type == "FintechCompany"
    assert by_key["云帆数据"].mentions >= 4
    assert by_key["南京星桥信息科技有限公司"].type == "FintechCompany"  # typed like its parent
    assert {"中国建设银行", "建行", "China Construction Bank"} <= set(by_key["建设银行"].names)
    assert "IDG 资本" in by_key["IDG资本"].names
    assert all(m.entity in by_key for m in mentions)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([
    "中国建设银行", "与", "同盾科技有限公司", "（以下简称“同盾科技”）", "，", "。", "IDG 资本", "总部位于", "杭州",
    "的", "星桥金服", "推出", "“星河平台”", "创始人", "张晓峰", "Temasek Holdings", "\n", "03888.HK", "(", ")",
]), min_size=1, max_size=25))
def test_mention_offsets_point_at_their_text(parts):
    text = "".join(parts)
    if not text.strip(" \n()，。"):
        return
    doc = document_from_text(text)
    mentions, entities = find_entities(doc)
    keys = {e.key for e in entities}
    for m in mentions:
        assert doc.text[m.start:m.end] == m.text
        assert m.entity in keys


@pytest.mark.seeds
def test_seed_002_dev_gold_entity_f1():
    import json
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from entity_eval import score

    from kg.eval import load_gold

    gold_dir = Path(__file__).parents[2] / "shared" / "gold" / "dev"
    seed = next((Path(__file__).parents[1] / "seeds").glob("002_*"))
    if not gold_dir.exists():
        pytest.skip("no dev gold beside the repository")
    _, entities = find_entities(read_document(seed))
    gold, _, alias = load_gold(gold_dir, {"002"})
    result = score(entities, gold, alias)
    assert result["f1"] >= 0.88, json.dumps({k: v for k, v in result.items() if not isinstance(v, list)})
    assert result["typed_right"] >= 0.9


@pytest.mark.parametrize("text, name, absent", [
    ("甲钨业与加拿大Qorvane公司签署合作协议。", "Qorvane公司", "加拿大Qorvane公司"),
    ("北京Qorvane科技有限公司今日成立。", "北京Qorvane科技有限公司", "Qorvane科技有限公司"),
])
def test_a_country_before_a_latin_brand_describes_it_unless_registered(text, name, absent):
    entities = entities_of(text)
    assert entity_with(entities, name) is not None and entity_with(entities, absent) is None


@pytest.mark.parametrize("text, name, not_key", [
    ("南非央行副总裁丹尼尔·弥内尔出席了论坛。", "南非央行", "人民银行"),  # another country's central bank
    ("美国财政部宣布了新的制裁措施。", "美国财政部", "财政部"),
    ("据浙江省发改委主任林舒透露，项目已开工。", "浙江省发改委", "国家发改委"),  # a province's own body
])
def test_a_foreign_countrys_national_body_is_not_chinas(text, name, not_key):
    entities = entities_of(text)
    entity = entity_with(entities, name)
    assert entity is not None and entity.key != not_key and entity.type == "GovernmentBody"
    assert not_key not in entities


def test_a_transliterated_name_stops_before_the_verb():
    entities = entities_of("南非央行副总裁丹尼尔·弥内尔出席了论坛。")
    assert entity_with(entities, "丹尼尔·弥内尔") is not None
