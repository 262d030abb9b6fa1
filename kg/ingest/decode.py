"""Bytes to text: byte-order marks, UTF-8, then a maintained detector for GB18030, Big5 and others.

Binary files with a text extension (a PDF or PNG renamed ``.txt``) and bytes that
fit no encoding are refused with an :class:`~kg.errors.InputError` that says so.

>>> decode_bytes("金融科技".encode("gb18030"), "a.txt")
('金融科技', 'gb18030')
>>> decode_bytes(b"%PDF-1.7 ...", "report.txt")
Traceback (most recent call last):
kg.errors.InputError: report.txt: binary file (PDF document), not text
"""

from __future__ import annotations

import codecs
import re

from kg.errors import InputError

__all__ = ["decode_bytes"]

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# File signatures of the binary formats most often saved under a text name.
_SIGNATURES = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office 97-2003 document"),
    (b"{\\rtf", "RTF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"RIFF", "RIFF media file"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
)

# Encodings the detector may pick, by family; a legacy Chinese file is read with the
# superset codec of its family so that rare characters still decode.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "hz": "gb18030", "big5": "cp950"}
_REPORTED = {"cp950": "big5"}

# Control characters that never occur in text (tab, newlines and form feed do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_MAX_CONTROL_RATIO = 0.01
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _binary_kind(data: bytes) -> str | None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    return None


def _check_text(text: str, path, encoding: str) -> str:
    sample = text[:65536]
    bad = len(_CONTROL.findall(sample))
    if bad > max(2, _MAX_CONTROL_RATIO * len(sample)):
        raise InputError(path, f"binary file ({bad} control characters in the first "
                               f"{len(sample)} characters as {encoding}), not text")
    return text


