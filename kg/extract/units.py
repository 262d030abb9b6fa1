"""Units named after their parent: "甲银行广州分行" is a branch of 甲银行, "甲大学经济学院" a school
of 甲大学. The name states the fact, so each sentence that names such a unit is evidence of
``subsidiaryOf(unit, parent)`` (the guidelines' "business unit owned by o").

>>> from kg.model import Mention
>>> ms = [Mention(0, 8, "东川银行广州分行", "Bank", "东川银行广州分行"),
...       Mention(0, 4, "东川银行", "Bank", "东川银行")]
>>> [(u.entity, p.entity) for u, p in unit_parents(ms)]
[('东川银行广州分行', '东川银行')]
>>> unit_parents([Mention(0, 6, "东川银行大厦", "Company", "东川银行大厦"),
...               Mention(0, 4, "东川银行", "Bank", "东川银行")])
[]

The parent's name must end where the unit's part begins: in "东川石油大学能源研究中心" the
school (东川石油|大学) is named, not 东川石油, so no fact is read from a mention of 东川石油 there.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from kg.extract.discourse import is_org
from kg.extract.typing import legal_forms, suffix_table
from kg.lexicon import read_lines
from kg.model import Mention

__all__ = ["unit_parents", "fund_managers"]


@lru_cache(maxsize=None)
def _endings() -> tuple[str, ...]:
    return read_lines("relations/unit_endings.txt")


@lru_cache(maxsize=None)
def _continuations() -> tuple[str, ...]:
    """Name endings that, right after the parent's name, make a longer name of their own
    (东川石油|大学, 东川|银行): every ending of ``suffixes.tsv`` but the legal forms, which the
    parent's own name may carry (甲银行|股份有限公司浙江省分行)."""
    return tuple(s for s, (_, kind) in suffix_table().items() if kind != "legal")


def _unit_part_ok(part: str, parent: str) -> bool:
    legal = next((f for f in legal_forms() if part.startswith(f)), "")
    part = part[len(legal):]
    if part.startswith(read_lines("relations/unit_generic.txt")):
        return False  # 某分行, 分支行: no one unit
    if not part.endswith(_endings()):
        return False
    # a continuation that is the whole part is the unit (甲证券|研究所); one that starts a longer
    # part extends the parent's name (东川石油|大学能源研究中心), unless the parent's name is closed
    # by an ending of its own and the part names a research unit (甲银行|金融研究中心)
    if parent.endswith(_continuations()) and part.endswith(read_lines("relations/research_endings.txt")):
        return True
    return not any(part.startswith(s) and part != s for s in _continuations())


def unit_parents(mentions: Sequence[Mention]) -> list[tuple[Mention, Mention]]:
    """(unit, parent) for each organisation mention that opens with the whole of another
    organisation's mention and ends with a unit word (``relations/unit_endings.txt``)."""
    out = []
    for unit in mentions:
        department = unit.method == "pattern:department"  # 商务部|外贸司: read before its head's post
        if not (is_org(unit.type) and (department or unit.text.endswith(_endings()))):
            continue
        parents = [p for p in mentions if p.start == unit.start and p.end < unit.end and is_org(p.type)
                   and (p.entity or p.text) != (unit.entity or unit.text) and unit.text.startswith(p.text)
                   and (department or _unit_part_ok(unit.text[len(p.text):], p.text))]
        if parents:
            # the longest name is the unit's own parent: 甲控股乙银行北京分行 is a branch of 甲控股乙银行
            out.append((unit, max(parents, key=lambda p: p.end)))
    return out


def fund_managers(mentions: Sequence[Mention]) -> list[tuple[Mention, Mention]]:
    """(fund, manager) for each public fund named after its manager's brand (华夏|上证50ETF: the
    finder keeps the manager as a mention inside the fund's, ``kg.extract.mentions``).

    >>> ms = [Mention(0, 9, "华夏上证50ETF", "Product", "华夏上证50ETF", method="pattern:fund"),
    ...       Mention(0, 2, "华夏", "AssetManager", "华夏基金", method="nested")]
    >>> [(f.entity, m.entity) for f, m in fund_managers(ms)]
    [('华夏上证50ETF', '华夏基金')]
    """
    out = []
    for fund in mentions:
        if fund.method != "pattern:fund":
            continue
        managers = [m for m in mentions if m.start == fund.start and m.end < fund.end and m.type == "AssetManager"]
        if managers:
            out.append((fund, managers[0]))
    return out
