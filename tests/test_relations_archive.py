"""Relation error classes found by reading random samples of the news-archive build
(benchmarks/results/archive_review.md): for each class a sentence that used to give a wrong
fact and one with the construction that must keep working. Sentences and names written for
these tests."""

from __future__ import annotations

import pytest

from test_relations import make_doc  # noqa: E402

from kg.extract.relations import find_relations
from kg.extract.classifier import status_at

P, S, E, B, C, T, O = "Product", "SecuritiesFirm", "executiveOf", "Bank", "Company", "TechCompany", "Organization"
GOV = "GovernmentBody"


def relations_of(sentences, entities, headings=frozenset()):
    doc, mentions = make_doc(sentences, entities, headings)
    return find_relations(doc, mentions, ())[0]


def triples(sentences, entities, headings=frozenset()):
    return {(r.subject, r.predicate, r.object) for r in relations_of(sentences, entities, headings)
            if status_at(r) == "asserted"}


# (class, sentence, entities, asserted triples)
CASES = [
    # the discourse fills no subject the clause states itself (多个省市与…, 该酒店是…)
    ("own-subject", "甲证券首席经济学家林舒表示，随着多个省市与东川基金签订委托合同，资金将逐步入市。",
     {"甲证券": S, "林舒": "Person", "东川基金": "InvestmentFirm"}, {("林舒", E, "甲证券")}),
    ("own-subject", "青禾集团持有青禾创投90%的股份，另一名股东是青禾大酒店，该酒店是北辰集团的全资子公司。",
     {"青禾集团": C, "青禾创投": "InvestmentFirm", "青禾大酒店": C, "北辰集团": C},
     # the cues leave 该酒店 alone (the classifier reads the hotel just named, as evidence below
     # its default threshold); no discourse subject is filled in
     {("青禾集团", "shareholderOf", "青禾创投")}),
    ("own-subject", "南港集团公告称，已与东川银行签署战略合作协议。", {"南港集团": C, "东川银行": B},
     {("南港集团", "partnersWith", "东川银行")}),
    ("own-subject", "南港集团公告称，全资子公司南港云将增资扩股。", {"南港集团": C, "南港云": T},
     {("南港云", "subsidiaryOf", "南港集团")}),
    # developedBy stays in one clause and its passive needs 由/是
    ("launch-clause", "南港集团昨日发布首款折叠手机，搭载星河系统的平板也将上市。", {"南港集团": C, "星河系统": P}, set()),
    ("launch-clause", "南港集团发布了搭载星河系统的新平板。", {"南港集团": C, "星河系统": P},
     {("星河系统", "developedBy", "南港集团")}),
    ("launch-clause", "早在东川币面世之初，东川银行就表达了打造自有货币的想法。", {"东川币": P, "东川银行": B}, set()),
    ("launch-clause", "东川币是由东川银行自主研发的数字钱包。", {"东川币": P, "东川银行": B},
     {("东川币", "developedBy", "东川银行")}),
    ("launch-clause", "东川监管局对再融资政策进行修订，这是对去年发布的“融资新规”的再次修订。",
     {"东川监管局": "GovernmentBody", "融资新规": P}, set()),
    ("launch-clause", "东川银行依托集团优势，强化科技赋能，创新推出“青禾链”供应链平台。", {"东川银行": B, "青禾链": P},
     {("青禾链", "developedBy", "东川银行")}),
    # a 旗下 slot ends at a verb phrase, a list comma or the next owner
    ("qixia", "南港集团旗下的杭城网站承担了北辰峰会官网的建设。", {"南港集团": C, "北辰峰会": O, "南港网": C}, set()),
    ("qixia", "南港集团旗下的新闻网站南港网负责运营。", {"南港集团": C, "北辰峰会": O, "南港网": C},
     {("南港网", "subsidiaryOf", "南港集团")}),
    ("qixia", "东川集团旗下的甲网、南港集团旗下的乙网以及青禾也在观望。", {"东川集团": C, "南港集团": C, "青禾": C}, set()),
    # a title reaches its own holder only
    ("title", "东川基金总经理助理江月以及稳健养老一年期基金经理何川均表示看好。",
     {"东川基金": "AssetManager", "何川": "Person"}, set()),
    ("title", "东川基金董事长兼总经理林舒表示看好。", {"东川基金": "AssetManager", "林舒": "Person"},
     {("林舒", E, "东川基金")}),
    # posts of government, associations, party committees and research (kg/lexicon/relations/titles.txt)
    ("title", "东川省工业厅副部长林舒表示，产业进入冲刺阶段。", {"东川省工业厅": "GovernmentBody", "林舒": "Person"},
     {("林舒", E, "东川省工业厅")}),
    ("title", "甲证券首席策略分析师何川在接受采访时表示，改革力度超越以往。", {"甲证券": S, "何川": "Person"},
     {("何川", E, "甲证券")}),
    ("title", "东川银行党委委员、副行长江月等出席签约仪式。", {"东川银行": B, "江月": "Person"},
     {("江月", E, "东川银行")}),
    ("title", "东川金融研究会副会长林舒表示，变化是唯一不变的。", {"东川金融研究会": O, "林舒": "Person"},
     {("林舒", E, "东川金融研究会")}),
    ("title", "东川基金副总经理、投资总监林舒表示看好。", {"东川基金": "AssetManager", "林舒": "Person"},
     {("林舒", E, "东川基金")}),
    ("title", "东川交易所总经理林舒、南港交易所副总经理何川以及嘉宾发表了致辞。",
     {"东川交易所": O, "南港交易所": O, "林舒": "Person", "何川": "Person"},
     {("林舒", E, "东川交易所"), ("何川", E, "南港交易所")}),
    # a post after a modifier or a field (relations/title_modifiers.txt; the experts of titles.txt)
    ("title", "东川交易所行政总裁林舒表示，互联互通将扩容。", {"东川交易所": O, "林舒": "Person"},
     {("林舒", E, "东川交易所")}),
    ("title", "甲证券宏观分析师何川对记者表示，通胀压力可控。", {"甲证券": S, "何川": "Person"},
     {("何川", E, "甲证券")}),
    ("title", "东川银行资深贵金属分析师江月认为，金价仍有支撑。", {"东川银行": B, "江月": "Person"},
     {("江月", E, "东川银行")}),
    ("title", "南港研究院高级研究员林舒在接受采访时表示，消费将回暖。", {"南港研究院": O, "林舒": "Person"},
     {("林舒", E, "南港研究院")}),
    ("title", "东川集团亚太区联席CEO何川表示，业务将扩张。", {"东川集团": C, "何川": "Person"},
     {("何川", E, "东川集团")}),
    ("title", "东川部金融司司长江月表示，将加大支持力度。", {"东川部": "GovernmentBody", "江月": "Person"},
     {("江月", E, "东川部")}),
    ("title", "甲证券固定收益首席分析师何川认为，债市仍有机会。", {"甲证券": S, "何川": "Person"},
     {("何川", E, "甲证券")}),
    ("title", "南港科技运营副总裁林舒对记者说，订单已排满。", {"南港科技": T, "林舒": "Person"},
     {("林舒", E, "南港科技")}),
    ("title", "南港科技董秘林舒对记者表示，公司经营正常。", {"南港科技": T, "林舒": "Person"},
     {("林舒", E, "南港科技")}),
    ("title", "林舒（南港科技董事长）表示，订单已排满。", {"南港科技": T, "林舒": "Person"},
     {("林舒", E, "南港科技")}),
    ("title", "林舒（南港科技的客户）表示，订单已排满。", {"南港科技": T, "林舒": "Person"}, set()),
    # a field holds no word that starts a clause: the analyst quoted by a firm is not its employee
    ("title", "甲证券向分析师何川提供了数据，通胀压力可控。", {"甲证券": S, "何川": "Person"}, set()),
    ("title", "东川集团对分析师何川表示，业务将扩张。", {"东川集团": C, "何川": "Person"}, set()),
    # a subsidiary is no department: its manager does not work for the parent
    ("title", "东川集团子公司总经理何川表示，业务将扩张。", {"东川集团": C, "何川": "Person"}, set()),
    # academic and specialist posts: professors, chief engineers and economists, statisticians, partners
    ("title", "东川大学金融学院教授林舒表示，消费将回暖。", {"东川大学金融学院": O, "林舒": "Person"},
     {("林舒", E, "东川大学金融学院")}),
    ("title", "南港大学法学副教授何川认为，新规影响深远。", {"南港大学": O, "何川": "Person"}, {("何川", E, "南港大学")}),
    ("title", "东川统计局工业司高级统计师江月表示，利润增速回升。", {"东川统计局": GOV, "江月": "Person"},
     {("江月", E, "东川统计局")}),
    ("title", "东川部总经济师林舒表示，投资平稳增长。", {"东川部": GOV, "林舒": "Person"}, {("林舒", E, "东川部")}),
    ("title", "甲会计师事务所税务服务主管合伙人何川对记者表示，减税将延续。", {"甲会计师事务所": C, "何川": "Person"},
     {("何川", E, "甲会计师事务所")}),
    ("title", "东川海关总署署长林舒表示，外贸稳中有进。", {"东川海关总署": GOV, "林舒": "Person"},
     {("林舒", E, "东川海关总署")}),
    ("title", "东川交易所固定收益部经理何川介绍，债券发行提速。", {"东川交易所": O, "何川": "Person"},
     {("何川", E, "东川交易所")}),
    ("title", "东川财经大学经济系主任江月表示，政策效果显现。", {"东川财经大学": O, "江月": "Person"},
     {("江月", E, "东川财经大学")}),
    # posts of one holder joined by 、, the second in a unit no finder names: the first is at 东川大学
    ("title-list", "东川大学教授、南港治理研究院院长林舒告诉记者，减税将延续。", {"东川大学": O, "林舒": "Person"},
     {("林舒", E, "东川大学")}),
    ("title", "东川银行经济学全球主管林舒表示，通胀仍将回落。", {"东川银行": B, "林舒": "Person"}, {("林舒", E, "东川银行")}),
    # a spokesperson at the body's own press event speaks for it; a firm commenting on one does not employ him
    ("title", "5月8日，东川监管局召开例行新闻发布会，新闻发言人林舒介绍了情况。", {"东川监管局": GOV, "林舒": "Person"},
     {("林舒", E, "东川监管局")}),
    ("title", "甲证券认为，新闻发言人林舒的表态意味着监管趋严。", {"甲证券": S, "林舒": "Person"}, set()),
    # a limited partner of a fund invests in it and holds no post
    ("title", "东川基金有限合伙人林舒出资五千万元。", {"东川基金": "InvestmentFirm", "林舒": "Person"}, set()),
    # a body's posts listed with their holders: each holds a post at the body
    ("title-series", "东川监管局局长林舒、副局长何川、副局长江月出席会议。",
     {"东川监管局": GOV, "林舒": "Person", "何川": "Person", "江月": "Person"},
     {("林舒", E, "东川监管局"), ("何川", E, "东川监管局"), ("江月", E, "东川监管局")}),
    # ... but a long post after the list may name another employer the finders missed
    ("title-series", "记者采访了东川研究中心主任林舒和南港智投首席分析师何川。",
     {"东川研究中心": O, "林舒": "Person", "何川": "Person"}, {("林舒", E, "东川研究中心")}),
    # the post after the name, and a firm's analyst quoted with no post
    ("title-after", "东川监管局林舒副局长表示，将持续推进改革。", {"东川监管局": GOV, "林舒": "Person"},
     {("林舒", E, "东川监管局")}),
    ("speaker", "甲证券何川认为，债市仍有机会。", {"甲证券": S, "何川": "Person"}, {("何川", E, "甲证券")}),
    ("speaker", "对于昨日反弹，东川基金林舒指出，反弹仍将持续。", {"东川基金": "AssetManager", "林舒": "Person"},
     {("林舒", E, "东川基金")}),
    ("speaker", "东川证券林舒昨日对《南港日报》记者表示，债市仍有机会。",
     {"东川证券": S, "林舒": "Person", "南港日报": C}, {("林舒", E, "东川证券")}),
    ("title", "东川证券资深投资顾问林舒表示，开户数回升。", {"东川证券": S, "林舒": "Person"}, {("林舒", E, "东川证券")}),
    # 原 marks a former post
    ("speaker", "东川银行原董事长林舒表示，转型需要时间。", {"东川银行": B, "林舒": "Person"}, set()),
    # the actual controller holds the company; a former one no longer does
    ("controller", "东川科技的实际控制人为林舒，其持股比例为32%。", {"东川科技": T, "林舒": "Person"},
     {("林舒", "shareholderOf", "东川科技")}),
    ("controller", "南港集团是东川科技的实控人。", {"南港集团": C, "东川科技": T}, {("南港集团", "shareholderOf", "东川科技")}),
    ("controller", "东川科技控股股东南港集团及实际控制人林舒承诺不减持。", {"东川科技": T, "南港集团": C, "林舒": "Person"},
     {("林舒", "shareholderOf", "东川科技"), ("南港集团", "shareholderOf", "东川科技"), ("东川科技", "subsidiaryOf", "南港集团")}),
    ("controller", "东川科技原实际控制人林舒已退出。", {"东川科技": T, "林舒": "Person"}, set()),
    # 该集团 stands for the group named before it, not for the bank the clause opened with
    ("anaphor-head", "东川银行第一大股东为南港集团，而该集团为东川市国资委旗下的投资平台。",
     {"东川银行": B, "南港集团": C, "东川市国资委": GOV},
     {("南港集团", "shareholderOf", "东川银行"), ("南港集团", "subsidiaryOf", "东川市国资委")}),
    # a name after 股东 holds that role itself: it is neither the topic nor the company of the next 股东
    ("shareholder-list", "东川证券的增资方案显示，第一大股东南港控股和第二大股东青禾集团分别出资。",
     {"东川证券": S, "南港控股": C, "青禾集团": C}, {("南港控股", "shareholderOf", "东川证券")}),
    ("shareholder-list", "该券商的增资方案显示，第一大股东南港控股和第二大股东青禾集团分别出资。",
     {"南港控股": C, "青禾集团": C}, set()),
    # co-hosting an event is no partnership (the reviews' convention; the gold marks it optional)
    ("co-host", "由东川银行、南港证券联合主办的金融论坛在京举行。", {"东川银行": B, "南港证券": S}, set()),
    ("co-host", "东川银行与南港证券联合推出养老理财产品。", {"东川银行": B, "南港证券": S},
     {("东川银行", "partnersWith", "南港证券")}),
    # a plan of the topic governs the act its clause states later, not a state
    ("topic-hedge", "南港科技计划在明年年底，与东川银行合作实现量产。", {"南港科技": T, "东川银行": B}, set()),
    ("topic-hedge", "东川证券拟通过其全资子公司南港投资设立并购基金。", {"东川证券": S, "南港投资": "InvestmentFirm"},
     {("南港投资", "subsidiaryOf", "东川证券")}),
    ("topic-hedge", "南港水务与东川工投签订协议，并将合伙成立青禾水务有限公司。",
     {"南港水务": C, "东川工投": C, "青禾水务有限公司": C}, {("南港水务", "partnersWith", "东川工投")}),
    # 将 before the verb of the act is a plan (将建立, 将通过 … in hedges.tsv)
    ("topic-hedge", "南港科技与东川银行将建立战略合作机制，共同服务小微企业。", {"南港科技": T, "东川银行": B}, set()),
    ("topic-hedge", "南港科技与东川银行已建立战略合作机制。", {"南港科技": T, "东川银行": B},
     {("南港科技", "partnersWith", "东川银行")}),
    # a name inside a 《title》 is one of the title's words: it neither cuts the cue nor takes a part
    ("title-name", "东川银行副行长林舒与南港集团总裁何川签署了《关于共同设立青禾基金的合作备忘录》。",
     {"东川银行": B, "南港集团": C, "林舒": "Person", "何川": "Person", "青禾基金": "AssetManager"},
     {("东川银行", "partnersWith", "南港集团"), ("林舒", E, "东川银行"), ("何川", E, "南港集团")}),
    # an applicant's regulator founds nothing; a body just set up founds no other
    ("founder", "南港资管已向东川监管局申请设立青禾基金。",
     {"南港资管": "AssetManager", "东川监管局": "GovernmentBody", "青禾基金": "AssetManager"}, set()),
    ("founder", "方案提出组建东川卫生委员会，组建南港药品管理局。",
     {"东川卫生委员会": "GovernmentBody", "南港药品管理局": "GovernmentBody"}, set()),
    # members of one list are not each other's partners
    ("list", "东川电视台与省文旅厅、南港科技、青禾通信、北辰数据签署战略合作协议。",
     {"南港科技": T, "青禾通信": C, "北辰数据": T}, set()),
    ("list", "南港科技、青禾通信签署战略合作协议。", {"南港科技": T, "青禾通信": C},
     {("南港科技", "partnersWith", "青禾通信")}),
    ("list", "包括东川银行、北辰银行和南港银行在内的三大银行已与多个省市签署战略合作协议。",
     {"东川银行": B, "北辰银行": B, "南港银行": B}, set()),
    ("list", "西部新区与青禾科技、白塔创投签署合作意向书。", {"青禾科技": T, "白塔创投": "InvestmentFirm"}, set()),
    ("list", "东川银行与青禾科技、白塔创投签署战略合作协议。", {"东川银行": B, "青禾科技": T, "白塔创投": "InvestmentFirm"},
     {("东川银行", "partnersWith", "青禾科技"), ("东川银行", "partnersWith", "白塔创投")}),
    ("list", "东川银行和北辰银行正式签署合作协议。", {"东川银行": B, "北辰银行": B}, {("东川银行", "partnersWith", "北辰银行")}),
    # cooperation words stay in the clause of their 与
    ("clause", "东川监管局的一系列举措已与南港央行的货币政策形成组合拳，监管协调合作的时代已经来临。",
     {"东川监管局": "GovernmentBody", "南港央行": "GovernmentBody"}, set()),
    ("clause", "东川监管局与南港央行加强合作。", {"东川监管局": "GovernmentBody", "南港央行": "GovernmentBody"},
     {("东川监管局", "partnersWith", "南港央行")}),
    ("clause", "南港重工是东川国资委直属的央企之一，是海军装备的核心供应商。",
     {"南港重工": C, "东川国资委": "GovernmentBody"}, set()),
    ("clause", "南港重工是北辰电网的核心供应商。", {"南港重工": C, "北辰电网": C}, {("南港重工", "servesClient", "北辰电网")}),
    ("clause", "资深东川股转评论人、南山投资创始人林舒表示看好。", {"东川股转": O, "林舒": "Person"}, set()),
    ("clause", "青禾科技联合创始人林舒表示看好。", {"青禾科技": T, "林舒": "Person"},
     {("青禾科技", "foundedBy", "林舒"), ("林舒", E, "青禾科技")}),
    # holdings: a broker's branch trades for clients; Y旗下的Z is Z
    ("holding", "东川证券南港大道证券营业部近期频繁买入北辰银行、南港银行等个股。",
     {"东川证券": S, "北辰银行": B, "南港银行": B}, set()),
    ("holding", "东川证券近期增持了北辰银行。", {"东川证券": S, "北辰银行": B}, {("东川证券", "shareholderOf", "北辰银行")}),
    ("holding", "东川集团投资了南港控股旗下的机器人公司。", {"东川集团": C, "南港控股": C}, set()),
    ("holding", "东川集团投资了南港机器人。", {"东川集团": C, "南港机器人": T}, {("东川集团", "investsIn", "南港机器人")}),
    # "甲与乙和丙签署": 甲's counterparts are 乙 and 丙, who are not partners of each other
    ("counterparts", "南港传媒与东川电视台和北辰银行签署了金融服务合作协议。",
     {"南港传媒": C, "东川电视台": O, "北辰银行": B},
     {("南港传媒", "partnersWith", "东川电视台"), ("南港传媒", "partnersWith", "北辰银行")}),
    ("counterparts", "南港传媒、东川电视台和北辰银行签署了三方合作协议。",
     {"南港传媒": C, "东川电视台": O, "北辰银行": B},
     {("南港传媒", "partnersWith", "北辰银行"), ("东川电视台", "partnersWith", "北辰银行")}),
    # a parent holding together with its unit is a holder too; a venue is no buyer
    ("holding", "过户之前，东川保险及其控股子公司东川人寿合计持有南港银行8亿股股份。",
     {"东川保险": "Insurer", "东川人寿": "Insurer", "南港银行": B},
     {("东川保险", "shareholderOf", "南港银行"), ("东川人寿", "shareholderOf", "南港银行"),
      ("东川人寿", "subsidiaryOf", "东川保险")}),
    # holders that raised their stake together (合力增持的Z)
    ("holding", "增持第一名为东川保险和北辰人寿合力增持的南港银行。", {"东川保险": "Insurer", "北辰人寿": "Insurer", "南港银行": B},
     {("东川保险", "shareholderOf", "南港银行"), ("北辰人寿", "shareholderOf", "南港银行")}),
    # 其 after a group label (…系，其旗下) is the group, not the organisation named before it
    ("holding", "东川人寿调研了两家公司，而北辰系，其旗下的南港保险则调研了三家公司。",
     {"东川人寿": "Insurer", "南港保险": "Insurer"}, set()),
    ("holding", "南港农业今日公告称，公司在东川产权交易所成功竞得北辰橡胶集团3万股股份。",
     {"南港农业": C, "东川产权交易所": O, "北辰橡胶集团": C}, set()),
    ("holding", "南港农业今日公告称，已成功竞得北辰橡胶集团3万股股份。",
     {"南港农业": C, "北辰橡胶集团": C}, {("南港农业", "shareholderOf", "北辰橡胶集团")}),
    # a share deal's parties are seller and buyer, not partners; a cooperation agreement still is
    ("share-deal", "东川控股与北辰人寿签署了《股份转让协议》，转让价为每股40元。",
     {"东川控股": C, "北辰人寿": "Insurer"}, set()),
    ("share-deal", "东川控股与北辰人寿签署了战略合作协议，转让部分业务。",
     {"东川控股": C, "北辰人寿": "Insurer"}, {("东川控股", "partnersWith", "北辰人寿")}),
    # a 《title》 names a document: its words state nothing about whoever issues it
    ("title-marks", "东川监管局发布《证券基金投资南港股权交易中心挂牌股票指引》。",
     {"东川监管局": "GovernmentBody", "南港股权交易中心": O}, set()),
    ("title-marks", "东川监管局与南港交易所共同签署《关于推动债券市场发展的合作备忘录》。",
     {"东川监管局": "GovernmentBody", "南港交易所": O}, {("东川监管局", "partnersWith", "南港交易所")}),
    # "甲供应商乙" with no verb relates one client to one vendor; the list before it is an enumeration
    ("enumeration", "风电零部件企业东川重工、北辰电气和南港风能核心供应商西川锻造。",
     {"东川重工": C, "北辰电气": C, "南港风能": C, "西川锻造": C}, {("西川锻造", "servesClient", "南港风能")}),
    ("enumeration", "光学龙头东川光电、镜头供应商北辰精密。", {"东川光电": C, "北辰精密": C}, set()),
    ("enumeration", "南港风能的供应商包括西川锻造和北辰电气。", {"南港风能": C, "西川锻造": C, "北辰电气": C},
     {("西川锻造", "servesClient", "南港风能"), ("北辰电气", "servesClient", "南港风能")}),
    # 任 inside a title (主任) is no appointment: each head holds the post of the body before it
    ("title-list", "东川贷款协会会长闵明、南港金融办公室主任李健、东川交易所总经理宋华等领导参加了会议。",
     {"东川贷款协会": O, "闵明": "Person", "南港金融办公室": "GovernmentBody", "李健": "Person", "东川交易所": O, "宋华": "Person"},
     {("闵明", E, "东川贷款协会"), ("李健", E, "南港金融办公室"), ("宋华", E, "东川交易所")}),
    # an investment reported done, by the speaker of the clause before (甲透露称，已完成对乙的入股)
    ("investment", "东川集团透露称，已于近日完成对南港证券的入股。", {"东川集团": C, "南港证券": S},
     {("东川集团", "investsIn", "南港证券")}),
    # two posts of one holder joined by 及, the second a deputy's modified post
    ("title-list", "南港地产执行董事及副行政总裁林舒表示，市场压力较大。", {"南港地产": C, "林舒": "Person"},
     {("林舒", E, "南港地产")}),
    # two posts, the second in a business line of another firm: the holder has both
    ("title-list", "东川集团副总裁、南港科技云计算事业部总经理林舒表示，需求旺盛。",
     {"东川集团": C, "南港科技": T, "林舒": "Person"}, {("林舒", E, "东川集团"), ("林舒", E, "南港科技")}),
    # a ministry glued to 长 is its head; a research office (…室) is a department of its body
    ("minister", "东川国商务部长罗杰表示，将延长关税豁免。", {"东川国商务部": "GovernmentBody", "罗杰": "Person"},
     {("罗杰", E, "东川国商务部")}),
    ("minister", "东川发展委政研室主任、新闻发言人施明表示，改革将继续。", {"东川发展委": "GovernmentBody", "施明": "Person"},
     {("施明", E, "东川发展委")}),
    # 原 before the body marks a former post
    ("former-post", "原东川研究院院长王明表示，服务业仍是薄弱环节。", {"东川研究院": O, "王明": "Person"}, set()),
    # stocks that move or list together are no partners
    ("market-move", "东川银行、南港地产和北辰电器等3只蓝筹股携手登陆大宗交易平台。",
     {"东川银行": B, "南港地产": C, "北辰电器": C}, set()),
    # parallel trades: each buyer holds what it bought, not the next buyer; a bought stock holds nothing
    ("parallel-trades", "三季度，东川信托新买入南港电子、北辰信托新买入西川机械。",
     {"东川信托": "AssetManager", "南港电子": C, "北辰信托": "AssetManager", "西川机械": C},
     {("东川信托", "shareholderOf", "南港电子"), ("北辰信托", "shareholderOf", "西川机械")}),
    ("parallel-trades", "去年四季度，险资增持了东川地产、南港发展，减持了北辰置业。",
     {"东川地产": C, "南港发展": C, "北辰置业": C}, set()),
    # a stock raised by someone else (被…增持) holds nothing of the next stocks raised
    ("parallel-trades", "增持方面，南港电源被券商增持1637万股，此外，券商增持东川科技、北辰智控等个股。",
     {"南港电源": C, "东川科技": C, "北辰智控": C}, set()),
    # an exchange traded through is a channel, no holder; after 在 it keeps its officers
    ("venue", "东川汇金通过南港证券交易所增持东川银行5000万股。",
     {"东川汇金": "InvestmentFirm", "南港证券交易所": O, "东川银行": B}, {("东川汇金", "shareholderOf", "东川银行")}),
    ("venue", "在南港证券交易所总经理林舒看来，市场运行平稳。", {"南港证券交易所": O, "林舒": "Person"},
     {("林舒", E, "南港证券交易所")}),
    # a body's own network (东川监管局系统) is no venue: its head keeps the post
    ("venue", "东川监管局局长林舒表示，东川监管局系统将持续推进改革。", {"东川监管局": GOV, "林舒": "Person"},
     {("林舒", E, "东川监管局")}),
    # holdings: a stake against the share capital; a state of a holder is not given to the company before it
    ("holding", "值得注意的是，三季度东川证金还突击买入97万股，占当时南港路桥总股本的0.18%。",
     {"东川证金": "InvestmentFirm", "南港路桥": C}, {("东川证金", "shareholderOf", "南港路桥")}),
    ("holding", "青禾算力的控股股东为东川算芯，持股55%，为北辰大陆的全资子公司。",
     {"青禾算力": C, "东川算芯": C, "北辰大陆": C},
     {("东川算芯", "shareholderOf", "青禾算力"), ("青禾算力", "subsidiaryOf", "东川算芯")}),
    # a minority stake behind a bracketed aside is a holding, no acquisition
    ("holding", "2013年，东川资本斥资4亿美元收购南港置业集团（后更名为北辰集团）40%股权。",
     {"东川资本": "InvestmentFirm", "南港置业集团": C, "北辰集团": C}, {("东川资本", "shareholderOf", "南港置业集团")}),
    # units: named after 及旗下; owned by the parent acting through them; in brackets after their parent
    ("units", "南港集团及旗下南港云、南港金融共同出资设立基金。", {"南港集团": C, "南港云": T, "南港金融": C},
     {("南港云", "subsidiaryOf", "南港集团"), ("南港金融", "subsidiaryOf", "南港集团")}),
    ("units", "据了解，青禾消费金融由东川银行通过子公司南港银行和北辰电信发起设立，各自持股50%。",
     {"青禾消费金融": "FinanceCompany", "东川银行": B, "南港银行": B, "北辰电信": C},
     {("南港银行", "subsidiaryOf", "东川银行")}),
    ("units", "分别是：东川股份（子公司东川瑞云）、南岭股份（子公司恒泰集团）和北辰电气。",
     {"东川股份": C, "东川瑞云": C, "南岭股份": C, "恒泰集团": C, "北辰电气": C},
     {("东川瑞云", "subsidiaryOf", "东川股份"), ("恒泰集团", "subsidiaryOf", "南岭股份")}),
    # posts: a chain of posts, a party group's and a spokesperson's post give the holder; a person
    # after a preposition holds no post named before it (耶伦 here is a name no finder knows)
    ("posts", "东川省财政厅党组书记、厅长林舒出席会议。", {"林舒": "Person", "东川省财政厅": GOV},
     {("林舒", E, "东川省财政厅")}),
    ("posts", "东川省发改委新闻发言人何川在发布会上表示，投资增速回升。", {"何川": "Person", "东川省发改委": GOV},
     {("何川", E, "东川省发改委")}),
    ("posts", "东川国际首席经济学家、董事总经理林舒判断，汇率将双向波动。", {"林舒": "Person", "东川国际": C},
     {("林舒", E, "东川国际")}),
    ("posts", "东川联储主席耶伦正式向南港总统林舒递交辞呈。", {"东川联储": GOV, "林舒": "Person"}, set()),
    # co-hosts of a cooperation forum are no partners; a signing at the forum makes them partners
    ("co-hosting", "东川监管局与南港央行在南港首都联合召开的金融合作论坛上发表演讲。",
     {"东川监管局": GOV, "南港央行": GOV}, set()),
    ("co-hosting", "东川监管局与南港央行在论坛期间签署监管合作备忘录。", {"东川监管局": GOV, "南港央行": GOV},
     {("东川监管局", "partnersWith", "南港央行")}),
]


