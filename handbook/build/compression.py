"""Pre-compressed copies (file.gz beside file) of the site's text files, so that a web
server sends them without compressing on every request (nginx: gzip_static). The gzip
header carries no time or name, so two builds give the same bytes."""
from __future__ import annotations

import gzip
import multiprocessing
import os
import struct
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from handbook.build.processes import can_fork, cores
from handbook.build.staging import files_under, write_staged
from handbook.build.zip_writer import LEVEL  # the offline zip reuses these streams
from handbook.digests import digest

COMPRESSED_TYPES = {".html", ".css", ".js", ".json", ".xml", ".webmanifest", ".svg", ".txt"}
SMALLEST = 512  # bytes: smaller files are not worth it


COMPRESSED = "gzip"  # the memo's name for a compressed copy, by the digest of the original


_GZIP_HEADER = 10     # a gzip member with no name or other optional fields, as written here
_GZIP_TRAILER = 8     # CRC-32 and length


def deflate_stream(member: bytes, data: bytes) -> bytes | None:
    """The raw deflate stream inside `member` (a .gz copy written here) if it is a copy of
    `data`: a gzip member is a header, that stream, and a trailer with the CRC-32 and length
    of what it holds. None if it is not."""
    if len(member) < _GZIP_HEADER + _GZIP_TRAILER or member[:4] != b"\x1f\x8b\x08\x00" \
            or member[8] != 0 or member[-8:] != struct.pack("<2L", zlib.crc32(data), len(data) & 0xFFFFFFFF):
        return None
    return member[_GZIP_HEADER:-_GZIP_TRAILER]


def _compress(path: Path, memo=None) -> tuple[str, bool] | None:
    """Write the .gz copy of `path`; with `memo`, give (its memo key, whether it was
    compressed afresh)."""
    original = path.read_bytes()
    key = memo and digest(original)
    data = memo.get(COMPRESSED, key) if memo else None
    fresh = data is None
    if fresh:
        data = gzip.compress(original, compresslevel=LEVEL, mtime=0)
        if memo:
            memo.put(COMPRESSED, key, data)
    write_staged(path.with_name(path.name + ".gz"), data)  # a copy already there is replaced
    return (key, fresh) if memo else None


def _link_previous_copy(path: Path, original: bytes, previous: Path, copy: Path) -> bool:
    """When the previous build's file at this place (`previous`) had these very bytes, its
    .gz copy (checked: it holds them) becomes this one's: a link, not a file written again.
    The previous site is removed after this build, the link stays."""
    previous_copy = previous.with_name(previous.name + ".gz")
    try:
        # The file itself may be a link to the previous one (staging.write_staged): the same
        # bytes, without reading them again.
        same = os.path.samestat(path.stat(), previous.stat()) or (
            previous.stat().st_size == len(original) and previous.read_bytes() == original)
        if not same or deflate_stream(previous_copy.read_bytes(), original) is None:
            return False
        os.link(previous_copy, copy)
    except OSError:  # no previous file or copy, or links not possible here: compress it
        return False
    return True


def precompress(site_dir: Path, memo=None, previous: Path | None = None) -> int:
    """Compress the site's text files; with `memo` (build.memo.BuildMemo), a file whose
    bytes an earlier build compressed gets that build's copy; with `previous` (the site
    this build replaces), a file whose bytes are those of the file at the same place there
    gets that file's copy."""
    files = _compressible(site_dir)
    _compress_all(files, site_dir, memo, previous)
    return len(files)


def _compressible(site_dir: Path, left_out: tuple[str, ...] = ()) -> list[Path]:
    """The site's files to compress, but those under the folders or files `left_out`."""
    return [path for relative in files_under(site_dir)
            if os.path.splitext(relative)[1] in COMPRESSED_TYPES and not relative.startswith(left_out)
            and (path := site_dir / relative).stat().st_size >= SMALLEST]


def _compress_all(files: list[Path], site_dir: Path, memo, previous: Path | None) -> list[tuple[str, bool]]:
    """The .gz copies of `files` (see precompress); with `memo`, what was looked up in it."""
    if previous is not None:  # one after the other: quick, and threads would take turns
        files_left = []
        for path in files:
            earlier = previous / path.relative_to(site_dir)
            if not _link_previous_copy(path, path.read_bytes(), earlier, path.with_name(path.name + ".gz")):
                files_left.append(path)
    else:
        files_left = files
    # zlib lets go of Python's lock while it compresses: every core can take a share.
    with ThreadPoolExecutor(max_workers=cores()) as pool:
        return [found for found in pool.map(lambda path: _compress(path, memo), files_left) if found]


@contextmanager
def compressed_meanwhile(site_dir: Path, memo=None, previous: Path | None = None, *,
                         left_out: tuple[str, ...] = ()) -> Iterator[None]:
    """precompress(site_dir, memo, previous), started in a copy of this process (fork) on
    the site as it is, but for the folders and files `left_out`, while the block writes
    those; then, here, every file the copy did not compress (those the block wrote, or any
    other it changed after all). Without a copy (no fork here, or other threads running,
    or it failed), all of it is done here after the block."""
    files = _compressible(site_dir, left_out) if can_fork() else []
    before = {path: _state(path) for path in files}
    copy = None
    if files:
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        copy = context.Process(target=_compress_in_copy, args=(files, site_dir, memo, previous, sending),
                               daemon=True)
        copy.start()
        sending.close()
    try:
        yield
    except BaseException:
        if copy is not None:
            copy.terminate()
            copy.join()
        raise
    looked_up = None
    if copy is not None:
        try:
            looked_up = receiving.recv()
        except (EOFError, OSError):  # the copy failed: its files are compressed here below
            looked_up = None
        receiving.close()
        copy.join()
        if copy.exitcode != 0:
            looked_up = None
    for key, fresh in looked_up or []:
        memo.counted(COMPRESSED, key, fresh=fresh)
    done = set(files) if looked_up is not None else set()
    rest, now = [], _compressible(site_dir)
    for path in set(files) - set(now):  # the block removed it (or left it too small): no copy
        path.with_name(path.name + ".gz").unlink(missing_ok=True)
    for path in now:
        if path not in done or _state(path) != before[path]:
            path.with_name(path.name + ".gz").unlink(missing_ok=True)  # a copy of what it held
            rest.append(path)
    _compress_all(rest, site_dir, memo, previous)


def _state(path: Path) -> tuple:
    status = path.stat()
    return status.st_ino, status.st_size, status.st_mtime_ns


def _compress_in_copy(files: list[Path], site_dir: Path, memo, previous: Path | None, results) -> None:
    results.send(_compress_all(files, site_dir, memo, previous))
    results.close()
