"""A synthetic handbook the size of a real regional manual, made from the real chapter and
the real data: N chapters in parts (docs/chapters/<part>/<chapter>.md), each a different
selection of the real chapter's sections at a different length, with its own title,
front matter, amendments, related chapters and data references (indicator groups, legal
provisions, resources). The handbook pages and the real chapter are copied as they are,
so every link they hold still resolves."""
from __future__ import annotations

import os
import posixpath
import random
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from handbook.content.model import Handbook, load_handbook
from handbook.content.pages import CHAPTER_FOLDER

REAL_CHAPTER = "chapters/safeguarding-children-from-sexual-exploitation.md"
CHAPTERS_PER_PART = 40  # a regional manual's parts hold a few dozen procedures each
_SECTION = re.compile(r"^## (?:\d+\. )?(.+?) \{#([a-z0-9-]+)\}\s*$", re.M)
_RELATIVE_LINK = re.compile(r"\]\((?!#|[a-z]+:)")


@dataclass
class Section:
    title: str
    anchor: str
    blocks: list[str]  # the markdown between blank lines, headings of sub-sections included


def generate_project(repo: Path, dest: Path, chapters: int, seed: int = 1) -> Path:
    """Write a project folder (docs/, data/, editions/) with `chapters` chapters into `dest`:
    the real chapter plus chapters-1 synthetic ones. Returns `dest`."""
    if chapters < 1:
        raise ValueError("the synthetic handbook needs at least one chapter (the real one)")
    real = load_handbook(repo)
    dest.mkdir(parents=True, exist_ok=True)
    for folder in ("data", "docs", "editions"):  # editions: the earlier editions' content
        if (repo / folder).is_dir():
            shutil.copytree(repo / folder, dest / folder)
    sections = _sections(real.pages[REAL_CHAPTER].body)
    rng = random.Random(seed)
    plans = _plan_chapters(real, sections, chapters - 1, rng)
    for plan in plans:
        path = dest / "docs" / plan["src"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_chapter_text(real, sections, plan, plans, rng), encoding="utf-8")
    _commit(dest)
    return dest


def _commit(dest: Path) -> None:
    """Put the project in a git repository of its own, as a partnership keeps its handbook:
    a build is then dated by the last commit (not the clock), as a real one is, and an
    edit not yet committed is one an editor is previewing. Without git, nothing is done."""
    fixed = {"GIT_AUTHOR_DATE": "2026-11-01T12:00:00Z", "GIT_COMMITTER_DATE": "2026-11-01T12:00:00Z",
             "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
             "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}
    (dest / ".gitignore").write_text(".handbook-cache/\n.handbook-build.lock\n", encoding="utf-8")
    try:
        for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "A synthetic handbook"]):
            subprocess.run(["git", *command], cwd=dest, env={**os.environ, **fixed}, check=True,
                           capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        shutil.rmtree(dest / ".git", ignore_errors=True)


def _sections(body: str) -> list[Section]:
    matches = list(_SECTION.finditer(body))
    sections = []
    for match, following in zip(matches, matches[1:] + [None], strict=False):
        text = body[match.end():following.start() if following else len(body)]
        blocks = [block.strip("\n") for block in re.split(r"\n\s*\n", text) if block.strip()]
        sections.append(Section(match.group(1), match.group(2), blocks))
    return sections


def _plan_chapters(real: Handbook, sections: list[Section], count: int, rng: random.Random) -> list[dict]:
    """Titles, parts and paths first, so that chapters can name each other as related."""
    parts = [f"part-{number:02d}-{section.anchor}"
             for number, section in enumerate(_cycle(sections, max(1, -(-count // CHAPTERS_PER_PART))), 1)]
    subjects = [a.expansion for a in real.glossary.abbreviations] + [t.term for t in real.glossary.terms]
    plans = []
    for index in range(count):
        subject = rng.choice(subjects)
        angle = rng.choice(sections).title
        title = f"{subject}: {angle} ({index + 1})"
        slug = re.sub(r"[^a-z0-9]+", "-", f"{subject} {angle} {index + 1}".lower()).strip("-")
        plans.append({"title": title, "src": f"{CHAPTER_FOLDER}{parts[index % len(parts)]}/{slug}.md"})
    return plans


def _cycle(items: list, count: int) -> list:
    return [items[i % len(items)] for i in range(count)]


def _chapter_text(real: Handbook, sections: list[Section], plan: dict, plans: list[dict],
                  rng: random.Random) -> str:
    chosen = sorted(rng.sample(range(len(sections)), rng.randint(3, len(sections))))
    groups = [group.id for group in real.indicators.groups]
    rng.shuffle(groups)  # each indicator group at most once a chapter: its rows are anchors
    provisions = [p.id for p in real.legal.provisions]
    resource_ids = [r.id for r in real.resources.resources]
    related = rng.sample([p for p in plans if p is not plan], min(len(plans) - 1, rng.randint(0, 3)))
    body: list[str] = []
    for number, index in enumerate(chosen, 1):
        section = sections[index]
        body.append(f"## {number}. {section.title} {{#{section.anchor}}}")
        # From a third of the section to twice its length: chapters of very different sizes.
        scale = rng.choice([0.35, 0.6, 1.0, 1.0, 1.5, 2.0])
        blocks = section.blocks
        if scale > 1:  # the repeat leaves out sub-headings, whose anchors must stay unique
            blocks = blocks + [b for b in blocks if not b.startswith("#")]
        keep = max(1, round(len(section.blocks) * scale))
        for block in blocks[:keep]:
            if "indicator_table(" in block:
                if not groups:
                    continue
                block = re.sub(r'indicator_table\("[a-z0-9-]+"', f'indicator_table("{groups.pop()}"', block)
            if "<!-- excerpt:" in block:
                continue  # excerpts are named once, in the real chapter
            block = re.sub(r'legal_statement\("[a-z0-9-]+"\)',
                           lambda _: f'legal_statement("{rng.choice(provisions)}")', block)
            block = re.sub(r'resource_link\("[a-z0-9-]+"',
                           lambda _: f'resource_link("{rng.choice(resource_ids)}"', block)
            # One folder deeper than the real chapter: relative links climb one more level.
            body.append(_RELATIVE_LINK.sub("](../", block))
    if related:
        links = ", ".join(f"[{other['title']}]({_relative(plan['src'], other['src'])})" for other in related)
        body.append(f"See also: {links}.")
    anchors = [sections[i].anchor for i in chosen]
    meta = {
        "title": plan["title"],
        "summary": f"{plan['title'].split(' (')[0]}: what practitioners need to know and do.",
        "owner": "Safeguarding children partnerships' procedures editor",
        "last_reviewed": f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}",
        # The section that says what to do, where the chapter kept it (else its first).
        "action_section": "protection-and-action" if "protection-and-action" in anchors else anchors[0],
        # Revisions, as the real chapter's first amendment ("revised where required"): of the guidance.
        "amendments": [{"date": f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                        "kind": "guidance",
                        "section": rng.choice(anchors),
                        "summary": "Revised where required."} for _ in range(rng.randint(1, 4))],
        "related": [other["src"] for other in related],
        "resources": rng.sample(resource_ids, rng.randint(1, min(8, len(resource_ids)))),
    }
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n\n" + "\n\n".join(body) + "\n"


def _relative(from_src: str, to_src: str) -> str:
    return posixpath.relpath(to_src, posixpath.dirname(from_src))
