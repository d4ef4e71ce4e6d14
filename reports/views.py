import io
from functools import wraps

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe

from reports import selectors
from reports.caching import frozen, requested_version
from reports.changes import (
    previous_report_version,
    since_previous,
    versions_compared,
    with_restatements,
    with_stored_figures,
)
from reports.frozen import stored_bytes
from reports.integrity import StoredFileChanged, verified_bytes
from reports.jobs import start_draft_pdf
from reports.models import Case, MonthlyReport, ReportVersion
from reports.pdf import cached_pdf
from reports.publishing import unpublishable_reason
from reports.rendering import (
    assemble,
    case_document_content,
    case_print_html,
    report_content,
    report_print_html,
)
from ror_portal.access import role_required
from ror_portal.downloads import as_download
from ror_portal.roles import READERS, Role, roles_of
from ror_portal.spreadsheet_safety import neutralised_csv


@role_required()
def home(request):
    roles = roles_of(request.user)
    may_read = bool(roles & READERS)
    return render(
        request,
        "home.html",
        {
            "may_read_reports": may_read,
            "is_administrator": Role.ADMINISTRATOR in roles,
            "published_reports": selectors.published_reports() if may_read else [],
            "coming_meetings": selectors.coming_meetings(request.user) if may_read else [],
        },
    )


# Where a frozen version goes in its page; it cannot occur in a template's own output.
_FROZEN = "\x00frozen-content\x00"


def render_frozen(request, template: str, context: dict, version):
    """A page around a published version's stored HTML.

    The stored bytes go into the page as they are: decoding and encoding 200 kB of
    report on every view cost more than the rest of the page. The HTML is our own
    rendering, sanitised when it was published. Without a version the page has no
    content (and the template says so)."""
    if version is None:
        return render(request, template, {**context, "content": None})
    response = render(request, template, {**context, "content": mark_safe(_FROZEN)})  # noqa: S308
    response.content = response.content.replace(_FROZEN.encode(), stored_bytes(version), 1)
    return response


def refuses_changed_files(view):
    """A version whose stored file is not what was published is not shown: the reader
    gets a page that says so (the error is logged and the administrators told)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except StoredFileChanged:
            response = render(request, "reports/stored_file_changed.html", status=503)
            patch_cache_control(response, private=True, no_store=True)
            return response

    return wrapped


def _version_page(request, version: ReportVersion):
    report = version.report
    versions = version.all_versions
    is_latest = version.number == versions[0].number
    return render_frozen(
        request,
        "reports/report_page.html",
        {
            "report": report,
            "meeting": report.meeting,
            "version": version,
            "versions": versions,
            "pdf_url": reverse("reports:report_pdf", args=[report.slug])
            if is_latest
            else reverse("reports:version_pdf", args=[report.slug, version.number]),
            "changes_url": reverse("reports:changes", args=[report.slug])
            if is_latest
            else reverse("reports:version_changes", args=[report.slug, version.number]),
        },
        version,
    )


@role_required(READERS)
@refuses_changed_files
@frozen
def report(request, month):
    try:
        version = requested_version(request, month)
    except Http404:
        # Administrators land on the preview of a report not published yet.
        selectors.draft_report(request.user, month)
        return redirect("reports:draft", month)
    return _version_page(request, version)


@role_required(READERS)
@refuses_changed_files
@frozen
def version(request, month, number):
    return _version_page(request, requested_version(request, month, number))


@role_required(READERS)
@refuses_changed_files
def changes(request, month, number=None):
    """What changed in this version since the one before (for a report published more
    than once) and since the previous reports, from the versions' stored figures and HTML."""
    version = selectors.published_version(month, number)
    earlier = next((v for v in version.all_versions if v.number == version.number - 1), None)
    with_stored_figures([version, earlier] if earlier else [version])
    previous = previous_report_version(version)
    blocks = since_previous(version, previous)
    with_restatements(version, blocks)
    return render(
        request,
        "reports/changes.html",
        {
            "report": version.report,
            "version": version,
            "previous": previous,
            "since_previous": blocks,
            "earlier": earlier,
            "since_earlier": versions_compared(earlier, version) if earlier else None,
        },
    )


def pdf_response(version, filename: str):
    """The stored PDF of a report version or a case document version, checked against
    its SHA-256 at every download: the bytes sent are the bytes checked, and hashing a
    PDF costs a millisecond or two beside sending it."""
    pdf = io.BytesIO(verified_bytes(version, "pdf"))
    return as_download(FileResponse(pdf, content_type="application/pdf"), filename)


