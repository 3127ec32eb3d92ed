"""Built output, written safely and reproducibly. A build writes everything it makes (the
site, the PDFs, the offline zip) through `staged_outputs`, under the project's
`build_lock`, and dates what it makes with `build_time`.

- Safe: everything is written into temporary folders beside the targets (site/, dist/);
  the targets are replaced, one right after the other, only when the whole build
  finished without error. A failed or killed build leaves the previous output exactly as
  it was; what a killed build left behind is removed when the next build starts.
- Unchanged files are not written again: a file written with `write_staged` that the
  output being replaced holds, at the same place and with the same bytes, becomes a
  second link to that file (creating files is most of what an incremental build writes).
  Nothing is ever written through such a link: `write_staged` replaces a file, never
  writes into it.
- One at a time: a second build of the same project waits for the first (saying so), and
  gives up with a clear error if the first is still running after LOCK_WAIT_SECONDS.
- Reproducible: the "build time" is SOURCE_DATE_EPOCH when it is set (the convention of
  reproducible-builds.org, which MkDocs also reads), otherwise the time of the project's
  last git commit, so that two builds of the same commit are byte-identical. Only a folder
  outside git, with no SOURCE_DATE_EPOCH, falls back to the clock. `build_source` says
  which of these the time is, with the commit's short id, for printouts to name.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from handbook.problems import HandbookError, Problem

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
LOCK_FILE = ".handbook-build.lock"  # in the project folder; holds the building process's id
LOCK_WAIT_SECONDS = 15 * 60


@contextmanager
def build_lock(project: Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the project's build lock while the block runs. If another build holds it, say
    so on standard error and wait for it, for at most `wait_seconds`."""
    path = Path(project) / LOCK_FILE
    try:
        lock = open(path, "a+", encoding="utf-8")  # held open while the block runs
    except OSError as exc:
        raise HandbookError([Problem(str(path), None, "error",
                                     f"cannot create the build lock: {exc.strerror}")]) from None
    with lock:
        deadline = time.monotonic() + wait_seconds
        waiting = False
        while not _try_lock(lock):
            holder = f"pid {_holder(path)}"
            if time.monotonic() >= deadline:
                raise HandbookError([Problem(str(path), None, "error",
                    f"another build of this project ({holder}) is still running after "
                    f"{wait_seconds:.0f} s: build again when it has finished")])
            if not waiting:
                print(f"waiting for another build of this project ({holder}) to finish",
                      file=sys.stderr, flush=True)
                waiting = True
            time.sleep(0.2)
        lock.truncate(0)
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        yield  # the lock ends when the file is closed


def _try_lock(lock) -> bool:
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip() or "unknown"
    except OSError:
        return "unknown"


@contextmanager
def staged_outputs(targets: list[Path]) -> Iterator[list[Path]]:
    """Yield one empty temporary folder beside each of `targets`; when the block ends
    without an exception, put each in place of its target, one right after the other. On
    an exception the targets are untouched. The caller holds the build lock: what killed
    builds left beside the targets is removed first."""
    targets = [Path(target).resolve() for target in targets]
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(target)
    stagings = []
    try:
        for target in targets:
            stagings.append(Path(tempfile.mkdtemp(prefix=_staging_prefix(target), dir=target.parent)))
            stagings[-1].chmod(0o755)  # mkdtemp's 0700 would hide the site from a web server
            _replacing[os.fspath(stagings[-1]) + os.sep] = os.fspath(target) + os.sep
        yield list(stagings)
        _swap_into_place(stagings, targets)
    finally:
        for staging in stagings:
            _replacing.pop(os.fspath(staging) + os.sep, None)
            shutil.rmtree(staging, ignore_errors=True)


# Each staging folder being written (with a final separator) -> the folder it will replace.
_replacing: dict[str, str] = {}


def write_staged(path: Path | str, data: bytes) -> None:
    """Write `data` as the file `path` (its folders made as needed). In a staging folder of
    `staged_outputs`, when the output it will replace has a file at the same place with
    these very bytes, that file is linked here instead of a new one written. An existing
    file at `path` is replaced, never written into: it may be such a link."""
    path = _emptied(path)
    if _holds(_previous_of(path), data) and _link_previous(path):
        return
    with open(path, "wb") as file:
        file.write(data)


def replaced_bytes(path: Path | str) -> bytes | None:
    """In a staging folder of `staged_outputs`: the bytes of the file at the same place in
    the output it will replace, if that is a plain file (not a link to elsewhere)."""
    previous = _previous_of(os.path.normpath(os.fspath(path)))
    try:
        if previous is None or not stat.S_ISREG(os.lstat(previous).st_mode):
            return None
        with open(previous, "rb") as file:
            return file.read()
    except OSError:
        return None


def link_replaced(path: Path | str) -> bool:
    """As write_staged with the bytes replaced_bytes(path) gave, known to be those: the file
    of the output being replaced is linked at `path`. False when it cannot be (no such
    plain file, another file system): then nothing is at `path`."""
    return _link_previous(_emptied(path))


def _emptied(path: Path | str) -> str:
    """`path`, normalised, with its folders made and no file at it."""
    path = os.path.normpath(os.fspath(path))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    return path


def _link_previous(path: str) -> bool:
    previous = _previous_of(path)
    try:
        if previous is None or not stat.S_ISREG(os.lstat(previous).st_mode):
            return False
        os.link(previous, path, follow_symlinks=False)
        return True
    except OSError:  # gone, another file system, or links not allowed
        return False


