"""MkDocs hook (mkdocs.yml `hooks:`): six changes to Material that no block, partial or
setting reaches, five to what it writes and one to what its search plugin does. Each is
made to an exact text of Material 9.8.1 (for the plugin, a digest of its code; for the
stylesheet, the classes of each feature it leaves out): if an upgrade of Material changes
it, the build stops here and says so, so that this hook is looked at again.

- The drawer and search toggles. Material's base.html writes them (hidden checkboxes,
  outside every block) with `autocomplete="off"`, which HTML allows on text-like inputs
  only (the Nu Html Checker's error); the attribute is left out here rather than by
  copying the whole of base.html, which would drift from Material's.
- The palette stylesheet's rule for switching palettes. While its script switches
  palettes, Material marks <body> with `data-md-color-switching`, and this rule then
  stops every transition on the page. The script also does so once as every page starts,
  and the rule (every element under <body>) makes the browser restyle every element of
  the page twice in its start-up work: on a phone profile (Lighthouse, 4x slower CPU)
  the page's total blocking time went from 68 to 49 ms (median of five runs, Amendments).
  Without it, a palette switch shows the header's short colour transition.
- The bundle's palette code, where it makes <meta name="color-scheme"> and fills it in as
  every page starts. The browser restyles the whole page for each of the two changes (the
  chapter page on a 4x slower CPU: about 40 ms each). The element is now made, already
  filled in, by the palette script at the top of <body> (overrides/assets/javascripts/
  material/palette.js); the bundle's code finds it, and changes it only when the palette
  changes.
- The bundle's start of the page's components. Material starts them in two long tasks:
  its controls (palette, search, whose worker is started there) while the bundle is
  evaluated, and every other component (header, table of contents, back-to-top...) in the
  one task that handles DOMContentLoaded. On a phone profile (Lighthouse, 4x slower CPU)
  each was 80-155 ms, most of the pages' total blocking time. Each component now starts in
  a task of its own, and the reader sees no difference: a few milliseconds later on a
  desktop, a frame later on a phone.
- Material's main stylesheet, without the rules of the features the configuration does not
  turn on (content tabs, a blog, tags...): a quarter less to load before a page is drawn
  (macros/material_stylesheet.py).
- Material's search plugin, for pages it does not index. Every page of the handbook is
  left out of Material's index (the handbook's own search indexes them), yet the plugin
  still looks through each page's HTML for `data-search-` attributes to remove, with a
  pattern that costs about 1 ms a page (0.4 s of every build at 500 chapters). For a page
  it does not index and whose HTML has no such attribute, it would do nothing: it is not
  called for such a page.
"""
from __future__ import annotations

import hashlib
import inspect
from pathlib import Path

from mkdocs.exceptions import PluginError

from handbook.build.staging import write_staged
from macros.material_stylesheet import leave_out_unused_features

# Each tag as Material 9.8.1 writes it, and as the handbook's pages carry it.
TOGGLES = {
    f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}" autocomplete="off">':
    f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}">'
    for name in ("drawer", "search")
}


def _valid_toggles(output: str, where: str) -> str:
    for material_tag, valid_tag in TOGGLES.items():
        if material_tag not in output:
            raise PluginError(f"macros/material_markup.py: Material's page no longer has {material_tag} "
                              f"(in {where}): compare with the new base.html")
        output = output.replace(material_tag, valid_tag, 1)
    return output


def on_post_page(output: str, page, config) -> str:
    return _valid_toggles(output, page.file.src_uri)


def on_post_template(output_content: str, template_name: str, config) -> str:
    """The pages built from a template alone (404.html) are Material pages too."""
    if template_name.endswith(".html"):
        return _valid_toggles(output_content, template_name)
    return output_content


# The rule as Material 9.8.1's palette stylesheet has it, and the stylesheet's place in the site.
SWITCHING_RULE = ("[data-md-color-switching] *,[data-md-color-switching] :after,"
                  "[data-md-color-switching] :before{transition-duration:0s!important}")
PALETTE_STYLESHEETS = "assets/stylesheets/palette.*.min.css"
# Material 9.8.1's bundle: its palette code as written there, and as the handbook's pages run
# it. It finds the <meta name="color-scheme"> made by overrides/.../material/palette.js
# (making one only if there is none), and sets the colour scheme only when it changes.
BUNDLES = "assets/javascripts/bundle.*.min.js"
COLOR_SCHEME_META = {
    'let o=x("meta",{name:"color-scheme"});document.head.appendChild(o);':
    'let o=document.head.querySelector("meta[name=color-scheme]")||'
    'document.head.appendChild(x("meta",{name:"color-scheme"}));',
    "return o.content=a.colorScheme,":
    "return o.content!==a.colorScheme&&(o.content=a.colorScheme),",
}


# Material 9.8.1's bundle: the two lists of the components it starts, as written there.
# Each `.map(e=>MOUNT)` of a list becomes `.map(e=>H(()=>MOUNT).pipe(et(pe)))`: RxJS's
# defer(mount).pipe(subscribeOn(asyncScheduler)), so that each component is made and started
# by a timer task of its own. H, et and pe are the minified names of defer (as the second
# list uses it), subscribeOn and asyncScheduler: their definitions are checked too, kept as
# they are.
CONTROLS = ('Hs=L(...me("consent").map(e=>An(e,{target$:Ht})),...me("dialog").map(e=>ni(e,{alert$:fo})),'
            '...me("palette").map(e=>li(e)),...me("progress").map(e=>mi(e,{progress$:uo})),'
            '...me("search").map(e=>_i(e,{index$:zi,keyboard$:mo})),...me("source").map(e=>$i(e)))')
