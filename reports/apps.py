from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from reports import draft_pdf, info, restating
        from ror_portal import reporting, restatements

        reporting.provide(draft=info.draft_report, for_month=info.report_for_month)
        restatements.provide(
            measure=restating.figures_measured, record=restating.restatements_record
        )
        draft_pdf.connect()
