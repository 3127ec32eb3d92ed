"""Material's main stylesheet without the rules of features the handbook's configuration
does not turn on (used by the hook macros/material_markup.py, after each build).

Material 9.8.1's main.css has the rules of every feature Material offers: 137 KB, 23 KB
compressed. Every page loads it before it can be drawn, and on a phone's slow connection
it is the request the first paint waits for (Lighthouse's mobile profile: the HTML arrives
at 0.73 s, this stylesheet at 1.51 s, five other requests sharing the bandwidth). More than
a quarter of it, compressed, is the rules of features the handbook does not use: content
tabs, navigation tabs, a blog, tags, version selectors and others. Without them it is
16.4 KB, and the first paint's median went from 1.20 to 1.08 s (28 runs each). The rules
of such a feature can match nothing on a page, as no page has its markup (a Markdown
extension, a plugin or a setting makes it); they are left out. A feature turned on in
mkdocs.yml keeps its rules, so turning one on later needs no change here.

A rule is left out selector by selector: a selector is left out when it can match only where
an element has a class that only the feature's markup has (the class is in the selector,
outside any `:not()` or `:is()`); a rule keeps its other selectors, and a rule with none
left is left out. The icons only those rules use (custom properties of `:root`) go with them.
Everything else is kept as Material wrote it (re-serialised by tinycss2, as parsed). If a
feature's classes are no longer in the stylesheet, the build stops: an upgrade of Material
changed it, and the list below is to be compared with the new release.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import tinycss2
from mkdocs.exceptions import PluginError

from handbook.build.session import handed_over
from handbook.build.staging import write_staged
from handbook.digests import digest

MAIN_STYLESHEETS = "assets/stylesheets/main.*.min.css"
STYLESHEET = "material-stylesheet"  # the build memo's step: a stylesheet without the features left out
NESTING_AT_RULES = ("media", "supports", "container")  # at-rules holding rules of their own


def _extension(name: str) -> Callable[[dict], bool]:
    return lambda config: name in config["markdown_extensions"]


def _theme_feature(name: str) -> Callable[[dict], bool]:
    return lambda config: name in (config["theme"]["features"] or [])


def _plugin(name: str) -> Callable[[dict], bool]:
    return lambda config: any(key in (name, f"material/{name}") for key in config["plugins"])


def _extra(*keys: str) -> Callable[[dict], bool]:
    """A setting under `extra:`, given and not empty (`extra: {analytics: {feedback: ...}}` for two keys).
    MkDocs gives `extra` as a mapping of its own (a Config), not a dict."""
    def given(config) -> bool:
        value = config["extra"]
        for key in keys:
            value = value.get(key) if isinstance(value, Mapping) else None
        return bool(value)
    return given


@dataclass(frozen=True)
class Feature:
    name: str  # as Material's documentation names it, and what turns it on
    turned_on: Callable[[dict], bool]
    classes: str  # a pattern of the class names that only the feature's markup has
    icons: tuple[str, ...] = ()  # the start of the names of the icons only its rules use

    def selector_pattern(self) -> re.Pattern:
        return re.compile(rf"\.(?:{self.classes})(?![\w-])")


# Material 9.8.1's features whose rules are left out when the configuration does not turn
# them on. Code blocks, admonitions, details, grids, buttons, annotations (any block with
# the `annotate` class) and the rest that Markdown with attr_list and md_in_html can make
# are not here: their rules are always kept.
FEATURES = (
    Feature("content tabs (markdown_extensions: pymdownx.tabbed)", _extension("pymdownx.tabbed"),
            r"tabbed-[\w-]+", ("--md-tabbed-icon",)),
    Feature("navigation tabs (theme.features: navigation.tabs)", _theme_feature("navigation.tabs"),
            r"md-tabs(?:__[\w-]+)?"),
    Feature("the repository link (repo_url)", lambda config: bool(config.get("repo_url")),
            r"md-source(?:__[\w-]+)?", ("--md-source-",)),
    Feature("version selector (extra.version)", _extra("version"),
            r"md-version(?:__[\w-]+)?", ("--md-version-icon",)),
    Feature("language and version selectors (extra.alternate, extra.version)",
            lambda config: _extra("alternate")(config) or _extra("version")(config), r"md-select(?:__[\w-]+)?"),
    Feature("tags (plugins: tags)", _plugin("tags"), r"md-tags?(?:-[\w-]+)?", ("--md-tag-icon",)),
    Feature("blog (plugins: blog)", _plugin("blog"),
            r"md-(?:post|author|pin|draft|profile)(?:__[\w-]+|--[\w-]+)?", ("--md-post-pin-icon",)),
    Feature("feedback widget (extra.analytics.feedback)", _extra("analytics", "feedback"),
            r"md-feedback(?:__[\w-]+)?"),
    Feature("cookie consent (extra.consent)", _extra("consent"), r"md-consent(?:__[\w-]+)?"),
    Feature("social links (extra.social)", _extra("social"), r"md-social(?:__[\w-]+)?"),
    Feature("progress indicator (theme.features: navigation.instant.progress)",
            _theme_feature("navigation.instant.progress"), r"md-progress"),
    Feature("task lists (markdown_extensions: pymdownx.tasklist)", _extension("pymdownx.tasklist"),
            r"task-list-[\w-]+", ("--md-tasklist-icon",)),
    Feature("keys (markdown_extensions: pymdownx.keys)", _extension("pymdownx.keys"), r"keys|key-[\w-]+"),
    Feature("maths (markdown_extensions: pymdownx.arithmatex)", _extension("pymdownx.arithmatex"), r"arithmatex"),
    Feature("critic markup (markdown_extensions: pymdownx.critic)", _extension("pymdownx.critic"), r"critic"),
    Feature("emoji and icons (markdown_extensions: pymdownx.emoji)", _extension("pymdownx.emoji"),
            r"twemoji|emojione|gemoji"),
)


def features_left_out(config) -> list[Feature]:
    return [feature for feature in FEATURES if not feature.turned_on(config)]


def without_features(css: str, features: list[Feature], where: str) -> str:
    """The stylesheet without the selectors and icons of `features`."""
    patterns = [feature.selector_pattern() for feature in features]
    for feature, pattern in zip(features, patterns, strict=True):
        if not pattern.search(css):
            raise PluginError(f"macros/material_stylesheet.py: Material's stylesheet {where} no longer has the "
                              f"classes of {feature.name}: compare with the new release")
    icons = tuple(icon for feature in features for icon in feature.icons)
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "".join(_kept_rules(rules, patterns, icons))


def _kept_rules(rules, patterns: list[re.Pattern], icons: tuple[str, ...]) -> list[str]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [selector for selector in _selectors(rule.prelude)
                         if not any(_needs_class(selector, pattern) for pattern in patterns)]
            if selectors:
                kept.append(",".join(selectors) + "{" + _kept_declarations(rule.content, icons) + "}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in NESTING_AT_RULES:
            inner = _kept_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                                patterns, icons)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        else:
            kept.append(tinycss2.serialize([rule]))
    return kept


def _selectors(prelude) -> list[str]:
    """The rule's selectors: its prelude split at the commas outside parentheses (`:is(a,b)`)."""
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(tinycss2.serialize(current))
            current = []
        else:
            current.append(token)
    return [*selectors, tinycss2.serialize(current)]


