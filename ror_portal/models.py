import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ror_portal.collation import norwegian


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    """Kroner with øre: every amount of the portal is stored this way."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


def done_by(verbose_name, **kwargs) -> models.ForeignKey:
    """Who did something, in a record that outlives their account: emptied when the
    account is deleted, with no way back from the user to the records."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        **kwargs,
    )


class FileImportRecord(models.Model):
    """The audit record every import of a file keeps: which file, who, when."""

    file_name = models.CharField(_("file"), max_length=200)
    imported_by = done_by(
        _("imported by"), help_text=_("Empty when imported from the command line.")
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        abstract = True


def serving(start: str, end: str, first: datetime.date, last: datetime.date | None = None) -> Q:
    """Rows whose period (the fields ``start`` and ``end``, an empty end still open)
    meets the days from ``first`` to ``last`` (by default the one day ``first``): the
    one rule of a membership or a seat on any day or in any year."""
    return Q(**{f"{start}__lte": last or first}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": first})
    )


class MunicipalityQuerySet(models.QuerySet):
    def members_on(self, day: datetime.date) -> "MunicipalityQuerySet":
        return self.filter(serving("member_from", "member_until", day))

    def members_in_year(self, year: int) -> "MunicipalityQuerySet":
        """Members on any day of the year: the ones a key or report of that year covers."""
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return self.filter(serving("member_from", "member_until", first, last))


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    member_from = models.DateField(_("member from"))
    member_until = models.DateField(
        _("member until"), null=True, blank=True, help_text=_("Empty while still a member.")
    )

    objects = MunicipalityQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = [norwegian("name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.member_until and self.member_from and self.member_until < self.member_from:
            raise ValidationError(
                {"member_until": _("The membership cannot end before it starts.")}
            )
