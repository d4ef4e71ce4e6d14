"""Going through the texts copied from last month, on one page: each section's text as it
reads now beside last month's as published, with its figures then and now; each confirmed
as still true on its own or a whole chapter at once, without the page reloading (and with
a reload where JavaScript is off)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.live_figures import Figure, FigureBook, figure_book, quote
from reports.models import MonthlyReport, Section
from reports.rendering import report_figures
from reports.stale_figures import StaleFigure, last_months_version, stale_figures
from reports.tree import NumberedSection, numbered
from ror_portal.markdown import render_markdown


@dataclass
class ReviewedSection:
    item: NumberedSection
    now: SafeString  # the text with this month's figures
    before: SafeString | None  # as last month's version had it; None if it had no such section
    figures: list[tuple[str, str, str]]  # (label, last month, now) of the section's block
    stale: list[StaleFigure]  # numbers typed in the text that were last month's figures

    @property
    def section(self) -> Section:
        return self.item.section


@dataclass
class ReviewedChapter:
    item: NumberedSection  # the main section: "2 Aktiviteter"
    sections: list[ReviewedSection] = field(default_factory=list)


def _texts(section: Section, figures: FigureBook) -> SafeString:
    parts = [section.body, section.body_after_block]
    return SafeString("".join(render_markdown(figures.resolve(p)[0]) for p in parts if p))


def _last_month(report: MonthlyReport) -> tuple[dict[str, Section], FigureBook]:
    """Last month's sections by number, and the figures its latest version was published
    with (a copied text read with them is the text the board was given)."""
    version = last_months_version(report)
    if version is None:
        return {}, FigureBook([])
    sections = {item.number: item.section for item in numbered(version.report.sections.all())}
    stored = [(number, figures) for number, figures in version.block_data.items()]
    return sections, figure_book(version.report.period, stored)


def _block_figures(item: NumberedSection, book: FigureBook, before: FigureBook) -> list:
    rows = []
    for figure in book.figures:
        if figure.where != item.label:
            continue
        earlier: Figure | None = before.find_figure(figure.source, figure.label)
        rows.append((figure.label, quote(earlier) if earlier else "–", quote(figure)))
    return rows


def copied_texts(report: MonthlyReport) -> list[ReviewedChapter]:
    """The sections still as copied from last month, by chapter, in the report's order."""
    items = numbered(report.sections.all())
    if not any(item.section.unchanged_since_copy for item in items):
        return []
    figures = report_figures(report)
    earlier_sections, earlier_figures = _last_month(report)
    copied = [item for item in items if item.section.unchanged_since_copy]
    stale = stale_figures(report, copied, current=figures)
    chapters: list[ReviewedChapter] = []
    for item in items:
        if item.depth == 1:
            chapters.append(ReviewedChapter(item))
        if not item.section.unchanged_since_copy:
            continue
        earlier = earlier_sections.get(item.number)
        chapters[-1].sections.append(
            ReviewedSection(
                item,
                now=_texts(item.section, figures),
                before=_texts(earlier, earlier_figures) if earlier else None,
                figures=_block_figures(item, figures, earlier_figures),
                stale=[s for s in stale if s.section == item.label],
            )
        )
    return [chapter for chapter in chapters if chapter.sections]


def section_confirm(*, section: Section) -> None:
    """The copied text is still true this month: no longer flagged (kept in the history)."""
    section.unchanged_since_copy = False
    section.save(update_fields=["unchanged_since_copy"])


@transaction.atomic
def sections_confirm(*, report: MonthlyReport, section_ids: list[int]) -> list[Section]:
    """Confirm copied texts of the report as still true, all or none; the ones that were
    still flagged are returned (each kept in its section's history)."""
    sections = list(
        report.sections.select_for_update().filter(pk__in=section_ids, unchanged_since_copy=True)
    )
    for section in sections:
        section_confirm(section=section)
    return sections


def texts_left_message(left: int) -> str:
    if not left:
        return _("Every copied text is gone through.")
    return ngettext(
        "%(count)s copied text left to go through.",
        "%(count)s copied texts left to go through.",
        left,
    ) % {"count": left}
