"""The markings as the rendering reads them: what a document's public edition leaves
out (ror_portal.withholding.Withheld), and the list the publish confirmation and the
archive's metadata show."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from publicaccess.models import Withholding
from reports.models import BoardMeeting, Case, MonthlyReport
from ror_portal.withholding import Withheld


@dataclass(frozen=True)
class WithheldItem:
    what: str
    basis: str

    def as_json(self) -> dict[str, str]:
        return {"what": self.what, "basis": self.basis}


def _marked(query: Q) -> QuerySet[Withholding]:
    return Withholding.objects.filter(query).select_related(
        "basis", "section", "case", "attachment"
    )


def report_markings(report: MonthlyReport) -> QuerySet[Withholding]:
    return _marked(Q(section__report=report))


def case_markings(case: Case) -> QuerySet[Withholding]:
    return _marked(Q(case=case))


def meeting_markings(meeting: BoardMeeting) -> QuerySet[Withholding]:
    """A meeting's cases' markings: its minutes and its book show every case."""
    return _marked(Q(case__meeting=meeting))


# The markings a publish confirmation lists, by the kind of document published
# (reports.publishing.FrozenDocument.name).
MARKINGS_OF_KIND = {
    "report": report_markings,
    "case": case_markings,
    "minutes": meeting_markings,
}


def withheld(markings: Iterable[Withholding]) -> Withheld:
    parts: dict[str, str] = {}
    passages: dict[str, list[tuple[str, str]]] = {}
    for marking in markings:
        if marking.passage.strip():
            passages.setdefault(marking.key, []).append((marking.passage, marking.basis.label))
        else:
            parts[marking.key] = marking.basis.label
    return Withheld(parts=parts, passages={k: tuple(v) for k, v in passages.items()})


def withheld_items(markings: Iterable[Withholding]) -> list[WithheldItem]:
    return [WithheldItem(m.what, m.basis.label) for m in markings]


def withheld_attachments(markings: Iterable[Withholding]) -> set[int]:
    """The attachments the public does not get: marked, or of a case withheld whole."""
    ids: set[int] = set()
    for marking in markings:
        if marking.part == Withholding.Part.ATTACHMENT:
            ids.add(marking.attachment_id)
        elif marking.case_id and marking.part == Withholding.Part.WHOLE:
            ids.update(marking.case.attachments.values_list("pk", flat=True))
    return ids
