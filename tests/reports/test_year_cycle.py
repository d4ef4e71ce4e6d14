"""The monthly cycle run for a year: January 2024 to January 2025, across the turn of
the year, with generated data (tests/year_data.py).

Each month is run through the services the admin uses: start the next month from the
last one, type the accounts month's actuals, import the ticket export up to *tall per*,
save the week's project statuses, publish. Every published version's figures are then
checked against an expectation computed here, in plain Python over the generated data,
without the product's selectors; and every changes page against the two versions it
compares.
"""

import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from reports.models import BoardMeeting, ReportVersion
from reports.next_month import report_start_next_month
from reports.publishing import report_publish
from reports.review import section_confirm
from ror_portal.checklist import checklist
from ror_portal.dates import last_working_day_before
from ror_portal.roles import Role
from support.importing import import_tickets
from tests.factories import MonthlyReportFactory, SectionFactory, UserFactory
from tests.year_data import (
    FINISHED_ON,
    KEYS,
    MUNICIPALITIES,
    OSLO,
    PRIORITY_NAMES,
    SLA_SECONDS,
    STARTED_ON,
    ActualsEntry,
    YearData,
    generate,
    month_start,
    oslo_midnight,
    report_months,
    save_actuals,
    save_budget,
    save_projects,
    save_status_updates,
    ticket_export,
)

pytestmark = pytest.mark.django_db

CENT = Decimal("0.01")
STATUS_NAMES = {
    "on_plan": "På plan",
    "minor_delays": "Mindre forsinkelser",
    "postponed": "Utsatt",
    "unclear": "Uavklart status",
    "finished": "Ferdig",
}
BLOCKS = {
    "operating": "budget.operating_result",
    "investment": "budget.investment_result",
    "open_incidents": "support.open_incidents",
    "open_requests": "support.open_requests",
    "sla": "support.sla_compliance",
    "municipality": "support.by_municipality",
    "projects": "projects.status_table",
}
# The month whose report is published twice: a correction to an actual after the first.
TWICE = datetime.date(2024, 6, 1)


@dataclass
class Published:
    month: datetime.date
    as_of: datetime.date
    version: ReportVersion
    # the actuals as typed by the time the version was published: (year, line, month) → kr
    actuals: dict[tuple[int, str, int], Decimal]
    # the monthly checklist just before publishing: (the item's admin page, done)
    checklist: list[tuple[str, bool]] = field(default_factory=list)
    first: "Published | None" = None  # the first version of a report published twice

    def done(self, page: str) -> bool:
        """Whether the checklist item that links to the admin page ``page`` was done."""
        (ok,) = [ok for url, ok in self.checklist if page in url]
        return ok

    @property
    def slug(self) -> str:
        return self.month.strftime("%Y-%m")

    def block(self, key: str) -> dict:
        (stored,) = [b for b in self.version.block_data.values() if b["block"] == BLOCKS[key]]
        return stored


@dataclass
class Cycle:
    data: YearData
    reports: list[Published] = field(default_factory=list)
    media: object = None
    board_member: object = None

    def report(self, year: int, month: int) -> Published:
        return next(p for p in self.reports if p.month == datetime.date(year, month, 1))


def second_wednesday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(2 - first.weekday()) % 7 + 7)


def january_report(meeting: BoardMeeting):
    report = MonthlyReportFactory(
        meeting=meeting, month=datetime.date(2024, 1, 1), as_of=datetime.date(2024, 2, 1)
    )
    economy = SectionFactory(report=report, title="Økonomi", body="Regnskapet.")
    SectionFactory(report=report, parent=economy, title="Drift", block=BLOCKS["operating"])
    SectionFactory(report=report, parent=economy, title="Investeringer", block=BLOCKS["investment"])
    support = SectionFactory(report=report, title="Brukerstøtte", body="Saker.")
    for key in ("open_incidents", "open_requests", "sla", "municipality"):
        SectionFactory(report=report, parent=support, title=f"Tall {key}", block=BLOCKS[key])
    SectionFactory(report=report, title="Byggeprosjekter", block=BLOCKS["projects"])
    return report


