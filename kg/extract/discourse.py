"""Discourse subjects: which company a sentence talks about when it omits the subject.

In a company-profile section ("4.1.4.1 兴业数字金融服务（上海）股份有限公司", then "公司总部位于
上海", "服务案例：帮助浙商银行…") the omitted subject is the company named by the nearest
heading above. A numbered heading at the same or a shallower depth that names no company
closes the section ("4.2 大数据技术…"); deeper or unnumbered headings ("4.1.4.1.1 企业概况",
"① 服务案例") keep it open and never change its company.

>>> from kg.model import Document, Sentence, Mention
>>> text = "1 甲科技\\n公司总部位于上海。\\n2 行业\\n总部位于北京。"
>>> doc = Document("d", "p", "utf-8", text, text, text, tuple(range(len(text) + 1)), (
...     Sentence(0, 0, 4, "1 甲科技", heading=True), Sentence(1, 5, 14, "公司总部位于上海。"),
...     Sentence(2, 15, 19, "2 行业", heading=True), Sentence(3, 20, 27, "总部位于北京。")))
>>> section_subjects(doc, (Mention(2, 4, "甲科技", "TechCompany", "甲科技", 0),))
{0: '甲科技', 1: '甲科技'}
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import lru_cache

from kg.errors import LexiconError
from kg.lexicon import lexicon_path, read_lines, read_tsv
from kg.model import Document, Mention

__all__ = ["section_subjects", "resolve_anaphors", "announcers", "previous_topics", "ORG_TYPES", "is_org"]

ORG_TYPES = frozenset({
    "Bank", "Insurer", "SecuritiesFirm", "AssetManager", "InvestmentFirm", "FintechCompany",
    "TechCompany", "Company", "GovernmentBody", "Organization", "",
})
# Characters after which a mention opens a clause (and may be the topic an anaphor refers to).
_OPENERS = "，,；;：:。！？!?\n\t|"
_NUMBERED = re.compile(r"^[#\s*]*(\d+(?:\.\d+)*)(?=[\s.、*]|[^\d.])")


def is_org(type_name: str) -> bool:
    """Whether an entity type names an organisation (untyped counts as one)."""
    return type_name in ORG_TYPES


def _depth(heading: str) -> int | None:
    match = _NUMBERED.match(heading)
    return match.group(1).count(".") + 1 if match else None


# What a profile heading may hold besides the company's name: numbering, brackets, a short label.
_HEADING_NOISE = re.compile(r"[#*\s\d.、（）()【】\[\]“”\"'：:—\-]")
_HEADING_LABEL_MAX = 6


def _names_only(heading, mention: Mention) -> bool:
    """Whether a heading is the company's name (with numbering or a short label such as 公司简介),
    not a sentence about it: a news title ("绿地集团借壳金丰投资") profiles nothing.

    >>> from kg.model import Sentence
    >>> _names_only(Sentence(0, 0, 13, "4.1 甲科技股份有限公司"), Mention(4, 13, "甲科技股份有限公司", "Company"))
    True
    >>> _names_only(Sentence(0, 0, 15, "甲集团655亿借壳乙投资 股价大涨"), Mention(0, 3, "甲集团", "Company"))
    False
    """
    rest = heading.text[:mention.start - heading.start] + heading.text[mention.end - heading.start:]
    return len(_HEADING_NOISE.sub("", rest)) <= _HEADING_LABEL_MAX


def section_subjects(doc: Document, mentions: Iterable[Mention]) -> dict[int, str]:
    """Sentence index -> entity key of the company its section profiles.

    Only sentences inside such a section appear in the result (headings included).
    """
    org_mentions = sorted((m for m in mentions if is_org(m.type)), key=lambda m: m.start)
    starts = [m.start for m in org_mentions]
    out: dict[int, str] = {}
    company, company_depth = "", None
    for sentence in doc.sentences:
        if sentence.heading:
            depth = _depth(sentence.text)
            i = bisect_left(starts, sentence.start)
            named = ""
            if i < len(org_mentions) and org_mentions[i].start < sentence.end \
                    and _names_only(sentence, org_mentions[i]):
                m = org_mentions[i]
                named = m.entity or m.text
            # A deeper or unnumbered heading inside a profile ("4.1.4.1.1 企业概况",
            # "① 银行业服务案例") never changes the company, even when it seems to name one.
            inside = company and (depth is None or (company_depth is not None and depth > company_depth))
            if inside:
                pass
            elif named:
                company, company_depth = named, depth
            elif depth is not None:
                company, company_depth = "", None
        if company:
            out[sentence.index] = company
    return out


@lru_cache(maxsize=1)
def _anaphor_rules() -> tuple[tuple[re.Pattern, str, str], ...]:
    rules = []
    for row in read_tsv("relations/anaphors.tsv"):
        if row["antecedent"] not in ("subject", "nearest"):
            raise LexiconError(f"{lexicon_path('relations/anaphors.tsv')}: antecedent "
                               f"{row['antecedent']!r} of {row['pattern']!r} is not subject or nearest")
        try:
            rules.append((re.compile(row["pattern"]), row["antecedent"], row["head"]))
        except re.error as err:
            raise LexiconError(f"{lexicon_path('relations/anaphors.tsv')}: pattern {row['pattern']!r} "
                               f"is not a valid regex ({err})") from err
    return tuple(rules)


# the words a company speaks of itself with; only they stand for the article's announcer
_SELF_WORDS = frozenset({"公司", "本公司"})


def announcers(doc: Document, mentions: Sequence[Mention]) -> dict[int, Mention]:
    """Sentence index -> the company whose announcement the sentence goes on reporting (甲公告称,
    甲（600000）晚间公告, 甲发布公告称): the one company that announces earlier in the sentence's
    paragraph, else the article's one announcer when the title names it. A roundup of several
    firms' news (甲公告…。乙公告…) gives each paragraph its own, and a paragraph with two none
    (``tests/test_discourse.py``).
    """
    speaking = sorted((m for m in mentions if is_org(m.type) and m.type != "GovernmentBody"
                       and _announces().match(doc.text, m.end)), key=lambda m: m.start)
    if not speaking:
        return {}
    keys = {m.entity or m.text for m in speaking}
    whole = speaking[0] if len(keys) == 1 and doc.title and any(n in doc.title for n in (speaking[0].text, speaking[0].entity) if n) else None
    out = {}
    for sentence in doc.sentences:
        paragraph = doc.text.rfind("\n", 0, sentence.start) + 1
        here = {m.entity or m.text: m for m in speaking if paragraph <= m.start and m.end <= sentence.start}
        if len(here) == 1:
            out[sentence.index] = next(iter(here.values()))
        elif not here and whole is not None and whole.end <= sentence.start:
            out[sentence.index] = whole
    return out


def previous_topics(doc: Document, mentions: Sequence[Mention]) -> dict[int, Mention]:
    """Sentence index -> the company that opened a clause of the sentence before it in the same
    paragraph (甲控股股东之争落下帷幕。公司股东乙…: 公司 goes on speaking of 甲).

    >>> from kg.model import Sentence
    >>> text = "去年，甲银行净利增长。公司股东乙集团增持。"
    >>> doc = Document("d", "p", "utf-8", text, text, text, tuple(range(len(text) + 1)),
    ...                (Sentence(0, 0, 11, text[:11]), Sentence(1, 11, len(text), text[11:])))
    >>> {i: m.entity for i, m in previous_topics(doc, (Mention(3, 6, "甲银行", "Bank", "甲银行", 0),)).items()}
    {1: '甲银行'}
    """
    orgs = sorted((m for m in mentions if is_org(m.type) and m.type != "GovernmentBody"), key=lambda m: m.start)
    out = {}
    for before, sentence in zip(doc.sentences, doc.sentences[1:]):
        if before.heading or "\n" in doc.text[before.end:sentence.start]:
            continue
        opener = next((m for m in orgs if before.start <= m.start and m.end <= before.end
                       and (m.start == before.start or doc.text[m.start - 1] in _OPENERS)), None)
        if opener is not None and not _SOURCE_AFTER.match(doc.text, opener.end):
            out[sentence.index] = opener
    return out


# a firm that opens a clause to give its view (甲证券表示，…; 甲研报认为) is the source of what
# follows, not its topic
_SOURCE_AFTER = re.compile(r"(?:[^，,。；;]{0,6}?(?:分析师|研究员|研报|报告))?(?:认为|表示|指出|预计|预测|称|分析|介绍|强调|建议|提示)")


@lru_cache(maxsize=1)
def _announces() -> re.Pattern:
    """What follows a company that announces: its stock code, a time, 发布/披露, then 公告 or a report."""
    when = "|".join(map(re.escape, read_lines("relations/time_words.txt")))
    return re.compile(rf"(?:[（(][^（）()]{{1,16}}[）)])?(?:\d{{1,2}}月\d{{1,2}}日|{when})*"
                      r"(?:发布|披露|发出|公布)?(?:了)?(?:公告|年报|半年报|季报|一季报|三季报|业绩预告|业绩快报)(?:称|显示|表示|指出|中称|[，,：:])")


def _opens_sentence(before: str) -> bool:
    """Whether an anaphor after *before* opens its sentence: nothing, or a time or a connective and a
    comma (此外，公司; 3月18日，公司). After other words (甲披露，公司) it may stand for a company the
    sentence names that no finder knows."""
    return not before or _lead_re().fullmatch(before) is not None


@lru_cache(maxsize=1)
def _lead_re() -> re.Pattern:
    words = "|".join(map(re.escape, sorted(read_lines("relations/announcer_leads.txt"), key=len, reverse=True)))
    date = r"(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:晚间|早间|上午|下午)?"
    return re.compile(rf"[（(]?\d*[）)、.]?\s*(?:(?:{words})|{date})+[，,]?")


def resolve_anaphors(text: str, start: int, mentions: Sequence[Mention],
                     announcer: Mention | None = None) -> list[Mention]:
    """The sentence's mentions plus one mention for each anaphor (公司, 其, 该公司) it resolves.

    *text* is the sentence, *start* its analysed offset, *mentions* its mentions (sorted).
    An anaphor resolves to an organisation named before it in the same sentence
    (``kg/lexicon/relations/anaphors.tsv``); the new mention carries that entity's key. A
    company speaking of itself (公司, 本公司) with no organisation before it in the sentence is the
    sentence's *announcer* (:func:`announcers`), when there is one.

    >>> ms = [Mention(0, 3, "甲集团", "Company", "甲集团")]
    >>> [(m.text, m.entity) for m in resolve_anaphors("甲集团公告称，公司与乙签约", 0, ms)]
    [('甲集团', '甲集团'), ('公司', '甲集团')]
    >>> ms = [Mention(6, 9, "乙集团", "Company", "乙集团")]
    >>> topic = Mention(0, 3, "甲科技", "TechCompany", "甲科技", 0)
    >>> [(m.text, m.entity) for m in resolve_anaphors("公司控股股东乙集团增持", 0, ms, topic)][:1]
    [('公司', '甲科技')]
    """
    markers = read_lines("relations/source_markers.txt")
    orgs = [m for m in mentions if is_org(m.type) and not text.startswith(markers, m.end - start)]
    if not orgs and announcer is None:
        return list(mentions)
    clause_openers = [m for m in orgs if m.start == start or text[m.start - start - 1] in _OPENERS]
    added = []
    for regex, antecedent, head in _anaphor_rules():
        for match in regex.finditer(text):
            a, b = match.span("w")
            a, b = a + start, b + start
            if any(m.start < b and a < m.end for m in mentions) or any(m.start < b and a < m.end for m in added):
                continue
            # a clause-opening organisation is the topic; failing one ("本报讯甲公司公告"), any
            before = [m for m in clause_openers if m.end <= a] or [m for m in orgs if m.end <= a]
            if head:
                before = [m for m in before if head in m.text] \
                    or [m for m in orgs if m.end <= a and head in m.text] or before
            target = (before[0] if antecedent == "subject" else before[-1]) if before else None
            if target is None and antecedent == "subject" and match.group("w") in _SELF_WORDS \
                    and (match.group("w") != "公司" or _opens_sentence(text[:a - start])):
                target = announcer  # 本公司 quotes the announcement wherever it stands
            if target is not None:
                sentence = mentions[0].sentence if mentions else target.sentence
                added.append(Mention(a, b, match.group("w"), target.type, target.entity or target.text,
                                     sentence, "anaphor"))
    return sorted([*mentions, *added], key=lambda m: (m.start, -m.end))
