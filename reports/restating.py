"""The reports app's answers to ``ror_portal.restatements``: which published figures an
import changes, measured by running the import and recomputing the published months'
blocks before and after it; and the record of a confirmed restatement."""

import datetime
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import OuterRef, Subquery

from reports.models import ReportVersion, Restatement
from reports.rendering import run_block, stored_figures
from ror_portal.blocks import KeyFigure, key_figures_of, one_rendering
from ror_portal.restatements import RestatedFigure

# (version, section number, the block as the version stored it)
_Published = tuple[ReportVersion, str, dict]


def latest_versions(since: datetime.date | None) -> list[ReportVersion]:
    """Each published report's latest version, of the reports whose *tall per* is after
    ``since`` (all where None), oldest month first. One query."""
    newest = ReportVersion.objects.filter(report=OuterRef("report")).order_by("-number")
    versions = ReportVersion.objects.filter(pk=Subquery(newest.values("pk")[:1]))
    if since is not None:
        versions = versions.filter(report__as_of__gt=since)
    return list(versions.select_related("report__meeting").order_by("report__month"))


def figures_measured(
    apply: Callable[[], object],
    *,
    blocks: str,
    since: datetime.date | None,
    roll_back: bool,
) -> list[RestatedFigure]:
    """Run ``apply`` (inside a savepoint rolled back if ``roll_back``) and return the
    published key figures it changed and that now differ from what was published."""
    published = [
        (version, number, stored)
        for version in latest_versions(since)
        for number, stored in version.block_data.items()
        if stored["block"].startswith(blocks)
    ]
    if not published:
        if not roll_back:
            apply()
        return []
    if roll_back:
        with transaction.atomic():
            apply()
            after = _figures_now(published)
            transaction.set_rollback(True)
        before = _figures_before(published, after)
    else:  # the caller's transaction holds the import
        before = _figures_now(published)
        apply()
        after = _figures_now(published)
    return list(_restated(published, before, after))


def _figures_before(
    published: list[_Published], after: list[dict[str, KeyFigure]]
) -> list[dict[str, KeyFigure]]:
    """With the trial rolled back: the figures before it, computed only for the blocks
    whose figures after it differ from the published ones (no other can be restated),
    to tell what the import changes from what had changed already."""
    differ = [
        index
        for index, ((_version, _number, stored), now) in enumerate(
            zip(published, after, strict=True)
        )
        if any(f.label in now and now[f.label].value != f.value for f in key_figures_of(stored))
    ]
    found = dict(zip(differ, _figures_now([published[i] for i in differ]), strict=True))
    return [found.get(index, now) for index, now in enumerate(after)]


def _figures_now(published: list[_Published]) -> list[dict[str, KeyFigure]]:
    """Each published block's key figures as today's data gives them, by label, by the
    block's own rule as at publishing; a block that fails now has none."""
    figures: list[dict[str, KeyFigure]] = []
    for version, _number, stored in published:
        with one_rendering():
            ran = run_block(stored["block"], version.report.period, html=False)
        if ran.data is None:
            figures.append({})
            continue
        now = stored_figures(stored["block"], stored["title"], ran.data)
        figures.append({f.label: f for f in key_figures_of(now)})
    return figures


def _restated(
    published: list[_Published],
    before: list[dict[str, KeyFigure]],
    after: list[dict[str, KeyFigure]],
) -> Iterable[RestatedFigure]:
    for (version, number, stored), was, now in zip(published, before, after, strict=True):
        for figure in key_figures_of(stored):
            new = now.get(figure.label)
            old = was.get(figure.label)
            if new is None or (old is not None and old.value == new.value):
                continue  # not changed by the import
            if new.value == figure.value:
                continue  # the import brings back what was published
            yield RestatedFigure(
                version=version.pk,
                month=version.report.month,
                as_of=version.report.as_of,
                section=f"{number} {stored['title']}",
                block=stored["block"],
                label=figure.label,
                published=figure.value,
                restated=new.value,
                unit=figure.unit,
            )


def restatements_record(figures: list[RestatedFigure], *, source: str, user=None) -> None:
    Restatement.objects.bulk_create(
        Restatement(
            version_id=figure.version,
            section=figure.section[:300],
            block=figure.block,
            label=figure.label[:300],
            published=str(figure.published),
            restated=str(figure.restated),
            unit=figure.unit,
            source=source[:300],
            recorded_by=user if user is not None and user.is_authenticated else None,
        )
        for figure in figures
    )
