"""What changed since the previous report and between versions, from stored versions."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.changes import (
    CellChange,
    cells_compared,
    key_figures,
    since_previous,
    text_compared,
)
from reports.frozen import frozen_sections, stored_html
from reports.models import MonthlyReport, ReportVersion
from reports.next_month import report_copy_to_next_month
from reports.publishing import report_publish
from ror_portal.roles import Role
from support.models import Ticket
from tests.factories import (
    MonthlyReportFactory,
    ReportVersionFactory,
    SectionFactory,
    TicketFactory,
)
from tests.html_validator import html_errors

UTC = datetime.UTC


def at(month, day, hour=8):
    return datetime.datetime(2024, month, day, hour, 0, tzinfo=UTC)


def resolve(number, when):
    """Through save(), which keeps the ticket's resolution time with it."""
    ticket = Ticket.objects.get(number=number)
    ticket.resolved = when
    ticket.save()


@pytest.fixture
def january(db, administrator):
    """Medium incidents: in January one resolved within the SLA, one not, three left open."""
    TicketFactory(number="1", created=at(1, 10), resolved=at(1, 11))
    TicketFactory(number="2", created=at(1, 10), resolved=at(1, 25))
    for number in ("3", "4", "5"):
        TicketFactory(number=number, created=at(1, 15))
    report = MonthlyReportFactory()
    SectionFactory(report=report, title="Åpne feilmeldinger", block="support.open_incidents")
    SectionFactory(report=report, title="SLA", block="support.sla_compliance", body="Bra.")
    report_publish(report=report, user=administrator, notify=False)
    return report


@pytest.fixture
def february(january, next_meeting, administrator):
    """February: ticket 3 resolved late, two new ones resolved in time; two left open."""
    resolve("3", at(2, 16))
    TicketFactory(number="6", created=at(2, 5), resolved=at(2, 6))
    TicketFactory(number="7", created=at(2, 7), resolved=at(2, 8))
    report = report_copy_to_next_month(report=january, meeting=next_meeting)
    report_publish(report=report, user=administrator, notify=False)
    return report


def figure_rows(response, caption_start, within="section"):
    page = BeautifulSoup(response.content, "html.parser")
    tables = page.select(f"{within} table")
    table = next(t for t in tables if t.caption.text.startswith(caption_start))
    return {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
        for row in table.tbody.select("tr")
    }


def test_figures_beside_the_previous_months_with_the_change(client_for, february):
    response = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-02/endringer/")

    assert response.status_code == 200
    assert figure_rows(response, "1 Åpne feilmeldinger")["Åpne feilmeldinger"] == [
        "3",
        "2",
        "\u22121",
    ]
    # January 1 of 2 within the SLA, February 2 of 3.
    assert figure_rows(response, "2 SLA")["Medium – SLA OK"] == [
        "50,0\xa0%",  # stored as 50.0: the report printed "50,0 %"
        "66,7\xa0%",
        "+16,7\xa0prosentpoeng",
    ]


def test_the_comparison_comes_from_the_stored_versions_not_todays_data(client_for, february):
    resolve("4", at(2, 20))
    Ticket.objects.filter(number="5").delete()

    response = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-02/endringer/")

    assert figure_rows(response, "1 Åpne feilmeldinger")["Åpne feilmeldinger"][:2] == ["3", "2"]


def test_the_report_page_links_to_what_changed(client_for, february):
    response = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-02/")

    link = BeautifulSoup(response.content, "html.parser").find(
        "a", href="/rapporter/2024-02/endringer/"
    )
    assert link.get_text(strip=True) == "Endringer siden forrige rapport"


@pytest.mark.parametrize(
    ("before", "after", "unit", "texts"),
    [
        (
            "-1.50",
            "-2.00",
            "%",
            ["\u22121,50\xa0%", "\u22122,00\xa0%", "\u22120,50\xa0prosentpoeng"],
        ),
        ("48.5", "50.0", "%", ["48,5\xa0%", "50,0\xa0%", "+1,5\xa0prosentpoeng"]),
        ("140", "143", "", ["140", "143", "+3"]),
        # kroner are printed whole, and the change is theirs: 1 937 999 → 1 938 001 is +2,
        # though the amounts differ by 1,20
        (
            "1937999.40",
            "1938000.60",
            "kr",
            ["1\xa0937\xa0999\xa0kr", "1\xa0938\xa0001\xa0kr", "+2\xa0kr"],
        ),
    ],
)
def test_cells_are_written_with_the_decimals_they_were_stored_with(before, after, unit, texts):
    cell = CellChange("Sum", "Avvik", before, after, unit)
    assert [cell.before_text, cell.after_text, cell.change_text] == texts


