"""The public's data for the tests under /innsyn/: a published January report with a
withheld text and a withheld data block, a published case with a public title, a
public and a withheld attachment, and drafts published to nobody. Every board-only
text holds MARKER, which must never reach a public page."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from publicaccess.models import LegalBasis, PublicEdition, Withholding
from reports.models import Attachment, BoardMeeting, Case, MonthlyReport, ReportVersion
from reports.publishing import report_publish
from tests.factories import (
    AttachmentFactory,
    BoardMeetingFactory,
    CaseFactory,
    SectionFactory,
)

MARKER = "Kvitveisbrannmur"  # a word only the board's edition and drafts have
PUBLIC_WORD = "Driftsresultat"  # a section title every edition shows
PUBLIC_PARAGRAPH = "Oppsettet er endret i januar."  # beside a withheld paragraph
BASIS = "offl. § 24 tredje ledd"


@dataclass
class PublicData:
    report: MonthlyReport
    version: ReportVersion
    edition: PublicEdition
    case: Case
    public_attachment: Attachment
    withheld_attachment: Attachment
    draft_case: Case
    draft_attachment: Attachment
    draft_meeting: BoardMeeting
    public_block: str  # section number of a data block the public gets
    withheld_block: str  # and of one it does not


def withhold(administrator, **part) -> Withholding:
    return Withholding.objects.create(
        basis=LegalBasis.objects.get(label=BASIS),
        more_access=False,
        reason="Test",
        decided_by=administrator,
        **part,
    )


def make_public_data(report: MonthlyReport, administrator) -> PublicData:
    """Publish ``report`` (a report_with_glossary) with its markings; then add drafts."""
    meeting = report.meeting
    secret = SectionFactory(
        report=report, title="Oppsett", body=f"{PUBLIC_PARAGRAPH}\n\nBrannmuren {MARKER} er ny."
    )
    withhold(
        administrator,
        section=secret,
        part=Withholding.Part.TEXT,
        passage=f"Brannmuren {MARKER} er ny.",
    )
    hidden_glossary = SectionFactory(
        report=report, title="Hemmelige begreper", block="reports.glossary"
    )
    withhold(administrator, section=hidden_glossary, part=Withholding.Part.BLOCK)
    case = CaseFactory(
        meeting=meeting,
        number="2024/M1-004",
        title=f"Sikkerhetspartner {MARKER}",
        public_title="Sikkerhetspartner",
    )
    public_attachment = AttachmentFactory(case=case, title="Prisoversikt")
    withheld_attachment = AttachmentFactory(
        case=case,
        title="Teknisk oppsett",
        file__data=f"%PDF-1.7 {MARKER}".encode(),
    )
    withhold(
        administrator, case=case, part=Withholding.Part.ATTACHMENT, attachment=withheld_attachment
    )
    version = report_publish(report=report, user=administrator, notify=False)
    draft_case = CaseFactory(
        meeting=meeting, number="2024/M1-005", title=f"Utkast {MARKER}", published_at=None
    )
    draft_meeting = BoardMeetingFactory(number="2024/M2")
    CaseFactory(meeting=draft_meeting, number="2024/M2-001", title=MARKER, published_at=None)
    edition = PublicEdition.objects.get(kind="report", slug=report.slug, number=version.number)
    board_figures = set(version.block_data)
    public_figures = set(edition.figures)
    return PublicData(
        report=report,
        version=version,
        edition=edition,
        case=case,
        public_attachment=public_attachment,
        withheld_attachment=withheld_attachment,
        draft_case=draft_case,
        draft_attachment=AttachmentFactory(
            case=draft_case, title=f"Vedlegg {MARKER}", file__data=f"%PDF-1.7 {MARKER}".encode()
        ),
        draft_meeting=draft_meeting,
        public_block=sorted(public_figures)[0],
        withheld_block=sorted(board_figures - public_figures)[0],
    )


def stand_in_edition(version: ReportVersion, **fields) -> PublicEdition:
    """A public edition of a factory's stand-in version (tests/factories.py): its files
    and figures as they are, for tests of access, not of rendering."""
    edition = PublicEdition(
        kind=PublicEdition.Kind.REPORT,
        meeting=version.report.meeting,
        content_type=ContentType.objects.get_for_model(version),
        object_id=version.pk,
        slug=version.report.slug,
        number=version.number,
        title=str(version.report),
        html=ContentFile(version.html.read(), name="offentlig.html"),
        pdf=ContentFile(version.pdf.read(), name="offentlig.pdf"),
        html_sha256=version.html_sha256,
        pdf_sha256=version.pdf_sha256,
        figures=version.block_data,
        text="Frosset innhold",
        published_at=version.published_at,
        **fields,
    )
    edition.save()
    return edition