@pytest.mark.parametrize("sentence, entities, expected",
                         [pytest.param(s, e, x, id=f"{c}:{s[:12]}") for c, s, e, x in CASES])
def test_archive_error_class(sentence, entities, expected):
    assert triples([sentence], entities) == expected


def test_a_news_title_does_not_become_the_subject_of_the_article():
    found = triples(["甲集团六百亿借壳乙投资 股价连续涨停", "重组完成后，丙集团及其全资子公司丁置业持股比例接近。"],
                    {"甲集团": C, "乙投资": C, "丁置业": C}, headings={0})
    assert found == set()


def test_a_profile_heading_still_supplies_the_omitted_subject():
    found = triples(["3.2 青禾科技有限公司简介", "全资子公司青禾数据负责风控系统。"],
                    {"青禾科技有限公司": "FintechCompany", "青禾数据": T}, headings={0})
    assert found == {("青禾数据", "subsidiaryOf", "青禾科技有限公司")}


@pytest.mark.parametrize("sentence, entities, status", [
    ("北辰能源正与南港电网研究组建东川交易中心。", {"北辰能源": C, "南港电网": C, "东川交易中心": O}, "planned"),
    # a joint act still to come, talks about a cooperation, a goal strived for, an unnamed source
    ("东川电信、南港移动携手北辰通信等设备商将于下月启动新一代网络试验。",
     {"东川电信": C, "南港移动": C, "北辰通信": T}, "planned"),
    ("东川铁路集团与南港科技就深化数据合作展开会谈。", {"东川铁路集团": C, "南港科技": T}, "planned"),
    ("东川交易所正在加紧工作，争取年内推出“东川通”首款产品。", {"东川交易所": O, "东川通": P}, "planned"),
    ("此前有消息称，南港科技将作为新投资者参与北辰通信的融资。", {"南港科技": T, "北辰通信": T}, "rumoured"),
    # a post left right after it is stated
    ("东川银行董事长王明因个人原因辞职。", {"东川银行": B, "王明": "Person"}, "ended"),
    ("东川商务部可能允许本国企业与南港通信就行业标准进行合作。", {"东川商务部": "GovernmentBody", "南港通信": T}, "rumoured"),
    ("专家建议东川结算和南港交易所协调合作，研究相关方案。", {"东川结算": O, "南港交易所": O}, "planned"),
    ("东川市正会同南港监管局研究推出北辰通。", {"南港监管局": "GovernmentBody", "北辰通": P}, "planned"),
    ("东川监管局近期还将联合南港监管局出台指导意见。",
     {"东川监管局": "GovernmentBody", "南港监管局": "GovernmentBody"}, "planned"),
    # a joint act with a date fixed ahead
    ("东川交易所联合南港结算公司定于下月15日组织开展技术测试。", {"东川交易所": O, "南港结算公司": C}, "planned"),
    # a policy backing a deal, and a holding the seller gave up at auction
    ("二是，支持东川交易所与南港交易所开展互联互通合作。", {"东川交易所": O, "南港交易所": O}, "planned"),
    # a post held then (时任), not now
    ("早在2003年，时任东川银行行长林舒就表示，要培育一批龙头企业。", {"东川银行": B, "林舒": "Person"}, "ended"),
    # a purpose is no fact yet
    ("此次收购目的为使东川集团成为南港股份的控股股东。", {"东川集团": C, "南港股份": C}, "planned"),
    ("北辰投资日前竞得东川实业有限公司持有的南港百货1200万股股份。",
     {"北辰投资": "InvestmentFirm", "东川实业有限公司": C, "南港百货": C}, "ended"),
])
def test_hedged_statements_are_not_asserted(sentence, entities, status):
    relations = relations_of([sentence], entities)
    assert relations and {r.status for r in relations} == {status}


