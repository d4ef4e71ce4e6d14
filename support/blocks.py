"""The support desk's blocks in the report (section 2.1.2): each a table, most
with a chart of the same numbers."""

from decimal import Decimal

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ror_portal.blocks import BlockData, KeyFigure, Period, register
from ror_portal.charts import PERCENT, as_series, bar_chart, line_chart
from ror_portal.formatting import as_number, format_date, format_percent, month_label
from support import selectors
from support.models import Kind
from support.origin import ticket_origin


def new_tickets_block(period: Period, field: str, name: str, heading: str) -> BlockData:
    rows = selectors.new_tickets_by(period, field)
    labels = tuple(row.label for row in rows)
    total = sum(row.total for row in rows)
    # the rows come largest first; where several share the most, the text names them all
    most = [row.label for row in rows if row.total == rows[0].total]
    if len(most) > 1:
        text = _(
            "%(total)s new tickets in %(month)s by %(heading)s; most in %(first)s (%(share)s each)."
        )
    else:
        text = _(
            "%(total)s new tickets in %(month)s by %(heading)s; most in %(first)s (%(share)s)."
        )
    description = text % {
        "total": total,
        "month": month_label(period.month),
        "heading": heading.lower(),
        "first": get_text_list(most, _("and")) if rows else "–",
        "share": format_percent(rows[0].share, 1) if rows else "–",
    }
    chart = (
        bar_chart(
            name,
            labels,
            as_series(
                [
                    (Kind.INCIDENT.label, [r.incidents for r in rows]),
                    (Kind.REQUEST.label, [r.requests for r in rows]),
                ]
            ),
            description=description,
            value_label=_("Tickets"),
            horizontal=True,
            stacked=True,
        )
        if rows
        else None
    )
    return BlockData(
        columns=[heading, _("Incidents"), _("Service requests"), _("Total"), _("Share %")],
        rows=[[r.label, r.incidents, r.requests, r.total, r.share] for r in rows],
        context={
            "rows": rows,
            "total": total,
            "incidents": sum(row.incidents for row in rows),
            "requests": sum(row.requests for row in rows),
            "heading": heading,
            "table_caption": _("New tickets in %(month)s by %(heading)s")
            % {"month": month_label(period.month), "heading": heading.lower()},
            "chart": chart,
            "caption": description,
        },
    )


@register(
    "support.by_category",
    title=gettext_lazy("New tickets by category"),
    template="support/blocks/new_tickets.html",
    origin=ticket_origin,
)
def by_category(period: Period) -> BlockData:
    return new_tickets_block(period, "category", "support.by_category", _("Category"))


@register(
    "support.by_municipality",
    title=gettext_lazy("New tickets by municipality"),
    template="support/blocks/new_tickets.html",
    origin=ticket_origin,
)
def by_municipality(period: Period) -> BlockData:
    return new_tickets_block(period, "municipality", "support.by_municipality", _("Municipality"))


def open_block(period: Period, name: str, kinds: list[str], table_caption: str) -> BlockData:
    counts = selectors.open_counts(period)
    labels = tuple(date_format(point.day, "d.m.y") for point in counts)
    titles = {
        "incidents": _("Open incidents"),
        "requests": _("Open service requests"),
        "total": _("Open in all"),
    }
    series = [(titles[kind], [getattr(point, kind) for point in counts]) for kind in kinds]
    last = counts[-1]
    description = (
        "; ".join(
            _("%(what)s: %(first)s on %(first_day)s, %(last)s on %(last_day)s")
            % {
                "what": title,
                "first": values[0],
                "first_day": format_date(counts[0].day),
                "last": values[-1],
                "last_day": format_date(last.day),
            }
            for title, values in series
        )
        + "."
    )
    return BlockData(
        columns=[_("Date"), *[title for title, _ in series]],
        rows=[[point.day, *[getattr(point, kind) for kind in kinds]] for point in counts],
        context={
            "counts": counts,
            "kinds": kinds,
            "titles": [t for t, _ in series],
            "table_caption": table_caption,
            "chart": line_chart(
                name,
                labels,
                as_series(series),
                description=description,
                value_label=_("Tickets"),
            ),
            "caption": description,
        },
    )


