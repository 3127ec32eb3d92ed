"""MkDocs hook (mkdocs.yml `hooks:`): the files built from the content rather than written
in docs/: the Atom feed of amendments, and each chapter's "What changed in this edition"
page, and the page the service worker shows offline for an address it has not saved.
Generated here, so that `make serve` has them too. An archived edition is shown as it was:
it gets none of them."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from handbook.build import edition_diff as changes
from handbook.build.feed import FEED_FILE, amendments_feed
from handbook.build.offline import NOT_SAVED_PAGE, not_saved_page
from handbook.build.session import handed_over
from handbook.content.edition_sources import edition_project
from handbook.content.editions import ARCHIVE_KEY
from handbook.content.model import load_handbook
from handbook.problems import HandbookError
from handbook.templating.renderer import PageRenderer


def on_files(files, config):
    if config.extra.get(ARCHIVE_KEY):
        return files
    root = Path(config.docs_dir).resolve().parent
    try:
        session = handed_over(config)  # the build's checked model, or (mkdocs serve) a fresh one
        handbook = session.handbook if session else load_handbook(root)
        register = next((p.src for p in handbook.pages.values() if "amendments_register(" in p.body), None)
        files.append(File.generated(config, FEED_FILE,
                                    content=amendments_feed(handbook, register_page=register)))
        files.append(File.generated(config, NOT_SAVED_PAGE, content=not_saved_page(handbook),
                                    inclusion=InclusionLevel.NOT_IN_NAV))
        previous = handbook.editions.previous
        if previous is None:
            return files
        memo = session.memo if session else None
        renderer = session.renderer if session else PageRenderer(handbook)
        abbreviations = {a.tooltip_key: a.expansion for a in handbook.glossary.abbreviations}
        with edition_project(root, previous) as old_root:
            old = load_handbook(old_root, archived=True, memo=memo)
            old_renderer = PageRenderer(old, memo)
            for chapter in handbook.chapters:
                if chapter.src not in old.pages:
                    continue
                page = changes.chapter_changes_page(chapter, old.page(chapter.src), renderer, old_renderer,
                                                    handbook.editions.current, previous, abbreviations, memo)
                files.append(File.generated(config, changes.changes_path(chapter.src), content=page,
                                            inclusion=InclusionLevel.NOT_IN_NAV))
    except HandbookError as exc:
        raise PluginError(str(exc)) from None
    return files
