"""Content: the data files and pages, read and validated into one model (`model.Handbook`).

One module per data set (`partnership`, `indicators`, `legal`, ...), the pages and their
front matter (`pages`), dates as editors write them, the YAML reader that keeps every value's
line (`yaml_source`), and where earlier editions' content is kept (`edition_sources`).
Nothing here knows MkDocs, Jinja or the site's layout beyond `handbook.addresses`.
"""
