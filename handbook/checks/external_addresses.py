"""`check --online` (make check-online): do the handbook's external addresses still answer?
For editors with a network; never part of the offline tests' real runs."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

from handbook.checks.links import links_in
from handbook.content.model import Handbook
from handbook.problems import Problem

TIMEOUT_SECONDS = 15
PARALLEL_REQUESTS = 8
HEADERS = {"User-Agent": "safeguarding-handbook-link-check (python-requests)"}


@dataclass(frozen=True)
class Address:
    url: str
    path: str
    line: int | None


def external_addresses(handbook: Handbook) -> list[Address]:
    """Every external address once, at the first place an editor would change it: the data
    files first, then links written in pages."""
    found: dict[str, Address] = {}

    def add(url: str | None, path: str, line: int | None) -> None:
        if url and url.startswith(("http://", "https://")) and url not in found:
            found[url] = Address(url, path, line)

    resources = handbook.sources["resources"]
    for index, resource in enumerate(handbook.resources.resources):
        add(resource.url, resources.path, resources.line_of(("resources", index, "url")))
        add(resource.professionals_url, resources.path,
            resources.line_of(("resources", index, "professionals_url")))
    legal = handbook.sources["legal"]
    for index, provision in enumerate(handbook.legal.provisions):
        add(provision.source, legal.path, legal.line_of(("provisions", index, "source")))
    for page in handbook.pages.values():
        for url in links_in(page.body):
            add(url, page.path, page.line_of(url))
    return list(found.values())


def check_addresses(handbook: Handbook) -> list[Problem]:
    addresses = external_addresses(handbook)
    with ThreadPoolExecutor(PARALLEL_REQUESTS) as pool:
        answers = list(pool.map(_ask, addresses))
    return [Problem(address.path, address.line, "warning", f"'{address.url}' {answer}")
            for address, answer in zip(addresses, answers, strict=False) if answer]


def _ask(address: Address) -> str | None:
    """None if the address answers with a page, else what went wrong, in words."""
    try:
        with requests.get(address.url, headers=HEADERS, timeout=TIMEOUT_SECONDS,
                          allow_redirects=True, stream=True) as response:
            status = response.status_code
    except requests.RequestException as exc:
        return f"could not be reached ({type(exc).__name__}): check the address, or try again later"
    if status < 400:
        return None
    if status in (401, 403, 405, 429):
        return (f"answered {status}: the site may refuse automatic checks; open the address "
                "in a browser to check it")
    return f"answered {status}: the address may have moved; find the resource's new address"
