"""The offline zip's writer gives, byte for byte, what Python's zipfile writes for the same
entries (so any unzip tool reads it as it read zipfile's), and reuses compressed bytes."""
from __future__ import annotations

import io
import os
import zipfile

from handbook.build.memo import BuildMemo
from handbook.build.offline import DEFLATED, write_offline_zip
from handbook.build.zip_writer import ZipWriter, deflate

STAMP = (2026, 11, 29, 14, 3, 58)
ENTRIES = {"site/index.html": b"<p>Home</p>" * 100, "site/caf\u00e9.txt": "caf\u00e9 \u2014 ok".encode(),
           "site/empty.txt": b"", "site/assets/random.bin": os.urandom(5000)}


def _zipfile_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, data in ENTRIES.items():
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def test_the_same_bytes_as_pythons_zipfile():
    buffer = io.BytesIO()
    writer = ZipWriter(buffer, STAMP)
    for name, data in ENTRIES.items():
        writer.add(name, data, deflate(data))
    writer.close()
    assert buffer.getvalue() == _zipfile_bytes()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as opened:
        assert opened.testzip() is None
        assert {name: opened.read(name) for name in opened.namelist()} == ENTRIES


def test_a_second_zip_reuses_the_compressed_files(tmp_path):
    site = tmp_path / "site"
    for name, data in ENTRIES.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    import datetime as dt
    built = dt.datetime(*STAMP)
    first = write_offline_zip(site, tmp_path / "one" / "h.zip", "h", built, BuildMemo(tmp_path / "memo"))
    memo = BuildMemo(tmp_path / "memo")
    second = write_offline_zip(site, tmp_path / "two" / "h.zip", "h", built, memo)
    plain = write_offline_zip(site, tmp_path / "three" / "h.zip", "h", built)
    assert first.read_bytes() == second.read_bytes() == plain.read_bytes()
    assert memo.hits == len(ENTRIES) and memo.missed[DEFLATED] == 0


def test_the_gzip_copies_give_the_zip_its_compressed_bytes(tmp_path):
    """A file with a .gz copy (build/compression.py) is not compressed again for the zip:
    its deflate stream is taken from the copy, and the zip is the same bytes."""
    import datetime as dt

    from handbook.build.compression import precompress

    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_bytes(b"<p>Home, compressed twice before.</p>" * 200)
    (site / "assets" / "app.js").write_bytes(b"var x = 1;\n" * 500)
    built = dt.datetime(*STAMP)
    without = write_offline_zip(site, tmp_path / "one" / "h.zip", "h", built).read_bytes()
    assert precompress(site) == 2
    (site / "assets" / "app.js.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"not this file's copy")
    memo = BuildMemo(tmp_path / "memo")
    with_copies = write_offline_zip(site, tmp_path / "two" / "h.zip", "h", built, memo).read_bytes()
    assert with_copies == without
    assert memo.missed[DEFLATED] == 1  # app.js: its .gz is not its copy; index.html: from its copy
