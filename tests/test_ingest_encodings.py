"""The same article saved in each supported encoding reads to the same analysed text."""

from __future__ import annotations

import pytest
from opencc import OpenCC

from kg.ingest import read_document

ARTICLE = """华川银行与云启科技签署合作协议
2021年4月12日 来源：示例金融报

　　华川银行今日宣布，与金融科技公司云启科技签署战略合作协议，双方将共建数字化风控平台。

　　云启科技成立于2016年，总部位于深圳，注册资本为5000万元。公司负责人表示：“这次合作将帮助更多中小企业获得贷款。”

　　据了解，华川银行此前已投资多家金融科技企业，本次合作是其数字化转型的一部分。
"""


@pytest.fixture(scope="module")
def utf8(tmp_path_factory):
    path = tmp_path_factory.mktemp("enc") / "utf8.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    return read_document(path)


@pytest.mark.parametrize("name, text, encoding, reported", [
    ("bom.txt", ARTICLE, "utf-8-sig", "utf-8-sig"),
    ("gb18030.txt", ARTICLE, "gb18030", "gb18030"),
    ("gbk.txt", ARTICLE, "gbk", "gb18030"),  # read with its superset
    ("big5.txt", OpenCC("s2tw").convert(ARTICLE), "big5", "big5"),
    ("utf16.txt", ARTICLE, "utf-16", "utf-16"),
    ("utf16be.md", "\ufeff" + ARTICLE, "utf-16-be", "utf-16"),
    ("utf16le_nobom.txt", ARTICLE, "utf-16-le", "utf-16-le"),  # Windows tools that write no mark
    ("utf16be_nobom.txt", ARTICLE, "utf-16-be", "utf-16-be"),
])
def test_same_analysed_text_in_every_encoding(tmp_path, utf8, name, text, encoding, reported):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    doc = read_document(path)
    assert doc.encoding == reported
    assert doc.text == utf8.text
    assert [s.text for s in doc.sentences] == [s.text for s in utf8.sentences]
    assert (doc.title, doc.date, doc.source) == (text.splitlines()[0].lstrip("\ufeff"), "2021-04-12",
                                                 "示例金融报" if encoding != "big5" else "示例金融報")
    # evidence is shown in the file's own characters
    s = doc.sentences[2]
    start, end = doc.raw_span(s.start, s.end)
    assert doc.raw[start:end] == doc.plain[s.start:s.end]


def test_big5_keeps_traditional_characters_in_plain_text(tmp_path, utf8):
    path = tmp_path / "big5.txt"
    path.write_bytes(OpenCC("s2tw").convert(ARTICLE).encode("big5"))
    doc = read_document(path)
    assert "華川銀行" in doc.plain and "華川銀行" not in doc.text
    assert doc.id != utf8.id  # a different file, a different id


def test_utf8_and_gb18030_copies_share_a_content_id(tmp_path, utf8):
    path = tmp_path / "copy.txt"
    path.write_bytes(ARTICLE.encode("gb18030"))
    assert read_document(path).id == utf8.id


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_mark_with_a_supplementary_character_across_the_first_64_kib(encoding):
    from kg.errors import InputError
    from kg.ingest.decode import decode_bytes

    line = "云启科技与华川银行签署合作协议。\n"
    head = (line * (32767 // len(line) + 1))[:32767]  # 32767 code units: 65534 bytes
    text = head + "\U00020001" + line * 3  # a character outside the BMP: a surrogate pair over byte 65536
    data = text.encode(encoding)
    assert len(data) > 65536 and data[65534:65536] in (b"\x40\xd8", b"\xd8\x40")  # the pair's high half
    assert decode_bytes(data, "late.txt") == (text, encoding)
    # bytes that are not UTF-16 after the first 64 KiB are still said to be, at their offset
    bad = (head + line * 3).encode(encoding) + "\udc01".encode(encoding, "surrogatepass")
    with pytest.raises(InputError, match=f"cannot decode: NUL bytes as in {encoding.upper()} but invalid "
                                         f"{encoding.upper()} at byte {len(bad) - 2}$"):
        decode_bytes(bad, "bad.txt")


def test_simplified_text_keeps_the_qian_of_names(tmp_path):
    # 乾 is a Simplified character as well: a name spelt with it is no Traditional text to convert
    # (乾照光电 is no 干照光电), even beside a Traditional 於; a Traditional word still is (乾淨)
    path = tmp_path / "a.txt"
    path.write_text("青禾乾照科技公告称，董事长李兴乾成立於2015年的公司业绩增长。\n華川銀行環境乾淨。\n", encoding="utf-8")
    doc = read_document(path)
    assert "青禾乾照科技" in doc.text and "李兴乾成立于" in doc.text
    assert "华川银行环境干净" in doc.text
