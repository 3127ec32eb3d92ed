"""The build's notion of "now": the SOURCE_DATE_EPOCH convention, so that two builds of
the same commit can give the same bytes (set it to the commit's time); otherwise the
real time."""
from __future__ import annotations

import datetime as dt
import os


def build_time() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(tz=dt.timezone.utc)
