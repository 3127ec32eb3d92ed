"""The Content-Security-Policy of the site, in one place: deploy/security-headers.conf (the
header web servers send). Every page also carries it as a <meta> tag, so that the offline
zip (file://, no headers) and hosts that cannot set headers are protected too."""
from __future__ import annotations

import re

from handbook import REPOSITORY

SECURITY_HEADERS = REPOSITORY / "deploy" / "security-headers.conf"
# Browsers ignore these directives in a <meta> policy (and warn about them).
_HEADER_ONLY = ("frame-ancestors", "report-uri", "sandbox")


def meta_content_security_policy() -> str:
    """The header's policy, less the directives a <meta> policy may not carry."""
    match = re.search(r'add_header\s+Content-Security-Policy\s+"([^"]+)"',
                      SECURITY_HEADERS.read_text(encoding="utf-8"))
    if match is None:
        raise RuntimeError(f"no Content-Security-Policy in {SECURITY_HEADERS}")
    directives = [d.strip() for d in match.group(1).split(";") if d.strip()]
    return "; ".join(d for d in directives if d.split()[0] not in _HEADER_ONLY)
