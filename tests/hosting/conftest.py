"""A real nginx (Debian package) running the example servers of deploy/nginx.conf (the
handbook at the top of a host, and under /handbook/) over a copy of the built site, on
127.0.0.1."""
from __future__ import annotations

import shutil

import pytest

from tools.nginx import nginx_serving

# Files a careless copy could leave in the web root: (path, a line of their content that
# must never be sent). Planted in a copy of the site, never in the repository.
PLANTED = [
    (".git/config", "repositoryformatversion = 0"),
    (".git/HEAD", "ref: refs/heads/main"),
    (".env", "HANDBOOK_SECRET=planted"),
    (".htaccess", "Deny from all # planted"),
    ("assets/.DS_Store", "planted finder file"),
]
WELL_KNOWN = (".well-known/security.txt", "Contact: mailto:security@example.internal")


@pytest.fixture(scope="session")
def hosted_site(built_site, tmp_path_factory):
    site = tmp_path_factory.mktemp("hosted") / "site"
    shutil.copytree(built_site, site)
    for path, content in [*PLANTED, WELL_KNOWN]:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(content + "\n")
    return site


@pytest.fixture(scope="session")
def nginx_url(hosted_site):
    """The handbook at the top of its host: http://127.0.0.1:PORT/."""
    with nginx_serving(hosted_site) as url:
        yield url


@pytest.fixture(scope="session")
def nginx_subpath_url(hosted_site):
    """The handbook under a sub-path: http://127.0.0.1:PORT/handbook/."""
    with nginx_serving(hosted_site, subpath=True) as url:
        yield url


@pytest.fixture(params=["top", "subpath"])
def hosted(request):
    """Each example server in turn: the handbook's address."""
    return request.getfixturevalue("nginx_url" if request.param == "top" else "nginx_subpath_url")
