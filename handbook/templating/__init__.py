"""Templating: the macros pages call (plain Python), the checks of a page's template before
it runs, and the renderer that carries a page's macros out."""
