"""A real nginx (Debian package) serving the built site with the repository's
configuration (deploy/handbook.conf), on 127.0.0.1."""
from __future__ import annotations

import pytest

from tools.nginx import nginx_serving


@pytest.fixture(scope="session")
def nginx_url(built_site):
    with nginx_serving(built_site) as url:
        yield url
