"""The system Chromium (Debian package `chromium`), as the tests and the benchmark drive it."""

CHROMIUM = "/usr/bin/chromium"
# Flags that keep Chromium from reaching for Google's hosts on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
