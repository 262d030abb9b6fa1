"""A unit named after its parent (甲银行广州分行, 甲大学经济学院) is that parent's subsidiaryOf, stated
by its name in every sentence that names it. Sentences written for these tests."""

from __future__ import annotations

from kg.extract.pipeline import extract_document
from kg.extract.relations import find_relations
from kg.ingest import document_from_text
from kg.model import Document, Mention, Sentence


def _facts(text: str, mentions: list[Mention]) -> set[tuple[str, str, str, str]]:
    doc = Document("t", "t.txt", "utf-8", text, text, text, tuple(range(len(text) + 1)),
                   (Sentence(0, 0, len(text), text),))
    relations, _ = find_relations(doc, tuple(sorted(mentions, key=lambda m: (m.start, -m.end))), ())
    return {(r.subject, r.predicate, r.object, r.status) for r in relations}


def test_a_branch_named_after_its_bank_is_its_subsidiary():
    text = "东川银行广州分行行长林舒表示，信贷投放将提速。"
    facts = _facts(text, [Mention(0, 8, "东川银行广州分行", "Bank", "东川银行广州分行"),
                          Mention(0, 4, "东川银行", "Bank", "东川银行"),
                          Mention(10, 12, "林舒", "Person", "林舒")])
    assert ("东川银行广州分行", "subsidiaryOf", "东川银行", "asserted") in facts
    assert ("林舒", "executiveOf", "东川银行广州分行", "asserted") in facts


def test_a_name_that_only_starts_with_another_is_no_unit():
    # a building and a fund are named after a bank without being one of its units
    text = "东川银行大厦与东川银行基金同日开业。"
    facts = _facts(text, [Mention(0, 6, "东川银行大厦", "Company", "东川银行大厦"),
                          Mention(0, 4, "东川银行", "Bank", "东川银行"),
                          Mention(7, 13, "东川银行基金", "AssetManager", "东川银行基金"),
                          Mention(7, 11, "东川银行", "Bank", "东川银行")])
    assert not {f for f in facts if f[1] == "subsidiaryOf"}


def test_a_unit_without_a_named_parent_states_nothing():
    text = "南港研究院院长林舒表示，消费将回暖。"
    facts = _facts(text, [Mention(0, 5, "南港研究院", "Organization", "南港研究院"),
                          Mention(7, 9, "林舒", "Person", "林舒")])
    assert not {f for f in facts if f[1] == "subsidiaryOf"}


def test_end_to_end_a_research_institute_of_a_bank():
    doc = document_from_text("招商银行研究院资深分析师林舒认为，利率仍有下行空间。", "a.txt")
    facts = {(r.subject, r.predicate, r.object) for r in extract_document(doc).relations
             if r.status == "asserted"}
    assert ("招商银行研究院", "subsidiaryOf", "招商银行") in facts
    assert ("林舒", "executiveOf", "招商银行研究院") in facts


def _pairs(unit: str, parent: str) -> list[tuple[str, str]]:
    from kg.extract.units import unit_parents
    ms = [Mention(0, len(unit), unit, "Organization", unit), Mention(0, len(parent), parent, "Company", parent)]
    return [(u.entity, p.entity) for u, p in unit_parents(ms)]


def test_a_parent_whose_name_runs_on_is_not_the_parent():
    # 东川石油|大学: the university is named, not the oil company; 东川|银行: the bank, not 东川
    assert _pairs("东川石油大学能源研究中心", "东川石油") == []
    assert _pairs("东川银行深圳分行", "东川") == []
    # the unit word alone after the parent is the parent's own unit
    assert _pairs("东川石油研究院", "东川石油") == [("东川石油研究院", "东川石油")]
    # the parent's legal form may stand before the unit's part
    assert _pairs("东川银行股份有限公司浙江省分行", "东川银行") == [("东川银行股份有限公司浙江省分行", "东川银行")]


def test_a_unit_part_that_names_no_one_unit_states_nothing():
    assert _pairs("东川银行某分行", "东川银行") == []
    assert _pairs("东川银行分支行", "东川银行") == []


def _asserted(text: str) -> set[tuple[str, str, str]]:
    doc = document_from_text(text, "a.txt")
    return {(r.subject, r.predicate, r.object) for r in extract_document(doc).relations if r.status == "asserted"}


def test_end_to_end_the_head_of_a_ministry_department():
    # the department is named before its head's post: a unit of the ministry, where the head works
    facts = _asserted("商务部对外合作司副司长林舒表示，境外投资保持平稳。")
    assert {("林舒", "executiveOf", "商务部对外合作司"), ("林舒", "executiveOf", "商务部"),
            ("商务部对外合作司", "subsidiaryOf", "商务部")} <= facts


def test_a_research_unit_named_for_its_field_after_a_closed_name_is_a_unit():
    # 金融, 经济 would extend a bare brand's name (东川石油|大学…); after 银行 or 大学 they name the unit
    assert ("东川银行金融研究中心", "subsidiaryOf", "东川银行") in _asserted("东川银行金融研究中心发布报告称，信贷将平稳增长。")
    assert ("南港大学能源经济研究中心", "subsidiaryOf", "南港大学") in _asserted(
        "（作者系南港大学能源经济研究中心主任）")


def test_a_post_in_a_unit_is_a_post_at_its_parent():
    facts = _asserted("南港银行金融研究中心首席经济学家林舒表示，降准仍有空间。")
    assert {("林舒", "executiveOf", "南港银行金融研究中心"), ("林舒", "executiveOf", "南港银行")} <= facts
    # an institute a public body sponsors is no department of it: its researchers hold no post there
    facts = _asserted("商务部研究院副院长何川表示，外贸将保持平稳。")
    posts = {o for s, p, o in facts if p == "executiveOf"}
    assert posts and all(o.endswith("研究院") for o in posts)


def test_a_department_that_publishes_in_its_own_name_is_a_unit_of_its_body():
    assert ("商务部对外合作司", "subsidiaryOf", "商务部") in _asserted("近日，商务部对外合作司发布数据显示，境外投资平稳。")
    assert ("国务院办公厅", "subsidiaryOf", "国务院") in _asserted("国务院办公厅日前印发《关于促进消费的意见》。")
    # an addressee or a day is no part of a department's name
    assert not {f for f in _asserted("银保监会财险部今日向各财险公司下发通知。") if "今日" in f[0]}


def test_departments_in_general_are_no_department():
    # 相关司局 and 有关部门 speak of several departments; a second post (兼) is no department name
    for text in ("证监会相关司局负责人表示，将加快审核。", "商务部有关部门负责人表示，将出台措施。",
                 "银保监会首席风险官兼办公厅主任林舒表示，风险总体可控。"):
        assert not {f for f in _asserted(text) if f[1] == "subsidiaryOf"}, text


def test_a_fund_named_after_its_managers_brand_is_developed_by_the_manager():
    facts = _asserted("华夏中证新能源ETF和易方达稳健配置混合基金本周份额均有增加。")
    assert ("华夏中证新能源ETF", "developedBy", "华夏基金") in facts
    assert ("易方达稳健配置混合基金", "developedBy", "易方达基金") in facts


def test_a_brand_before_no_funds_name_states_nothing():
    # a fund manager's post, the manager itself, a bank that shares the brand, a kind of money
    for text in ("华夏稳健配置基金经理林舒表示，市场将震荡。", "易方达基金和南方基金宣布下调管理费。",
                 "招商银行理财子公司发行新产品。", "该区设立招商引资基金。",
                 "华夏以百亿上证50ETF的首发规模领跑。"):
        assert not {f for f in _asserted(text) if f[1] == "developedBy"}, text

