"""The header's links. Apps add theirs in ``AppConfig.ready``, so the core never
needs to know which apps exist."""

from dataclasses import dataclass

from ror_portal.roles import Role


@dataclass(frozen=True)
class Link:
    url_name: str
    label: str
    roles: frozenset[Role] | None  # None: every signed-in user
    order: int


_links: list[Link] = []


def register_link(url_name: str, label, *, roles: frozenset[Role] | None = None, order: int = 50):
    if all(link.url_name != url_name for link in _links):
        _links.append(Link(url_name, label, roles, order))
        _links.sort(key=lambda link: link.order)


def links_for(roles: frozenset[Role]) -> list[Link]:
    return [link for link in _links if link.roles is None or link.roles & roles]
