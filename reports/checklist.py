"""The reports' own part of the monthly checklist: texts copied from last month that no
one has edited or confirmed yet, and the numbers typed in them that were last month's
figures and have changed since."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.models import MonthlyReport
from reports.stale_figures import stale_figures
from reports.tree import numbered
from ror_portal.blocks import Period
from ror_portal.checklist import ChecklistItem, register


@register("reports.unchanged_texts", order=90)
def unchanged_texts(period: Period) -> list[ChecklistItem]:
    report = MonthlyReport.objects.filter(month=period.month).first()
    if report is None:
        return []
    stale = [item for item in numbered(report.sections.all()) if item.section.unchanged_since_copy]
    if stale:
        detail = ngettext(
            "%(count)s section has the text of last month: %(sections)s.",
            "%(count)s sections have the text of last month: %(sections)s.",
            len(stale),
        ) % {
            "count": len(stale),
            "sections": ", ".join(item.label for item in stale),
        }
    else:
        detail = _("Every text is edited or confirmed for this month.")
    # the copied texts' own page while any is left, else the section tree
    url = (
        reverse("admin:reports_monthlyreport_review", args=[report.pk])
        if stale
        else reverse("admin:reports_monthlyreport_content", args=[report.pk]) + "#seksjoner"
    )
    items = [
        ChecklistItem(label=_("Texts checked for this month"), ok=not stale, detail=detail, url=url)
    ]
    outdated = stale_figures(report, stale) if stale else []
    if outdated:
        items.append(
            ChecklistItem(
                label=_("Figures typed in copied texts"),
                ok=False,
                detail=ngettext(
                    "A figure typed by hand has changed since last month: %(figures)s.",
                    "%(count)s figures typed by hand have changed since last month: %(figures)s.",
                    len(outdated),
                )
                % {"count": len(outdated), "figures": "; ".join(map(str, outdated))},
                url=url,
            )
        )
    return items