def latest_counts(columns, rows) -> list[KeyFigure]:
    """The open tickets at the report's date: the last point of the series."""
    if not rows:
        return []
    latest = zip(columns[1:], rows[-1][1:], strict=True)
    return [
        KeyFigure(column, number)
        for column, value in latest
        if (number := as_number(value)) is not None
    ]


@register(
    "support.open_incidents",
    key_figures=latest_counts,
    title=gettext_lazy("Open incidents over time"),
    template="support/blocks/open_counts.html",
    origin=ticket_origin,
)
def open_incidents(period: Period) -> BlockData:
    return open_block(period, "support.open_incidents", ["incidents"], _("Open incidents by date"))


@register(
    "support.open_requests",
    key_figures=latest_counts,
    title=gettext_lazy("Open service requests over time"),
    template="support/blocks/open_counts.html",
    origin=ticket_origin,
)
def open_requests(period: Period) -> BlockData:
    return open_block(
        period, "support.open_requests", ["requests"], _("Open service requests by date")
    )


@register(
    "support.open_total",
    key_figures=latest_counts,
    title=gettext_lazy("Open incidents and service requests"),
    template="support/blocks/open_counts.html",
    origin=ticket_origin,
)
def open_total(period: Period) -> BlockData:
    return open_block(
        period,
        "support.open_total",
        ["incidents", "requests", "total"],
        _("Open incidents and service requests by date"),
    )


def reported_month_compliance(columns, rows) -> list[KeyFigure]:
    """The reported month's share within the SLA per priority: its pair is the last.
    The share is the block's own (``SlaCount.percent_ok``), so the changes page says
    what the chart said."""
    figures = []
    for row in rows:
        ok, breach = as_number(row[-2]), as_number(row[-1])
        if ok is None or breach is None:
            continue
        share = selectors.SlaCount(int(ok), int(breach)).percent_ok
        if share is not None:
            figures.append(KeyFigure(_("%(priority)s – SLA OK") % {"priority": row[0]}, share, "%"))
    return figures


@register(
    "support.sla_compliance",
    key_figures=reported_month_compliance,
    title=gettext_lazy("SLA compliance per priority"),
    template="support/blocks/sla_compliance.html",
    origin=ticket_origin,
)
def sla_compliance(period: Period) -> BlockData:
    table = selectors.sla_compliance(period)
    months = [month_label(month) for month in table.months]
    columns = [_("Priority")]
    for month in months:
        columns += [
            _("SLA OK %(month)s") % {"month": month},
            _("SLA breach %(month)s") % {"month": month},
        ]
    rows = [
        [row.label, *[n for count in row.values for n in (count.ok, count.breach)]]
        for row in table.rows
    ]
    # A month without incidents has no share (None): no bar, and the text says so.
    series = [
        (month, [row.values[index].percent_ok for row in table.rows])
        for index, month in enumerate(months)
    ]
    description = " ".join(
        [
            _("Share of incidents resolved within the SLA per priority, for %(months)s.")
            % {"months": ", ".join(months)},
            *[
                shares_text(row.label, [count.percent_ok for count in row.values])
                for row in table.rows
            ],
            *[
                _("No incidents with priority %(priority)s were resolved in %(month)s.")
                % {"priority": row.label, "month": month}
                for row in table.rows
                for month, count in zip(months, row.values, strict=True)
                if count.percent_ok is None
            ],
        ]
    )
    chart = bar_chart(
        "support.sla_compliance",
        tuple(row.label for row in table.rows),
        as_series(series),
        description=description,
        value_label=_("Resolved within the SLA"),
        unit=PERCENT,
    )
    return BlockData(
        columns=columns,
        rows=rows,
        context={
            "table": table,
            "months": months,
            "chart": chart,
            "caption": description,
            "any_empty": any(c.percent_ok is None for row in table.rows for c in row.values),
        },
    )


