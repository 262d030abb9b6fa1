"""Bad input: each bad file is one Problem line naming the file and the problem; good files beside it are read."""

from __future__ import annotations

import os
import zlib

import pytest

import kg.ingest.files
from kg.errors import InputError
from kg.ingest import load_documents, read_document
from kg.model import Document, Problem

GOOD = "兴业银行发布年报。\n营收同比增长。\n"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", bytes([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


CASES = {
    "empty.txt": (b"", "empty file (0 bytes)"),
    "blank.md": (" \n\u3000\n".encode(), "empty file (only whitespace)"),
    "report.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n", "binary file (PDF document), not text"),
    "chart.txt": (_png(), "binary file (PNG image), not text"),
    "nul.txt": (b"abc\x00\x00\x01\x02def" * 10, "binary file (contains NUL bytes), not text"),
    "broken.txt": ("金山云发布财报。".encode() + b"\xff\xc0\x80\xfe" + "营收增长。".encode(),
                   "cannot decode: not valid UTF-8 (byte 0xff at offset 24) and no other supported "
                   "encoding (GB18030, Big5, UTF-16) fits"),
    "markup.html": (b"<html><head><title>t</title><script>x()</script></head><body> </body></html>",
                    "no article text (only markup)"),
}


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a_good.txt").write_text(GOOD, encoding="utf-8")
    for name, (data, _) in CASES.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "z_good.md").write_text("# 标题\n\n" + GOOD, encoding="utf-8")
    return tmp_path


def test_every_bad_file_is_one_problem_and_good_files_are_still_read(folder):
    items = list(load_documents([folder]))
    docs = [i for i in items if isinstance(i, Document)]
    problems = {os.path.basename(p.path): p.message for p in items if isinstance(p, Problem)}
    assert [os.path.basename(d.path) for d in docs] == ["a_good.txt", "z_good.md"]
    assert problems == {name: message for name, (_, message) in CASES.items()}
    for item in items:
        if isinstance(item, Problem):
            assert str(item) == f"{item.path}: {item.message}" and "\n" not in str(item)


@pytest.mark.parametrize("name", sorted(CASES))
def test_read_document_raises_one_line_input_error(folder, name):
    with pytest.raises(InputError) as err:
        read_document(folder / name)
    assert str(err.value) == f"{folder / name}: {CASES[name][1]}"


def test_strict_stops_at_the_first_problem(folder):
    with pytest.raises(InputError, match=r"blank\.md: empty file \(only whitespace\)$"):
        list(load_documents([folder], strict=True))