def _previous_of(path: str) -> str | None:
    for staging, target in _replacing.items():
        if path.startswith(staging):
            return target + path[len(staging):]
    return None


def _holds(path: str | None, data: bytes) -> bool:
    """Whether `path` is a plain file (not a link to elsewhere) holding exactly `data`."""
    if path is None:
        return False
    try:
        status = os.lstat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except OSError:
        return False


def files_under(folder: Path) -> list[str]:
    """Every plain file under `folder` (links to files count as files), as a path relative
    to it with "/", in the order of sorted Paths (by folder, then name). Read with
    os.scandir: a site has thousands of files, and a Path and a stat for each would take
    a tenth of a second every time the build lists them."""
    found: list[str] = []

    def walk(directory: str, prefix: str) -> None:
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, prefix + entry.name + "/")
                elif entry.is_file():
                    found.append(prefix + entry.name)
    walk(os.fspath(folder), "")
    return sorted(found, key=lambda relative: relative.split("/"))


def _staging_prefix(target: Path) -> str:
    """`.site-building-`: the new output, and (with `-previous` added) the old one set aside."""
    return f".{target.name}-building-"


def remove_leftovers(target: Path) -> None:
    """The temporary folders a killed build left beside `target`."""
    for leftover in target.parent.glob(_staging_prefix(target) + "*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _swap_into_place(stagings: list[Path], targets: list[Path]) -> None:
    """Each target set aside and its staging folder renamed onto it (renames on one file
    system); if a rename fails, those already made are undone."""
    done: list[tuple[Path, Path, Path]] = []
    try:
        for staging, target in zip(stagings, targets, strict=True):
            aside = staging.with_name(staging.name + "-previous")
            if target.exists():
                target.rename(aside)
            done.append((staging, target, aside))
            staging.rename(target)
    except OSError:
        for staging, target, aside in reversed(done):
            if not staging.exists() and target.exists():
                target.rename(staging)
            if aside.exists():
                aside.rename(target)
        raise
    for _, _, aside in done:
        shutil.rmtree(aside, ignore_errors=True)


def build_epoch(project: Path) -> int:
    """Seconds since 1970 (UTC) that a build of `project` should treat as "now"."""
    if (given := os.environ.get(EPOCH_VARIABLE, "").strip()).isdigit():
        return int(given)
    if last := _last_commit(project):
        return last[1]
    return int(dt.datetime.now(dt.UTC).timestamp())  # no git here: the clock it is


def build_time(project: Path) -> dt.datetime:
    """The build time of `project` as an aware UTC datetime (see build_epoch)."""
    return dt.datetime.fromtimestamp(build_epoch(project), dt.UTC)


@dataclass(frozen=True)
class BuildSource:
    """What the build time stands for, so that a printout can say so truthfully."""
    time: dt.datetime
    commit: str | None = None  # the short id of the project's last commit, in a git checkout
    changed: bool = False      # the checkout's files differ from that commit
    clock: bool = False        # no SOURCE_DATE_EPOCH and no commit: the time the build ran


def build_source(project: Path) -> BuildSource:
    """The build time of `project` (as build_time), with the commit it was built from, if
    any, and whether the time is only the clock's."""
    time_ = build_time(project)
    last = _last_commit(project)
    if last is None:
        given = os.environ.get(EPOCH_VARIABLE, "").strip()
        return BuildSource(time_, clock=not given.isdigit() or given == _clock_epoch)
    return BuildSource(time_, commit=last[0], changed=_has_changes(project))


_clock_epoch: str | None = None  # SOURCE_DATE_EPOCH as fixed_build_time set it from the clock


def _git(project: Path, *args: str) -> str | None:
    """What git prints for `args` in `project`, or None (not a git checkout, no git)."""
    try:
        result = subprocess.run(["git", "--no-optional-locks", *args], cwd=project,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _last_commit(project: Path) -> tuple[str, int] | None:
    """(short id, time) of the last commit that changed `project`, in a git checkout."""
    words = (_git(project, "log", "-1", "--format=%h %ct", "--", ".") or "").split()
    return (words[0], int(words[1])) if len(words) == 2 and words[1].isdigit() else None


def _has_changes(project: Path) -> bool:
    """Whether tracked files differ from the last commit, or content not yet in git is there
    (new files in docs/ or data/; not the build's own outputs or lock)."""
    tracked = _git(project, "status", "--porcelain", "--untracked-files=no", "--", ".")
    untracked = _git(project, "ls-files", "--others", "--exclude-standard", "--", "docs", "data")
    return bool((tracked or "").strip() or (untracked or "").strip())


@contextmanager
def fixed_build_time(project: Path) -> Iterator[int]:
    """Set SOURCE_DATE_EPOCH for tools that read it (MkDocs: sitemap dates, gzip headers)
    while the block runs, then restore what was there."""
    global _clock_epoch
    epoch = build_epoch(project)
    saved, saved_clock = os.environ.get(EPOCH_VARIABLE), _clock_epoch
    if build_source(project).clock:
        _clock_epoch = str(epoch)  # still the clock's, though SOURCE_DATE_EPOCH now says it
    os.environ[EPOCH_VARIABLE] = str(epoch)
    try:
        yield epoch
    finally:
        _clock_epoch = saved_clock
        if saved is None:
            os.environ.pop(EPOCH_VARIABLE, None)
        else:
            os.environ[EPOCH_VARIABLE] = saved
