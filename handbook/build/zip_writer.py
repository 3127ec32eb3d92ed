"""A zip file written entry by entry from data already deflated, so that a build can reuse
each file's compressed bytes from the build memo instead of compressing the whole site
again (Python's zipfile always compresses what it is given).

The bytes are those Python's zipfile writes for the same entries (deflate at level 6,
raw stream, no data descriptors, Unix permissions, UTF-8 flag for names that are not
ASCII): tests/unit/build/test_zip_writer.py compares the two. No ZIP64: an offline copy
is far below its limits (65,535 entries, 4 GB), and a larger one is refused.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import BinaryIO

LEVEL = 6
VERSION = 20          # "2.0": deflate
UNIX = 3              # made on Unix: the permissions are in the upper 16 bits of the attributes
DEFLATED = 8
UTF8_NAME = 0x800
LIMIT = 0xFFFFFFFF


def deflate(data: bytes) -> bytes:
    """`data` as a raw deflate stream, as zipfile stores it."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


@dataclass
class _Entry:
    name: bytes
    flags: int
    crc: int
    compressed: int
    size: int
    offset: int


class ZipWriter:
    """Entries added in order with `add`, then `close` writes the central directory."""

    def __init__(self, out: BinaryIO, date_time: tuple[int, int, int, int, int, int], mode: int = 0o644):
        self.out = out
        year, month, day, hour, minute, second = date_time
        self.dos_time = hour << 11 | minute << 5 | second // 2
        self.dos_date = (year - 1980) << 9 | month << 5 | day
        self.attributes = mode << 16
        self.entries: list[_Entry] = []
        self.offset = 0

    def add(self, name: str, data: bytes, deflated: bytes) -> None:
        """The file `name` holding `data`, stored as `deflated` (deflate(data))."""
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), UTF8_NAME
        if max(len(data), len(deflated), self.offset) >= LIMIT or len(self.entries) >= 0xFFFF:
            raise ValueError("the offline copy is too large for a zip without ZIP64")
        entry = _Entry(encoded, flags, zlib.crc32(data), len(deflated), len(data), self.offset)
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", VERSION, flags, DEFLATED, self.dos_time,
                             self.dos_date, entry.crc, entry.compressed, entry.size, len(encoded), 0)
        self.out.write(header + encoded)
        self.out.write(deflated)
        self.offset += len(header) + len(encoded) + len(deflated)
        self.entries.append(entry)

    def close(self) -> None:
        start = self.offset
        for entry in self.entries:
            record = struct.pack("<4s4B4H3L5H2L", b"PK\x01\x02", VERSION, UNIX, VERSION, 0, entry.flags,
                                 DEFLATED, self.dos_time, self.dos_date, entry.crc, entry.compressed,
                                 entry.size, len(entry.name), 0, 0, 0, 0, self.attributes, entry.offset)
            self.out.write(record + entry.name)
            self.offset += len(record) + len(entry.name)
        self.out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(self.entries), len(self.entries),
                                   self.offset - start, start, 0))