def run_the_year(data: YearData, administrator) -> list[Published]:
    line_ids = save_budget(data)
    project_ids = save_projects(data)
    ledger: dict[tuple[int, str, int], Decimal] = {}

    def type_actuals(month: datetime.date) -> None:
        for entry in data.actuals:
            if entry.before_report == month:
                save_actuals(entry, line_ids)
                for name, amount in entry.amounts.items():
                    ledger[entry.year, name, entry.month] = amount

    def publish(report) -> Published:
        checklist_done = [(item.url, item.ok) for item in checklist(report.period)]
        version = report_publish(
            report=report, user=administrator, notify=False, change_note=f"Tall {report.slug}."
        )
        return Published(report.month, report.as_of, version, dict(ledger), checklist_done)

    published = []
    statuses_through = None
    report = None
    for month in report_months():
        meeting_month = month_start(month.year, month.month + 1)
        meeting = BoardMeeting(
            number=f"{month.year}/M{month.month}",
            date=second_wednesday(meeting_month.year, meeting_month.month),
            place="Molde",
        )
        if report is None:
            meeting.save()
            report = january_report(meeting)
        else:
            # Start next month: the meeting made inline, sections and texts copied.
            report = report_start_next_month(report=report, meeting=meeting, as_of=meeting_month)
        assert (report.month, report.as_of, report.meeting.number) == (
            month,
            meeting_month,
            meeting.number,
        )
        type_actuals(month)
        export = ticket_export(data.tickets, report.as_of)
        summary = import_tickets(io.BytesIO(export), f"eksport-{report.slug}.csv")
        assert summary.ok, summary.errors
        # The week's statuses are typed after *tall per*: the report shows those up to it.
        through = report.as_of + datetime.timedelta(days=6)
        save_status_updates(data, project_ids, statuses_through, through)
        statuses_through = through
        # This month's text for the support desk; the other texts confirmed as still true.
        for section in report.sections.exclude(body=""):
            if section.title == "Brukerstøtte":
                section.body = support_text(data, report.as_of)
                section.note_edited(["body"])
                section.save()
            else:
                section_confirm(section=section)
        first = None
        if month == TWICE:
            # A correction to the accounts month after publishing: a second version.
            first = publish(report)
            line = next(line for line in data.lines if line.year == 2024)
            corrected = ledger[2024, line.name, 5] + Decimal("12345.67")
            save_actuals(ActualsEntry(month, 2024, 5, {line.name: corrected}), line_ids)
            ledger[2024, line.name, 5] = corrected
        published.append(publish(report))
        published[-1].first = first
    return published


def support_text(data: YearData, as_of: datetime.date) -> str:
    """The section's text as the administrator writes it, with the month's count."""
    moment = oslo_midnight(as_of)
    count = sum(
        1
        for t in data.tickets
        if t.kind == "incident" and t.created < moment and not (t.resolved and t.resolved < moment)
    )
    return f"{count} åpne feilmeldinger per {as_of:%d.%m.%Y}."


@pytest.fixture(scope="module")
def cycle(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Cycle]:
    """The thirteen months, run once for the module in a transaction rolled back after it."""

    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        pytest.MonkeyPatch.context() as patch,
        transaction.atomic(),
    ):
        # The PDF prints the same content HTML (tests/reports/test_pdf.py); rendering it
        # fourteen times would be two thirds of this module's time.
        patch.setattr("reports.publishing.report_pdf", lambda **kwargs: b"%PDF-1.7 year cycle")
        administrator = UserFactory(username="yearadmin", role=Role.ADMINISTRATOR)
        board_member = UserFactory(username="yearboard", role=Role.BOARD_MEMBER)
        data = generate()
        reports = run_the_year(data, administrator)
        yield Cycle(data, reports, media, board_member)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, cycle):
    """The published files are in the module's folder (overrides the conftest's per test)."""
    settings.MEDIA_ROOT = cycle.media