@role_required(READERS)
@refuses_changed_files
def report_pdf_download(request, month):
    version = selectors.published_version(month)
    return pdf_response(version, version.report.pdf_name)


@role_required(READERS)
@refuses_changed_files
def version_pdf_download(request, month, number):
    version = selectors.published_version(month, number)
    return pdf_response(version, version.report.pdf_name.replace(".pdf", f"-versjon-{number}.pdf"))


def csv_response(csv_text: str, filename: str, *, draft: bool = False) -> HttpResponse:
    # The BOM makes Excel read the file as UTF-8 (æ, ø, å).
    response = HttpResponse("\ufeff" + csv_text, content_type="text/csv; charset=utf-8")
    return as_download(response, filename, draft=draft)


def _csv_name(report: MonthlyReport, section_number: str) -> str:
    return f"ror-ikt-{report.slug}-{section_number}.csv"


@role_required(READERS)
def version_csv(request, month, number, section):
    version = selectors.published_version(month, number)
    figures = version.block_data.get(section)
    if figures is None:
        raise Http404
    return csv_response(neutralised_csv(figures["csv"]), _csv_name(version.report, section))


@role_required(READERS)
def draft(request, month):
    report = selectors.draft_report(request.user, month)
    content, assembled = report_content(report=report)
    return render(
        request,
        "reports/report_page.html",
        {
            "report": report,
            "meeting": report.meeting,
            "is_draft": True,
            "content": mark_safe(content),  # noqa: S308 - rendered from sanitised parts
            "failing_blocks": assembled.failing_blocks,
            "unpublishable": unpublishable_reason(assembled),
            "pdf_url": reverse("reports:draft_pdf", args=[report.slug]),
        },
    )


@role_required(READERS)
def draft_pdf(request, month):
    report = selectors.draft_report(request.user, month)
    return _draft_pdf(
        request,
        cached_pdf(report_print_html(report=report, assembled=assemble(report))),
        report.pdf_name.replace(".pdf", "-utkast.pdf"),
        report=report,
    )


def _draft_pdf(request, pdf: bytes | None, filename: str, **draft):
    """The draft's PDF if it was made for this very draft before; otherwise the worker
    makes it, and its job's page goes on to the PDF when it is ready."""
    if pdf is None:
        job, _ = start_draft_pdf(user=request.user, url=request.get_full_path(), **draft)
        return redirect("jobs:job", job.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    return as_download(response, filename, inline=True, draft=True)


@role_required(READERS)
def draft_csv(request, month, section):
    report = selectors.draft_report(request.user, month)
    _, assembled = report_content(report=report)
    figures = assembled.block_figures().get(section)
    if figures is None:
        raise Http404
    return csv_response(figures["csv"], _csv_name(report, section), draft=True)


@role_required(READERS)
def attachment(request, pk):
    found = selectors.visible_attachment(request.user, pk)
    return as_download(FileResponse(found.file.open("rb")), found.download_name)


@role_required(READERS)
@refuses_changed_files
def case(request, case):
    found = selectors.visible_case(request.user, case)
    version = selectors.published_case_document(found)
    return render_frozen(
        request,
        "reports/case_page.html",
        {
            "case": found,
            "version": version,
            "pdf_url": reverse("reports:case_pdf", args=[found.slug]) if version else None,
        },
        version,
    )


@role_required(READERS)
@refuses_changed_files
def case_pdf(request, case):
    found = selectors.visible_case(request.user, case)
    version = selectors.published_case_document(found)
    if version is None:
        raise Http404
    return pdf_response(version, f"saksframlegg-{found.slug}.pdf")


def _case_draft(request, case) -> tuple[Case, str]:
    """A case and its document as today's data write it; for administrators only."""
    if not selectors.is_administrator(request.user):
        raise Http404
    found = selectors.visible_case(request.user, case)
    return found, case_document_content(case=found)[0]


@role_required(READERS)
def case_draft(request, case):
    found, content = _case_draft(request, case)
    return render(
        request,
        "reports/case_page.html",
        {
            "case": found,
            "is_draft": True,
            "content": mark_safe(content),  # noqa: S308 - rendered from sanitised parts
            "pdf_url": reverse("reports:case_draft_pdf", args=[found.slug]),
        },
    )


@role_required(READERS)
def case_draft_pdf(request, case):
    found, content = _case_draft(request, case)
    return _draft_pdf(
        request,
        cached_pdf(case_print_html(case=found, content=content)),
        f"saksframlegg-{found.slug}-utkast.pdf",
        case=found,
    )
