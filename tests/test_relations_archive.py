"""Relation error classes found by reading a random sample of the news-archive build
(benchmarks/results/archive_review.md), each with the construction that must keep working.
Sentences and names written for these tests."""

from __future__ import annotations

from test_relations import make_doc  # noqa: E402

from kg.extract.relations import find_relations


def relations_of(sentences, entities, headings=frozenset()):
    doc, mentions = make_doc(sentences, entities, headings)
    return find_relations(doc, mentions, ())[0]


def triples(sentences, entities, headings=frozenset()):
    return {(r.subject, r.predicate, r.object) for r in relations_of(sentences, entities, headings)
            if r.status == "asserted"}


def test_a_news_title_does_not_become_the_subject_of_the_article():
    found = triples(["甲集团六百亿借壳乙投资 股价连续涨停", "重组完成后，丙集团及其全资子公司丁置业持股比例接近。"],
                    {"甲集团": "Company", "乙投资": "Company", "丁置业": "Company"}, headings={0})
    assert found == set()


def test_a_profile_heading_still_supplies_the_omitted_subject():
    found = triples(["3.2 青禾科技有限公司简介", "全资子公司青禾数据负责风控系统。"],
                    {"青禾科技有限公司": "FintechCompany", "青禾数据": "TechCompany"}, headings={0})
    assert found == {("青禾数据", "subsidiaryOf", "青禾科技有限公司")}


def test_the_discourse_does_not_fill_a_subject_the_clause_states_itself():
    # the signers are 多个省市, not the analyst's employer
    assert triples(["甲证券首席经济学家林舒表示，随着多个省市与东川基金签订委托合同，资金将逐步入市。"],
                   {"甲证券": "SecuritiesFirm", "林舒": "Person", "东川基金": "InvestmentFirm"}) == {
        ("林舒", "executiveOf", "甲证券")}
    # 该酒店 is the subsidiary, not the company that opens the clause before it
    assert triples(["青禾集团持有青禾创投90%的股份，另一名股东是青禾大酒店，该酒店是北辰集团的全资子公司。"],
                   {"青禾集团": "Company", "青禾创投": "InvestmentFirm", "青禾大酒店": "Company",
                    "北辰集团": "Company"}) == {("青禾集团", "shareholderOf", "青禾创投")}


def test_an_adverb_before_the_cue_still_lets_the_topic_fill_in():
    assert triples(["南港集团公告称，已与东川银行签署战略合作协议。"], {"南港集团": "Company", "东川银行": "Bank"}) == {
        ("南港集团", "partnersWith", "东川银行")}
    assert triples(["南港集团公告称，全资子公司南港云将增资扩股。"], {"南港集团": "Company", "南港云": "TechCompany"}) == {
        ("南港云", "subsidiaryOf", "南港集团")}


def test_a_launch_verb_does_not_reach_a_product_in_the_next_clause():
    ents = {"南港集团": "Company", "星河系统": "Product"}
    assert triples(["南港集团昨日发布首款折叠手机，搭载星河系统的平板也将上市。"], ents) == set()
    assert triples(["南港集团发布了搭载星河系统的新平板。"], {"南港集团": "Company", "星河系统": "Product"}) == {
        ("星河系统", "developedBy", "南港集团")}


def test_a_passive_launch_needs_you_or_shi():
    ents = {"东川币": "Product", "东川银行": "Bank"}
    assert triples(["早在东川币面世之初，东川银行就表达了打造自有货币的想法。"], ents) == set()
    assert triples(["东川币是由东川银行自主研发的数字钱包。"], ents) == {("东川币", "developedBy", "东川银行")}


def test_a_verb_phrase_after_qixia_ends_the_subsidiary_slot():
    ents = {"南港集团": "Company", "北辰峰会": "Organization", "南港网": "Company"}
    assert triples(["南港集团旗下的杭城网站承担了北辰峰会官网的建设。"], ents) == set()
    assert triples(["南港集团旗下的新闻网站南港网负责运营。"], ents) == {("南港网", "subsidiaryOf", "南港集团")}


def test_studying_whether_to_form_a_company_is_a_plan():
    relations = relations_of(["北辰能源正与南港电网研究组建东川交易中心。"],
                             {"北辰能源": "Company", "南港电网": "Company", "东川交易中心": "Organization"})
    founded = {(r.subject, r.object, r.status) for r in relations if r.predicate == "foundedBy"}
    assert founded and all(status == "planned" for *_, status in founded)


def test_a_title_reaches_its_holder_but_not_the_next_person_of_a_list():
    ents = {"东川基金": "AssetManager", "林舒": "Person", "南港基金": "AssetManager", "何川": "Person"}
    assert triples(["东川基金总经理助理江月以及稳健养老一年期基金经理何川均表示看好。"], ents) == set()
    assert triples(["东川基金董事长兼总经理林舒表示看好。"], ents) == {("林舒", "executiveOf", "东川基金")}
    assert triples(["东川基金副总经理、投资总监林舒表示看好。"], ents) == {("林舒", "executiveOf", "东川基金")}