def test_a_time_word_may_stand_before_jointly():
    assert triples(["东川监管局与南港央行日前联合发布《关于加强银行与支付机构合作的通知》。"],
                   {"东川监管局": "GovernmentBody", "南港央行": "GovernmentBody"}) == {
        ("东川监管局", "partnersWith", "南港央行")}


def test_bodies_that_issue_one_act_together_are_partners_of_the_first_named():
    bodies = {"东川监管局": GOV, "南港央行": GOV, "北辰财政厅": GOV}
    assert triples(["东川监管局、南港央行和北辰财政厅等三部门日前联合印发《关于规范支付业务的通知》。"], bodies) == {
        ("东川监管局", "partnersWith", "南港央行"), ("东川监管局", "partnersWith", "北辰财政厅")}
    assert triples(["近日，东川监管局会同南港央行、北辰财政厅制定了《支付机构管理办法》。"], bodies) == {
        ("东川监管局", "partnersWith", "南港央行"), ("东川监管局", "partnersWith", "北辰财政厅")}
    # 南港央行有关部门 is no named body: the central bank only qualifies the departments
    assert triples(["该办法由东川监管局会同南港央行有关部门另行制定。"], bodies) == set()


def test_a_plan_before_a_list_of_founders_covers_them_all():
    relations = relations_of(["南港汽车公告称，拟与东川科技、北辰网络等共同设立青禾投资合伙企业。"],
                             {"南港汽车": "Company", "东川科技": "TechCompany", "北辰网络": "TechCompany",
                              "青禾投资合伙企业": "InvestmentFirm"})
    founded = [r for r in relations if r.predicate == "foundedBy"]
    assert founded and {r.status for r in founded} == {"planned"}


