"""Built output, written safely and reproducibly. Every builder (site, and later PDF, zip,
feed) writes through `staged_output` and dates what it makes with `build_time`.

- Safe: a builder writes into a temporary folder beside its target; the target is replaced
  only when the builder finished without error. A failed build leaves the previous output
  exactly as it was, and no half-written folder behind.
- Reproducible: the "build time" is SOURCE_DATE_EPOCH when it is set (the convention of
  reproducible-builds.org, which MkDocs also reads), otherwise the time of the project's
  last git commit, so that two builds of the same commit are byte-identical. Only a folder
  outside git, with no SOURCE_DATE_EPOCH, falls back to the clock.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


@contextmanager
def staged_output(target: Path) -> Iterator[Path]:
    """Yield an empty temporary folder beside `target`; when the block ends without an
    exception, put it in place of `target`. On an exception `target` is untouched."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
    try:
        yield staging
        _swap_into_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_into_place(new: Path, target: Path) -> None:
    """Two renames on the same file system; if the second fails, the first is undone."""
    old = target.with_name(f".{target.name}-previous")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def build_epoch(project: Path) -> int:
    """Seconds since 1970 (UTC) that a build of `project` should treat as "now"."""
    if (given := os.environ.get(EPOCH_VARIABLE, "").strip()).isdigit():
        return int(given)
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "."],
                                cwd=project, capture_output=True, text=True, timeout=30)
        if result.returncode == 0 and result.stdout.strip().isdigit():
            return int(result.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass  # no git here: the clock it is
    return int(dt.datetime.now(dt.UTC).timestamp())


def build_time(project: Path) -> dt.datetime:
    """The build time of `project` as an aware UTC datetime (see build_epoch)."""
    return dt.datetime.fromtimestamp(build_epoch(project), dt.UTC)


@contextmanager
def fixed_build_time(project: Path) -> Iterator[int]:
    """Set SOURCE_DATE_EPOCH for tools that read it (MkDocs: sitemap dates, gzip headers)
    while the block runs, then restore what was there."""
    epoch = build_epoch(project)
    saved = os.environ.get(EPOCH_VARIABLE)
    os.environ[EPOCH_VARIABLE] = str(epoch)
    try:
        yield epoch
    finally:
        if saved is None:
            os.environ.pop(EPOCH_VARIABLE, None)
        else:
            os.environ[EPOCH_VARIABLE] = saved
