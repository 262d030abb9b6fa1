"""Publication dates: from front-matter values and date lines to ISO ``YYYY-MM-DD``.

A date with a time and a time zone keeps the calendar day as written (the day the
publisher printed), it is not moved to UTC.

>>> parse_date("Thu, 03 Jun 2021 04:58:00 GMT")
'2021-06-03'
>>> parse_date("2022-05-16 20:09:35 +0800")
'2022-05-16'
>>> parse_date("发布时间：2019年8月20日 10:21")
'2019-08-20'
>>> parse_date("June 3, 2021"), parse_date("2021-13-40"), parse_date("2019-08")
('2021-06-03', None, None)
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_tz

__all__ = ["parse_date", "find_date"]

# Year, month, day in the common Chinese and numeric forms: 2019-08-20, 2019/8/20,
# 2019.08.20, 2019年8月20日 (digits may be full-width).
_YMD = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?")
_COMPACT = re.compile(r"^\s*((?:19|20)\d\d)(\d\d)(\d\d)\s*$")
_ENGLISH_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y")
_ENGLISH = re.compile(r"[A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [A-Za-z]{3,9}\.? \d{4}")


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first valid year-month-day date written in *text*, as ISO, or None."""
    for match in _YMD.finditer(text):
        iso = _iso(int(match[1]), int(match[2]), int(match[3]))
        if iso:
            return iso
    return None


def parse_date(value) -> str | None:
    """A date value (string, ``datetime`` or ``date``) as ``YYYY-MM-DD``, or None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str | int):
        return None
    text = str(value).translate(_FULLWIDTH_DIGITS).strip()
    if not text:
        return None
    iso = find_date(text)
    if iso:
        return iso
    compact = _COMPACT.match(text)
    if compact:
        return _iso(int(compact[1]), int(compact[2]), int(compact[3]))
    parsed = parsedate_tz(text)
    if parsed and parsed[0] and parsed[1] and parsed[2]:
        return _iso(parsed[0], parsed[1], parsed[2])
    match = _ENGLISH.search(text)
    if match:
        words = match.group().replace(".", "").replace(",", ", ").replace(",  ", ", ")
        for fmt in _ENGLISH_FORMATS:
            try:
                return dt.datetime.strptime(words, fmt).date().isoformat()
            except ValueError:
                continue
    return None


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")
