"""MkDocs hook (mkdocs.yml `hooks:`): the files built from the content rather than written
in docs/: the Atom feed of amendments, and each chapter's "What changed in this edition"
page. Generated here, so that `make serve` has them too. An archived edition is shown as
it was: it gets neither."""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handbook import changes  # noqa: E402
from handbook.archive import edition_project  # noqa: E402
from handbook.feed import FEED_FILE, amendments_feed  # noqa: E402
from handbook.model import load_handbook  # noqa: E402
from handbook.problems import HandbookError  # noqa: E402
from handbook.editions import ARCHIVE_KEY  # noqa: E402


def on_files(files, config):
    if config.extra.get(ARCHIVE_KEY):
        return files
    root = Path(config.docs_dir).resolve().parent
    try:
        handbook = load_handbook(root)
        register = next((p.src for p in handbook.pages.values() if "amendments_register(" in p.body), None)
        files.append(File.generated(config, FEED_FILE,
                                    content=amendments_feed(handbook, register_page=register)))
        previous = handbook.editions.previous
        if previous is None:
            return files
        with edition_project(root, previous) as old_root:
            old = load_handbook(old_root, archived=True)
            for chapter in handbook.chapters:
                if chapter.src not in old.pages:
                    continue
                compared = changes.compare(changes.chapter_blocks(old, old.page(chapter.src)),
                                           changes.chapter_blocks(handbook, chapter))
                abbreviations = {a.tooltip_key: a.expansion for a in handbook.glossary.abbreviations}
                page = changes.changes_page(chapter, compared, handbook.editions.current, previous,
                                            abbreviations)
                files.append(File.generated(config, changes.changes_path(chapter.src), content=page,
                                            inclusion=InclusionLevel.NOT_IN_NAV))
    except HandbookError as exc:
        raise PluginError(str(exc)) from None
    return files