def test_between_versions_only_cells_that_print_differently_are_listed():
    def stored(actual, deviation):
        columns = ["Post", "Regnskap", "Avvik"]
        return {"1": {"block": "budget.operating_result", "title": "Drift", "columns": columns,
                      "rows": [["Lønn", actual, deviation]]}}  # fmt: skip

    # øre that round to the same krone: the board was shown the same figures
    assert cells_compared(stored("1938000.40", "10"), stored("1938000.20", "10")) == []
    [(_block, cells)] = cells_compared(stored("1938000.40", "10"), stored("1938000.60", "10"))
    assert [(cell.column, cell.before_text, cell.after_text) for cell in cells] == [
        ("Regnskap", "1\xa0938\xa0000\xa0kr", "1\xa0938\xa0001\xa0kr")
    ]
    assert cells[0].change_text == "+1\xa0kr"


def test_the_first_report_has_nothing_to_compare_with(client_for, january):
    response = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-01/endringer/")

    assert response.status_code == 200
    assert "Det finnes ingen tidligere publisert rapport å sammenligne med." in response.text
    assert "Endringer i versjon" not in response.text


def test_a_second_version_shows_its_changed_figures_and_text(client_for, february, administrator):
    section = february.sections.get(title="SLA")
    section.body = "Bedre enn i januar."
    section.save()
    resolve("4", at(2, 9))
    report_publish(report=february, user=administrator, notify=False)

    response = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-02/versjon/2/endringer/")

    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("h2", id="since-earlier").get_text(strip=True) == (
        "Endringer i versjon 2 siden versjon 1"
    )
    removed = [li.get_text(" ", strip=True) for li in page.select(".text-diff__removed")]
    added = [li.get_text(" ", strip=True) for li in page.select(".text-diff__added")]
    assert removed == ["Fjernet: Bra."]
    assert added == ["Lagt til: Bedre enn i januar."]
    cells = figure_rows(response, "1 Åpne feilmeldinger", within="[aria-labelledby=since-earlier]")
    assert cells["29.02.2024"] == ["Åpne feilmeldinger", "2", "1", "\u22121"]


def test_a_version_without_changes_says_so(client_for, february, administrator):
    february.sections.filter(title="SLA").update(body="Bra, og uendret tall.")
    report_publish(report=february, user=administrator, notify=False)

    response = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-02/endringer/")

    assert "Ingen tall er endret mellom versjonene." in response.text
    assert [
        li.get_text(" ", strip=True)
        for li in BeautifulSoup(response.content, "html.parser").select(".text-diff__added")
    ] == ["Lagt til: Bra, og uendret tall."]


def test_drafts_have_no_changes_page_for_board_members(client_for, report_with_glossary):
    assert client_for(Role.BOARD_MEMBER).get("/rapporter/2024-01/endringer/").status_code == 404


