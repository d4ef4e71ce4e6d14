from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """What the search finds: a section of a report's latest published version, or a
    case with its proposal, decision and latest published case document. Written by
    ``archive.indexing`` when they are published or saved, never edited by hand."""

    report = models.ForeignKey(
        "reports.MonthlyReport",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("report"),
    )
    case = models.ForeignKey(
        "reports.Case",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    version = models.PositiveIntegerField(
        _("version"), null=True, blank=True, help_text=_("The published version read.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    anchor = models.CharField(_("anchor"), max_length=100, blank=True)
    number = models.CharField(_("number"), max_length=30, blank=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        ordering = ["report", "case", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=True) ^ Q(case__isnull=True),
                name="search_entry_of_a_report_or_a_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        if self.case is not None:
            return self.case.get_absolute_url()
        if self.report is None:
            raise ValueError("A search entry is of a report or a case (its check constraint).")
        return f"{self.report.get_absolute_url()}#{self.anchor}"