def test_missing_path_and_unsupported_type(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    items = list(load_documents([tmp_path / "nope.txt", tmp_path / "notes.pdf", tmp_path / "good.txt"]))
    assert items[:2] == [
        Problem(str(tmp_path / "nope.txt"), "no such file or directory"),
        Problem(str(tmp_path / "notes.pdf"),
                "unsupported file type '.pdf'; expected .txt, .md, .markdown, .html or .htm")]
    assert isinstance(items[2], Document)


def test_empty_folder_is_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    assert list(load_documents([tmp_path / "sub"])) == [
        Problem(str(tmp_path / "sub"), "folder holds no .txt, .md, .markdown, .html or .htm files")]


def test_symlink_loops_are_reported(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    os.symlink(tmp_path, tmp_path / "again")  # a folder link back to its own folder
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    items = list(load_documents([tmp_path]))
    problems = {os.path.basename(p.path): p.message for p in items if isinstance(p, Problem)}
    assert problems == {
        "a.txt": "symbolic link loop",
        "b.txt": "symbolic link loop",
        "again": f"symbolic link loop (leads back to {os.path.realpath(tmp_path)})",
        "dangling.txt": f"broken symbolic link (points to {tmp_path / 'gone.txt'})",
    }
    assert [os.path.basename(d.path) for d in items if isinstance(d, Document)] == ["good.txt"]
    with pytest.raises(InputError, match=r"a\.txt: symbolic link loop$"):
        read_document(tmp_path / "a.txt")


def test_unreadable_file(tmp_path, monkeypatch):
    bad = tmp_path / "secret.txt"
    bad.write_text(GOOD, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    if os.geteuid() == 0:  # root reads anything: make the open fail the way it fails for a user
        real_open = open

        def deny(path, *args, **kwargs):
            if str(path) == str(bad):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)
        monkeypatch.setattr(kg.ingest.files, "open", deny, raising=False)
    else:
        bad.chmod(0)
    items = list(load_documents([tmp_path]))
    assert items[1] == Problem(str(bad), "permission denied")
    assert isinstance(items[0], Document)


def test_huge_single_line_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    huge = tmp_path / "dump.txt"
    with open(huge, "wb") as handle:  # 50 MB, one line, written in chunks
        chunk = ("金融科技" * 4096).encode()
        for _ in range(50 * 2**20 // len(chunk) + 1):
            handle.write(chunk)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")

    opened = []
    real_open = open

    def spy(path, *args, **kwargs):
        opened.append(str(path))
        return real_open(path, *args, **kwargs)
    monkeypatch.setattr(kg.ingest.files, "open", spy, raising=False)
    items = list(load_documents([tmp_path]))
    assert opened == [str(tmp_path / "good.txt")]  # refused by its size, before reading a byte
    assert items[0] == Problem(str(huge), "file too large (50.0 MiB; one article may have at most 8 MiB); skipped")
    assert isinstance(items[1], Document)


def test_size_limit_can_be_raised(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("甲公司投资乙公司。" * 30_000, encoding="utf-8")  # 810 kB, one line
    assert list(load_documents([path], max_bytes=2**19)) == [
        Problem(str(path), "file too large (0.8 MiB; one article may have at most 0.5 MiB); skipped")]
    doc = read_document(path)
    assert len(doc.sentences) == 30_000 and doc.sentences[-1].end == len(doc.text)


def test_bytes_from_elsewhere_have_the_same_size_limit():
    from kg.ingest import document_from_bytes
    from kg.ingest.files import too_large

    text = "甲公司投资乙公司。".encode()  # 27 bytes
    with pytest.raises(InputError) as caught:
        document_from_bytes(text, "hdfs://h/a.txt", max_bytes=len(text) - 1)
    assert (caught.value.path, caught.value.problem) == ("hdfs://h/a.txt", too_large(len(text), len(text) - 1))
    assert caught.value.problem.startswith("file too large (")
    assert document_from_bytes(text, "hdfs://h/a.txt", max_bytes=len(text)).text == "甲公司投资乙公司。"


def test_a_fifo_or_other_special_file_in_a_folder_is_reported(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe")
    os.symlink("pipe", tmp_path / "to_pipe")  # a link to a FIFO, under no article name: said as the FIFO is
    os.symlink("pipe.txt", tmp_path / "to_pipe.md")
    items = list(load_documents([tmp_path]))
    assert [i for i in items if isinstance(i, Problem)] == [
        Problem(str(tmp_path / name), "not a regular file (FIFO); skipped")
        for name in ("pipe", "pipe.txt", "to_pipe", "to_pipe.md")]
    assert sum(isinstance(i, Document) for i in items) == 1
    for name in ("pipe.txt", "to_pipe"):
        assert list(load_documents([tmp_path / name])) == [
            Problem(str(tmp_path / name), "not a regular file (FIFO); skipped")]
    with pytest.raises(InputError, match=r"to_pipe: not a regular file \(FIFO\)$"):
        kg.ingest.files.read_bytes(tmp_path / "to_pipe")


def test_a_txt_file_with_a_few_tags_stays_text(tmp_path):
    from kg.ingest.formats import sniff_format

    text = ("华川银行季度快讯\n\n远山资本<strong>投资</strong>了云启科技。\n\n晨光资本表示<br>看好数衡科技。\n\n"
            "第三段说明合作细节。\n\n第四段总结。\n")
    assert sniff_format(text, suffix=".txt") == "text"
    path = tmp_path / "note.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "华川银行季度快讯"
    assert not any("快讯远山" in doc.text[s.start:s.end] for s in doc.sentences)
    page = "<html><body><p>华川银行季度快讯</p><p>远山资本投资了云启科技。</p></body></html>"
    assert sniff_format(page, suffix=".txt") == "html"
    assert sniff_format("<div><p>一</p><p>二</p></div>", suffix=".txt") == "html"


def test_a_doctype_makes_a_txt_page_html_even_when_most_lines_are_untagged(tmp_path):
    from kg.ingest.formats import sniff_format

    body = ("<p>华川银行季度快讯</p>\n远山资本投资了云启科技。\n晨光资本看好数衡科技。\n"
            "第三段说明合作细节。\n第四段总结。<br>\n")
    for doctype in ("<!DOCTYPE html>\n", "<!doctype HTML>\n"):
        assert sniff_format(doctype + body, suffix=".txt") == "html"
    assert sniff_format(body, suffix=".txt") == "text"  # the same lines: a tag or two, most lines untagged
    (tmp_path / "page.txt").write_text("<!DOCTYPE html>\n" + body, encoding="utf-8")
    (tmp_path / "note.txt").write_text(body, encoding="utf-8")
    page, note = read_document(tmp_path / "page.txt"), read_document(tmp_path / "note.txt")
    assert (page.format, page.title) == ("html", "华川银行季度快讯")
    assert "<" not in page.text and "远山资本投资了云启科技。" in page.text  # markup read, not kept
    assert note.format == "text" and note.text.startswith("<p>华川银行季度快讯</p>\n")  # a text keeps its characters