def decode_bytes(data: bytes, path="<bytes>") -> tuple[str, str]:
    """Decode the bytes of one article.

    Returns
    -------
    (text, encoding)
        The decoded text without byte-order mark, and the codec name used
        (``utf-8``, ``utf-8-sig``, ``utf-16``, ``gb18030``, ``big5``, …).

    Raises
    ------
    InputError
        For an empty file, a binary file, or bytes that fit no supported encoding.
    """
    if not data:
        raise InputError(path, "empty file (0 bytes)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)  # these codecs consume the mark
            except UnicodeDecodeError as err:
                raise InputError(path, f"cannot decode: invalid {encoding.upper()} after its byte-order "
                                       f"mark at byte {err.start}") from err
            return _check_text(text.lstrip("\ufeff"), path, encoding), encoding
    kind = _binary_kind(data)
    if kind:
        raise InputError(path, f"binary file ({kind}), not text")
    if b"\x00" in data[:_UTF16_SAMPLE]:
        found = _utf16_without_bom(data, path)
        if found is None:
            raise InputError(path, "binary file (contains NUL bytes), not text")
        text, encoding = found
        return _check_text(text, path, encoding), encoding
    try:
        return _check_text(data.decode("utf-8"), path, "utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    encoding = None if _broken_utf8(data) else _detect(data)
    if encoding is None:
        bad = data[utf8_error.start]
        raise InputError(path, f"cannot decode: not valid UTF-8 (byte 0x{bad:02x} at offset {utf8_error.start}) "
                               "and no other supported encoding (GB18030, Big5, UTF-16) fits")
    codec = _SUPERSETS.get(encoding, encoding)
    text = data.decode(codec, errors="strict")
    return _check_text(text.lstrip("\ufeff"), path, codec), _REPORTED.get(codec, codec)


def _utf16_without_bom(data: bytes, path) -> tuple[str, str] | None:
    """(text, ``utf-16-le`` or ``utf-16-be``) when *data* reads as text in one of them, without a mark.

    In UTF-16 every ASCII character (newlines, digits) has a zero byte: the second of its pair
    in little-endian, the first in big-endian, so mostly on one side (a few CJK characters
    such as 一 and the ideographic space have one on the other). The side with more zeros in
    the first bytes names the candidate; the whole of *data* is decoded once, and its first
    characters must be plausible text without control characters.

    Raises
    ------
    InputError
        When the first bytes read as UTF-16 text but a later one is invalid.
    """
    if len(data) % 2:
        return None
    sample = data[:_UTF16_SAMPLE]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(encoding)
        failed = None
    except UnicodeDecodeError as err:
        if err.start < len(sample):
            return None
        text, failed = data[:err.start].decode(encoding), err  # what reads, to judge it as text
    head = text[:len(sample) // 2]
    if _CONTROL.search(head[:-1]) or _plausible(head) < _MIN_UTF16_PLAUSIBLE:
        return None
    if failed is not None:
        raise InputError(path, f"cannot decode: NUL bytes as in {encoding.upper()} but invalid "
                               f"{encoding.upper()} at byte {failed.start}") from failed
    return text, encoding


def _broken_utf8(data: bytes) -> bool:
    """Whether *data* is UTF-8 with a few damaged bytes (so any other reading is mojibake)."""
    text = data[:_PLAUSIBLE_SAMPLE * 4].decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(_NON_ASCII.findall(text)) - bad
    return good > 2 * bad  # GBK or Big5 bytes read as UTF-8 give mostly errors, not this


def _plausible(text: str) -> float:
    """Share of characters a Chinese article is made of, to tell a decoding from mojibake.

    Counted: ASCII, CJK and general punctuation, full-width forms, and the ideographs
    of GB2312 (common Simplified) or of Big5 level 1 (common Traditional). Decoding
    GBK bytes as Big5, or the reverse, yields rare ideographs, kana and symbols instead.
    """
    sample = [c for c in text[:_PLAUSIBLE_SAMPLE] if not c.isspace()]
    if not sample:
        return 0.0
    return sum(1 for c in sample if _common(c)) / len(sample)


def _common(char: str) -> bool:
    code = ord(char)
    if code < 0x80 or 0x2000 <= code <= 0x206F or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF:
        return True
    if not 0x4E00 <= code <= 0x9FFF:
        return False
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        return _BIG5_LEVEL1[0] <= int.from_bytes(char.encode("big5"), "big") <= _BIG5_LEVEL1[1]
    except UnicodeEncodeError:
        return False


def _detect(data: bytes) -> str | None:
    """The encoding of bytes that are not UTF-8: GB18030 or Big5 when one reads as Chinese, else any."""
    from charset_normalizer import from_bytes

    # Short Chinese texts fit several encodings (GBK bytes are valid Big5 or Korean too),
    # and Chinese articles are what this tool reads. So both Chinese readings are ranked:
    # first by how plausible their text is, then by the detector's chaos measure (a
    # reading it did not propose comes after), then Simplified before Traditional.
    chaos = {}
    for match in from_bytes(data, cp_isolation=list(_PREFERRED)):
        chaos.setdefault(codecs.lookup(match.encoding).name, match.chaos)
    ranked = []
    for order, name in enumerate(_PREFERRED):
        try:
            text = data.decode(_SUPERSETS.get(name, name))
        except UnicodeDecodeError:
            continue
        ranked.append((-round(_plausible(text), 2), chaos.get(name, float("inf")), order, name))
    if ranked and -min(ranked)[0] >= _MIN_PLAUSIBLE:
        return min(ranked)[-1]
    best = from_bytes(data).best()  # another language's legacy encoding
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name  # canonical Python codec name, e.g. "cp1252"
    try:
        data.decode(_SUPERSETS.get(name, name))
    except (UnicodeDecodeError, LookupError):
        return None
    return name


_PREFERRED = ("gb18030", "big5")
_PLAUSIBLE_SAMPLE = 4000
_MIN_PLAUSIBLE = 0.5
_MIN_UTF16_PLAUSIBLE = 0.9
_UTF16_SAMPLE = 65536  # bytes that choose the byte order, and whose text must look like text
_BIG5_LEVEL1 = (0xA440, 0xC67E)  # Big5 codes of the frequently used characters
