"""What the handbook accepts from an editor's file before parsing it, and the one function
that reads such a file: no symbolic link, a regular file, under a size limit, UTF-8 text.

Limits stop a mistake (a pasted export, a generated file) from slowing or breaking every
build with a message that says nothing; each is far above what real content needs."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from handbook.problems import HandbookError, Problem

# The largest data file (data/*.yml): the real files are under 60 KB.
MAX_DATA_FILE_BYTES = 1_000_000
# The largest page (docs/**/*.md): the longest real chapter is under 100 KB.
MAX_PAGE_BYTES = 1_000_000
# The deepest nesting of lists, block quotes and HTML elements in a page, counted together.
# The PDF step (WeasyPrint) lays boxes out recursively: a list 100 levels deep failed with
# RecursionError (40 still printed); the real pages nest 2 levels at most.
MAX_NESTING = 12
# The deepest nesting of values in a data file or front matter: the real data nests 5
# levels; reading values nested about 1,000 deep exhausted Python's recursion limit.
MAX_YAML_NESTING = 20

SYMBOLIC_LINK = "symbolic links are not allowed: copy the file in"
_BYTE_ORDER_MARK = "\ufeff"


def read_input(path: Path, shown: str, max_bytes: int) -> str:
    """The text of `path`, never following a symbolic link; raise HandbookError naming
    `shown` (the path as the editor sees it) when the file cannot be accepted. A UTF-8
    byte-order mark, which some editors add, is dropped."""
    def refuse(message: str, line: int = 1):
        return HandbookError([Problem(shown, line, "error", message)])

    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if Path(path).is_symlink():
            raise refuse(SYMBOLIC_LINK) from None
        raise refuse(f"cannot read the file: {exc.strerror}") from None
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise refuse("not a regular file (a folder or a device?): only text files are read here")
        if info.st_size > max_bytes:
            raise refuse(_too_large(max_bytes, info.st_size))
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew while being read
        raise refuse(_too_large(max_bytes, len(data)))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise refuse(f"not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read: "
                     "save the file as UTF-8)", line) from None
    return text.removeprefix(_BYTE_ORDER_MARK)


def _too_large(max_bytes: int, size: int) -> str:
    return (f"the file is larger than the limit of {max_bytes:,} bytes (it has {size:,}): "
            "split it, or remove what does not belong")
