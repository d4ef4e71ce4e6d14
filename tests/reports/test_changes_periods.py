"""What changed compares like with like: sums over months only beside sums over alike
months, at the turn of a year the same months a year earlier, from stored versions."""

import datetime

import pytest
from bs4 import BeautifulSoup

from reports.changes import periods_alike
from ror_portal.blocks import FiguresPeriod
from ror_portal.roles import Role
from tests.factories import MonthlyReportFactory, ReportVersionFactory
from tests.html_validator import html_errors

MINUS = "\u2212"
NBSP = "\xa0"

BUDGET_COLUMNS = ["Post", "Budsjett", "Regnskap", "Avvik", "Avvik %"]

# The operating accounts as each period's budget block stored them: budget, actual,
# deviation, deviation %.
ACCOUNTS = {
    FiguresPeriod(2023, 1, 11): ("48000000.00", "48900000.00", "900000.00", "1.88"),
    FiguresPeriod(2023, 1, 12): ("52400000.00", "53338000.00", "938000.00", "1.79"),
    FiguresPeriod(2024, 1, 1): ("4500000.00", "4512300.50", "12300.50", "0.27"),
    FiguresPeriod(2024, 1, 2): ("9000000.00", "8900000.00", "-100000.00", "-1.11"),
    FiguresPeriod(2024, 1, 11): ("50000000.00", "49000000.00", "-1000000.00", "-2.00"),
    FiguresPeriod(2024, 1, 12): ("54000000.00", "55938000.00", "1938000.00", "3.59"),
    FiguresPeriod(2025, 1, 1): ("4600000.00", "4650000.00", "50000.00", "1.09"),
}


def budget_block(period: FiguresPeriod, figures=None) -> dict:
    return {
        "block": "budget.operating_result",
        "title": "Driftsregnskap",
        "columns": BUDGET_COLUMNS,
        "rows": [["Sum", *(figures or ACCOUNTS[period])]],
        "csv": "",
        "period": period.as_json(),
    }


def support_block(day: str, incidents: int, requests: int) -> dict:
    return {
        "block": "support.open_total",
        "title": "Åpne saker",
        "columns": ["Dato", "Åpne feilmeldinger", "Åpne tjenesteforespørsler"],
        "rows": [[day, incidents, requests]],
        "csv": "",
        "period": None,
    }


def accounts_period(month: datetime.date) -> FiguresPeriod:
    """The rule of the budget blocks: a report shows the accounts through the month before."""
    if month.month == 1:
        return FiguresPeriod(month.year - 1, 1, 12)
    return FiguresPeriod(month.year, 1, month.month - 1)


def publish(year, month, *, number=1, figures=None, support=None, change_note=""):
    """A published version of the report for the month, with the stored blocks it had."""
    first = datetime.date(year, month, 1)
    report = MonthlyReportFactory._meta.model.objects.filter(month=first).first()
    report = report or MonthlyReportFactory(month=first, as_of=first)
    block_data = {"1": budget_block(accounts_period(first), figures)}
    if support:
        block_data["2"] = support_block(*support)
    return ReportVersionFactory(
        report=report, number=number, block_data=block_data, change_note=change_note
    )


