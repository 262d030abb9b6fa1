"""Entity error classes found by reading a random sample of the news-archive build
(benchmarks/results/archive_review.md). Sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.extract.entities import find_entities
from kg.extract.mentions import find_spans
from kg.ingest import document_from_text


def persons(sentence: str) -> list[str]:
    return [s.text for s in find_spans(sentence) if s.type == "Person"]


@pytest.mark.parametrize("sentence, name", [
    ("监管局局长林舒18日在论坛上表示。", "林舒"),
    ("甲银行行长何川3日表示，利率保持稳定。", "何川"),
    ("乙科技首席执行官苏明、丙集团总裁吴凡出席。", "苏明"),
    ("丁集团董事局主席秦岭；", "秦岭"),
    ("甲银行行长何川：保持流动性合理充裕。", "何川"),
    ("乙科技副总裁林舒说，订单已排满。", "林舒"),
    ("甲银行行长何川称，利率保持稳定。", "何川"),
    ("监管局局长林舒赴两家公司调研。", "林舒"),
])
def test_person_name_after_a_role_stops_at_a_digit_or_punctuation(sentence, name):
    assert name in persons(sentence)
    assert not any(p != name and p.startswith(name) for p in persons(sentence))


def test_person_name_after_a_role_keeps_three_characters():
    assert persons("乙科技首席执行官林望舒表示。") == ["林望舒"]
    assert persons("甲银行副行长林功胜出席会议。") == ["林功胜"]  # 胜 is a verb too, but ends the name


@pytest.mark.parametrize("sentence, fragment", [
    ("东川交易所党委副书记、监事长林舒在论坛上发言。", "党委副"),  # 副 opens the post 副书记
    ("东川部农业司负责人强调，资金监管将加强。", "农业司"),  # 司 closes the department
    ("南港人寿品牌中心周总表示，业务将扩张。", "周总"),  # how one addresses a boss
])
def test_a_post_or_department_character_ends_no_name_before_a_post(sentence, fragment):
    assert fragment not in persons(sentence)


@pytest.mark.parametrize("sentence", ["东川股份高管表示，在手订单充足。", "南港指数公司在其官网上表示，将征求意见。"])
def test_a_role_or_a_generic_noun_before_a_speech_verb_is_no_name(sentence):
    assert persons(sentence) == []


def test_a_learned_person_ending_in_a_department_is_no_person():
    from kg.extract.tagger import plausible
    assert not plausible("宣传部", "PER")
    assert plausible("林舒", "PER")


def test_a_place_may_be_the_given_name_between_a_post_and_what_the_person_says():
    assert persons("东川部新闻发言人罗丹阳表示，外贸形势好转。") == ["罗丹阳"]
    assert persons("甲证券首席经济学家郑长春认为，经济企稳。") == ["郑长春"]
    assert persons("甲证券首席经济学家郑长春路过。") == []  # nothing said: 长春 may start a phrase


def test_a_learned_name_that_ends_in_a_post_is_no_organisation():
    from kg.extract.tagger import plausible
    assert not plausible("南港财政司司长", "ORG")
    assert not plausible("东川证券投资顾问", "ORG")  # 东川证券|投资顾问|林舒: an adviser's post
    assert plausible("南港财政司", "ORG")


def names(sentence: str) -> list[str]:
    return [s.text for s in find_spans(sentence) if s.method != "nested"]


@pytest.mark.parametrize("sentence", [
    "今年以来，沪市公司现金分红明显增加。",
    "多家ST公司年报显示扭亏为盈。",
    "偏股基金平均收益率超过两成。",
    "存款保险制度运行平稳。",
    "市场研究中心数据显示，销量回升。",
    "多家住房中介公司表示，成交回暖。",
    "房产中介机构的挂牌量有所增加。",
    "支持粤港澳大湾区创新型企业发展。",
])
def test_markets_fund_categories_and_schemes_are_not_firms(sentence):
    assert names(sentence) == []


def test_a_brokers_branch_office_is_not_cut_into_a_firm_name():
    # 证券|营业部: the suffix belongs to the branch, which is no entity of its own
    assert names("东川证券南港大道证券营业部买入北辰股份。") == ["东川证券", "北辰股份"]


def test_a_run_of_verbs_and_adverbs_ends_the_name():
    assert names("公募基金管理的养老金约占委托专业资产管理机构的六成。") == []
    assert names("青禾集团以五亿元收购了光耀东方集团。")[-1] == "光耀东方集团"


def test_a_joint_venture_is_not_its_partners_name():
    assert names("摩根士丹利华鑫证券首席经济学家林舒表示。")[0] == "摩根士丹利华鑫证券"
    assert names("摩根士丹利与华鑫证券签署协议。") == ["摩根士丹利", "华鑫证券"]


def test_a_measure_character_can_end_a_name_after_a_role():
    # 余 stops "300余家" but is a given name after a title
    assert persons("监管局局长林士余曾表示，风险可控。") == ["林士余"]
    assert persons("共有300余名分析师参会。") == []


def test_the_news_source_of_a_byline_is_not_an_entity_mention():
    assert names("青禾日报e公司讯，东川证券今日公告称，公司收到通知。") == ["东川证券"]
    assert names("据青禾日报e公司报道，东川证券今日公告。") == ["青禾日报e公司", "东川证券"]


def test_a_group_and_its_listed_arm_stay_two_companies():
    text = "东川石化集团有限公司持有东川石化股份有限公司六成股份。东川石化股份有限公司副总裁林舒表示。"
    _, entities = find_entities(document_from_text(text))
    keys = {e.key for e in entities if e.type != "Person"}
    assert keys == {"东川石化集团有限公司", "东川石化股份有限公司"}
    _, entities = find_entities(document_from_text("东川石化股份有限公司（东川石化）今日公告，东川石化营收增长。"))
    assert len([e for e in entities if e.type != "Person"]) == 1


@pytest.mark.parametrize("sentence, name", [
    ("青禾（上海）投资发展有限公司首席经济学家林舒表示。", "青禾（上海）投资发展有限公司"),
    ("监管部门新批了一家东川基金投资顾问有限责任公司。", "东川基金投资顾问有限责任公司"),
])
def test_investment_inside_a_company_name_is_no_verb(sentence, name):
    assert name in names(sentence)


def test_a_place_and_development_brand_keeps_its_investment_name_and_investing_still_splits_two_firms():
    assert "湖南发展投资有限公司" in names("湖南发展投资有限公司已获批入股北辰银行。")
    assert names("红岩资本投资了青禾科技有限公司。") == ["红岩资本", "青禾科技有限公司"]


def test_unnamed_bodies_are_not_entities():
    assert names("东川银行与多家金融机构和有关协会签署协议。") == ["东川银行"]


def test_a_role_inside_a_longer_word_introduces_no_name():
    assert persons("东川国今年接任论坛主席国后重启了工作组。") == []


@pytest.mark.parametrize("sentence", ["东川交易所首次与国外交易所签署协议。", "监管部门规范投资连结保险投资账户。"])
def test_insurance_kinds_and_foreign_bodies_are_not_entities(sentence):
    assert [n for n in names(sentence) if n != "东川交易所"] == []


def test_a_role_split_oddly_by_jieba_still_introduces_a_name():
    assert persons("青禾集团创办人马云财富增长三成。") == ["马云"]


@pytest.mark.parametrize("sentence", [
    "东川交易所将努力打造“全方位、有实效”的服务体系。",
    "这是对去年发布的“再融资新政”的再次修订。",
    "西部大开发“36条”来了。",
])
def test_quoted_slogans_and_policies_are_not_products(sentence):
    assert [n for n in names(sentence) if n != "东川交易所"] == []


def test_a_quoted_launch_is_still_a_product():
    assert "青禾链平台" in names("东川银行推出“青禾链平台”。")


@pytest.mark.parametrize("text", ["[财经雷达]--行情分析\n今日大盘震荡整理。", "【早盘雷达】今日大盘震荡整理。",
                                  "e公司讯，钢铁股今天集体重挫。"])
def test_a_column_label_or_byline_names_no_organisation(text):
    _, entities = find_entities(document_from_text(text))
    assert [e.key for e in entities] == []


def test_a_controlling_shareholder_is_no_part_of_the_company_name():
    # 控股 ends names (腾讯控股), but 控股股东 is the controlling shareholder that follows one
    assert names("南港股份控股股东北辰集团计划增持。")[:1] == ["南港股份"]


@pytest.mark.parametrize("sentence", ["据统计，多数公司的回购期限为6个月至1年。",
                                      "东川银行为所投公司提供贷款。",
                                      "陆续有东岚、北辰等基金公司参与了南港股份的定增。"])
def test_a_determiner_before_a_kind_of_firm_is_no_name(sentence):
    _, entities = find_entities(document_from_text(sentence))
    assert not any(e.key.endswith("公司") for e in entities)


@pytest.mark.parametrize("sentence, fragment", [
    ("做市商参考上日银行间外汇市场收盘汇率报价。", "上日银行"),  # 银行间: interbank, no bank
    ("东川、南港旗下两只互通ETF齐齐发布基金合同生效公告。", "F齐齐"),  # a Latin word cut in two
    ("北上资金合计净买入青禾酒业高达24亿元。", "青禾酒业高达"),  # 高达: an amount follows
    ("而*ST东盛大股东南港实业则开始离任审计。", "*ST东盛大股"),  # jieba joins 禾大: the short name stops at 大股东
    ("*ST华平原董事长林舒辞职。", "*ST华平原董"),
    ("南港国际以9.93亿欧元收购东川俱乐部。", "亿欧"),  # the unit of a figure
    ("对公募基金、社保基金、QFII、RQFII等机构资金进行明确。", "RQFII"),  # a kind of investor
])
def test_a_fragment_around_a_name_is_no_entity(sentence, fragment):
    found = [m.text for m in find_entities(document_from_text(sentence, "t", "text"))[0]]
    assert fragment not in found


@pytest.mark.parametrize("sentence, name", [
    ("日前，中国卫星导航定位协会副会长林舒在论坛上发言。", "中国卫星导航定位协会"),  # 导航: a verb inside the name
    ("会上，北京证监局组织北京市证券业协会召开座谈会。", "北京市证券业协会"),  # 组织 is the clause's verb
])
def test_a_body_name_led_by_a_place_keeps_the_verb_inside_it(sentence, name):
    assert name in names(sentence)


def org_names(sentence: str) -> set[str]:
    doc = document_from_text(sentence, "a.txt")
    return {e.key for e in find_entities(doc)[1] if e.type != "Person"}


@pytest.mark.parametrize("sentence, firm, wrong", [
    # the field of an analyst's post
    ("天风证券银行研究员林舒表示，信贷投放保持平稳。", "天风证券", "天风证券银行"),
    ("中信建投建筑工程分析师何川认为，基建投资将回升。", "中信建投", "中信建投建筑工程"),
    # a bank field after a securities firm's short name: the firm is no bank
    ("国泰君安银行分析师林舒认为，息差将企稳。", "国泰君安", "国泰君安银行"),
    # a desk (策略, 宏观) after a name the rules do not know is cut off the learned name
    ("东兴宏观分析师何川认为，通胀温和。", "东兴", "东兴宏观"),
    ("海通策略分析师何川认为，市场震荡。", "海通", "海通策略"),
    # a department: a registered name ends at its legal form, and an ending that starts a
    # department's name is no part of the firm's
    ("南港证券股份有限公司投资银行部总经理林舒表示，项目储备充足。", "南港证券股份有限公司", "南港证券股份有限公司投资银行"),
    ("金元证券股份有限公司投资银行部业务董事何川表示。", "金元证券", "金元证券股份有限公司投资银行"),
    ("对此，东川银行金融市场部分析师林舒认为，资金面偏紧。", "东川银行", "东川银行金融"),
])
def test_the_field_or_department_before_a_post_is_not_part_of_the_firms_name(sentence, firm, wrong):
    found = org_names(sentence)
    assert firm in found and wrong not in found


def test_an_institute_before_a_researchers_post_keeps_its_name():
    assert "兴业银行国际金融研究所" in org_names("兴业银行国际金融研究所研究员林舒表示，汇率将企稳。")


def test_a_post_is_no_persons_name():
    doc = document_from_text("南港能源集团股份有限公司董秘林舒对记者表示，公司经营正常。", "a.txt")
    assert {e.key for e in find_entities(doc)[1] if e.type == "Person"} == {"林舒"}


def test_rarer_surnames_after_a_post_keep_the_whole_name():
    assert persons("甲证券首席策略分析师荀明远表示，市场将震荡。") == ["荀明远"]
    assert persons("乙银行研究中心首席分析师鄂文涛对记者表示。") == ["鄂文涛"]
    assert persons("东川省委宣传部副部长庹明远表示，要推进媒体融合。") == ["庹明远"]


def test_a_long_post_before_a_transliterated_name_is_not_part_of_it():
    assert persons("甲指数公司董事局主席兼首席执行官亨利·马丁出席仪式。") == ["亨利·马丁"]
    # an adverb after the name is not part of it
    assert persons("甲指数公司首席执行官亨利·马丁公开表示，市场将开放。") == ["亨利·马丁"]


@pytest.mark.parametrize("sentence, plan", [
    ("南港集团推出“夜市合伙人”计划扶持小店经济。", "夜市合伙人"),
    ("东川控股同时推出了“增持+回购”的方案。", "增持+回购"),
    ("监管局要求机构发布“风险提示”公告。", "风险提示"),
    ("东川区发布“一体化发展行动纲要”。", "一体化发展行动纲要"),
    # a document's urgency mark, a kind of strategy
    ("东川监管局发布“特急”文件。", "特急"),
    ("东川基金推出“固收+”策略新品。", "固收+"),
])
def test_a_quoted_plan_or_notice_is_no_product(sentence, plan):
    assert plan not in [s.text for s in find_spans(sentence) if s.type == "Product"]


def test_a_quoted_product_after_a_launch_is_still_found():
    assert "青禾贷" in [s.text for s in find_spans("东川银行推出的“青禾贷”产品广受欢迎。") if s.type == "Product"]


def test_a_bodys_name_may_join_two_fields():
    assert "南港大学公司治理与企业发展研究中心" in names("南港大学公司治理与企业发展研究中心主任林舒表示，改革将深化。")
    assert "东川大学环境保护政策与环境规划研究所" in names("东川大学环境保护政策与环境规划研究所所长何川表示。")


@pytest.mark.parametrize("sentence, name", [
    ("南港大学财政金融学院副院长何川认为，改革仍需推进。", "南港大学财政金融学院"),
    ("东川投资金融研究院院长林舒表示，规则仍需完善。", "东川投资金融研究院"),
])
def test_a_weak_ending_before_a_bodys_ending_is_the_bodys_field(sentence, name):
    # 企业, 金融 end company names, but right before 协会, 学院 or 研究院 they name the body's field
    assert name in names(sentence)


def test_two_organisations_joined_by_yu_stay_two_names():
    found = names("东川集团与南港研究院签署战略合作协议。")
    assert "东川集团" in found and "南港研究院" in found
    assert not any("与" in n for n in found)


@pytest.mark.parametrize("sentence, body", [
    ("江苏证监局局长林舒表示，将加强监管。", "江苏证监局"),
    ("扬州市税务局副局长何川表示，减税落实到位。", "扬州市税务局"),
])
def test_a_regulators_local_office_keeps_its_place(sentence, body):
    assert body in names(sentence)


def test_a_party_before_yu_is_not_joined_to_a_bodys_name():
    found = names("南港银行牵头组成的联合体与达卡交易所签署协议。")
    assert "达卡交易所" in found and not any(n.startswith("联合体") for n in found)


@pytest.mark.parametrize("sentence, names", [
    ("要健全政府的监督职能，企业不能一味依赖政府。", set()),
    ("他表示要把闲置土地交还给政府，并助力地方政府化解债务。", set()),
    ("湖州市市长代表湖州市人民政府作政府工作报告。", {"湖州市人民政府"}),
    ("泰国政府与宁波市鄞州区人民政府分别发布了通知。", {"泰国政府", "宁波市鄞州区人民政府"}),
    # a county the place list lacks but jieba knows as a place
    ("望都县人民政府与东川银行签署战略合作协议。", {"望都县人民政府"}),
])
def test_a_government_is_named_by_the_place_it_governs(sentence, names):
    found = {s.text for s in find_spans(sentence) if s.text.endswith("政府")}
    assert found == names


@pytest.mark.parametrize("sentence, name", [
    ("东川省财政厅副厅长于明远表示，今年将继续减税。", "于明远"),
    ("甲乙证券首席经济学家任思齐认为，降准仍有空间。", "任思齐"),
    ("东川商务局局长余文涛出席了签约仪式。", "余文涛"),
    # a given name jieba reads as one rare noun (建军) or set phrase (鹏举), not as single characters
    ("南港银行监事会主席于建军表示，风险总体可控。", "于建军"),
    ("东川证券分析师代鹏举表示，改革将提速。", "代鹏举"),
])
def test_a_surname_that_is_also_a_function_word_starts_a_name_after_a_role(sentence, name):
    assert name in persons(sentence)


@pytest.mark.parametrize("sentence", ["公司董事长于近日表示将加大投入。", "该行行长于本月调任。",
                                      "美联储主席和副主席都表示要保持耐心。", "董事长都要亲自过问。",
                                      "董事长代表公司出席了签约仪式。"])
def test_a_function_word_after_a_role_is_no_surname(sentence):
    assert persons(sentence) == []


@pytest.mark.parametrize("sentence, name", [
    ("江苏金融与法律研究院院长王明表示，监管仍需加强。", "江苏金融与法律研究院"),
    ("复旦大学金融与经济发展研究中心主任李华认为，改革是长期任务。", "复旦大学金融与经济发展研究中心"),
    ("浙江国际金融与经济研究院研究员林舒表示，监管仍需加强。", "浙江国际金融与经济研究院"),
])
def test_a_body_named_for_two_fields_keeps_both_after_its_owner(sentence, name):
    assert name in names(sentence)


@pytest.mark.parametrize("sentence, person", [
    ("东川省商务厅副厅长陈明远介绍了试验区的进展。", "陈明远"),
    ("西城区副区长王建华通报了最新情况。", "王建华"),
    ("省工信厅厅长刘思远表示，要聚集全球资源。", "刘思远"),
])
def test_heads_of_provincial_departments_and_districts_are_named(sentence, person):
    assert persons(sentence) == [person]


@pytest.mark.parametrize("sentence, person", [
    ("东川联储主席洛克哈特表示，加息不会太快。", "洛克哈特"),
    ("某基金组织总裁格奥尔基耶娃警告，增速会放缓。", "格奥尔基耶娃"),
    ("东川联储主席鲍威尔本月将出席听证会。", "鲍威尔"),
    ("甲乙银行行长易纲表示，货币政策保持稳健。", "易纲"),
    # three syllables, starting with no surname
    ("东川货币基金组织总裁拉加德表示，全球增长放缓。", "拉加德"),
    ("南港央行行长德拉吉曾经说过，将采取一切措施。", "德拉吉"),
])
def test_a_foreign_name_after_a_role_is_taken_whole(sentence, person):
    assert person in persons(sentence)


@pytest.mark.parametrize("sentence, name", [
    ("深圳市金融科技协会今日成立。", "深圳市金融科技协会"),
    ("上海国际能源交易中心发布了交易规则。", "上海国际能源交易中心"),
    ("北京市互联网金融行业协会会长王明表示，行业应加强自律。", "北京市互联网金融行业协会"),
    ("上海银行业协会发布了年度报告。", "上海银行业协会"),
    ("中国期货业协会会长表示，市场运行平稳。", "中国期货业协会"),
])
def test_a_place_and_its_field_name_an_association_or_exchange(sentence, name):
    assert name in names(sentence)


@pytest.mark.parametrize("sentence, name", [("上海银行业务发展迅速。", "上海银行"), ("招商银行业绩增长。", "招商银行")])
def test_a_bank_before_its_business_keeps_its_name(sentence, name):
    assert names(sentence) == [name]


@pytest.mark.parametrize("sentence, name", [
    ("国务院关税税则委员会发布公告，调整部分商品税率。", "国务院关税税则委员会"),
    ("全国人大财经委员会副主任委员表示，立法工作正在推进。", "全国人大财经委员会"),
    ("新三板天线生产企业东川科技（835999）董事会秘书对记者表示。", "东川科技"),
])
def test_a_committee_keeps_its_body_and_a_listed_firm_loses_its_description(sentence, name):
    assert name in names(sentence)


def test_a_group_company_is_the_group_not_its_listed_arm():
    spans = [s for s in find_spans("近日，中石油集团公司总经理表示，将加大勘探力度。") if s.method == "gazetteer"]
    assert [(s.text, s.key) for s in spans] == [("中石油集团公司", "中国石油集团")]


@pytest.mark.parametrize("sentence, name", [("国信证券（香港）副总裁表示，策略依然有效。", "国信证券（香港）"),
                                            ("中国银行（香港）发布公告。", "中国银行（香港）")])
def test_a_firms_arm_in_a_place_is_its_own_entity(sentence, name):
    assert names(sentence) == [name]


@pytest.mark.parametrize("sentence, person", [
    ("东银国际首席经济学家程明表示，市场仍将震荡。", ["程明"]),
    ("南元国际分析师杨明认为，市场仍将震荡。", ["杨明"]),
    ("东川银监会政策性银行部主任周明表示。", ["周明"]),
    # the name follows the last of a chain of posts
    ("交银国际首席经济学家、董事总经理林舒判断，汇率将双向波动。", ["林舒"]),
    ("建银国际首席策略师、董事总经理何川表示。", ["何川"]),
    ("农银国际首席经济学家、执行董事林舒表示。", ["林舒"]),
    ("南港集团党委副书记、总经理何川表示，改革将提速。", ["何川"]),
])
def test_where_a_name_follows_a_role_the_words_before_the_role_are_no_name(sentence, person):
    assert persons(sentence) == person


def test_a_meeting_verb_is_no_part_of_the_firm_met():
    assert "南港大都会集团" in names("副总理昨日会见南港大都会集团董事长坎达里安。")


def test_a_committee_is_not_joined_to_a_body_across_a_verb():
    assert "教育部会同国家卫生健康委员会" not in names("教育部会同国家卫生健康委员会等八部门制定了方案。")


def test_place_led_associations_of_two_articles_stay_two_entities():
    from kg.extract.pipeline import extract_document
    from kg.graph.resolve import resolve_entities

    docs = [document_from_text("宁夏上市公司协会近日召开会员大会。会上，上市公司协会负责人介绍了工作。", "a.txt"),
            document_from_text("海南上市公司协会今日召开会员大会。会上，上市公司协会负责人作了报告。", "b.txt")]
    resolution = resolve_entities([(d.id, extract_document(d).entities) for d in docs], registry={})
    assert {"宁夏上市公司协会", "海南上市公司协会"} <= set(resolution.entities)


def test_a_committee_whose_name_holds_verbs_keeps_its_body():
    assert "证监会科技监管工作委员会" in names("证监会科技监管工作委员会副主任张野表示。")


def test_a_citys_body_named_like_a_national_one_stays_the_citys():
    from kg.extract.pipeline import extract_document

    doc = document_from_text("南港集团公告称，控股股东深圳市国资委同意组建建设控股集团。国资委表示将加快改革。", "a.txt")
    names_found = {e.key for e in extract_document(doc).entities}
    assert {"深圳市国资委", "国资委"} <= names_found


def test_a_branch_campus_is_named_whole_and_an_industry_is_no_firm():
    assert "东川加州大学尔湾分校" in names("东川制药与东川加州大学尔湾分校在药物研究方面合作。")
    from kg.extract.tagger import plausible
    assert not plausible("聚酯产业", "ORG") and plausible("聚酯科技", "ORG")


@pytest.mark.parametrize("sentence, name", [("日前，环保部部长在会上指出，治理要加快。", "环保部"),
                                            ("国家卫健委发布通知。", "国家卫健委"),
                                            ("全国股转公司总经理表示，改革将继续。", "全国股转公司")])
def test_ministries_of_the_state_council_and_their_former_names_are_known(sentence, name):
    assert name in names(sentence)


class _TaggerReading:
    """Stands in for the CRF with a fixed reading of one span, so that what model_spans does with
    a learned span is tested whatever the shipped model happens to tag."""

    def __init__(self, text: str, span: str, kind: str):
        start = text.index(span)
        self.labels = ["O"] * len(text)
        self.labels[start:start + len(span)] = [f"B-{kind}"] + [f"I-{kind}"] * (len(span) - 1)

    def tag(self, features):
        return self.labels


def test_a_learned_organisation_right_after_a_post_is_its_holder_and_a_post_with_its_holder_no_firm():
    from kg.extract.tagger import model_spans, plausible
    text = "东川发改委副主任朱之鑫表示，改革将继续。"
    assert [(s.text, s.type) for s in model_spans(text, _TaggerReading(text, "朱之鑫", "ORG"))] == [("朱之鑫", "Person")]
    text = "东川科技董事长朱之鑫表示。"
    assert [s.type for s in model_spans(text, _TaggerReading(text, "东川科技", "ORG"))] != ["Person"]
    assert not plausible("东川国总统特朗普", "ORG") and plausible("东川国际投资", "ORG")


@pytest.mark.parametrize("sentence, person", [
    ("东川卫生健康委员会副主任柳东如说，检测能力已经提升。", "柳东如"),
    ("东川经济交流中心部长徐洪才在接受记者采访时表示。", "徐洪才"),
    ("东川证券首席分析师王剑即表示，行业仍将分化。", "王剑"),
    ("东川日报刊发了范一飞副行长谈央行数字货币的文章。", "范一飞"),
    # a function character inside the name, three single characters right before a speech word
    ("对此，东川大学数字经济研究院执行院长盘和林在接受记者采访时表示。", "盘和林"),
    ("东川开发银行副行长丁向群也表示，将加大支持。", "丁向群"),
    # 作 and 到 start the next word, they end no name
    ("东川省财政厅党组书记、厅长林舒作工作报告。", "林舒"),
    ("东川省税务局局长何川到会并讲话。", "何川"),
])
def test_a_name_ends_where_a_speech_word_or_verb_starts_and_a_known_body_is_no_name(sentence, person):
    assert persons(sentence) == [person]


def test_a_place_led_name_called_by_its_bare_remainder_joins_no_other_articles_entity_of_that_name():
    from kg.graph.resolve import resolve_entities
    from kg.model import Entity

    placed = Entity("大连商品交易所", "Organization", ("大连商品交易所", "商品交易所"))
    bare = Entity("商品交易所", "Organization", ("商品交易所",))
    resolution = resolve_entities([("a", [placed]), ("b", [bare])], registry={})
    assert set(resolution.entities) == {"大连商品交易所", "商品交易所"}


@pytest.mark.parametrize("sentence, name", [
    ("东川铜业协会成立之初，国际铜业协会中国区总裁林舒表示。", "国际铜业协会"),
    ("国际新经济研究院副院长何川接受记者采访时表示。", "国际新经济研究院"),
])
def test_a_bodys_international_scope_opens_its_name(sentence, name):
    assert name in org_names(sentence)


def test_international_before_a_firm_still_describes_it():
    assert "国际投行高盛" not in org_names("该报告由国际投行高盛发布。")


def test_the_many_exchanges_name_no_exchange():
    assert not org_names("加强与广大交易所之间的合作也显得更为重要。")