def test_a_backing_stated_after_the_deal_does_not_hedge_it():
    assert triples(["东川银行与南港科技签署战略合作协议，支持南港科技拓展海外业务。"], {"东川银行": B, "南港科技": T}) \
        == {("东川银行", "partnersWith", "南港科技")}


def test_talks_before_a_signed_agreement_do_not_hedge_it():
    assert triples(["东川铁路集团与南港科技举行会谈，签署了战略合作协议。"], {"东川铁路集团": C, "南港科技": T}) \
        == {("东川铁路集团", "partnersWith", "南港科技")}


def test_a_post_someone_else_left_does_not_end_the_new_holders():
    assert triples(["李华离任后东川银行董事长王明表示将继续推进改革。"], {"王明": "Person", "李华": "Person", "东川银行": B}) \
        == {("王明", "executiveOf", "东川银行")}


def test_talks_the_post_holder_held_later_in_the_clause_do_not_hedge_the_post():
    assert triples(["东川国副总理王明在人民大会堂与南港国商务部长罗杰举行会谈。"],
                   {"东川国": "GovernmentBody", "王明": "Person", "南港国商务部": "GovernmentBody", "罗杰": "Person"}) \
        >= {("王明", E, "东川国")}


def _rows(text: str, tmp_path):
    from kg.extract.rows import extract_rows

    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    return [r for r in extract_rows([path]) if r["status"] == "asserted"]


