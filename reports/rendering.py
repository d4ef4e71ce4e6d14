"""Assembling a report: its numbered sections, sanitised texts and data blocks,
rendered once into the content HTML that both the page and the PDF use; and a case
document the same way. Reads only: publishing them is reports.publishing."""

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reports.live_figures import FigureBook, figure_book, references
from reports.models import Case, CaseDocumentVersion, FrozenVersion, MonthlyReport, ReportVersion
from reports.pdf import render_pdf
from reports.tree import NumberedSection, numbered
from ror_portal.blocks import (
    BlockData,
    Period,
    get_block,
    key_figures_of,
    key_figures_stored,
    one_rendering,
    to_csv,
)
from ror_portal.formatting import format_date
from ror_portal.markdown import render_markdown
from ror_portal.withholding import NOTHING, Withheld, withheld_line

logger = logging.getLogger(__name__)


@dataclass
class RenderedBlock:
    name: str
    html: SafeString
    data: BlockData | None = None
    error: str | None = None


@dataclass
class RenderedSection:
    numbered: NumberedSection
    body: SafeString
    block: RenderedBlock | None
    body_after_block: SafeString
    # The block's figures as a version stores them (table, CSV, key figures).
    stored_figures: dict | None = None
    # References in the texts that found no figure ("{{support.x | …}}").
    missing_figures: list[str] = field(default_factory=list)
    csv_url: str = field(default="", init=False)  # set by render_content, which knows the URLs
    # In a public edition: the line that stands for the section, or for its data block,
    # where they are withheld (ror_portal.withholding).
    withheld_line: str = ""
    block_line: str = ""
    # Passages marked as withheld that its texts no longer have.
    missing_passages: list[str] = field(default_factory=list)

    def __getattr__(self, name):
        return getattr(self.numbered, name)


def run_block(
    name: str, period: Period, *, html: bool = True, withheld: Withheld = NOTHING
) -> RenderedBlock:
    """A block's figures and (unless ``html`` is false: the figures alone, without
    drawing a chart) its HTML; an unknown or failing block becomes a visible error.
    ``withheld``: the parts of a document block a public edition leaves out."""
    block = get_block(name)
    if block is None:
        return RenderedBlock(name, SafeString(""), error=_("Unknown data block %s") % name)
    try:
        data = block.figures(period)
        shown = (
            render_to_string(
                block.template,
                {"data": data, "period": period, "withheld": withheld, **data.context},
            )
            if html
            else ""
        )
    except Exception:
        logger.exception("The data block %s failed", name)
        return RenderedBlock(name, SafeString(""), error=_("The data block %s failed") % name)
    return RenderedBlock(name, mark_safe(shown), data=data)  # noqa: S308 - a template's output


@dataclass
class AssembledReport:
    report: MonthlyReport
    sections: list[RenderedSection]
    figures: FigureBook
    withheld: Withheld = NOTHING

    @property
    def failing_blocks(self) -> list[str]:
        return [s.block.name for s in self.sections if s.block and s.block.error]

    @property
    def missing_figures(self) -> list[str]:
        """Each section whose text quotes a figure the report does not have, with the
        references: "2.1.2.3 Oversikt over feilmeldinger: {{…}}"."""
        return [
            f"{s.label}: {', '.join(s.missing_figures)}" for s in self.sections if s.missing_figures
        ]

    def block_figures(self) -> dict[str, dict]:
        """Each block's table, CSV and key figures by section number, as a version
        stores them."""
        return {s.number: s.stored_figures for s in self.sections if s.stored_figures}


def stored_figures(name: str, title: str, data: BlockData) -> dict:
    encoder = DjangoJSONEncoder()
    csv = to_csv(data)
    stored: dict[str, Any] = {
        "block": name,
        "title": title,
        "columns": [str(c) for c in data.columns],
        "rows": [
            [encoder.default(c) if _needs_encoding(c) else c for c in row] for row in data.rows
        ],
        "csv": csv,
        "sources": data.sources,
        "period": data.period.as_json() if data.period else None,
        # what the figures were: a published version records the data it was built from
        "sha256": hashlib.sha256(csv.encode("utf-8")).hexdigest(),
    }
    # The figures a reader follows, by the block's own rule, once: the changes page reads
    # these, as they were published.
    stored["key_figures"] = key_figures_stored(key_figures_of(stored))
    return stored


def _needs_encoding(value) -> bool:
    return value is not None and not isinstance(value, str | int | bool)


