from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive and search")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from archive import indexing
        from reports.models import Case, CaseDocumentVersion, ReportVersion
        from ror_portal.navigation import register_link
        from ror_portal.roles import READERS

        register_link("archive:archive", _("Archive and search"), roles=READERS, order=30)
        # A deleted case takes its entry with it (the foreign key cascades), and a
        # published report cannot be deleted, so saving is all the index follows.
        post_save.connect(indexing.report_version_saved, sender=ReportVersion)
        post_save.connect(indexing.case_saved, sender=Case)
        post_save.connect(indexing.case_document_saved, sender=CaseDocumentVersion)
