"""What one MkDocs run of the handbook needs, handed over by the build to the MkDocs side
(the mkdocs-macros adapter and the hook in macros/): the handbook's pages, already rendered
and checked, and which edition is being built.

The build renders and checks every page before MkDocs starts; the adapter hands MkDocs those
pages instead of rendering them a second time, so both outputs are the same by construction.
The session travels on the MkDocs config object (as an attribute, not a key: mkdocs-macros
copies the config's keys into every page's variables and serialises them on every build).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from handbook.build.memo import BuildMemo
from handbook.content.edition_sources import edition_pages
from handbook.content.model import Handbook, load_handbook
from handbook.content.pages import contacts_page
from handbook.templating.renderer import PageRenderer

_ATTRIBUTE = "handbook_session"


class BuildInterrupted(Exception):
    """A newer edit arrived while `make serve` was building: this build's site would be out
    of date before it is finished, so it stops (its staged output is thrown away)."""


def stop_if_interrupted(interrupted: Callable[[], bool] | None) -> None:
    if interrupted is not None and interrupted():
        raise BuildInterrupted()


@dataclass
class BuildSession:
    renderer: PageRenderer
    archived: bool = False
    # (edition, the pages it had) for each earlier edition: the chapters' history links.
    earlier_editions: list[tuple] = field(default_factory=list)
    # What earlier builds made, to reuse (handbook/build/memo.py); None: build everything.
    memo: BuildMemo | None = None
    # Where MkDocs' state after this build is kept, for `make serve`'s quick preview
    # (handbook/build/preview.py); None: not kept.
    keep: dict | None = None
    # Asked as pages are made: True stops the build (BuildInterrupted); None: never.
    interrupted: Callable[[], bool] | None = None

    @property
    def handbook(self) -> Handbook:
        return self.renderer.handbook

    @cached_property
    def contacts_page(self) -> str | None:
        """The page every chapter's opening points to for contacts: found once per build
        (looking through every page for each chapter grew with the square of the pages)."""
        return contacts_page(self.handbook.pages)

    @classmethod
    def start(cls, renderer: PageRenderer, *, archived: bool = False,
              memo: BuildMemo | None = None, keep: dict | None = None,
              interrupted: Callable[[], bool] | None = None) -> BuildSession:
        handbook = renderer.handbook
        earlier = [] if archived else [(edition, edition_pages(handbook.root, edition))
                                       for edition in handbook.editions.archived]
        return cls(renderer, archived, earlier, memo, keep, interrupted)

    @classmethod
    def load(cls, root: Path, *, archived: bool = False) -> BuildSession:
        """For a MkDocs run the build did not start (`mkdocs serve`): load the project."""
        return cls.start(PageRenderer(load_handbook(root, archived=archived)), archived=archived)


def hand_over(config, session: BuildSession) -> None:
    """Attach `session` to a loaded MkDocs config before building with it."""
    setattr(config, _ATTRIBUTE, session)


def handed_over(config) -> BuildSession | None:
    return getattr(config, _ATTRIBUTE, None)
