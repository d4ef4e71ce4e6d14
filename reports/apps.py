from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from reports import draft_pdf, info
        from ror_portal import reporting

        reporting.provide(draft=info.draft_report, for_month=info.report_for_month)
        draft_pdf.connect()