CONTENT = ('$s=H(()=>L(...me("announce").map(e=>_n(e)),'
           '...me("content").map(e=>oi(e,{sitemap$:qi,viewport$:ke,target$:Ht,print$:Ni})),'
           '...me("content").map(e=>V("search.highlight")?Ai(e,{index$:zi,location$:Kt}):y),'
           '...me("header").map(e=>si(e,{viewport$:ke,header$:ft,main$:qt})),'
           '...me("header-title").map(e=>ci(e,{viewport$:ke,header$:ft})),'
           '...me("sidebar").map(e=>e.getAttribute("data-md-type")==="navigation"'
           '?eo(Vi,()=>lo(e,{viewport$:ke,header$:ft,main$:qt})):eo(Lr,()=>lo(e,{viewport$:ke,header$:ft,main$:qt}))),'
           '...me("tabs").map(e=>Pi(e,{viewport$:ke,header$:ft})),'
           '...me("toc").map(e=>Ri(e,{viewport$:ke,header$:ft,main$:qt,target$:Ht})),'
           '...me("top").map(e=>Ii(e,{viewport$:ke,header$:ft,main$:qt,target$:Ht}))))')
SUBSCRIBE_ON = ("function et(e,t){return t===void 0&&(t=0),"
                "E(function(r,o){o.add(e.schedule(function(){return r.subscribe(o)},t))})}")
ASYNC_SCHEDULER = "var pe=new Ot(St),Wr=pe;"
MAP_TO_MOUNT = ".map(e=>"


def _each_in_a_task_of_its_own(components: str) -> str:
    """The list with each `.map(e=>MOUNT)` made `.map(e=>H(()=>MOUNT).pipe(et(pe)))`."""
    pieces, start = [], 0
    while (found := components.find(MAP_TO_MOUNT, start)) != -1:
        mount = found + len(MAP_TO_MOUNT)
        end = _closing_parenthesis(components, mount)
        pieces.append(f"{components[start:mount]}H(()=>{components[mount:end]}).pipe(et(pe))")
        start = end
    return "".join(pieces) + components[start:]


def _closing_parenthesis(code: str, start: int) -> int:
    """Where the parenthesis open before `start` closes (strings in the code skipped)."""
    depth, quote = 0, ""
    for index in range(start, len(code)):
        char = code[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'`":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return index
            depth -= 1
    raise ValueError(f"no closing parenthesis after {code[start:start + 40]!r}")


COMPONENTS_IN_TASKS = {CONTROLS: _each_in_a_task_of_its_own(CONTROLS),
                       CONTENT: _each_in_a_task_of_its_own(CONTENT),
                       SUBSCRIBE_ON: SUBSCRIBE_ON, ASYNC_SCHEDULER: ASYNC_SCHEDULER}


def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    _replace_in_files(site, PALETTE_STYLESHEETS, {SWITCHING_RULE: ""}, "stylesheet")
    _replace_in_files(site, BUNDLES, COLOR_SCHEME_META | COMPONENTS_IN_TASKS, "bundle")
    leave_out_unused_features(site, config)


def _replace_in_files(site: Path, pattern: str, replacements: dict[str, str], what: str) -> None:
    """Each text of `replacements` replaced, once, in every file of the site matching `pattern`."""
    paths = sorted(site.glob(pattern))
    if not paths:
        raise PluginError(f"macros/material_markup.py: the site has no {pattern}: compare with the new release")
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for old, new in replacements.items():
            if text.count(old) != 1:
                raise PluginError(f"macros/material_markup.py: Material's {what} {path.name} no longer has "
                                  f"{old} (once): compare with the new {what}")
            text = text.replace(old, new, 1)
        write_staged(path, text.encode("utf-8"))  # replaced, never written into: it may be a link


SEARCH_PLUGIN = "material/search"
# A digest of Material 9.8.1's SearchPlugin.on_page_context and SearchIndex.add_entry_from_context,
# whose behaviour the wrapper below assumes: for an excluded page, nothing but the removal.
SEARCH_PAGE_CONTEXT = "8b25d87eadc5dbe0"


def on_config(config):
    from material.plugins.search.plugin import SearchIndex, SearchPlugin
    search = config.plugins.get(SEARCH_PLUGIN)
    events = config.plugins.events["page_context"]
    found = [index for index, method in enumerate(events) if getattr(method, "__self__", None) is search]
    source = inspect.getsource(SearchPlugin.on_page_context) + inspect.getsource(SearchIndex.add_entry_from_context)
    if not isinstance(search, SearchPlugin) or len(found) != 1 \
            or hashlib.sha256(source.encode()).hexdigest()[:16] != SEARCH_PAGE_CONTEXT:
        raise PluginError(f"macros/material_markup.py: Material's {SEARCH_PLUGIN} plugin is not as in 9.8.1 "
                          "(its page_context event): compare with the new release")
    looks_through = events[found[0]]

    def on_page_context(context, *, page, config, nav):
        if (page.meta.get("search") or {}).get("exclude") and "data-search-" not in (page.content or ""):
            return None  # what Material's would give: nothing indexed, nothing to remove
        return looks_through(context, page=page, config=config, nav=nav)
    events[found[0]] = on_page_context
    return config
