"""Build: the site (MkDocs run over the checked pages), its navigation, the search index,
the offline copy and zip, pre-compressed files, the amendments feed and the "What changed"
pages, all written through one staging area (`staging`)."""
