"""When a build may share Python work between processes (one per core): Python code runs
one thread at a time, so reading pages or making their HTML goes faster only in processes
of their own."""
from __future__ import annotations

import os
import threading

MOST_PROCESSES = 8
PARALLEL_FROM = 100  # pages (to read, to render): fewer are done faster than processes start


def cores() -> int:
    """How many processes a step may use at once (this machine's cores, at most 8)."""
    return max(1, min(os.cpu_count() or 1, MOST_PROCESSES))


def worth_sharing(pages: int) -> bool:
    """Whether work on `pages` pages is worth sharing between processes."""
    return pages >= PARALLEL_FROM and cores() > 1


def can_fork() -> bool:
    """Whether a copy of this process (fork) can start work: only when this process runs no
    other thread (make serve's server does), as a copy could inherit a lock another thread
    held, and only where the system has fork."""
    return hasattr(os, "fork") and threading.active_count() == 1


def start_method() -> str:
    """A copy of this process (nothing to import again) when that is safe, otherwise a new
    interpreter."""
    return "fork" if can_fork() else "spawn"
