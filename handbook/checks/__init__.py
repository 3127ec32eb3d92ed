"""Checks: what `make check` reports without building: links and anchors between pages,
the editorial checks on the wording, and (on request) whether external addresses answer."""