def test_members_of_one_list_are_not_partners_of_each_other():
    ents = {"东川银行": "Bank", "北辰银行": "Bank", "南港银行": "Bank", "青禾科技": "TechCompany",
            "白塔创投": "InvestmentFirm"}
    assert triples(["包括东川银行、北辰银行和南港银行在内的三大银行已与多个省市签署战略合作协议。"], ents) == set()
    assert triples(["西部新区与青禾科技、白塔创投签署合作意向书。"], ents) == set()
    assert triples(["东川银行与青禾科技、白塔创投签署战略合作协议。"], ents) == {
        ("东川银行", "partnersWith", "青禾科技"), ("东川银行", "partnersWith", "白塔创投")}
    assert triples(["东川银行和北辰银行正式签署合作协议。"], ents) == {("东川银行", "partnersWith", "北辰银行")}


def test_a_supplier_clause_after_a_comma_names_its_own_client():
    ents = {"南港重工": "Company", "东川国资委": "GovernmentBody", "北辰电网": "Company"}
    assert triples(["南港重工是东川国资委直属的央企之一，是海军装备的核心供应商。"], ents) == set()
    assert triples(["南港重工是北辰电网的核心供应商。"], ents) == {("南港重工", "servesClient", "北辰电网")}


def test_a_founder_of_another_listed_firm_is_not_the_founder():
    ents = {"东川股转": "Organization", "林舒": "Person", "青禾科技": "TechCompany"}
    assert triples(["资深东川股转评论人、南山投资创始人林舒表示看好。"], ents) == set()
    assert ("青禾科技", "foundedBy", "林舒") in triples(["青禾科技联合创始人林舒表示看好。"], ents)


def test_a_launch_before_a_comma_is_not_the_launch_of_a_later_product():
    ents = {"东川监管局": "GovernmentBody", "融资新规": "Product"}
    assert triples(["东川监管局对再融资政策进行修订，这是对去年发布的“融资新规”的再次修订。"], ents) == set()


def test_a_possibility_is_not_a_fact():
    relations = relations_of(["东川商务部可能允许本国企业与南港通信就行业标准进行合作。"],
                             {"东川商务部": "GovernmentBody", "南港通信": "TechCompany"})
    assert relations and {r.status for r in relations} == {"rumoured"}


def test_each_title_of_a_list_keeps_its_holder():
    ents = {"东川交易所": "Organization", "南港交易所": "Organization", "林舒": "Person", "何川": "Person"}
    assert triples(["东川交易所总经理林舒、南港交易所副总经理何川以及嘉宾发表了致辞。"], ents) == {
        ("林舒", "executiveOf", "东川交易所"), ("何川", "executiveOf", "南港交易所")}


def test_a_maker_clauses_before_its_launch_verb_still_launches():
    ents = {"东川银行": "Bank", "青禾链": "Product"}
    assert triples(["东川银行依托集团优势，强化科技赋能，创新推出“青禾链”供应链平台。"], ents) == {
        ("青禾链", "developedBy", "东川银行")}


def test_a_brokers_branch_buying_shares_holds_none():
    ents = {"东川证券": "SecuritiesFirm", "北辰银行": "Bank", "南港银行": "Bank"}
    assert triples(["东川证券南港大道证券营业部近期频繁买入北辰银行、南港银行等个股。"], ents) == set()
    assert triples(["东川证券近期增持了北辰银行。"], ents) == {("东川证券", "shareholderOf", "北辰银行")}


def test_a_list_after_qixia_stops_at_the_next_owner():
    ents = {"东川集团": "Company", "南港集团": "Company", "北辰集团": "Company", "青禾": "Company"}
    assert triples(["东川集团旗下的甲网、南港集团旗下的乙网以及青禾也在观望。"], ents) == set()
    assert triples(["东川集团旗下的新闻网站青禾负责运营。"], ents) == {("青禾", "subsidiaryOf", "东川集团")}


def test_investing_in_a_subsidiary_is_not_investing_in_its_parent():
    ents = {"东川集团": "Company", "南港控股": "Company", "南港机器人": "TechCompany"}
    assert triples(["东川集团投资了南港控股旗下的机器人公司。"], ents) == set()
    assert triples(["东川集团投资了南港机器人。"], ents) == {("东川集团", "investsIn", "南港机器人")}


def test_policies_that_complement_each_other_are_no_partnership():
    ents = {"东川监管局": "GovernmentBody", "南港央行": "GovernmentBody"}
    assert triples(["东川监管局的一系列举措已与南港央行的货币政策形成组合拳，监管协调合作的时代已经来临。"],
                   ents) == set()
    assert triples(["东川监管局与南港央行加强合作。"], ents) == {("东川监管局", "partnersWith", "南港央行")}


def test_a_proposal_is_a_plan():
    relations = relations_of(["专家建议东川结算和南港交易所协调合作，研究相关方案。"],
                             {"东川结算": "Organization", "南港交易所": "Organization"})
    assert relations and {r.status for r in relations} == {"planned"}