MONTH_IDS = [month.strftime("%Y-%m") for month in report_months()]
each_report = pytest.mark.parametrize("index", range(len(MONTH_IDS)), ids=MONTH_IDS)
each_later_report = pytest.mark.parametrize("index", range(1, len(MONTH_IDS)), ids=MONTH_IDS[1:])


# The expectations, computed from the generated data ------------------------------------


def accounts_period(month: datetime.date) -> tuple[int, int]:
    """The accounts lag a month: the report for January shows the whole year before."""
    return (month.year - 1, 12) if month.month == 1 else (month.year, month.month - 1)


def half_up(value: Decimal, exponent: Decimal = CENT) -> Decimal:
    return value.quantize(exponent, rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return half_up(part / whole * 100) if whole else None


def largest_remainder_split(total: Decimal, shares: dict[str, Decimal]) -> dict[str, Decimal]:
    """Whole kroner per member, adding up to the total: floors, then one krone each to
    the largest remainders (the sign turned for an underspend)."""
    if total < 0:
        return {name: -part for name, part in largest_remainder_split(-total, shares).items()}
    exact = {name: total * share / 100 for name, share in shares.items()}
    parts = {name: value.to_integral_value(ROUND_FLOOR) for name, value in exact.items()}
    left = int(total - sum(parts.values()))
    ranked = sorted(shares, key=lambda name: (-(exact[name] - parts[name]), -shares[name], name))
    for name in ranked[:left]:
        parts[name] += 1
    return parts


def expected_accounts(cycle: Cycle, published: Published, kind: str) -> list[list]:
    year, through = accounts_period(published.month)
    lines = sorted(
        (line for line in cycle.data.lines if line.year == year and line.kind == kind),
        key=lambda line: line.order,
    )
    rows = []
    for line in lines:
        if line.monthly:
            budget = sum(line.monthly[:through], Decimal(0))
        else:
            budget = half_up(line.annual * through / 12)
        actual = sum(
            (
                published.actuals.get((year, line.name, m), Decimal(0))
                for m in range(1, through + 1)
            ),
            Decimal(0),
        )
        rows.append([line.name, budget, actual, actual - budget, percent(actual - budget, budget)])
    budget = sum((row[1] for row in rows), Decimal(0))
    actual = sum((row[2] for row in rows), Decimal(0))
    rows.append(["Sum", budget, actual, actual - budget, percent(actual - budget, budget)])
    shares = {name: Decimal(p) for name, p in KEYS[year].items()}
    parts = largest_remainder_split(half_up(actual - budget, Decimal(1)), shares)
    for name in MUNICIPALITIES:
        share = f"{shares[name]}".replace(".", ",")
        rows.append([f"Fordelt på {name} ({share}\xa0%)", None, None, parts[name], None])
    return rows


def known_tickets(cycle: Cycle, as_of: datetime.date):
    """The tickets as the export at *tall per* told them: (ticket, resolved or None)."""
    moment = oslo_midnight(as_of)
    for ticket in cycle.data.tickets:
        if ticket.created < moment:
            resolved = ticket.resolved if ticket.resolved and ticket.resolved < moment else None
            yield ticket, resolved


def month_of(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(OSLO).date().replace(day=1)


def expected_open(cycle: Cycle, published: Published, kind: str) -> list[list]:
    """Open tickets of a kind at each of the twelve month ends up to the report's."""
    rows = []
    for offset in range(-11, 1):
        month = month_start(published.month.year, published.month.month + offset)
        following = month_start(month.year, month.month + 1)
        moment = oslo_midnight(following)
        count = sum(
            1
            for ticket, resolved in known_tickets(cycle, published.as_of)
            if ticket.kind == kind
            and ticket.created <= moment
            and (resolved is None or resolved > moment)
        )
        rows.append([(following - datetime.timedelta(days=1)).isoformat(), count])
    return rows


def expected_sla(cycle: Cycle, published: Published) -> list[list]:
    """Incidents resolved in each of the report's last three months, within the target
    (resolution time up to and including it) or not, per priority."""
    months = [month_start(published.month.year, published.month.month + o) for o in (-2, -1, 0)]
    counts = {(p, m): [0, 0] for p in SLA_SECONDS for m in months}
    for ticket, resolved in known_tickets(cycle, published.as_of):
        if ticket.kind != "incident" or resolved is None or month_of(resolved) not in months:
            continue
        seconds = (resolved - ticket.created).total_seconds()
        breach = seconds > SLA_SECONDS[ticket.priority]
        counts[ticket.priority, month_of(resolved)][breach] += 1
    return [
        [PRIORITY_NAMES[p], *[n for m in months for n in counts[p, m]]]
        for p in ("low", "medium", "high", "critical")
    ]


def expected_by_municipality(cycle: Cycle, published: Published) -> list[list]:
    counts = {}
    for ticket, _ in known_tickets(cycle, published.as_of):
        if month_of(ticket.created) == published.month:
            pair = counts.setdefault(ticket.municipality, [0, 0])
            pair[ticket.kind == "request"] += 1
    total = sum(i + r for i, r in counts.values())
    rows = [
        [name, i, r, i + r, half_up(Decimal(i + r) * 100 / total, Decimal("0.1"))]
        for name, (i, r) in counts.items()
    ]
    return sorted(rows, key=lambda row: (-row[3], row[0]))


def expected_projects(cycle: Cycle, published: Published) -> tuple[str, list[list]]:
    """Each project's latest status on or before *tall per*; a project finished before
    the report's month has dropped out, one with no status yet is not there."""
    rows, weeks = [], set()
    for project in sorted(cycle.data.projects, key=lambda p: p.order):
        earlier = [u for u in project.updates if u[0] <= published.as_of]
        if not earlier:
            continue
        day, status, comment = max(earlier)
        if status == "finished" and day < published.month:
            continue
        weeks.add(day.isocalendar()[:2])
        rows.append(
            [
                project.title,
                STATUS_NAMES[status],
                comment,
                day.isocalendar().week,
                project.municipality or "Alle",
            ]
        )
    header = f"Kommentar uke {next(iter(weeks))[1]}" if len(weeks) == 1 else "Kommentar"
    return header, rows


def as_stored(rows: list[list]) -> list[list]:
    """Cells as a published version keeps them (JSON): amounts compared as Decimal."""
    return [
        [Decimal(c) if isinstance(c, str) and _AMOUNT.fullmatch(c) else c for c in r] for r in rows
    ]


_AMOUNT = re.compile(r"-?\d+(\.\d+)?")


# The published versions' figures -------------------------------------------------------


@pytest.mark.parametrize("kind", ["operating", "investment"])
@each_report
def test_budget_figures_are_the_accounts_through_the_month_before(cycle, index, kind):
    published = cycle.reports[index]
    stored = published.block(kind)

    assert stored["columns"] == ["Post", "Budsjett", "Regnskap", "Avvik", "Avvik %"]
    assert as_stored(stored["rows"]) == expected_accounts(cycle, published, kind)


@each_report
def test_budget_blocks_say_which_months_they_add_up(cycle, index):
    published = cycle.reports[index]
    year, through = accounts_period(published.month)

    for kind in ("operating", "investment"):
        assert published.block(kind)["period"] == {
            "year": year,
            "first_month": 1,
            "last_month": through,
        }


@each_report
def test_open_tickets_at_each_month_end(cycle, index):
    published = cycle.reports[index]

    assert published.block("open_incidents")["rows"] == expected_open(cycle, published, "incident")
    assert published.block("open_requests")["rows"] == expected_open(cycle, published, "request")


@each_report
def test_sla_ok_and_breach_per_priority_for_three_months(cycle, index):
    published = cycle.reports[index]

    assert published.block("sla")["rows"] == expected_sla(cycle, published)


@each_report
def test_new_tickets_per_municipality(cycle, index):
    published = cycle.reports[index]

    assert as_stored(published.block("municipality")["rows"]) == expected_by_municipality(
        cycle, published
    )


@each_report
def test_latest_project_status_on_or_before_the_figures_date(cycle, index):
    published = cycle.reports[index]
    header, rows = expected_projects(cycle, published)
    stored = published.block("projects")

    assert stored["columns"][2] == header
    assert stored["rows"] == rows


def test_the_generated_year_has_what_the_cycle_must_handle(cycle):
    """Guards the generator: a change of seed must not leave out the hard cases."""
    titles = [[row[0] for row in p.block("projects")["rows"]] for p in cycle.reports]
    finished = "Skolenett Rauma"
    june = cycle.report(2024, FINISHED_ON.month)
    assert finished in titles[FINISHED_ON.month - 1]
    assert [r[1] for r in june.block("projects")["rows"] if r[0] == finished] == ["Ferdig"]
    assert finished not in titles[FINISHED_ON.month]
    assert "Velferdsteknologi" not in titles[STARTED_ON.month - 2]
    assert "Velferdsteknologi" in titles[STARTED_ON.month - 1]
    sla = [expected_sla(cycle, p) for p in cycle.reports]
    assert all(any(row[2] for row in rows) for rows in sla)  # breaches every month
    at_target = [
        t for t in cycle.data.tickets
        if t.resolved and (t.resolved - t.created).total_seconds() == SLA_SECONDS[t.priority]
    ]  # fmt: skip
    assert at_target
    assert all(expected_open(cycle, p, "incident")[-1][1] for p in cycle.reports)
    statuses_done = {expected_statuses_done(cycle, p) for p in cycle.reports}
    assert statuses_done == {True, False}


MONTH_NAMES = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
               "september", "oktober", "november", "desember"]  # fmt: skip


def accounts_caption(month: datetime.date) -> str:
    """How the report names the months its accounts add up."""
    year, through = accounts_period(month)
    if through == 12:
        return f"Regnskap {year}"
    months = "januar" if through == 1 else f"januar\u2013{MONTH_NAMES[through - 1]}"
    return f"Regnskap per {MONTH_NAMES[through - 1]} {year}. Hittil i år: {months} {year}"


def money(amount: Decimal) -> str:
    """As the report writes kroner: '1 938 000 kr', minus as '−'."""
    whole = f"{abs(half_up(amount, Decimal(1))):,.0f}".replace(",", "\xa0")
    return f"{'−' if amount < 0 else ''}{whole}\xa0kr"


def percent_text(value: Decimal | None) -> str:
    if value is None:
        return "\u2013"
    return f"{'−' if value < 0 else ''}{abs(value):.2f}".replace(".", ",") + "\xa0%"


@pytest.mark.parametrize("kind", ["operating", "investment"])
@each_report
def test_the_report_page_shows_the_accounts_with_their_months(cycle, client, index, kind):
    """The page a board member reads: each line and the total as the stored table has
    them, formatted the Norwegian way, under a caption that names the months."""
    published = cycle.reports[index]
    client.force_login(cycle.board_member)
    page = BeautifulSoup(client.get(f"/rapporter/{published.slug}/").content, "html.parser")
    expected = [row for row in expected_accounts(cycle, published, kind) if row[1] is not None]
    (table,) = [t for t in page.select("table.money-table") if t.find("th", string=expected[0][0])]

    assert accounts_caption(published.month) in " ".join(table.caption.get_text().split())
    shown = [
        [row.th.get_text(strip=True), *[td.get_text(strip=True) for td in row.select("td")]]
        for row in table.select("tbody tr, tfoot tr")
    ]
    assert shown == [
        [row[0], *[money(amount) for amount in row[1:4]], percent_text(row[4])] for row in expected
    ]


# The changes pages ---------------------------------------------------------------------


def changes_page(client, cycle: Cycle, published: Published) -> BeautifulSoup:
    client.force_login(cycle.board_member)
    response = client.get(reverse("reports:changes", args=[published.slug]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def figure_tables(page: BeautifulSoup, within: str = "[aria-labelledby=since-previous]"):
    """The tables of figures compared, by the title of their section: label → cells."""
    tables = {}
    for table in page.select(f"{within} table"):
        caption = table.caption.get_text(" ", strip=True)
        tables[caption] = {
            row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
            for row in table.tbody.select("tr")
        }
    return tables


def table_for(tables: dict, title: str) -> dict:
    (found,) = [rows for caption, rows in tables.items() if f" {title} – " in f" {caption}"]
    return found


def number(cell: str) -> Decimal | None:
    """A cell as the page formats it ('1 938 000 kr', '−1', '66,7 %') back to a number."""
    text = cell.replace("\xa0", "").replace(" ", "").replace("\u2212", "-")
    text = text.removesuffix("kr").removesuffix("%").replace(",", ".")
    return Decimal(text) if _AMOUNT.fullmatch(text.lstrip("+")) else None


def assert_compared(rows: dict, label: str, before, after, unit: str = "") -> None:
    """The row of a figure: before, after and the change, as the page writes them
    (kroner to whole kroner, as on the report; the change is that of the figures as
    written, so the reader's subtraction gives it)."""

    def shown(value):
        return half_up(value, Decimal(1)) if unit == "kr" and value is not None else value

    cells = rows[label]
    assert (number(cells[0]), number(cells[1])) == (shown(before), shown(after)), label
    if before is None:
        assert cells[2] == "nytt", label
    elif after is None:
        assert cells[2] == "borte", label
    elif shown(before) == shown(after):
        assert cells[2] == "uendret", label
    else:
        change = shown(after) - shown(before)
        assert number(cells[2].replace("prosentpoeng", "")) == change, label
    if unit == "kr":  # written as on the report: "1 938 000 kr", "+12 346 kr"
        assert cells[:2] == [money(v) if v is not None else "\u2013" for v in (before, after)]
        if before is not None and after is not None and shown(before) != shown(after):
            sign = "+" if after > before else "\u2212"
            assert cells[2] == sign + money(abs(shown(after) - shown(before))), label


@each_later_report
def test_changes_page_compares_the_support_figures_month_to_month(cycle, client, index):
    before, after = cycle.reports[index - 1], cycle.reports[index]
    tables = figure_tables(changes_page(client, cycle, after))

    incidents = table_for(tables, "Tall open_incidents")
    assert_compared(
        incidents,
        "Åpne feilmeldinger",
        expected_open(cycle, before, "incident")[-1][1],
        expected_open(cycle, after, "incident")[-1][1],
    )
    requests = table_for(tables, "Tall open_requests")
    assert_compared(
        requests,
        "Åpne tjenesteforespørsler",
        expected_open(cycle, before, "request")[-1][1],
        expected_open(cycle, after, "request")[-1][1],
    )
    sla = table_for(tables, "Tall sla")
    for old, new in zip(expected_sla(cycle, before), expected_sla(cycle, after), strict=True):
        label = f"{new[0]} – SLA OK"
        shares = [percent(Decimal(r[-2]), Decimal(r[-2] + r[-1])) for r in (old, new)]
        shares = [None if s is None else half_up(s, Decimal("0.1")) for s in shares]
        if shares == [None, None]:
            assert label not in sla
        else:
            assert_compared(sla, label, *shares)
    by_municipality = table_for(tables, "Tall municipality")
    old = {row[0]: row for row in expected_by_municipality(cycle, before)}
    for row in expected_by_municipality(cycle, after):
        was = old.get(row[0])
        assert_compared(by_municipality, f"{row[0]} – Sum", was and was[3], row[3])


BUDGET_TITLES = {"operating": "Drift", "investment": "Investeringer"}


def assert_budget_compared(rows: dict, before: list[list], after: list[list]) -> None:
    """Each line and the total: budget, actual and deviation to date, in kroner."""
    was = {row[0]: row for row in before}
    for row in after:
        if row[0].startswith("Fordelt på"):
            continue  # the split follows the key, whose shares name the label
        for index, column in enumerate(["Budsjett", "Regnskap", "Avvik"], start=1):
            old = was[row[0]][index] if row[0] in was else None
            assert_compared(rows, f"{row[0]} – {column}", old, row[index], "kr")


def budget_note(page: BeautifulSoup, kind: str) -> str:
    notes = [
        p.get_text(" ", strip=True)
        for p in page.select("[aria-labelledby=since-previous] .changes-note")
        if f" {BUDGET_TITLES[kind]}:" in p.get_text(" ", strip=True)
    ]
    return " ".join(notes)


@pytest.mark.parametrize("kind", ["operating", "investment"])
@pytest.mark.parametrize("index", range(2, 12), ids=MONTH_IDS[2:12])
def test_changes_page_compares_the_accounts_year_to_date_within_a_year(cycle, client, index, kind):
    """March to December 2024: January–February beside January, and so on."""
    before, after = cycle.reports[index - 1], cycle.reports[index]
    page = changes_page(client, cycle, after)

    rows = table_for(figure_tables(page), BUDGET_TITLES[kind])
    assert_budget_compared(
        rows, expected_accounts(cycle, before, kind), expected_accounts(cycle, after, kind)
    )
    assert budget_note(page, kind) == ""


@pytest.mark.parametrize("kind", ["operating", "investment"])
def test_changes_page_does_not_set_a_year_against_part_of_the_next(cycle, client, kind):
    """February 2024 shows January 2024; January's report showed all of 2023. No report
    has January 2023, so nothing is compared, and the page says the year changed."""
    page = changes_page(client, cycle, cycle.report(2024, 2))

    assert [c for c in figure_tables(page) if f" {BUDGET_TITLES[kind]} – " in f" {c}"] == []
    note = budget_note(page, kind)
    assert "Regnskapsåret er nytt" in note
    assert "januar 2024" in note and "2023" in note


@pytest.mark.parametrize("kind", ["operating", "investment"])
def test_changes_page_sets_a_full_year_beside_the_full_year_before(cycle, client, kind):
    """January 2025 shows all of 2024: beside all of 2023 (January 2024's report),
    never beside January–November 2024 (December's), and the page says so."""
    page = changes_page(client, cycle, cycle.report(2025, 1))

    rows = table_for(figure_tables(page), BUDGET_TITLES[kind])
    assert_budget_compared(
        rows,
        expected_accounts(cycle, cycle.report(2024, 1), kind),
        expected_accounts(cycle, cycle.report(2025, 1), kind),
    )
    (table,) = [
        t
        for t in page.select("[aria-labelledby=since-previous] table")
        if f" {BUDGET_TITLES[kind]} – " in f" {t.caption.get_text(' ', strip=True)}"
    ]
    assert [th.get_text(strip=True) for th in table.thead.select("th")][1:3] == ["2023", "2024"]
    note = budget_note(page, kind)
    assert "2024" in note and "2023" in note


def test_a_second_version_shows_its_changes_first(cycle, client):
    """June was published again after a correction to May's actuals: the changes in the
    version come before those since May's report, cell by cell."""
    published = cycle.report(TWICE.year, TWICE.month)
    first = published.first
    line = next(line for line in cycle.data.lines if line.year == 2024)
    page = changes_page(client, cycle, published)

    sections = [s["aria-labelledby"] for s in page.select("section[aria-labelledby]")]
    assert sections.index("since-earlier") < sections.index("since-previous")
    (table,) = page.select("[aria-labelledby=since-earlier] table")
    cells = {
        (row.th.get_text(strip=True), row.td.get_text(strip=True)): [
            td.get_text(strip=True) for td in row.select("td")[1:]
        ]
        for row in table.tbody.select("tr")
    }
    old = {row[0]: row for row in expected_accounts(cycle, first, "operating")}
    new = {row[0]: row for row in expected_accounts(cycle, published, "operating")}
    changed = {line.name, "Sum"} | {name for name in new if name.startswith("Fordelt på")}
    expected = {}
    for name in changed:
        for index, column in enumerate(["Regnskap", "Avvik", "Avvik %"], start=2):
            if old[name][index] != new[name][index]:
                expected[name, column] = (old[name][index], new[name][index])
    assert set(cells) == set(expected)
    for (name, column), (was, now) in expected.items():
        shown = [number(cells[name, column][0]), number(cells[name, column][1])]
        exponent = CENT if column == "Avvik %" else Decimal(1)
        assert shown == [half_up(was, exponent), half_up(now, exponent)], (name, column)


def expected_statuses_done(cycle: Cycle, published: Published) -> bool:
    """Every project the report can show has a status from the week of *tall per*
    (a finished one needs no more; one finished before the month is not shown), or the
    week's statuses were saved (gone through) on a day of that week up to *tall per*."""
    monday = published.as_of - datetime.timedelta(days=published.as_of.weekday())
    saved_days = {u[0] for project in cycle.data.projects for u in project.updates}
    if any(monday <= day <= published.as_of for day in saved_days):
        return True
    for project in cycle.data.projects:
        earlier = [u for u in project.updates if u[0] <= published.as_of]
        latest = max(earlier) if earlier else None
        if latest is None or (latest[1] != "finished" and latest[0] < monday):
            return False
    return True


def expected_tickets_done(cycle: Cycle, published: Published) -> bool:
    """The export taken at *tall per* records something (a ticket created or resolved)
    on the last working day before it or later: a quiet last day, which the generated
    desk has now and then, leaves the point open whenever the export was imported."""
    moment = oslo_midnight(published.as_of)
    needed = last_working_day_before(published.as_of)
    return any(
        needed <= when.astimezone(OSLO).date()
        for ticket in cycle.data.tickets
        for when in (ticket.created, ticket.resolved)
        if when and when < moment
    )


def test_a_quiet_last_working_day_leaves_the_ticket_point_open(cycle):
    """The generated desk recorded nothing on Friday 31.05.2024, so the export of
    01.06.2024 does not show that it reaches it, though it was imported after it."""
    may = cycle.report(2024, 5)
    assert not expected_tickets_done(cycle, may)
    assert not may.done(reverse("admin:support_ticket_import"))
    assert cycle.report(2024, 4).done(reverse("admin:support_ticket_import"))


@each_report
def test_the_checklist_before_publishing(cycle, index):
    published = cycle.reports[index]

    content = reverse("admin:reports_monthlyreport_content", args=[published.version.report_id])

    assert published.done(reverse("admin:budget_ledgerimport_upload"))  # every line's actual
    assert published.done(reverse("admin:support_ticket_import")) == expected_tickets_done(
        cycle, published
    )
    assert published.done(content)  # the texts edited or confirmed
    assert published.done(
        reverse("admin:projects_buildingproject_updates")
    ) == expected_statuses_done(cycle, published)


@each_report
def test_the_report_page_has_the_months_text_and_change_note(cycle, client, index):
    published = cycle.reports[index]
    client.force_login(cycle.board_member)

    text = BeautifulSoup(client.get(f"/rapporter/{published.slug}/").content, "html.parser")
    text = text.get_text(" ", strip=True)

    assert support_text(cycle.data, published.as_of) in text
    assert published.version.change_note == f"Tall {published.slug}."
