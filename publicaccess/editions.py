"""The public edition of each version the board is given: made in the same
transaction (all or nothing), from the same code as the board's edition, with the
markings as they stand (publicaccess.marking). What a marking withholds is never
rendered, so it is in no file, figure or search text of the public edition."""

from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from meetings.minutes import minutes_content, minutes_pdf, minutes_title
from meetings.models import MinutesVersion
from publicaccess.marking import (
    case_markings,
    meeting_markings,
    report_markings,
    withheld,
    withheld_items,
)
from publicaccess.models import PublicEdition, Withholding
from reports.frozen import frozen_sections
from reports.models import CaseDocumentVersion, FrozenVersion, ReportVersion
from reports.pdf import render_pdf
from reports.publishing import CHANGE_CHECKS, freeze, sha256
from reports.rendering import (
    assemble,
    case_document_content,
    case_document_pdf,
    render_content,
    report_content,
    report_print_html,
)
from ror_portal.signals import report_published
from ror_portal.withholding import missing_passages_message


@dataclass
class PublicDocument:
    """A public edition before it is stored."""

    kind: str
    meeting: object
    slug: str
    title: str
    markings: list[Withholding]
    html: str
    pdf: Callable[[], bytes]  # made only when the edition is stored
    # Whether it differs from the board's: something withheld, or a public title.
    differs: bool
    figures: dict = field(default_factory=dict)


# The markings each kind of version's public edition follows.
MARKINGS: dict[type, Callable[..., QuerySet[Withholding]]] = {
    ReportVersion: lambda version: report_markings(version.report),
    CaseDocumentVersion: lambda version: case_markings(version.case),
    MinutesVersion: lambda version: meeting_markings(version.meeting),
}


def _report(version: ReportVersion) -> PublicDocument:
    report = version.report
    markings = list(MARKINGS[ReportVersion](version))
    assembled = assemble(report, withheld(markings))
    quoted = assembled.missing_figures
    if quoted:
        raise ValidationError(
            _(
                "The public edition cannot be made: these texts quote figures of a data block "
                "withheld from public access: %(sections)s. Withhold the text too, or write "
                "it without the figure."
            )
            % {"sections": "; ".join(quoted)}
        )
    passages = [p for s in assembled.sections for p in s.missing_passages]
    if passages:
        raise ValidationError(missing_passages_message(passages))
    slug = report.slug
    content = render_content(
        assembled,
        csv_url=lambda number: reverse("publicaccess:csv", args=[slug, version.number, number]),
    )
    return PublicDocument(
        kind=PublicEdition.Kind.REPORT,
        meeting=report.meeting,
        slug=slug,
        title=str(report),
        markings=markings,
        html=content,
        pdf=lambda: render_pdf(
            report_print_html(report=report, assembled=assembled, version=version)
        ),
        differs=bool(markings),
        figures=assembled.block_figures(),
    )


def _case_document(version: CaseDocumentVersion) -> PublicDocument:
    case = version.case
    markings = list(MARKINGS[CaseDocumentVersion](version))
    content, _block = case_document_content(case=case, withheld=withheld(markings))
    return PublicDocument(
        kind=PublicEdition.Kind.CASE_DOCUMENT,
        meeting=case.meeting,
        slug=case.slug,
        title=f"{case.number} {case.title_for(public=True)}",
        markings=markings,
        html=content,
        pdf=lambda: case_document_pdf(case=case, content=content, version=version, public=True),
        differs=bool(markings) or case.title_for(public=True) != case.title,
    )


def _minutes(version: MinutesVersion) -> PublicDocument:
    meeting = version.meeting
    markings = list(MARKINGS[MinutesVersion](version))
    cases = meeting.cases.published()
    content = minutes_content(meeting, withheld(markings))
    return PublicDocument(
        kind=PublicEdition.Kind.MINUTES,
        meeting=meeting,
        slug=meeting.slug,
        title=minutes_title(meeting),
        markings=markings,
        html=content,
        pdf=lambda: minutes_pdf(meeting, content, version, public=True),
        differs=bool(markings) or any(c.title_for(public=True) != c.title for c in cases),
    )


# The public edition of each kind of version.
PUBLIC_DOCUMENTS: dict[type, Callable[..., PublicDocument]] = {
    ReportVersion: _report,
    CaseDocumentVersion: _case_document,
    MinutesVersion: _minutes,
}


