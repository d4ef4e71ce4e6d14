"""Demo: the meeting of 14.02.2024, its cases, the glossary and the January 2024
report, published. Safe to run again: it updates, and publishes a new version
only when the report's content has changed. Its cases are published, so the board
sees them even when the report was published before they were added."""

import datetime
import json

from django.conf import settings
from django.contrib.auth import get_user_model

from reports.models import BoardMeeting, Case, MonthlyReport, Section, Term
from reports.outline import parse_outline
from reports.publishing import (
    NothingChanged,
    case_document_publish,
    case_publish,
    report_publish,
    sha256,
)
from reports.rendering import case_document_content, report_content
from ror_portal.blocks import get_block

FIXTURES = settings.BASE_DIR / "fixtures"


def load() -> None:
    data = json.loads((FIXTURES / "meeting-2024-M1.json").read_text(encoding="utf-8"))
    meeting, _ = BoardMeeting.objects.update_or_create(
        number=data["meeting"]["number"],
        defaults={**data["meeting"], "date": datetime.date.fromisoformat(data["meeting"]["date"])},
    )
    cases = []
    for spec in data["cases"]:
        # A case document block an app does not provide yet stays out until it does.
        if not get_block(spec.get("document_block", "")):
            spec["document_block"] = ""
        case, _ = Case.objects.update_or_create(
            number=spec["number"], defaults={**spec, "meeting": meeting}
        )
        cases.append(case)
    for entry in json.loads((FIXTURES / "glossary.json").read_text(encoding="utf-8")):
        Term.objects.update_or_create(term=entry["term"], defaults=entry)

    spec = data["report"]
    report, _ = MonthlyReport.objects.update_or_create(
        month=datetime.date.fromisoformat(spec["month"]),
        defaults={"meeting": meeting, "as_of": datetime.date.fromisoformat(spec["as_of"])},
    )
    outline = parse_outline((FIXTURES / spec["outline"]).read_text(encoding="utf-8"))
    replace_sections(report, outline)
    publish_if_changed(report)
    publisher = get_user_model().objects.get(username="admin")
    for case in cases:
        if case.document_block:
            publish_case_document_if_changed(case)
        case_publish(case=case, user=publisher)


def replace_sections(report: MonthlyReport, outline) -> None:
    report.sections.all().delete()
    parents: list[Section] = []
    for position, item in enumerate(outline):
        parents = parents[: item.depth - 1]
        # A block an app does not provide yet stays out until that app registers it.
        block = item.block if get_block(item.block) else ""
        section = Section.objects.create(
            report=report,
            parent=parents[-1] if parents else None,
            position=position,
            title=item.title,
            body=item.body,
            block=block,
            body_after_block=item.body_after_block,
        )
        parents.append(section)


def publish_case_document_if_changed(case: Case) -> None:
    latest = case.document_versions.first()
    content, _ = case_document_content(case=case)
    if latest is None or sha256(content.encode("utf-8")) != latest.html_sha256:
        # No e-mail for the demo: it is loaded, not published to anyone.
        case_document_publish(
            case=case, user=get_user_model().objects.get(username="admin"), notify=False
        )


def publish_if_changed(report: MonthlyReport) -> None:
    latest = report.versions.first()
    if latest is not None:
        content, _ = report_content(report=report, version_number=latest.number)
        if sha256(content.encode("utf-8")) == latest.html_sha256:
            return
    publisher = get_user_model().objects.get(username="admin")
    try:
        report_publish(report=report, user=publisher, notify=False)
    except NothingChanged:
        # Loaded again a minute later, the sources' times under the blocks differ
        # ("importert 07.12.2026 08:22"), so the page does, but nothing the board reads.
        return
