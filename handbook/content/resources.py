"""Further-information resources: lists for a chapter and the whole handbook."""
from __future__ import annotations

from handbook.content.fields import Id, Record, Text, Url, find_by_id
from handbook.escaping import text
from handbook.problems import Problem

FILE = "resources.yml"

UNCONFIRMED = "address not confirmed: check it leads to the resource before relying on it"


class Topic(Record):
    id: Id
    title: Text


class Resource(Record):
    id: Id
    title: Text
    publisher: Text
    url: Url
    url_confirmed: bool
    professionals_url: Url | None = None
    description: Text
    topics: list[Id]


class ResourceData(Record):
    topics: list[Topic]
    resources: list[Resource]

    def resource(self, resource_id: str) -> Resource:
        return find_by_id(self.resources, resource_id, "resource")

    def id_locations(self):
        for index, topic in enumerate(self.topics):
            yield f"topic {topic.id}", ("topics", index, "id")
        for index, resource in enumerate(self.resources):
            yield resource.id, ("resources", index, "id")

    def topic_problems(self, source) -> list[Problem]:
        known = {topic.id for topic in self.topics}
        return [Problem(source.path, source.line_of(("resources", r, "topics", t)), "error",
                        f"resource '{resource.id}' has unknown topic '{topic}' "
                        f"(known: {', '.join(sorted(known))})")
                for r, resource in enumerate(self.resources)
                for t, topic in enumerate(resource.topics) if topic not in known]

    def unconfirmed(self, source) -> list[Problem]:
        return [Problem(source.path, source.line_of(("resources", index, "url")), "warning",
                        f"the address of resource '{resource.id}' is not confirmed: "
                        "a person should check it")
                for index, resource in enumerate(self.resources) if not resource.url_confirmed]


def resource_entry(resource: Resource) -> str:
    line = (f"- [{text(resource.title)}]({resource.url}) ({text(resource.publisher)}): "
            f"{text(resource.description)}")
    if resource.professionals_url:
        line += f" [Information for professionals]({resource.professionals_url})."
    if not resource.url_confirmed:
        line += f" *({UNCONFIRMED})*"
    return line


def resource_list(resources: list[Resource]) -> str:
    return "\n".join(resource_entry(resource) for resource in resources)


def resources_by_topic(data: ResourceData) -> str:
    """Every resource, under the heading of its first topic."""
    parts = []
    for topic in data.topics:
        members = [r for r in data.resources if r.topics and r.topics[0] == topic.id]
        if members:
            parts.append(f"## {text(topic.title)} {{#{topic.id}}}\n\n{resource_list(members)}")
    return "\n\n".join(parts)


def resource_link(resource: Resource, link_text: str | None = None) -> str:
    link = f"[{text(link_text or resource.title)}]({resource.url})"
    return link if resource.url_confirmed else f"{link} *({UNCONFIRMED})*"