def assemble(report: MonthlyReport, withheld: Withheld = NOTHING) -> AssembledReport:
    """The report rendered: every block run once, then the texts with the figures they
    quote. With ``withheld``, its public edition: a withheld section, block or text is
    never rendered (nor its block run), and the texts may quote only figures shown."""
    period = report.period
    with one_rendering():
        sections = [
            _section_with_block(item, period, html=True, withheld=withheld)
            for item in numbered(report.sections.all())
        ]
    figures = _figure_book(period, sections)
    for section in sections:
        key = f"section:{section.section.pk}"
        if section.withheld_line:
            continue
        section.body, missing, passages = _text(
            figures, withheld, f"{key}:text", section.section.body
        )
        section.body_after_block, missing_after, passages_after = _text(
            figures, withheld, f"{key}:after", section.section.body_after_block
        )
        section.missing_figures = missing + missing_after
        section.missing_passages = passages + passages_after
    return AssembledReport(report, sections, figures, withheld)


def _text(
    figures: FigureBook, withheld: Withheld, key: str, markdown: str
) -> tuple[SafeString, list[str], list[str]]:
    """A section's text as shown, the figures it quotes that were not found and the
    withheld passages it no longer has; in a public edition the line for a text
    withheld, or the text without its withheld passages."""
    basis = withheld.basis(key)
    if basis is not None:
        return withheld_line(basis), [], []
    public = withheld.text(key, markdown)
    text, missing = figures.resolve(public.markdown)
    return public.restore(render_markdown(text)), missing, public.missing


def report_figures(report: MonthlyReport) -> FigureBook:
    """The figures the report's texts may quote, with today's values: its blocks' figures
    without their HTML (no chart is drawn), for the section editor."""
    period = report.period
    with one_rendering():
        sections = [
            _section_with_block(item, period, html=False)
            for item in numbered(report.sections.all())
        ]
    return _figure_book(period, sections)


def _section_with_block(
    item: NumberedSection, period: Period, *, html: bool, withheld: Withheld = NOTHING
) -> RenderedSection:
    key = f"section:{item.section.pk}"
    whole, block_basis = withheld.basis(key), withheld.basis(f"{key}:block")
    shown = item.section.block and whole is None and block_basis is None
    block = run_block(item.section.block, period, html=html) if shown else None
    return RenderedSection(
        numbered=item,
        body=SafeString(""),
        block=block,
        body_after_block=SafeString(""),
        stored_figures=_stored(block, item.section.title),
        withheld_line=withheld_line(whole) if whole is not None else SafeString(""),
        block_line=(
            withheld_line(block_basis)
            if whole is None and block_basis is not None and item.section.block
            else SafeString("")
        ),
    )


def _stored(block: RenderedBlock | None, title: str) -> dict | None:
    """A block's figures as a version stores them; None for no block or one that failed."""
    return (
        stored_figures(block.name, title, block.data) if block and block.data is not None else None
    )


def _figure_book(period: Period, sections: list[RenderedSection]) -> FigureBook:
    return figure_book(
        period,
        [(s.label, s.stored_figures) for s in sections if s.stored_figures],
    )


def render_content(assembled: AssembledReport, *, csv_url: Callable[[str], str]) -> str:
    """The report's content: title, contents and sections. Same for page and PDF."""
    for section in assembled.sections:
        section.csv_url = csv_url(section.number) if section.block and section.block.data else ""
    return render_to_string(
        "reports/includes/report_content.html",
        {
            "report": assembled.report,
            "meeting": assembled.report.meeting,
            "sections": assembled.sections,
        },
    )


# A chart's drawing for phones, as templates/includes/chart.html writes it: the page and
# the PDF share the content, but the PDF would parse it for nothing (a quarter of the
# print HTML, whose every element WeasyPrint goes through). An SVG has no <div>.
PHONE_DRAWING = re.compile(r'<div class="chart__narrow" hidden>.*?</div>', re.DOTALL)


def render_print_document(
    *, title: str, meeting, content: str, version: FrozenVersion | None = None, public=False
) -> str:
    """The PDF's HTML: the content with the print stylesheet, the document's title and
    what every page's footer says it is: the version and the day it was published, or
    (without a version) a draft, marked as one on every page. Without the phones'
    drawing of each chart, which paper never shows."""
    return render_to_string(
        "reports/report_print.html",
        {
            "title": title,
            "meeting": meeting,
            "content": mark_safe(  # noqa: S308 - rendered from our templates
                PHONE_DRAWING.sub("", content)
            ),
            "edition": print_edition(version, public=public),
            "is_draft": version is None,
        },
    )


