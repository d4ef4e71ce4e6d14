"""Publishing: a report, a case document or a meeting's minutes frozen as a version
(HTML, PDF/A and their SHA-256, all or nothing), and a case shown to the board. One path,
publish(), for every kind of frozen document."""

import datetime
import hashlib
from collections.abc import Callable
from typing import Any, Protocol, cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.changes import versions_alike
from reports.frozen import intact_stored_html
from reports.models import (
    Attachment,
    BoardMeeting,
    Case,
    CaseDocumentVersion,
    FrozenVersion,
    MonthlyReport,
    ReportVersion,
    Section,
)
from reports.rendering import (
    AssembledReport,
    RenderedBlock,
    case_document_content,
    case_document_pdf,
    case_texts,
    report_content,
    report_pdf,
)
from reports.tasks import notify_published
from ror_portal.blocks import BlockData, get_block
from ror_portal.formatting import format_datetime
from ror_portal.signals import report_published


class AlreadyPublished(ValidationError):
    """The version a publish form was for exists already: a double-submit, a retry or
    another administrator was first. Nothing more is published."""

    def __init__(self, number: int):
        super().__init__(
            _("Version %(number)s is already published.") % {"number": number},
            code="already_published",
        )
        self.number = number


def next_version_number(versions, expected: int | None = None) -> int:
    """The number the next version gets (the confirmation shows it). A publish form
    carries that number back as its one-time token: once that version exists, the same
    form publishes nothing. Publishing calls this with the report's or case's row locked
    (select_for_update), so two publishers wait for each other and the second is told."""
    number = (versions.aggregate(last=Max("number"))["last"] or 0) + 1
    if expected is not None and expected != number:
        if expected < number:
            raise AlreadyPublished(expected)
        raise ValidationError(_("The version to publish is not the next one. Try again."))
    return number


class NothingChanged(ValidationError):
    """A publish that would change nothing the board reads is refused: a version the
    same as the last would notify the board of nothing."""

    def __init__(self, latest) -> None:
        super().__init__(
            _(
                "Nothing has changed since version %(number)s was published %(date)s: the "
                "figures and the texts are the same, so there is no new version to publish."
            )
            % {"number": latest.number, "date": format_datetime(latest.published_at)}
        )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@transaction.atomic
def case_publish(
    *, case: Case, user, at: datetime.datetime | None = None, reason: str | None = None
) -> bool:
    """Let the board see a draft case: its texts and attachments. The case's history
    keeps who published it and when. A case published already keeps its date (False);
    one whose texts quote a figure its case document lacks is refused."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.published_at is not None:
        return False
    missing = case_texts(case).missing_figures
    if missing:
        raise ValidationError(
            _(
                "%(case)s cannot be published: its texts quote figures its case document does "
                "not have: %(references)s."
            )
            % {"case": case, "references": ", ".join(missing)}
        )
    case.published_at = at or timezone.now()
    # simple-history reads these attributes on save; the stubs cannot know them
    case._history_user = user  # type: ignore[attr-defined]
    case._change_reason = reason or _("Published")  # type: ignore[attr-defined]
    case.save(update_fields=["published_at"])
    return True


def meeting_cases_publish(*, meeting: BoardMeeting, user, at: datetime.datetime, reason: str):
    """A report of a meeting goes to the board with the meeting's cases."""
    for case in meeting.cases.filter(published_at__isnull=True):
        case_publish(case=case, user=user, at=at, reason=reason)


def unpublishable_reason(assembled: AssembledReport) -> str | None:
    """Why the report as rendered cannot be published: no sections, a block that
    fails or is unknown, or a text that quotes a figure the report does not have."""
    problem = _publishing_problem(bool(assembled.sections), assembled.failing_blocks)
    if problem is None and assembled.missing_figures:
        problem = _(
            "The report cannot be published: these texts quote figures the report does not "
            "have (a block removed, or a figure it no longer has): %(sections)s. Choose the "
            "figure again in the section's figure picker, or write the text without it."
        ) % {"sections": "; ".join(assembled.missing_figures)}
    return problem


def unknown_blocks_reason(sections: list[Section]) -> str | None:
    """What stops publishing that shows without running any block: no sections, or a
    block nothing provides. For the content page, which must not wait on every block's
    figures; a block that fails shows in the preview and stops publishing itself."""
    unknown = [s.block for s in sections if s.block and get_block(s.block) is None]
    return _publishing_problem(bool(sections), unknown)