def _needs_class(selector: str, pattern: re.Pattern) -> bool:
    """Whether the selector matches only where an element has a class of `pattern`: the class
    is outside parentheses (inside, as in `:not(.x)` or `:is(.x,.y)`, it may not be needed)."""
    return any(selector.count("(", 0, found.start()) == selector.count(")", 0, found.start())
               for found in pattern.finditer(selector))


def _kept_declarations(content, icons: tuple[str, ...]) -> str:
    if not icons or not any(icon in tinycss2.serialize(content) for icon in icons):
        return tinycss2.serialize(content)
    declarations = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
    return "".join(tinycss2.serialize([declaration]) for declaration in declarations  # each ends with ";"
                   if not (declaration.type == "declaration" and declaration.name.startswith(icons)))


def leave_out_unused_features(site: Path, config) -> None:
    """Each main stylesheet of the site without the features the configuration does not turn
    on. With the build's memo, the result is looked up by the stylesheet and the features:
    parsing the stylesheet takes 0.15-0.25 s, up to a tenth of a build after a one-sentence
    edit; the lookup about 0.01 s."""
    features = features_left_out(config)
    session = handed_over(config)
    memo = session.memo if session else None
    paths = sorted(site.glob(MAIN_STYLESHEETS))
    if not paths:
        raise PluginError(f"macros/material_stylesheet.py: the site has no {MAIN_STYLESHEETS}: "
                          "compare with the new release")
    for path in paths:
        original = path.read_bytes()
        key = memo and digest(original, *(feature.name for feature in features))
        css = memo.get(STYLESHEET, key) if memo else None
        if css is None:
            css = without_features(original.decode("utf-8"), features, path.name).encode("utf-8")
            if memo:
                memo.put(STYLESHEET, key, css)
        write_staged(path, css)  # replaced, never written into: it may be a link