def test_query_count_does_not_grow_with_the_number_of_reports(
    client_for, django_assert_max_num_queries, administrator
):
    """Each report's budget block covers the accounts through the month before, so a
    February report looks for January a year earlier (the turn of the year)."""
    client = client_for(Role.BOARD_MEMBER)
    client.get("/")

    def versions_of(months):
        for index in months:
            month = datetime.date(2020 + index // 12, index % 12 + 1, 1)
            report = MonthlyReportFactory(month=month, as_of=month.replace(day=2))
            accounts = (
                {"year": month.year - 1, "first_month": 1, "last_month": 12}
                if month.month == 1
                else {"year": month.year, "first_month": 1, "last_month": month.month - 1}
            )
            for number in (1, 2):
                block_data = ReportVersionFactory.block_data.function()
                block_data["1"] = {
                    **stored("budget.operating_result", ["Post", "Budsjett"], [["Sum", index]]),
                    "period": accounts,
                }
                ReportVersionFactory(report=report, number=number, block_data=block_data)
        return report

    counts = []
    for months in (range(0, 14), range(14, 50)):
        february = versions_of(months)
        assert february.month.month == 2
        # one of them reads the figures restated after publishing
        with django_assert_max_num_queries(7), CaptureQueriesContext(connection) as queries:
            response = client.get(f"/rapporter/{february.slug}/endringer/")
        assert response.status_code == 200
        assert "fra rapporten for februar" in response.text  # found a year earlier
        counts.append(len(queries))
    assert counts[0] == counts[1]


def stored(block, columns, rows):
    return {"block": block, "title": block, "columns": columns, "rows": rows}


def since_january(before: dict, after: dict):
    """February's blocks beside January's, as the report page compares them
    (``since_previous``); blocks without a period meet month to month."""
    january = ReportVersion(
        report=MonthlyReport(month=datetime.date(2024, 1, 1)), block_data=before
    )
    february = ReportVersion(
        report=MonthlyReport(month=datetime.date(2024, 2, 1)), block_data=after
    )
    return since_previous(february, january)


def test_blocks_meet_by_name_even_when_their_sections_moved():
    before = {"2.1": stored("support.critical_tickets", ["Sak"], [["1"], ["2"]])}
    after = {
        "1.1": stored("reports.glossary", ["Begrep", "Forklaring"], [["AD", "…"]]),
        "3.4": stored("support.critical_tickets", ["Sak"], [["9"]]),
    }

    glossary, critical = since_january(before, after)

    assert (glossary.number, [(f.before, f.after) for f in glossary.figures]) == (
        "1.1",
        [(None, Decimal(1))],
    )
    assert [(f.label, f.before, f.after, f.change) for f in critical.figures] == [
        ("Kritiske saker", Decimal(2), Decimal(1), Decimal(-1))
    ]


def test_a_figure_that_is_gone_is_listed_with_no_value_after():
    columns = ["Kommune", "SLA OK", "SLA-brudd", "SLA OK %"]
    before = {"1": stored("support.sla_by_municipality", columns, [["Aukra", 62, 14, "81.6"]])}
    after = {"1": stored("support.sla_by_municipality", columns, [["Molde", 438, 97, "81.9"]])}

    figures = since_january(before, after)[0].figures

    assert [(f.label, f.before, f.after, f.unit) for f in figures][-1] == (
        "Aukra – SLA OK %",
        Decimal("81.6"),
        None,
        "%",
    )
    assert len(figures) == 6


@pytest.mark.parametrize(
    ("block", "columns", "rows", "expected"),
    [
        (
            "support.open_total",
            ["Dato", "Åpne feilmeldinger", "Åpne tjenesteforespørsler"],
            [["2023-12-31", 150, 600], ["2024-01-31", 140, 455]],
            [("Åpne feilmeldinger", Decimal(140), ""), ("Åpne tjenesteforespørsler", 455, "")],
        ),
        (
            "support.sla_compliance",
            ["Prioritet", "SLA OK desember 2023", "SLA-brudd desember 2023", "a", "b"],
            [["Medium", 277, 78, 397, 50]],
            [("Medium – SLA OK", Decimal("88.8"), "%")],
        ),
        (
            "budget.operating_result",
            ["Post", "Budsjett", "Regnskap", "Avvik", "Avvik %"],
            [["Lønn", "52400000.00", "51362000", "-1038000.00", "-1.98"]],
            [
                ("Lønn – Budsjett", Decimal("52400000"), "kr"),
                ("Lønn – Regnskap", 51362000, "kr"),
                ("Lønn – Avvik", -1038000, "kr"),
                ("Lønn – Avvik %", Decimal("-1.98"), "%"),
            ],
        ),
        (
            "projects.status_table",
            ["Tittel", "Overordnet status", "Kommentar", "Uke", "Kommune"],
            [
                ["A", "På plan", "", 5, "Molde"],
                ["B", "Utsatt", "", 5, "Molde"],
                ["C", "På plan", "", 5, "Rauma"],
            ],
            [("Overordnet status: På plan", 2, ""), ("Overordnet status: Utsatt", 1, "")],
        ),
    ],
)
def test_each_block_reads_its_key_figures_from_its_stored_table(block, columns, rows, expected):
    figures = key_figures(stored(block, columns, rows))

    assert [(f.label, f.value, f.unit) for f in figures] == expected


def test_text_changes_are_grouped_with_a_line_of_context_under_their_sections_heading():
    def section(number, title, *paragraphs):
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        return (
            f'<section class="report-section"><h2 id="seksjon-{number}"><span '
            f'class="section-number">{number}</span> {title}</h2>{body}</section>'
        )

    before = section(1, "Drift", "A", "B", "C", "D", "E") + section(2, "Support", "F", "G")
    after = section(1, "Drift", "A", "B", "X", "D", "E") + section(2, "Support", "F", "H")
    groups = text_compared(before, after)

    assert [[(c.kind, c.line) for c in group] for group in groups] == [
        [("section", "1 Drift"), ("context", "B"), ("removed", "C"), ("added", "X"),
         ("context", "D")],
        [("section", "2 Support"), ("context", "F"), ("removed", "G"), ("added", "H")],
    ]  # fmt: skip
    # a change right after a heading has it as its context line, not twice
    [group] = text_compared(section(1, "Drift", "A"), section(1, "Drift", "Z"))
    assert [(c.kind, c.line) for c in group] == [
        ("context", "1 Drift"), ("removed", "A"), ("added", "Z")
    ]  # fmt: skip
    assert text_compared(section(1, "Drift", "A"), section(1, "Drift", "A")) == []


def test_frozen_sections_read_headings_text_and_tables_but_not_charts(january):
    sections = frozen_sections(stored_html(january.versions.get()))

    assert [(s.anchor, s.number, s.title) for s in sections] == [
        ("seksjon-1", "1", "Åpne feilmeldinger"),
        ("seksjon-2", "2", "SLA"),
    ]
    assert "31.01.2024 · 3" in sections[0].lines
    assert "<svg" not in sections[0].text and "CSV" not in sections[0].text
    assert sections[1].lines[0] == "Bra."


def test_the_changes_page_is_valid_html(client_for, february, administrator):
    february.sections.filter(title="SLA").update(body="Ny tekst med <b>fet</b> skrift.")
    report_publish(report=february, user=administrator, notify=False)

    page = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-02/endringer/").content.decode()

    assert "<del>" in page and "<ins>" in page
    assert html_errors({"changes": page}) == []