def _publishing_problem(has_sections: bool, failing: list[str]) -> str | None:
    if not has_sections:
        return _("The report has no sections. Add sections before publishing.")
    if failing:
        return _(
            "The report cannot be published: these data blocks fail or are unknown: %(names)s."
        ) % {"names": ", ".join(failing)}
    return None


class FrozenDocument(Protocol):
    """A kind of document that is published by freezing it: rendered for its next
    version, refused if it cannot be published or if nothing changed since the last,
    stored as HTML and PDF/A with their SHA-256, and never changed after.

    The monthly report and the case document are its kinds here, the minutes of a
    meeting (meetings.minutes.MINUTES) the third. publish() is the one path all take, as
    are the publish job (reports.jobs) and the admin's confirmation page: a kind says
    only how it differs."""

    # Read-only: each kind sets them as class attributes.
    @property
    def name(self) -> str:
        """In the publish job's key and arguments: "report", "case"."""
        ...

    @property
    def model(self) -> type[MonthlyReport] | type[Case] | type[BoardMeeting]: ...

    @property
    def related(self) -> tuple[str, ...]:
        """What publishing reads with the document (select_related)."""
        ...

    @property
    def monthly_report(self) -> bool:
        """Told with report_published: a case document is no monthly report."""
        ...

    @property
    def admin_page(self) -> str:
        """The admin page a publish job goes back to."""
        ...

    def versions(self, document) -> QuerySet: ...

    def rendering_step(self) -> str:
        """What the job's page says while the document is rendered."""
        ...

    def render(self, document, *, number: int) -> tuple[str, Any]:
        """The version's content HTML and the figures it was rendered from;
        ValidationError if it cannot be published."""
        ...

    def new_version(self, document, *, number: int, user, rendered) -> FrozenVersion:
        """The version, unsaved. A kind may take options of its own (a change note),
        which the job and the admin's form pass on."""
        ...

    def unchanged(self, latest, version, content: str) -> bool:
        """Whether the version would show the board nothing the latest did not."""
        ...

    def pdf(self, document, *, content: str, rendered, version) -> bytes: ...

    def base_name(self, document) -> str:
        """The stored files' name, without the extension."""
        ...

    def sources(self, version, rendered) -> dict[str, list[int]]:
        """The rows the version's figures came from, for report_published."""
        ...

    def after_saving(self, document, *, version, user, pdf: bytes) -> None:
        """What else publishing the version writes, in its transaction."""
        ...

    def job_title(self, document, number: int) -> str: ...

    def published_message(self, document, version) -> str:
        """What the job's page says when the version is published."""
        ...

    def back_link(self) -> str: ...


class ReportKind:
    """The monthly report: its figures are kept with the version (block_data), a
    change note says what is new, and the meeting's cases go to the board with it."""

    name = "report"
    model = MonthlyReport
    related = ("meeting",)
    monthly_report = True
    admin_page = "admin:reports_monthlyreport_content"

    def versions(self, document: MonthlyReport) -> QuerySet:
        return document.versions.all()

    def rendering_step(self) -> str:
        return _("Putting the report together")

    def render(self, document: MonthlyReport, *, number: int) -> tuple[str, AssembledReport]:
        content, assembled = report_content(report=document, version_number=number)
        reason = unpublishable_reason(assembled)
        if reason:
            raise ValidationError(reason)
        return content, assembled

    def new_version(
        self,
        document: MonthlyReport,
        *,
        number: int,
        user,
        rendered: AssembledReport,
        change_note: str = "",
    ) -> ReportVersion:
        return ReportVersion(
            report=document,
            number=number,
            block_data=rendered.block_figures(),
            published_by=user,
            change_note=change_note.strip(),
        )

    def unchanged(self, latest: ReportVersion, version: ReportVersion, content: str) -> bool:
        return versions_alike(latest, version, content)

    def pdf(
        self,
        document: MonthlyReport,
        *,
        content: str,
        rendered: AssembledReport,
        version: ReportVersion,
    ) -> bytes:
        return report_pdf(report=document, assembled=rendered, version=version)

    def base_name(self, document: MonthlyReport) -> str:
        return f"ror-ikt-manedsrapport-{document.slug}"

    def sources(self, version: ReportVersion, rendered: AssembledReport) -> dict[str, list[int]]:
        return _merged_sources(version.block_data)

    def after_saving(
        self, document: MonthlyReport, *, version: ReportVersion, user, pdf: bytes
    ) -> None:
        document.status = MonthlyReport.Status.PUBLISHED
        document.save(update_fields=["status"])
        meeting_cases_publish(
            meeting=document.meeting,
            user=user,
            at=version.published_at,
            reason=_("Published with %(report)s") % {"report": document},
        )

    def job_title(self, document: MonthlyReport, number: int) -> str:
        return _("Publishing version %(number)s of %(report)s") % {
            "number": number,
            "report": document,
        }

    def published_message(self, document: MonthlyReport, version: ReportVersion) -> str:
        return _("Version %(number)s of %(report)s is published.") % {
            "number": version.number,
            "report": document,
        }

    def back_link(self) -> str:
        return _("Back to the report")