def print_edition(version: FrozenVersion | None, *, public: bool = False) -> str:
    """'Versjon 2 · publisert 14.02.2024', 'Offentlig utgave · versjon 2 · publisert
    14.02.2024', or for a draft 'UTKAST – ikke publisert'."""
    if version is None:
        return _("DRAFT – not published")
    edition = {
        "number": version.number,
        "date": format_date(timezone.localdate(version.published_at)),
    }
    if public:
        return _("Public edition · version %(number)s · published %(date)s") % edition
    return _("Version %(number)s · published %(date)s") % edition


def report_content(
    *, report: MonthlyReport, version_number: int | None = None
) -> tuple[str, AssembledReport]:
    """The content HTML, for a version about to be frozen or (without number) a draft."""
    assembled = assemble(report)
    if version_number is None:

        def csv_url(section_number):
            return reverse("reports:draft_csv", args=[report.slug, section_number])
    else:

        def csv_url(section_number):
            return reverse(
                "reports:version_csv", args=[report.slug, version_number, section_number]
            )

    return render_content(assembled, csv_url=csv_url), assembled


def report_print_html(
    *, report: MonthlyReport, assembled: AssembledReport, version: ReportVersion | None = None
) -> str:
    """The PDF's HTML: of the version about to be published, or without one of the
    draft. Without the links to the figures as CSV (a PDF does not show them), so a
    draft unchanged prints the same and its preview's PDF is made once; a version's
    names its number and date, so publishing makes that version's PDF."""
    content = render_content(assembled, csv_url=lambda section_number: "")
    return render_print_document(
        title=str(report),
        meeting=report.meeting,
        content=content,
        version=version,
        public=bool(assembled.withheld),
    )


def report_pdf(
    *, report: MonthlyReport, assembled: AssembledReport, version: ReportVersion | None = None
) -> bytes:
    return render_pdf(report_print_html(report=report, assembled=assembled, version=version))


@dataclass
class CaseTexts:
    """A case's proposal and decision as shown, with the figures they quote: those of
    its case document's block (the SOC+ case's «1,864 mill. kr»). In a public edition
    the line for what is withheld, and the passages marked that the texts lack."""

    proposed_decision: SafeString
    decision: SafeString
    missing_figures: list[str]
    missing_passages: list[str] = field(default_factory=list)


def case_texts(case: Case, withheld: Withheld = NOTHING) -> CaseTexts:
    key = f"case:{case.pk}"
    whole = withheld.basis(key)
    if whole is not None:
        return CaseTexts(withheld_line(whole), withheld_line(whole), [])
    texts = [case.proposed_decision, case.decision]
    figures = FigureBook([])
    if any(references(text) for text in texts):  # the block runs only for a text quoting it
        figures = figure_book(case.period, _case_document_figures(case))
    (proposed, missing, passages), (decision, missing_after, passages_after) = (
        _text(figures, withheld, f"{key}:{part}", text)
        for part, text in (("proposal", case.proposed_decision), ("decision", case.decision))
    )
    return CaseTexts(proposed, decision, missing + missing_after, passages + passages_after)


def _case_document_figures(case: Case) -> list[tuple[str, dict]]:
    block = run_block(case.document_block, case.period, html=False) if case.document_block else None
    stored = _stored(block, case.title)
    return [(str(case), stored)] if stored else []


def case_document_content(
    *, case: Case, withheld: Withheld | None = None
) -> tuple[str, RenderedBlock | None]:
    """The case document (saksframlegg) as its block writes it from today's data. With
    ``withheld``, its public edition: under the case's public title, its withheld parts
    left out, or only the line where the whole case is withheld."""
    public = withheld is not None
    withheld = withheld or NOTHING
    whole = withheld.basis(f"case:{case.pk}")
    block = None
    if case.document_block and whole is None:
        within = withheld.within(f"case:{case.pk}:document")
        block = run_block(case.document_block, case.period, withheld=within)
    html = render_to_string(
        "reports/includes/case_content.html",
        {
            "case": case,
            "title": case.title_for(public=public),
            "meeting": case.meeting,
            "block": block,
            "withheld_line": withheld_line(whole) if whole is not None else "",
        },
    )
    return html, block


def case_print_html(
    *, case: Case, content: str, version: CaseDocumentVersion | None = None, public=False
) -> str:
    title = _("Case document %(number)s %(title)s") % {
        "number": case.number,
        "title": case.title_for(public=public),
    }
    return render_print_document(
        title=title, meeting=case.meeting, content=content, version=version, public=public
    )


def case_document_pdf(
    *, case: Case, content: str, version: CaseDocumentVersion | None = None, public=False
) -> bytes:
    return render_pdf(case_print_html(case=case, content=content, version=version, public=public))
