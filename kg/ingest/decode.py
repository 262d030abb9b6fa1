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
    try:
        return _check_text(data.decode("utf-8"), path, "utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    if b"\x00" in data[:65536]:
        raise InputError(path, "binary file (contains NUL bytes), not text")
    encoding = _detect(data)
    if encoding is None:
        bad = data[utf8_error.start]
        raise InputError(path, f"cannot decode: not valid UTF-8 (byte 0x{bad:02x} at offset {utf8_error.start}) "
                               "and no other supported encoding (GB18030, Big5, UTF-16) fits")
    codec = _SUPERSETS.get(encoding, encoding)
    text = data.decode(codec, errors="strict")
    return _check_text(text.lstrip("\ufeff"), path, codec), _REPORTED.get(codec, codec)


def _detect(data: bytes) -> str | None:
    """The detector's best encoding: Chinese legacy encodings first, then any other."""
    from charset_normalizer import from_bytes

    # Short Chinese texts are ambiguous (Korean cp949 fits GBK bytes as well), and
    # Chinese articles are what this tool reads, so ask about those first.
    best = from_bytes(data, cp_isolation=list(_PREFERRED)).best() or from_bytes(data).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name  # canonical Python codec name, e.g. "gb18030"
    try:
        data.decode(_SUPERSETS.get(name, name))
    except (UnicodeDecodeError, LookupError):
        return None
    return name


_PREFERRED = ("gb18030", "big5", "cp950")