def shares_text(label: str | Promise, shares: list[Decimal | None]) -> str:
    """'Lav: 33,3 %, 61,5 %, 66,7 %.', a dash where there is no share."""
    return _("%(label)s: %(shares)s.") % {
        "label": label,
        "shares": ", ".join(format_percent(share, 1) for share in shares),
    }


def reported_month_resolution(columns, rows) -> list[KeyFigure]:
    """The reported month's average resolution time per priority (its column is the last)."""
    return [
        KeyFigure(
            _("%(priority)s – average resolution time (SLA %(target)s)")
            % {"priority": row[0], "target": row[1]},
            number,
        )
        for row in rows
        if (number := as_number(row[-1])) is not None
    ]


@register(
    "support.resolution_time",
    key_figures=reported_month_resolution,
    title=gettext_lazy("Average resolution time per priority"),
    template="support/blocks/resolution_time.html",
    origin=ticket_origin,
)
def resolution_time(period: Period) -> BlockData:
    table = selectors.resolution_times(period)
    months = [month_label(month) for month in table.months]
    rows = [[row.label, target_text(row), *row.values] for row in table.rows]
    return BlockData(
        columns=[_("Priority"), _("SLA"), *months],
        rows=rows,
        context={"table": table, "months": months, "rows": rows},
    )


def target_text(row) -> str:
    if row.target is None:
        return "–"
    seconds = row.target.resolution.total_seconds()
    return duration_text(row.priority, int(selectors.in_unit(row.priority, seconds)))


def duration_text(priority: str, count) -> str:
    """'5 dager' or '4 timer': ``count`` in the unit the priority is shown in."""
    if selectors.in_days(priority):
        return _("%(count)s days") % {"count": count}
    return _("%(count)s hours") % {"count": count}


def critical_count(columns, rows) -> list[KeyFigure]:
    return [KeyFigure(_("Critical tickets"), Decimal(len(rows)))]


@register(
    "support.critical_tickets",
    key_figures=critical_count,
    title=gettext_lazy("Critical tickets of the month"),
    template="support/blocks/critical_tickets.html",
    origin=ticket_origin,
)
def critical_tickets(period: Period) -> BlockData:
    tickets = selectors.critical_tickets(period)
    held = {True: _("Yes"), False: _("No"), None: "–"}
    return BlockData(
        columns=[
            _("Ticket"),
            _("Subject"),
            _("Municipality"),
            _("Created"),
            _("Resolution time (hours)"),
            _("SLA held"),
        ],
        rows=[
            [t.number, t.subject, t.municipality, t.created, t.hours, held[t.sla_held]]
            for t in tickets
        ],
        context={"tickets": tickets},
    )


@register(
    "support.sla_by_municipality",
    title=gettext_lazy("SLA compliance per municipality"),
    template="support/blocks/sla_by_municipality.html",
    origin=ticket_origin,
)
def sla_by_municipality(period: Period) -> BlockData:
    rows = selectors.sla_by_municipality(period)
    months = selectors.last_months(period, 3)
    span = f"{month_label(months[0])} – {month_label(months[-1])}"
    description = " ".join(
        [
            _("Share of incidents resolved within the SLA per municipality, %(span)s.")
            % {"span": span},
            *[shares_text(r.municipality, [r.count.percent_ok]) for r in rows],
        ]
    )
    chart = (
        bar_chart(
            "support.sla_by_municipality",
            tuple(r.municipality for r in rows),
            as_series([(_("SLA OK %"), [r.count.percent_ok for r in rows])]),
            description=description,
            value_label=_("Resolved within the SLA"),
            unit=PERCENT,
        )
        if rows
        else None
    )
    return BlockData(
        columns=[_("Municipality"), _("SLA OK"), _("SLA breach"), _("SLA OK %")],
        rows=[[r.municipality, r.count.ok, r.count.breach, r.count.percent_ok] for r in rows],
        context={"rows": rows, "span": span, "chart": chart, "caption": description},
    )
