"""Pre-compressed copies (file.gz beside file) of the site's text files, so that a web
server sends them without compressing on every request (nginx: gzip_static). The gzip
header carries no time or name, so two builds give the same bytes."""
from __future__ import annotations

import gzip
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from handbook.build.zip_writer import LEVEL  # the offline zip reuses these streams
from handbook.digests import digest

COMPRESSED_TYPES = {".html", ".css", ".js", ".json", ".xml", ".webmanifest", ".svg", ".txt"}
SMALLEST = 512  # bytes: smaller files are not worth it


COMPRESSED = "gzip"  # the memo's name for a compressed copy, by the digest of the original


def _compress(path: Path, memo=None) -> None:
    original = path.read_bytes()
    key = memo and digest(original)
    data = memo.get(COMPRESSED, key) if memo else None
    if data is None:
        data = gzip.compress(original, compresslevel=LEVEL, mtime=0)
        if memo:
            memo.put(COMPRESSED, key, data)
    path.with_name(path.name + ".gz").write_bytes(data)


def precompress(site_dir: Path, memo=None) -> int:
    """Compress the site's text files; with `memo` (build.memo.BuildMemo), a file whose
    bytes an earlier build compressed gets that build's copy."""
    files = [path for path in sorted(site_dir.rglob("*"))
             if path.is_file() and path.suffix in COMPRESSED_TYPES and path.stat().st_size >= SMALLEST]
    # zlib lets go of Python's lock while it compresses: every core can take a share.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(lambda path: _compress(path, memo), files))
    return len(files)