def page(client, slug):
    response = client.get(f"/rapporter/{slug}/endringer/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def table(soup, caption_start, within="since-previous"):
    """A changes table as its header row and its rows of cell texts, by caption."""
    section = soup.find("section", attrs={"aria-labelledby": within})
    found = [t for t in section.select("table") if t.caption.text.startswith(caption_start)]
    assert len(found) == 1, f"no table {caption_start!r}"
    rows = found[0].select("tr")
    return [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in rows]


def notes(soup):
    section = soup.find("section", attrs={"aria-labelledby": "since-previous"})
    return [p.get_text(" ", strip=True) for p in section.select(".changes-note")]


def kr(text):
    return text.replace(" ", NBSP) + f"{NBSP}kr"


def previous_section(soup):
    return soup.find("section", attrs={"aria-labelledby": "since-previous"})


@pytest.fixture
def board(client_for):
    return client_for(Role.BOARD_MEMBER)


def test_january_set_beside_the_full_year_before_says_the_year_changed_and_shows_nothing(db, board):
    publish(2024, 1)
    publish(2024, 2)

    soup = page(board, "2024-02")

    assert notes(soup) == [
        "1 Driftsregnskap: Regnskapsåret er nytt: januar 2024 sammenlignes ikke med 2023, og "
        "ingen publisert rapport har de samme månedene året før (januar 2023), så ingen "
        "endringer vises."
    ]
    assert previous_section(soup).select("table") == []
    assert "52" + NBSP + "400" + NBSP + "000" not in soup.text
    assert f"{MINUS}47{NBSP}900{NBSP}000" not in soup.text


def test_year_to_date_beside_the_previous_year_to_date_of_the_same_year(db, board):
    publish(2024, 1)
    publish(2024, 2)
    publish(2024, 3)

    soup = page(board, "2024-03")

    assert notes(soup) == []
    assert table(soup, "1 Driftsregnskap", within="since-previous") == [
        ["Tall", "Januar 2024", "Januar–februar 2024", "Endring"],
        ["Sum – Budsjett", kr("4 500 000"), kr("9 000 000"), f"+{kr('4 500 000')}"],
        # the change of the figures as printed (4 512 300,50 rounds to 4 512 301)
        ["Sum – Regnskap", kr("4 512 301"), kr("8 900 000"), f"+{kr('4 387 699')}"],
        ["Sum – Avvik", kr("12 301"), f"{MINUS}{kr('100 000')}", f"{MINUS}{kr('112 301')}"],
        [
            "Sum – Avvik %",
            f"0,27{NBSP}%",
            f"{MINUS}1,11{NBSP}%",
            f"{MINUS}1,38{NBSP}prosentpoeng",
        ],
    ]


def test_a_full_year_beside_the_full_year_before_at_the_turn_of_the_year(db, board):
    publish(2024, 1)
    publish(2025, 1)

    soup = page(board, "2025-01")

    assert notes(soup) == [
        "1 Driftsregnskap: Regnskapsåret er nytt: 2024 sammenlignes med 2023, de samme "
        "månedene året før, fra rapporten for januar 2024."
    ]
    assert table(soup, "1 Driftsregnskap", within="since-previous")[:3] == [
        ["Tall", "2023", "2024", "Endring"],
        ["Sum – Budsjett", kr("52 400 000"), kr("54 000 000"), f"+{kr('1 600 000')}"],
        ["Sum – Regnskap", kr("53 338 000"), kr("55 938 000"), f"+{kr('2 600 000')}"],
    ]


def test_a_full_year_is_never_set_beside_part_of_the_year(db, board):
    """With December's report (January–November) between, the year's accounts still
    meet the year before's; the open tickets meet December's, month to month."""
    publish(2024, 1, support=("2024-01-31", 140, 455))
    publish(2024, 12, support=("2024-12-31", 150, 470))
    publish(2025, 1, support=("2025-01-31", 128, 480))

    soup = page(board, "2025-01")

    assert notes(soup) == [
        "1 Driftsregnskap: 2024 og forrige rapports januar–november 2024 dekker ulike "
        "perioder: 2024 sammenlignes med 2023, de samme månedene året før, fra rapporten "
        "for januar 2024."
    ]
    assert table(soup, "1 Driftsregnskap", within="since-previous")[1] == [
        "Sum – Budsjett",
        kr("52 400 000"),
        kr("54 000 000"),
        f"+{kr('1 600 000')}",
    ]
    assert table(soup, "2 Åpne saker", within="since-previous") == [
        ["Tall", "Rapporten for desember 2024", "Rapporten for januar 2025", "Endring"],
        ["Åpne feilmeldinger", "150", "128", f"{MINUS}22"],
        ["Åpne tjenesteforespørsler", "470", "480", "+10"],
    ]


def test_february_beside_the_same_month_a_year_earlier(db, board):
    publish(2024, 1)
    publish(2024, 2)
    publish(2025, 1)
    publish(2025, 2)

    soup = page(board, "2025-02")

    assert notes(soup) == [
        "1 Driftsregnskap: Regnskapsåret er nytt: januar 2025 sammenlignes med januar 2024, "
        "de samme månedene året før, fra rapporten for februar 2024."
    ]
    assert table(soup, "1 Driftsregnskap", within="since-previous") == [
        ["Tall", "Januar 2024", "Januar 2025", "Endring"],
        ["Sum – Budsjett", kr("4 500 000"), kr("4 600 000"), f"+{kr('100 000')}"],
        ["Sum – Regnskap", kr("4 512 301"), kr("4 650 000"), f"+{kr('137 699')}"],
        ["Sum – Avvik", kr("12 301"), kr("50 000"), f"+{kr('37 699')}"],
        ["Sum – Avvik %", f"0,27{NBSP}%", f"1,09{NBSP}%", f"+0,82{NBSP}prosentpoeng"],
    ]


def test_the_open_tickets_are_compared_month_to_month_across_the_year(db, board):
    publish(2023, 12, support=("2023-12-31", 150, 600))
    publish(2024, 1, support=("2024-01-31", 140, 455))

    soup = page(board, "2024-01")

    assert table(soup, "2 Åpne saker", within="since-previous") == [
        ["Tall", "Rapporten for desember 2023", "Rapporten for januar 2024", "Endring"],
        ["Åpne feilmeldinger", "150", "140", f"{MINUS}10"],
        ["Åpne tjenesteforespørsler", "600", "455", f"{MINUS}145"],
    ]
    # December's accounts (January–November 2023) are not the year's: nothing alike.
    assert notes(soup) == [
        "1 Driftsregnskap: 2023 og forrige rapports januar–november 2023 dekker ulike "
        "perioder, og ingen publisert rapport har de samme månedene året før (2022), så "
        "ingen endringer vises."
    ]


def test_a_second_version_lists_its_changes_first_formatted_as_on_the_report(db, board):
    publish(2024, 2)
    publish(2024, 3)
    corrected = ("9000000.00", "8950000.00", "-50000.00", "-0.56")
    publish(2024, 3, number=2, figures=corrected, change_note="Regnskap for februar rettet.")

    soup = page(board, "2024-03")

    headings = [h["id"] for h in soup.select("h2[id]")]
    assert headings.index("since-earlier") < headings.index("since-previous")
    assert table(soup, "1 Driftsregnskap", within="since-earlier") == [
        ["Rad", "Kolonne", "Versjon 1", "Versjon 2", "Endring"],
        ["Sum", "Regnskap", kr("8 900 000"), kr("8 950 000"), f"+{kr('50 000')}"],
        ["Sum", "Avvik", f"{MINUS}{kr('100 000')}", f"{MINUS}{kr('50 000')}", f"+{kr('50 000')}"],
        [
            "Sum",
            "Avvik %",
            f"{MINUS}1,11{NBSP}%",
            f"{MINUS}0,56{NBSP}%",
            f"+0,55{NBSP}prosentpoeng",
        ],
    ]
    # Month to month, version 2 against February's report.
    assert table(soup, "1 Driftsregnskap", within="since-previous")[2] == [
        "Sum – Regnskap",
        kr("4 512 301"),
        kr("8 950 000"),
        f"+{kr('4 437 699')}",
    ]


def test_the_change_note_is_shown_escaped_with_its_line_breaks(db, board):
    publish(2024, 2)
    note = "Regnskap for februar rettet.\n<script>alert(1)</script> & mer"
    publish(2024, 2, number=2, change_note=note)

    for url in ["/rapporter/2024-02/", "/rapporter/2024-02/endringer/"]:
        html = board.get(url).content.decode()
        assert "Merknad til versjon 2" in html
        assert (
            '<p class="change-note">Regnskap for februar rettet.<br>'
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mer</p>"
        ) in html
    assert "Merknad til versjon" not in board.get("/rapporter/2024-02/versjon/1/").content.decode()


def test_a_blank_change_note_is_not_shown(db, board):
    publish(2024, 2, change_note="  \n ")

    assert "Merknad til versjon" not in board.get("/rapporter/2024-02/").content.decode()


@pytest.mark.parametrize(
    ("earlier", "later", "alike"),
    [
        ((2024, 1, 1), (2024, 1, 2), True),
        ((2024, 1, 2), (2024, 1, 1), True),
        ((2023, 1, 12), (2024, 1, 1), False),
        ((2024, 1, 11), (2024, 1, 12), False),
        ((2023, 1, 12), (2024, 1, 12), False),
        ((2024, 1, 12), (2024, 1, 12), True),
        ((2024, 3, 3), (2024, 4, 4), False),
    ],
)
def test_which_periods_are_alike(earlier, later, alike):
    assert periods_alike(FiguresPeriod(*earlier), FiguresPeriod(*later)) is alike


def test_the_changes_page_with_notes_is_valid_html(db, board):
    publish(2024, 1)
    publish(2024, 2)
    publish(2025, 1)
    publish(2025, 2, support=("2025-02-28", 130, 470))
    publish(2025, 2, number=2, support=("2025-02-28", 131, 470), change_note="Rettet.\nTo linjer.")

    pages = {
        "changes": board.get("/rapporter/2025-02/endringer/").content.decode(),
        "version": board.get("/rapporter/2025-02/").content.decode(),
    }

    assert "Regnskapsåret er nytt" in pages["changes"]
    assert html_errors(pages) == []
