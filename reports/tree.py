"""Section numbering (1, 1.1, 2.1.2.6 …) follows the tree; it is never typed."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from reports.models import Section


@dataclass
class NumberedSection:
    section: Section
    number: str
    depth: int

    @property
    def label(self) -> str:
        """ "2.1.2.3 Oversikt over feilmeldinger": how messages and lists name it."""
        return f"{self.number} {self.section.title}"

    @property
    def anchor(self) -> str:
        return "seksjon-" + self.number.replace(".", "-")

    @property
    def heading_level(self) -> int:
        # The page's h1 is the report's title; sections start at h2.
        return min(self.depth + 1, 6)


def numbered(sections: Iterable[Section]) -> list[NumberedSection]:
    """All sections in reading order with their numbers, from one flat list."""
    children = defaultdict(list)
    for section in sections:
        children[section.parent_id].append(section)
    for siblings in children.values():
        siblings.sort(key=lambda s: (s.position, s.pk))

    result: list[NumberedSection] = []

    def walk(parent_id, prefix: str, depth: int) -> None:
        for index, section in enumerate(children.get(parent_id, []), start=1):
            number = f"{prefix}{index}"
            result.append(NumberedSection(section, number, depth))
            walk(section.pk, f"{number}.", depth + 1)

    walk(None, "", 1)
    return result
