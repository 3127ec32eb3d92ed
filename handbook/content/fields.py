"""Shared building blocks of the typed data models."""
from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# Stable ids: lower-case words joined by hyphens. They become anchors and references.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# A web address: http(s), and none of the characters that could end a markdown link or an
# HTML attribute early (write them percent-encoded: '(' is %28).
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s()<>\"'`{}|\\^]+$")]
Email = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9.!#$%&*+/=?_~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")]
# A telephone number as dialled: digits and spaces, perhaps a leading +.
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 ]{1,30}$")]
# A review interval: at least a month, at most ten years.
Months = Annotated[int, Field(ge=1, le=120)]


class Record(BaseModel):
    """A row of data: unknown keys are errors, so a misspelt field never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class UnknownReference(ValueError):
    """A page refers to an id that the data does not have."""


def find_by_id(items, wanted: str, what: str):
    for item in items:
        if item.id == wanted:
            return item
    known = ", ".join(item.id for item in items)
    raise UnknownReference(f"no {what} with id '{wanted}' (known: {known})")
