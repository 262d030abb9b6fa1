"""Finding article files and reading their bytes, with one clear problem line per bad path.

Folders are read recursively in sorted order; hidden files and folders (``.git``)
and files of other types are skipped. A path named explicitly must be an article
file. Symbolic links are followed, except one that leads back into a folder being
read (a loop), which is reported.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> for name in ("b.md", "a.txt", "sub/c.html", "notes.csv"):
...     (root / name).parent.mkdir(exist_ok=True)
...     _ = (root / name).write_text("x")
>>> [p.relative_to(root).as_posix() for p in iter_files([root])]
['a.txt', 'b.md', 'sub/c.html']
>>> [str(p.message) for p in iter_files([root / "missing.txt"])]
['no such file or directory']
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.model import Problem

__all__ = ["ARTICLE_SUFFIXES", "MAX_FILE_BYTES", "iter_files", "read_bytes", "too_large"]

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

# One article is at most this large: a bigger file is a crawl glitch or a dump, and
# reading it would cost memory for the offset map of every character (about 40 bytes each).
MAX_FILE_BYTES = 8 * 1024 * 1024


def _os_problem(err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symbolic link loop"
    if err.errno == errno.ENOENT:
        return "no such file or directory"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot read ({err.strerror or err})"


def _stat_problem(path, err: OSError) -> str:
    """Why *path*, whose stat (following links) failed with *err*, cannot be opened."""
    if err.errno == errno.ENOENT and os.path.islink(path):
        return f"broken symbolic link (points to {os.readlink(path)})"
    return _os_problem(err)


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Problem]:
    """Article files under *paths*, in order, each once; a :class:`Problem` for each bad path.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders. Folders are searched recursively for ``.txt``, ``.md``,
        ``.markdown``, ``.html`` and ``.htm`` files (any case), in sorted order.
    """
    seen: set[tuple[int, int]] = set()
    for given in paths:
        path = Path(given)
        try:
            mode = os.stat(path).st_mode  # one stat, following links
        except OSError as err:
            yield Problem(str(path), _stat_problem(path, err))
            continue
        if stat.S_ISDIR(mode):
            found = False
            for item in _walk(path, {os.path.realpath(path)}):
                if isinstance(item, Path):
                    key = _key(item)
                    if key in seen:
                        continue
                    seen.add(key)
                    found = True
                yield item
            if not found:
                yield Problem(str(path), "folder holds no .txt, .md, .markdown, .html or .htm files")
        elif kind := _kind(mode):
            yield Problem(str(path), _NOT_REGULAR.format(kind))
        elif path.suffix.lower() not in ARTICLE_SUFFIXES:
            yield Problem(str(path), f"unsupported file type {path.suffix or '(none)'!r}; "
                                     "expected .txt, .md, .markdown, .html or .htm")
        else:
            key = _key(path)
            if key not in seen:
                seen.add(key)
                yield path


def _key(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino


def _walk(folder: Path, ancestors: set[str]) -> Iterator[Path | Problem]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as err:
        yield Problem(str(folder), _os_problem(err))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        article = os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES
        try:
            is_dir = entry.is_dir()  # follows links; uses the cached directory entry type when it can
        except OSError:
            is_dir = False
        if is_dir:
            real = os.path.realpath(path)
            if real in ancestors:
                yield Problem(str(path), f"symbolic link loop (leads back to {real})")
                continue
            yield from _walk(path, ancestors | {real})
            continue
        try:
            mode = entry.stat().st_mode  # one stat, following links (cached by the entry)
        except OSError as err:
            if article or entry.is_symlink():  # a broken link is said whatever its name
                yield Problem(str(path), _stat_problem(path, err))
            continue
        kind = _kind(mode)
        if kind:
            # a FIFO, socket or device, whatever its name and whether reached by a link:
            # skipped, but said (opening a FIFO would hang)
            yield Problem(str(path), _NOT_REGULAR.format(kind))
        elif article and stat.S_ISREG(mode):
            yield path


_NOT_REGULAR = "not a regular file ({}); skipped"
_KINDS = ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
          (stat.S_ISBLK, "block device"))


def _kind(mode: int) -> str | None:
    """The kind of a file that is neither regular nor a folder (``FIFO``, ``socket``, …), else None."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "special file")


def read_bytes(path: str | os.PathLike, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of one file, refusing files larger than *max_bytes*.

    Raises
    ------
    InputError
        For a missing, unreadable, looping, non-regular or too large file.
    """
    try:
        # stat before open: opening a FIFO would wait for a writer forever
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(path, "is a folder, not a file")
        if _kind(info.st_mode):
            raise InputError(path, f"not a regular file ({_kind(info.st_mode)})")
        if info.st_size > max_bytes:
            raise InputError(path, too_large(info.st_size, max_bytes))
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise InputError(path, _os_problem(err)) from err
    if len(data) > max_bytes:
        raise InputError(path, too_large(len(data), max_bytes))
    return data


def too_large(size: int, limit: int) -> str:
    return (f"file too large ({size / 2**20:.1f} MiB; one article may have at most "
            f"{limit / 2**20:g} MiB); skipped")
