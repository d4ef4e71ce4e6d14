"""Figures already published that an import would change (a *restatement*), for the
domain apps' imports, which must not import ``reports``.

An import's check asks ``figures_restated(apply, blocks="support.")`` with a callable
that applies the import by its real write path: the reports app runs it inside a
savepoint that is rolled back and compares, for each published month's latest version,
the key figures of the blocks named with that prefix before and after. The import
itself runs through ``apply_restating``, which measures the same way around the real
write, refuses a restatement that was not confirmed, and records the one that was, in
the same transaction. The reports app answers (``reports.restating``, registered in
``reports.apps``), as for ``ror_portal.reporting``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ror_portal.formatting import format_date, format_figure, format_number, month_label


@dataclass(frozen=True)
class RestatedFigure:
    """One key figure of a published report that an import changes."""

    version: int  # the published version's id
    month: datetime.date  # the report's month
    as_of: datetime.date  # its "tall per"
    section: str  # the section's number and title: "2.1.2.3 Åpne feilmeldinger"
    block: str  # the block's registered name
    label: str  # the key figure's label: "Feilmeldinger"
    published: Decimal
    restated: Decimal
    unit: str = ""

    @property
    def text(self) -> str:
        """ "2.1.2.3 Åpne feilmeldinger, Feilmeldinger per 01.02.2024: 140 i publisert
        rapport for januar 2024 → 210 etter importen"."""
        return _(
            "%(section)s, %(label)s as of %(as_of)s: %(published)s in the published report "
            "for %(month)s → %(restated)s after the import"
        ) % {
            "section": self.section,
            "label": self.label,
            "as_of": format_date(self.as_of),
            "published": format_figure(self.published, self.unit),
            "month": month_label(self.month),
            "restated": format_figure(self.restated, self.unit),
        }

    def as_json(self) -> dict[str, Any]:
        """For a job's result, which is plain JSON."""
        return {
            "version": self.version,
            "month": self.month.isoformat(),
            "as_of": self.as_of.isoformat(),
            "section": self.section,
            "block": self.block,
            "label": self.label,
            "published": str(self.published),
            "restated": str(self.restated),
            "unit": self.unit,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "RestatedFigure":
        return cls(
            **{
                **data,
                "month": datetime.date.fromisoformat(data["month"]),
                "as_of": datetime.date.fromisoformat(data["as_of"]),
                "published": Decimal(data["published"]),
                "restated": Decimal(data["restated"]),
            }
        )


@dataclass(kw_only=True)
class Restates:
    """What an import's check keeps of the published figures it changes, as a job's
    JSON result holds it (RestatedFigure.as_json); the ticket and ledger checks share it."""

    restated: list[dict] = field(default_factory=list)

    @property
    def restated_figures(self) -> list[RestatedFigure]:
        return [RestatedFigure.from_json(figure) for figure in self.restated]

    def restated_text(self) -> str:
        return ngettext(
            "%(count)s figure of published reports is changed and recorded.",
            "%(count)s figures of published reports are changed and recorded.",
            len(self.restated),
        ) % {"count": format_number(len(self.restated))}


# (apply, *, blocks, since, roll_back) → the figures changed
Measure = Callable[..., list[RestatedFigure]]
# (figures, *, source, user)
Record = Callable[..., None]


def _nothing_published(apply: Callable[[], object], *, roll_back: bool, **options) -> list:
    if not roll_back:
        apply()
    return []


@dataclass
class _Answers:
    measure: Measure = _nothing_published
    record: Record = lambda figures, **options: None


_answers = _Answers()


def provide(*, measure: Measure, record: Record) -> None:
    _answers.measure, _answers.record = measure, record


def figures_restated(
    apply: Callable[[], object], *, blocks: str = "support.", since: datetime.date | None = None
) -> list[RestatedFigure]:
    """The published figures that ``apply`` would change; nothing it writes is kept.

    Only blocks whose name starts with ``blocks``, and only reports whose *tall per* is
    after ``since`` (the earliest day the import changes anything of; a report's
    figures stand before its *tall per*): without such a report, ``apply`` is not run.
    """
    return _answers.measure(apply, blocks=blocks, since=since, roll_back=True)


class RestatementNotConfirmed(Exception):
    """The import restates published figures and was not confirmed; nothing is saved."""

    def __init__(self, figures: list[RestatedFigure]) -> None:
        super().__init__(f"{len(figures)} published figures would change")
        self.figures = figures


def apply_restating(
    apply: Callable[[], object],
    *,
    blocks: str = "support.",
    since: datetime.date | None = None,
    confirmed: bool,
    source: str,
    user=None,
) -> list[RestatedFigure]:
    """Run ``apply`` for real and return the published figures it changed, recorded with
    ``source`` (the file's name) and ``user`` in the same transaction. Unless
    ``confirmed``, an import that changes any raises RestatementNotConfirmed, with all
    of it rolled back. ``blocks`` and ``since`` as for ``figures_restated``."""
    with transaction.atomic():
        figures = _answers.measure(apply, blocks=blocks, since=since, roll_back=False)
        if figures and not confirmed:
            raise RestatementNotConfirmed(figures)
        _answers.record(figures, source=source, user=user)
    return figures
