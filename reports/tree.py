"""The section tree: numbering (1, 1.1, 2.1.2.6 …) follows it and is never typed, and
sections move among their siblings and up and down it."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

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


class Move:
    UP = "up"
    DOWN = "down"
    IN = "in"  # under the section before it
    OUT = "out"  # out of its parent, right after it
    ALL = (UP, DOWN, IN, OUT)


def _siblings(report_id: int, parent_id: int | None) -> list[Section]:
    return list(
        Section.objects.filter(report_id=report_id, parent_id=parent_id).order_by("position", "pk")
    )


def _renumber(siblings: list[Section]) -> None:
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


def section_append_position(section: Section) -> int:
    siblings = Section.objects.filter(report_id=section.report_id, parent_id=section.parent_id)
    return (siblings.exclude(pk=section.pk).aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def section_move(*, section: Section, direction: str) -> None:
    """Move a section among its siblings or up and down the tree; numbers follow."""
    siblings = _siblings(section.report_id, section.parent_id)
    index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
    if direction == Move.UP and index > 0:
        siblings[index - 1], siblings[index] = siblings[index], siblings[index - 1]
        _renumber(siblings)
    elif direction == Move.DOWN and index < len(siblings) - 1:
        siblings[index + 1], siblings[index] = siblings[index], siblings[index + 1]
        _renumber(siblings)
    elif direction == Move.IN and index > 0:
        section.parent = siblings[index - 1]
        section.position = section_append_position(section)
        section.save(update_fields=["parent", "position"])
        _renumber(siblings[:index] + siblings[index + 1 :])
    elif direction == Move.OUT and (parent := section.parent) is not None:
        outer = _siblings(section.report_id, parent.parent_id)
        at = next(i for i, s in enumerate(outer) if s.pk == parent.pk) + 1
        section.parent = parent.parent
        section.save(update_fields=["parent"])
        _renumber([*outer[:at], section, *outer[at:]])
        _renumber([s for s in siblings if s.pk != section.pk])
    else:
        raise ValidationError(_("The section cannot be moved that way."))