class CaseDocumentKind:
    """The case document of a case: its PDF is attached to the case, and the case
    goes to the board with it."""

    name = "case"
    model = Case
    related = ("meeting",)
    monthly_report = False
    admin_page = "admin:reports_case_change"

    def versions(self, document: Case) -> QuerySet:
        return document.document_versions.all()

    def rendering_step(self) -> str:
        return _("Writing the case document")

    def render(self, document: Case, *, number: int) -> tuple[str, RenderedBlock]:
        content, block = case_document_content(case=document)
        if block is None:
            raise ValidationError(_("The case has no case document to publish."))
        if block.error:
            raise ValidationError(block.error)
        return content, block

    def new_version(
        self, document: Case, *, number: int, user, rendered: RenderedBlock
    ) -> CaseDocumentVersion:
        return CaseDocumentVersion(case=document, number=number, published_by=user)

    def unchanged(
        self, latest: CaseDocumentVersion, version: CaseDocumentVersion, content: str
    ) -> bool:
        return intact_stored_html(latest) == content

    def pdf(
        self,
        document: Case,
        *,
        content: str,
        rendered: RenderedBlock,
        version: CaseDocumentVersion,
    ) -> bytes:
        # The version's own PDF: its footer names the number and the day (made here, in
        # the publish job, not reused from the draft's preview).
        return case_document_pdf(case=document, content=content, version=version)

    def base_name(self, document: Case) -> str:
        return f"saksframlegg-{document.slug}"

    def sources(self, version: CaseDocumentVersion, rendered: RenderedBlock) -> dict:
        # render() refused a block that failed: this one has its data.
        return cast(BlockData, rendered.data).sources

    def after_saving(
        self, document: Case, *, version: CaseDocumentVersion, user, pdf: bytes
    ) -> None:
        number = version.number
        # Named as the board's papers name it: «2024.02.14 - Saksframlegg Sikkerhetspartner»,
        # a later version with its number.
        title = _("%(date)s - Case document %(title)s") % {
            "date": document.meeting.date.strftime("%Y.%m.%d"),
            "title": document.title,
        }
        if number > 1:
            title = _("%(title)s (version %(number)s)") % {"title": title, "number": number}
        Attachment.objects.create(
            case=document,
            title=title,
            file=ContentFile(pdf, name=f"{self.base_name(document)}-v{number}.pdf"),
        )
        # The board is told of the case document: it must be able to open the case.
        case_publish(
            case=document,
            user=user,
            at=version.published_at,
            reason=_("Published with its case document, version %(number)s") % {"number": number},
        )

    def job_title(self, document: Case, number: int) -> str:
        return _("Publishing version %(number)s of the case document of %(case)s") % {
            "number": number,
            "case": document,
        }

    def published_message(self, document: Case, version: CaseDocumentVersion) -> str:
        return _("Version %(number)s of the case document is published and attached.") % {
            "number": version.number
        }

    def back_link(self) -> str:
        return _("Back to the case")


def kind_documents(kind: FrozenDocument) -> QuerySet:
    """The kind's documents, with what publishing reads beside them."""
    documents = kind.model.objects.all()
    # Without names select_related() would follow every foreign key.
    return documents.select_related(*kind.related) if kind.related else documents


REPORT = ReportKind()
CASE_DOCUMENT = CaseDocumentKind()