def make_public_edition(version: FrozenVersion) -> PublicEdition:
    """Store the public edition of a version just saved. Where it shows what the board's
    does (nothing withheld, no public title), the PDF is the board's own; the HTML is
    made again all the same, as its figures link to the public CSVs."""
    document = PUBLIC_DOCUMENTS[type(version)](version)
    if document.differs:
        pdf = document.pdf()
    else:
        # Read apart from the version's own file object, which the caller may still read.
        with version.pdf.storage.open(version.pdf.name, "rb") as stored:
            pdf = stored.read()
    edition = PublicEdition(
        kind=document.kind,
        meeting=document.meeting,
        content_type=ContentType.objects.get_for_model(version),
        object_id=version.pk,
        slug=document.slug,
        number=version.number,
        title=document.title,
        withheld=[item.as_json() for item in withheld_items(document.markings)],
        figures=_public_figures(document.figures),
        text=public_text(document.html),
        published_at=version.published_at,
    )
    freeze(edition, base_name=_base_name(document), html=document.html, pdf=pdf)
    return edition


def _base_name(document: PublicDocument) -> str:
    return f"offentlig-{document.kind}-{document.slug}"


def _public_figures(figures: dict) -> dict:
    """A block's table and CSV, without what the board's version keeps beside them for
    its own use (the source rows' ids)."""
    kept = ("block", "title", "columns", "rows", "csv", "period")
    return {number: {k: stored.get(k) for k in kept} for number, stored in figures.items()}


def public_text(html: str) -> str:
    """The edition's text for the search: its sections' written text and tables."""
    sections = frozen_sections(html)
    if sections:
        return "\n".join(f"{s.number} {s.title}\n{s.text}" for s in sections)
    return plain_text(html)


def plain_text(html: str) -> str:
    """An HTML's words, a tag parting them (a cell's text from the next one's)."""
    return " ".join(unescape(strip_tags(html.replace("<", " <"))).split())


def markings_changed(version: FrozenVersion) -> bool:
    """Whether the public edition would withhold other parts than the version's does: a
    marking made or removed since is a change to publish, though the board's edition is
    the same."""
    if type(version) not in PUBLIC_DOCUMENTS:
        return False
    edition = PublicEdition.objects.filter(
        content_type=ContentType.objects.get_for_model(version), object_id=version.pk
    ).first()
    if edition is None:
        return False
    markings = MARKINGS[type(version)](version)
    return edition.withheld != [item.as_json() for item in withheld_items(markings)]


# The board's edition of the latest version as it would be made now, for each kind.
BOARD_CONTENT: dict[type, Callable[..., str]] = {
    ReportVersion: lambda v: report_content(report=v.report, version_number=v.number)[0],
    CaseDocumentVersion: lambda v: case_document_content(case=v.case)[0],
    MinutesVersion: lambda v: minutes_content(v.meeting),
}


def make_missing() -> tuple[list[PublicEdition], list[FrozenVersion]]:
    """Public editions for versions published without one (before the portal made
    them, or loaded by the demo before its markings): for the latest version of each
    document whose board edition, made now, is still exactly the version (the same
    SHA-256), so that the public edition shows what the version showed. Returns those
    made and those that could not be: their data has changed since, and the next
    version brings their public edition."""
    made, left = [], []
    for model in PUBLIC_DOCUMENTS:
        content_type = ContentType.objects.get_for_model(model)
        have = PublicEdition.objects.filter(content_type=content_type).values("object_id")
        for version in model.objects.exclude(pk__in=have).order_by("-number"):
            latest = type(version).objects.filter(**_document_of(version)).order_by("-number")
            current = (
                latest.first() == version
                and sha256(BOARD_CONTENT[model](version).encode("utf-8")) == version.html_sha256
            )
            if current:
                made.append(make_public_edition(version))
            else:
                left.append(version)
    return made, left


def _document_of(version: FrozenVersion) -> dict:
    name = {ReportVersion: "report", CaseDocumentVersion: "case", MinutesVersion: "meeting"}
    field = name[type(version)]
    return {field: getattr(version, f"{field}_id")}


def _published(sender, version=None, **kwargs) -> None:
    if version is not None and type(version) in PUBLIC_DOCUMENTS:
        make_public_edition(version)


def connect() -> None:
    report_published.connect(_published, dispatch_uid="publicaccess.public_edition")
    CHANGE_CHECKS.append(markings_changed)
