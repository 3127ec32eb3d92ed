"""Pre-compressed copies (file.gz beside file) of the site's text files, so that a web
server sends them without compressing on every request (nginx: gzip_static). The gzip
header carries no time or name, so two builds give the same bytes."""
from __future__ import annotations

import gzip
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

COMPRESSED_TYPES = {".html", ".css", ".js", ".json", ".xml", ".webmanifest", ".svg", ".txt"}
SMALLEST = 512  # bytes: smaller files are not worth it


def _compress(path: Path) -> None:
    data = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
    path.with_name(path.name + ".gz").write_bytes(data)


def precompress(site_dir: Path) -> int:
    files = [path for path in sorted(site_dir.rglob("*"))
             if path.is_file() and path.suffix in COMPRESSED_TYPES and path.stat().st_size >= SMALLEST]
    # zlib lets go of Python's lock while it compresses: every core can take a share.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(_compress, files))
    return len(files)
