"""Keeping the search entries in step with what is published.

Entries are written in the transaction that publishes or saves, so a publication
that fails leaves none behind. The text comes from the stored HTML of the
published version, exactly what the board was given, not from today's data.
"""

from django.apps import apps as installed_apps

from reports.frozen import frozen_sections, stored_html
from reports.integrity import StoredFileChanged
from ror_portal.markdown import render_markdown

# The search marks its hits with these two characters (see archive.search), so the
# text must never contain them itself.
_MARKERS = str.maketrans("", "", "\x02\x03")


def _clean(text: str) -> str:
    return text.translate(_MARKERS)


def _plain_text(html: str) -> str:
    """A case's texts have no report sections: read them as one untitled section,
    so the same rules (no chart drawings, no download links) apply as to reports."""
    sections = frozen_sections(f'<section class="report-section"><h2 id="_"></h2>{html}</section>')
    return sections[0].text


class Indexer:
    """Writes the entries of one report, one case, or everything.

    Given an app registry, so that the data migration works with the models as
    they were at that migration, and the receivers with today's.
    """

    def __init__(self, registry=installed_apps):
        self.entries = registry.get_model("archive", "SearchEntry").objects
        self.report_versions = registry.get_model("reports", "ReportVersion").objects
        self.cases = registry.get_model("reports", "Case").objects
        self.case_documents = registry.get_model("reports", "CaseDocumentVersion").objects

    def report(self, report_id: int) -> None:
        """One entry per section of the report's latest published version."""
        latest = self.report_versions.filter(report_id=report_id).order_by("-number").first()
        self._replace_report(report_id, latest)

    def case(self, case_id: int) -> None:
        """One entry for the case: title, proposal, decision and latest case document."""
        self.entries.filter(case_id=case_id).delete()
        case = self.cases.filter(pk=case_id).first()
        if case is None:
            return
        document = self.case_documents.filter(case_id=case_id).order_by("-number").first()
        html = "".join(
            [
                render_markdown(case.proposed_decision),
                render_markdown(case.decision),
                _stored(document) if document else "",
            ]
        )
        self.entries.create(
            case_id=case_id,
            version=document.number if document else None,
            number=case.number,
            title=_clean(case.title),
            text=_clean(_plain_text(html)),
        )

    def everything(self) -> None:
        self.entries.all().delete()
        seen: set[int] = set()
        for version in self.report_versions.order_by("report_id", "-number"):
            if version.report_id not in seen:
                seen.add(version.report_id)
                self._replace_report(version.report_id, version)
        for case_id in self.cases.values_list("pk", flat=True):
            self.case(case_id)

    def _replace_report(self, report_id: int, version) -> None:
        self.entries.filter(report_id=report_id).delete()
        html = _stored(version) if version else ""
        if not html:
            return
        self.entries.bulk_create(
            self.entries.model(
                report_id=report_id,
                version=version.number,
                position=position,
                anchor=section.anchor,
                number=section.number,
                title=_clean(section.title),
                text=_clean(section.text),
            )
            for position, section in enumerate(frozen_sections(html))
        )


def _stored(version) -> str:
    """The version's stored HTML, or nothing if its file no longer matches what was
    published: that is logged and told to the administrators where it is found, and a
    rebuild of the index or a saved case must not stop on it."""
    try:
        return stored_html(version)
    except StoredFileChanged:
        return ""


# Receivers, connected in ArchiveConfig.ready. Fixtures (raw saves) are skipped: their
# files may not be in place yet; run ``manage.py rebuild_search_index`` after loading.


def report_version_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        Indexer().report(instance.report_id)


def case_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        Indexer().case(instance.pk)


def case_document_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        Indexer().case(instance.case_id)
