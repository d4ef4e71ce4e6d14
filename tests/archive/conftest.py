import datetime
import hashlib

import factory
import pytest
from django.db import connection

from tests.factories import (
    AttachmentFactory,
    BoardMeetingFactory,
    CaseFactory,
    MonthlyReportFactory,
    ReportVersionFactory,
)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Norwegian full-text search needs DATABASE_URL=postgres://… (the CI's PostgreSQL pass)",
)


def section_html(anchor: str, number: str, title: str, text: str) -> str:
    """A section as reports/includes/section.html writes it (text already HTML)."""
    return (
        f'<section class="report-section" aria-labelledby="{anchor}">'
        f'<h2 id="{anchor}"><span class="section-number">{number}</span> {title}</h2>'
        f"{text}</section>"
    )


def stand_in_version(report, html: str):
    """Version 1 of ``report`` with ``html`` as its stored HTML (and its real SHA-256:
    the stored HTML is kept in the process by it)."""
    data = html.encode()
    return ReportVersionFactory(
        report=report,
        html=factory.django.FileField(filename="rapport.html", data=data),
        html_sha256=hashlib.sha256(data).hexdigest(),
    )


def published_meeting(year: int, *, text: str = "<p>Budsjettet holdes.</p>"):
    """Meeting {year}/M1 with a January report published as version 1 (stand-in HTML
    with one section), and a case with an attachment."""
    meeting = BoardMeetingFactory(number=f"{year}/M1", date=datetime.date(year, 2, 14))
    report = MonthlyReportFactory(
        meeting=meeting, month=datetime.date(year, 1, 1), as_of=datetime.date(year, 2, 1)
    )
    stand_in_version(report, section_html("seksjon-1", "1", "Regnskap", text))
    AttachmentFactory(case=CaseFactory(meeting=meeting, number=f"{year}/M1-001"))
    return meeting