def test_a_holder_goes_on_trading_across_a_comma_and_a_semicolon(tmp_path):
    rows = _rows("截至上月末，中央汇金增持工商银行1亿股，约占总股本的0.1%；增持农业银行2亿股，占0.2%，"
                 "增持建设银行3亿股。\n", tmp_path)
    held = {r["object"]: r["evidence"] for r in rows if r["subject"] == "中央汇金" and r["predicate"] == "shareholderOf"}
    assert set(held) == {"工商银行", "农业银行", "建设银行"}
    assert held["农业银行"].startswith("截至上月末，中央汇金")  # the evidence names the holder


def test_a_new_paragraph_hands_on_no_holder(tmp_path):
    rows = _rows("截至上月末，中央汇金增持工商银行1亿股；\n增持农业银行2亿股。\n", tmp_path)
    assert not any(r["object"] == "农业银行" for r in rows)


def test_a_listed_name_found_by_its_stock_code_is_found_again_without_it(tmp_path, monkeypatch):
    monkeypatch.setattr("kg.extract.entities.model_spans", lambda text, words=None: [])
    rows = _rows("东川天路（600326）昨日公告称，经营稳定。\n刘光华指出，南港银行与东川天路的合作日趋完善。\n", tmp_path)
    assert ("南港银行", "partnersWith", "东川天路") in {(r["subject"], r["predicate"], r["object"]) for r in rows}


def test_a_planned_transfer_of_a_stake_is_planned():
    relations = relations_of(["东川国际公告称，拟将持有的东川华南有限公司100%股权转让给南港有色有限公司。"],
                             {"东川国际": C, "东川华南有限公司": C, "南港有色有限公司": C})
    transfer = [r for r in relations if r.subject == "南港有色有限公司" and r.predicate == "shareholderOf"]
    assert transfer and {r.status for r in transfer} == {"planned"}


def test_a_headquarters_before_a_group_is_the_groups_not_its_units():
    found = triples(["日前，东川重工与总部位于德国的南港集团旗下南港钢铁正式签署协议。"],
                    {"东川重工": C, "德国": "Place", "南港集团": C, "南港钢铁": C})
    assert ("南港集团", "headquarteredIn", "德国") in found
    assert ("南港钢铁", "headquarteredIn", "德国") not in found
