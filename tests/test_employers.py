"""An unknown firm named only by the post of the person quoted (kg/extract/employers.py).
Sentences and names written for these tests."""

from __future__ import annotations

import pytest

from kg.extract.entities import find_entities
from kg.extract.rows import extract_rows
from kg.ingest import document_from_text


def facts(sentence: str, tmp_path) -> set[tuple[str, str, str]]:
    path = tmp_path / "a.txt"
    path.write_text(sentence + "\n", encoding="utf-8")
    return {(r["subject"], r["predicate"], r["object"]) for r in extract_rows([path], lines=True)
            if r["status"] == "asserted"}


def org_names(sentence: str) -> set[str]:
    return {e.key for e in find_entities(document_from_text(sentence, "a.txt"))[1] if e.type != "Person"}


@pytest.mark.parametrize("sentence, person, firm", [
    ("活动现场，东川天路副董事长林舒指出，公司将加快发展。", "林舒", "东川天路"),
    ("昨日，青禾数据总经理何川向记者表示，一季度收入增长。", "何川", "青禾数据"),
    ("北辰云图首席战略官林舒也曾指出，数据是新的生产要素。", "林舒", "北辰云图"),
    ("青禾互通董事总经理何川表示，市场分化加剧。", "何川", "青禾互通"),
])
def test_an_unknown_firm_before_a_company_post_is_the_holders_employer(sentence, person, firm, tmp_path, monkeypatch):
    # the learned tagger proposes nothing here, as it does for many such names in the archive:
    # the post alone must bring the firm in
    monkeypatch.setattr("kg.extract.entities.model_spans", lambda text, words=None: [])
    assert (person, "executiveOf", firm) in facts(sentence, tmp_path)


@pytest.mark.parametrize("sentence, wrong", [
    ("昨日，公司副董事长林舒指出，经营正常。", "公司"),  # a generic noun, no name
    ("原因是公司董事长何川辞职。", "原因是公司"),  # prose with a verb
    ("对此，权益投资部执行总经理林舒表示，仓位适中。", "权益投资部"),  # a department, no firm
    ("阿里巴巴的总裁兼国际形象总裁林舒出席。", "总裁兼国际形象"),  # posts, no firm
])
def test_what_stands_before_a_post_is_no_firm_when_it_is_prose_a_department_or_a_post(sentence, wrong):
    assert wrong not in org_names(sentence)


def test_a_known_firm_keeps_its_post_and_no_employer_is_added():
    assert org_names("建设银行董事长何川表示，信贷平稳。") == {"建设银行"}


def test_an_employer_found_by_its_post_is_found_again_where_no_post_names_it(tmp_path, monkeypatch):
    monkeypatch.setattr("kg.extract.entities.model_spans", lambda text, words=None: [])
    found = facts("活动现场，东川天路副董事长林舒指出，公司将加快发展。林舒说，南港银行与东川天路的合作日趋完善。",
                  tmp_path)
    assert {("林舒", "executiveOf", "东川天路"), ("南港银行", "partnersWith", "东川天路")} <= found


def test_an_employer_whose_brand_is_an_idiom_is_found_when_an_ending_closes_it(tmp_path, monkeypatch):
    monkeypatch.setattr("kg.extract.entities.model_spans", lambda text, words=None: [])
    assert ("林舒", "executiveOf", "心连心集团") in facts("心连心集团总经理林舒表示，化肥需求回暖。", tmp_path)
    assert not any(f[2] == "原因是公司" for f in facts("原因是公司董事长何川辞职。", tmp_path))


@pytest.mark.parametrize("sentence, person, body", [
    ("国家发改委副秘书长林舒表示，就业形势总体稳定。", "林舒", "国家发改委"),  # a deputy secretary-general
    ("宁波海关新闻发言人何川介绍，一季度出口增长。", "何川", "宁波海关"),  # a city's customs house
    ("青禾数科总经理助理隋峰在仪式上表示，准备工作已经就绪。", "隋峰", "青禾数科"),  # an assistant to the head
    ("现东川证券业务总监何川曾对记者表示，转型初见成效。", "何川", "东川证券"),  # a business director
    ("交通部副部长林舒表示，将推进车路协同发展。", "林舒", "交通部"),  # a ministry under its former name
    ("东川财政学会预算专委会副主任委员何川表示，绩效管理仍需加强。", "何川", "东川财政学会"),  # a committee's chair
    ("香港金管局助理局长林舒此前透露，存款额增长。", "林舒", "香港金管局"),  # an assistant head
    ("在青禾资本管理合伙人、总裁何川看来，并购仍有空间。", "何川", "青禾资本"),  # a managing partner
    ("国家海洋测绘局局长徐德明说，产业发展迅速。", "徐德明", "国家海洋测绘局"),  # a national bureau; 徐德|明说
    ("交银国际首席策略分析师林舒认为，汇率将企稳。", "林舒", "交银国际"),  # a bank's Hong Kong arm, no person 银国际
    ("中宣部副部长何川代表主办方致辞。", "何川", "中宣部"),  # a department of the party centre
])
def test_public_posts_and_assistants_name_their_body(sentence, person, body, tmp_path):
    assert (person, "executiveOf", body) in facts(sentence, tmp_path)


@pytest.mark.parametrize("sentence, person, body", [
    ("杭州市副市长林舒表示，将加快数字经济发展。", "林舒", "杭州市"),  # a city's government
    ("浙江省委书记何川在会上强调，要抓好落实。", "何川", "浙江省委"),  # a party committee
    ("江苏省财政厅厅长林舒介绍，专项债发行加快。", "林舒", "江苏省财政厅"),  # a province's department
    ("宁波市发展和改革委员会主任何川表示，投资平稳。", "何川", "宁波市发展和改革委员会"),
])
def test_a_local_officials_post_names_the_places_government(sentence, person, body, tmp_path):
    assert (person, "executiveOf", body) in facts(sentence, tmp_path)


def test_a_mayor_read_across_a_word_is_no_mayor(tmp_path):
    # 芜湖市|长江钢厂: no 市长 here, and no person called 江钢厂
    assert not facts("通过改制于2000年7月成立芜湖市长江钢厂。", tmp_path)


@pytest.mark.parametrize("sentence", ["宁波市总商会办公室主任林舒表示，会员企业增长较快。",
                                      "上海浙江商会秘书处办公室主任林舒表示，将服务会员企业。"])
def test_an_office_of_a_chamber_of_commerce_is_no_government(sentence):
    from kg.extract.mentions import find_spans
    assert not [s for s in find_spans(sentence) if s.type == "GovernmentBody"]
