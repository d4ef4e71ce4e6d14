"""What a user may see of meetings, reports and versions: the one place that decides.

Drafts and unpublished meetings exist for administrators only; for anyone else
they are 404, exactly like something that does not exist.
"""

import datetime

from django.db.models import Exists, Max, OuterRef, Prefetch
from django.http import Http404
from django.utils import timezone

from reports.models import (
    Attachment,
    BoardMeeting,
    Case,
    CaseDocumentVersion,
    MonthlyReport,
    ReportVersion,
)
from ror_portal.roles import Role, roles_of


def is_administrator(user) -> bool:
    return Role.ADMINISTRATOR in roles_of(user)


def month_from_slug(slug: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(slug, "%Y-%m").date()
    except ValueError:
        raise Http404 from None


def published_reports():
    """Reports with at least one published version, newest meeting first."""
    return (
        MonthlyReport.objects.filter(versions__isnull=False)
        .annotate(latest_version=Max("versions__number"))
        .select_related("meeting")
        .order_by("-meeting__date", "-month")
    )


def published_version(slug: str, number: int | None = None) -> ReportVersion:
    """The latest or the numbered version, with ``all_versions`` (newest first) beside it,
    all from one query: a report has few versions, and they never change."""
    versions = list(
        ReportVersion.objects.filter(report__month=month_from_slug(slug))
        .select_related("report__meeting")
        # The figures of every block, with their CSVs: only the CSV and changes pages
        # read them, and those for one or two versions (changes.with_stored_figures).
        .defer("block_data")
        .order_by("-number")
    )
    found = next((v for v in versions if number in (None, v.number)), None)
    if found is None:
        raise Http404
    found.all_versions = versions
    return found


def draft_report(user, slug: str) -> MonthlyReport:
    if not is_administrator(user):
        raise Http404
    report = (
        MonthlyReport.objects.select_related("meeting").filter(month=month_from_slug(slug)).first()
    )
    if report is None:
        raise Http404
    return report


def visible_meetings(user):
    """For readers: meetings with a published report or a published case, or whose
    notice has gone to the board (its draft cases stay hidden: visible_cases)."""
    meetings = BoardMeeting.objects.all()
    if is_administrator(user):
        return meetings
    published_report = ReportVersion.objects.filter(report__meeting=OuterRef("pk"))
    published_case = Case.objects.published().filter(meeting=OuterRef("pk"))
    # By the relation's name: the notice is the meetings app's, which builds on this one.
    sent_notice = BoardMeeting.objects.filter(pk=OuterRef("pk"), notices__sent_at__isnull=False)
    return meetings.filter(Exists(published_report) | Exists(published_case) | Exists(sent_notice))


def coming_meetings(user):
    """The meetings from today on that the user may see (a reader: once called), first
    the nearest: where the front page sends a member for the notice and the papers."""
    return visible_meetings(user).filter(date__gte=timezone.localdate()).order_by("date")[:3]


def visible_cases(user):
    """For readers: published cases, with their texts and attachments. Draft cases are
    for administrators only."""
    cases = Case.objects.all()
    return cases if is_administrator(user) else cases.published()


def meeting_with_cases(user, slug: str) -> BoardMeeting:
    """The meeting, its ``cases`` the ones the user may see."""
    meeting = (
        visible_meetings(user)
        .filter(number=slug.replace("-", "/", 1))
        .prefetch_related(
            Prefetch("cases", visible_cases(user).prefetch_related("attachments")),
        )
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def visible_attachment(user, pk: int) -> Attachment:
    attachment = (
        Attachment.objects.filter(pk=pk, case__in=visible_cases(user))
        .select_related("case")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def visible_case(user, slug: str) -> Case:
    case = (
        visible_cases(user)
        .filter(number=slug.replace("-", "/", 1))
        .select_related("meeting")
        .first()
    )
    if case is None:
        raise Http404
    return case


def published_case_document(case: Case, number: int | None = None) -> CaseDocumentVersion | None:
    versions = case.document_versions.all()
    return versions.filter(number=number).first() if number else versions.first()
