"""Hedges and negation: is a relation stated as fact, planned, ended, denied or rumoured?

The words live in ``kg/lexicon/hedges.tsv``. A statement-scoped word (拟, 计划, 未) counts
when it stands inside the matched statement; a clause-scoped word (如果, 是否) when it stands
in the clause of the cue, before the cue ends; a sentence-scoped word (据传, 传闻,
否认) counts anywhere before the cue's end, and also after it in the cue's clause
("澄清收购乙公司传闻"); an after-scoped word (展开会谈) only right after the cue, in its clause
("甲与乙就合作展开会谈" reports talks; "甲与乙举行会谈，签署合作协议" a partnership); a
before-scoped word (支持, 允许) only right before the statement, governing it as a policy does
("支持甲交易所与乙交易所合作" backs a deal, it does not report one).

>>> hedge_status("甲公司拟收购乙公司", 0, 9)
'planned'
>>> hedge_status("丙公司拟收购甲公司持有的乙公司股权", 6, 14)
'asserted'
>>> hedge_status("甲公司否认将收购乙公司", 0, 11)
'denied'
>>> hedge_status("甲公司获得了未披露金额的投资", 0, 14)
'asserted'
>>> hedge_status("甲公司收购乙公司传闻不实", 0, 8)
'rumoured'
>>> hedge_status("甲公司与乙公司就合作展开会谈", 0, 10), hedge_status("甲公司与乙公司举行会谈，签署合作协议", 12, 18)
('planned', 'asserted')
>>> hedge_status("三是，支持甲交易所与乙交易所开展合作", 5, 18), hedge_status("甲公司支持乙公司，与丙公司开展合作", 10, 17)
('planned', 'asserted')
>>> hedge_status("国务院副总理汪某在人民大会堂与东川国商务部长罗某举行会谈", 0, 8)
'asserted'
"""

from __future__ import annotations

from kg.extract.cues import load_hedges

__all__ = ["hedge_status", "STATUSES"]

STATUSES = ("asserted", "planned", "ended", "denied", "rumoured")
_CLAUSE_BREAKS = "，,；;：:"
# how far after its statement an after-scoped word may stand: 董事长乙|因个人原因|辞职 yes, a talk
# of the clause's subject with someone else twenty characters on (副总理乙在…与丙举行会谈) no
_AFTER_REACH = 8
# what may stand between a before-scoped word and its statement (支持“甲”与乙合作)
_LEAD_GAP = " \u3000\"“‘「《"
# When two hedges govern one statement, the stronger reading wins: a denial beats a plan.
_RANK = {"asserted": 0, "planned": 1, "ended": 2, "rumoured": 3, "denied": 4}


def hedge_status(text: str, start: int, end: int) -> str:
    """Status of a statement spanning ``text[start:end]`` (a masked or plain sentence)."""
    regex, table = load_hedges()
    clause_start = max(text.rfind(c, 0, start) for c in _CLAUSE_BREAKS) + 1
    ends = [i for c in _CLAUSE_BREAKS + "。" if (i := text.find(c, end)) >= 0]
    clause_end = min(ends, default=len(text))
    status = "asserted"
    for match in regex.finditer(text, 0, clause_end):
        word_status, scope = table[match.group()]
        if scope == "clause" and (match.start() < clause_start or match.start() >= end):
            continue
        if scope == "statement" and (match.start() < start or match.start() >= end):
            continue
        if scope == "after" and not end <= match.start() < min(clause_end, end + _AFTER_REACH):
            continue
        if scope == "before" and (match.end() > start or text[match.end():start].strip(_LEAD_GAP)):
            continue
        if _RANK[word_status] > _RANK[status]:
            status = word_status
    return status