# What else makes a version worth publishing when the board's edition is the same as
# the latest: each is asked of the latest version (publicaccess: a marking changed, so
# the public edition would differ).
CHANGE_CHECKS: list[Callable[[FrozenVersion], bool]] = []


@transaction.atomic
def publish(
    kind: FrozenDocument,
    document,
    *,
    user,
    notify: bool = True,
    expected_number: int | None = None,
    step: Callable[[str], None] = lambda text: None,
    **options,
) -> FrozenVersion:
    """Freeze the document as it is now: HTML and PDF with their SHA-256, and what its
    kind keeps besides. The notice is sent after the commit.

    With ``expected_number`` (the number the confirmation showed), publishes only if
    that is still the next version: see next_version_number(). ``step`` is told what is
    being done, for the job's page."""
    document = kind_documents(kind).select_for_update().get(pk=document.pk)
    # The number before the rendering: a report's content links its CSVs by it, and a
    # publish of a number that exists already is refused without rendering anything.
    number = next_version_number(kind.versions(document), expected_number)
    step(kind.rendering_step())
    content, rendered = kind.render(document, number=number)
    version = kind.new_version(document, number=number, user=user, rendered=rendered, **options)
    latest = kind.versions(document).order_by("-number").first()
    if (
        latest is not None
        and kind.unchanged(latest, version, content)
        and not any(changed(latest) for changed in CHANGE_CHECKS)
    ):
        raise NothingChanged(latest)
    step(_("Making the PDF"))
    pdf = kind.pdf(document, content=content, rendered=rendered, version=version)

    def after_saving():
        kind.after_saving(document, version=version, user=user, pdf=pdf)
        report_published.send(
            sender=type(version),
            period=document.period,
            sources=kind.sources(version, rendered),
            monthly_report=kind.monthly_report,
            version=version,
        )
        if notify:
            notify_published(version=version)

    step(_("Saving the version"))
    freeze(
        version,
        base_name=kind.base_name(document),
        html=content,
        pdf=pdf,
        after_saving=after_saving,
    )
    return version


def report_publish(
    *, report: MonthlyReport, user, change_note: str = "", **publishing
) -> ReportVersion:
    """Publish the next version of the report (see publish()). The change note (what is
    new in this version) is kept with the version and told in the notice."""
    version = publish(REPORT, report, user=user, change_note=change_note, **publishing)
    return cast(ReportVersion, version)


def case_document_publish(*, case: Case, user, **publishing) -> CaseDocumentVersion:
    """Publish the next version of the case's case document (see publish()), and
    attach its PDF/A to the case."""
    return cast(CaseDocumentVersion, publish(CASE_DOCUMENT, case, user=user, **publishing))


def freeze(version, *, base_name: str, html: str, pdf: bytes, after_saving=None) -> None:
    """Store a version's HTML and PDF with their SHA-256 and save it: all or nothing.

    Call inside a transaction: if anything fails the database rolls back and the
    stored files are deleted, so nothing is half-saved.
    """
    html_bytes = html.encode("utf-8")
    version.html_sha256, version.pdf_sha256 = sha256(html_bytes), sha256(pdf)
    files = [
        (version.html, f"{base_name}.html", html_bytes),
        (version.pdf, f"{base_name}.pdf", pdf),
    ]
    try:
        for stored, name, data in files:
            _replace_leftover(version, stored, name)
            stored.save(name, ContentFile(data), save=False)
        version.save()
        if after_saving:
            after_saving()
    except Exception:
        for stored in (version.html, version.pdf):
            if stored.name:
                stored.storage.delete(stored.name)
        raise


def _replace_leftover(version, stored, name: str) -> None:
    """A file where this version's goes was left by a publish of the same number that
    was killed before it committed (the clean-up above never ran). No version has it:
    the number is the next one and its report or case is locked. It gives way, so that
    the version's files are named as every other version's."""
    target = stored.field.generate_filename(version, name)
    if stored.storage.exists(target):
        stored.storage.delete(target)


def _merged_sources(block_data: dict) -> dict[str, list[int]]:
    merged: dict[str, set[int]] = {}
    for figures in block_data.values():
        for name, ids in figures.get("sources", {}).items():
            merged.setdefault(name, set()).update(ids)
    return {name: sorted(ids) for name, ids in merged.items()}
