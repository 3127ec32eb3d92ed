"""What MkDocs logs while the handbook runs it: its warnings are the build's errors (strict),
collected instead of printed, so that they can be given as `path:line: error:` lines."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def mkdocs_warnings() -> Iterator[list[str]]:
    """While the block runs, MkDocs' log goes only to the list yielded (its warnings and
    errors, as messages); then the log is as it was."""
    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers[:] = [collector]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        yield collector.messages
    finally:
        logger.handlers[:], logger.propagate, logger.level = saved


def warnings_during(step):
    """Run `step`; its result and how many warnings MkDocs logged meanwhile, the log going
    on as before (a step that warned is not kept by the build memo: the next build does it
    again, and warns again)."""
    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    logger.addHandler(collector)
    try:
        result = step()
    finally:
        logger.removeHandler(collector)
    return result, len(collector.messages)
