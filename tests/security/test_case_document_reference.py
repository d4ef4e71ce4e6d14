"""The SOC+ case document as the board's document of 14.02.2024 has it
(../shared/reference/board-meeting-2024-02-14.txt, case 2024/M1-004), read from the
rendered page: headings and their numbers, nested lists, document control, subject,
and tables whose totals add up from the lines shown beside them."""

import io
from decimal import Decimal

import pypdf
import pytest
from bs4 import BeautifulSoup, Tag

from budget import demo as budget_demo
from reports.publishing import case_document_publish
from ror_portal.roles import Role
from security import demo
from security.models import SecurityAgreement
from tests.factories import BoardMeetingFactory, CaseFactory, ReportVersionFactory
from tests.html_validator import html_errors

pytestmark = pytest.mark.django_db
DRAFT = "/saker/2024-M1-004/utkast/"

# The reference's headings of the case document, in its order (it prints them in capitals).
REFERENCE_HEADINGS = [
    "1 LEDER ROR-IKT SITT FORSLAG TIL ENIGHET",
    "2 INNLEDNING",
    "3 SIKKERHETSPARTNER",
    "4 OMFANG/INNHOLD AV AVTALEN",
    "4.1 SIKKERHETSOVERVÅKNING",
    "4.2 HENDELSESHÅNDTERING",
    "4.3 RÅDGIVNING OG BISTAND",
    "4.4 FASTE AKTIVITETER",
    "4.5 ANNET",
    "5 ETABLERINGSFASEN",
    "5.1 RESSURSBEHOV",
    "5.2 TIDSPLAN",
    "6 KOSTNADER 2024",
    "6.1 SIKKERHETSOVERVÅKNING - SOC+",
    "6.2 KONSULENT TIMER",
    "6.3 DRIFTSRAMME 2024",
    "6.4 ANNET",
    "7 KOSTNADER 2025",
    "7.1 SOC+",
    "7.2 KONSULENT TIMER",
    "7.3 DRIFTSRAMME 2025",
    "8 ANBEFALING",
    "9 DEFINISJONER",
]


@pytest.fixture
def case():
    budget_demo.load()
    demo.load()
    meeting = BoardMeetingFactory()
    ReportVersionFactory(report__meeting=meeting)
    return CaseFactory(
        meeting=meeting,
        number="2024/M1-004",
        title="Sikkerhetspartner",
        document_block="security.case_document",
    )


def rendered(client_for) -> Tag:
    """The rendered case document (the administrator's draft of it, with today's data)."""
    response = client_for(Role.ADMINISTRATOR).get(DRAFT)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("article.case-document")


@pytest.fixture
def document(case, client_for) -> Tag:
    return rendered(client_for)


def text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def kroner(cell: Tag) -> Decimal:
    """A money cell as shown ("1 464 000 kr", spaces no-break) read back as a number."""
    shown = text(cell).replace("\xa0", " ").removesuffix(" kr").replace(" ", "")
    return Decimal(shown.replace("−", "-"))


def headings(document: Tag) -> list[Tag]:
    return document.select(".block h2, .block h3")


def section(document: Tag, number: str) -> list[Tag]:
    """The elements after heading ``number`` up to the next heading."""
    start = next(h for h in headings(document) if text(h).split()[0] == number)
    elements = []
    for sibling in start.find_next_siblings():
        if sibling.name in ("h2", "h3"):
            break
        elements.append(sibling)
    return elements


def tables_in(elements: list[Tag]) -> list[Tag]:
    return [table for element in elements for table in element.select("table")]


def rows(table: Tag) -> dict[str, Decimal]:
    """The table's lines and its sum row: label → amount."""
    return {
        text(row.th): kroner(row.find_all("td")[-1]) for row in table.select("tbody tr, tfoot tr")
    }


def test_the_headings_are_the_references_in_its_order(document):
    assert [text(h).upper() for h in headings(document)] == REFERENCE_HEADINGS


def test_the_price_tiers_are_in_7_1_and_the_frames_in_6_3_and_7_3(document):
    [tiers] = tables_in(section(document, "7.1"))
    assert [text(row.th).split()[0] for row in tiers.select("tbody tr")] == [
        "350", "375", "400", "425", "450", "475", "500"
    ]  # fmt: skip
    assert tables_in(section(document, "6.1")) == []
    assert tables_in(section(document, "6.2")) == []
    frame_2024, split = tables_in(section(document, "6.3"))
    assert text(frame_2024.caption) == "Driftsramme 2024"
    *parts, split_total = rows(split).values()
    assert sum(parts) == split_total == rows(frame_2024)["Sum 2024"]
    [frame_2025, what_if] = tables_in(section(document, "7.3"))
    assert text(frame_2025.caption) == "Driftsramme 2025"
    assert text(what_if.caption).startswith("Hvis antallet servere øker")


def test_the_texts_around_the_tables_are_the_references(document):
    before, *_ = section(document, "6.3")
    assert text(before) == (
        "Ovenstående budsjettestimater fører til nedenstående kostnadsestimat for 2024:"
    )
    assert "Denne kostnaden fordeles på kommunene i samarbeidet som følger:" in [
        text(p) for p in section(document, "6.3") if p.name == "p"
    ]
    assert text(section(document, "7.3")[0]) == (
        "Om SOC+ skal dekke 400 servere (og det ikke er prisendringer) ser behovet for 2025 "
        "slik ut:"
    )


@pytest.mark.parametrize("number", ["4.2", "4.4"])
def test_the_nested_bullets_stay_nested(document, number):
    [outer] = [element for element in section(document, number) if element.name == "ul"]
    assert outer.select(":scope > li > ul")  # ul ul, not one flat list


def test_the_nested_bullets_under_their_items(document):
    [sla] = [
        li for li in section(document, "4.2")[0].find_all("li", recursive=False)
        if li.find(string=True, recursive=False).strip() == "SLA"
    ]  # fmt: skip
    assert [text(li) for li in sla.select("ul > li")] == [
        "2 timers responstid - dvs. at en kompetent ressurs fra IRT teamet har begynt å "
        "håndtere hendelsen"
    ]
    [activities] = [e for e in section(document, "4.4") if e.name == "ul"]
    nested = {
        li.find(string=True, recursive=False).strip(): len(li.select("ul > li"))
        for li in activities.find_all("li", recursive=False)
    }
    assert nested == {
        "Månedlige statusmøter (ROR-IKT)": 4,
        "Strategiske møter (felles aktiviteter i DigiMR for alle som har gjort avrop på "
        "rammeavtalen)": 1,
        "Taktiske møter (felles aktiviteter i DigiMR for alle som har gjort avrop på "
        "rammeavtalen)": 1,
        "Operative møter (ROR-IKT)": 1,
    }


def test_the_document_control_and_the_subject(document):
    control = document.select_one("dl.document-control")
    assert {text(item.dt): text(item.dd) for item in control("div")} == {
        "Tittel": "Sikkerhetspartner",
        "Versjon": "06.02.2024",
        "Status": "Godkjent",
        "Godkjent dato": "06.02.2024",
        "Godkjent av": "Leder ROR-IKT",
        "Dok. ansvarlig": "ROR-IKT",
    }
    head = document.select_one(".case-document__subject")
    assert [text(p) for p in head("p")] == ["Saken gjelder anskaffelse av sikkerhetspartner."]
    # the document control, then the subject, before section 1
    assert control.find_next("div", class_="case-document__subject") is head
    assert head.find_next("h2").get_text().startswith("1 ")


def test_the_document_control_is_the_agreements_data(case, client_for):
    SecurityAgreement.objects.update(
        document_version="2", document_status="draft", approved_on=None, approved_by=""
    )
    control = rendered(client_for).select_one("dl.document-control")
    assert {text(item.dt): text(item.dd) for item in control("div")} == {
        "Tittel": "Sikkerhetspartner",
        "Versjon": "2",
        "Status": "Utkast",
        "Dok. ansvarlig": "ROR-IKT",
    }
    SecurityAgreement.objects.update(
        **dict.fromkeys(["document_title", "document_version", "document_status"], ""),
        document_owner="",
    )
    assert rendered(client_for).select_one("dl.document-control") is None


def test_each_frame_adds_up_from_its_lines(document):
    (frame_2024, _split), (frame_2025, _what_if) = (
        tables_in(section(document, "6.3")),
        tables_in(section(document, "7.3")),
    )
    for table in (frame_2024, frame_2025):
        *lines, total = rows(table).values()
        assert sum(lines) == total
    assert list(rows(frame_2024)) == [
        "Etableringskostnad SOC+",
        "Sikkerhetsovervåkning (SOC+), 12 måneder på nivået for 400 servere",
        "Konsulenttimer",
        "Sum 2024",
    ]
    assert rows(frame_2024)["Sum 2024"] == 1_864_000  # the reference's total
    assert rows(frame_2025)["Sum 2025"] == 1_664_000


def test_each_what_if_total_is_soc_plus_the_consultant_hours_beside_it(document):
    [what_if] = [t for t in tables_in(section(document, "7.3")) if "what-if" in t["class"]]
    columns = [text(th) for th in what_if.thead("th")]
    soc, consultants, total = (
        columns.index("SOC+ per år"),
        columns.index("Konsulenttimer"),
        columns.index("Sum per år"),
    )
    municipalities = columns[total + 1 :]
    assert municipalities == ["Aukra", "Hustadvika", "Molde", "Rauma", "Vestnes"]
    [tiers] = tables_in(section(document, "7.1"))
    monthly = {text(row.th).split()[0]: kroner(row("td")[0]) for row in tiers.select("tbody tr")}
    for row in what_if.select("tbody tr"):
        cells = [row.th, *row("td")]
        servers = text(row.th).split()[0]
        assert kroner(cells[soc]) == 12 * monthly[servers]
        assert kroner(cells[total]) == kroner(cells[soc]) + kroner(cells[consultants])
        assert sum(kroner(cell) for cell in cells[total + 1 :]) == kroner(cells[total])
    # The 350 tier: the price table's year and the what-if's SOC+ are the same figure.
    [tier_350] = [r for r in tiers.select("tbody tr") if text(r.th) == "350"]
    [what_if_350] = [r for r in what_if.select("tbody tr") if text(r.th) == "350"]
    assert kroner(tier_350("td")[1]) == kroner([what_if_350.th, *what_if_350("td")][soc])


def test_a_text_without_placeholders_keeps_its_tables_at_the_sections_end(case, client_for):
    SecurityAgreement.objects.update(
        costs_later_notes=(
            "### 7.1 SOC+\n\nUten tabeller. [[costs]] midt i en linje og [[ukjent]]:\n\n[[ukjent]]"
        )
    )
    document = rendered(client_for)

    after = section(document, "7.1")
    assert [text(p) for p in after if p.name == "p"] == [
        "Uten tabeller. [[costs]] midt i en linje og [[ukjent]]:",
        "[[ukjent]]",
    ]
    assert [text(t.caption).split(":")[0] for t in tables_in(after)] == [
        "Pris for SOC+ med IBM QRadar etter antall servere (uten konsulenttimer)",
        "Driftsramme 2025",
        "Hvis antallet servere øker",
    ]


def test_the_published_pdfs_text_has_the_headings_in_order(case, administrator):
    version = case_document_publish(case=case, user=administrator, notify=False)
    with version.pdf.open("rb") as stored:
        pages = pypdf.PdfReader(io.BytesIO(stored.read())).pages
    pdf = " ".join(" ".join(page.extract_text() for page in pages).split()).upper()

    assert "VERSJON 06.02.2024" in pdf and "GODKJENT DATO 06.02.2024" in pdf
    assert "SAKEN GJELDER ANSKAFFELSE AV SIKKERHETSPARTNER." in pdf
    # Each heading after the one before it (the contents list, if any, comes first).
    at = pdf.index("1 LEDER ROR-IKT SITT FORSLAG TIL ENIGHET SAMARBEIDSRÅDET")
    for heading in REFERENCE_HEADINGS[1:]:
        at = pdf.index(heading, at + 1)
    assert pdf.index("PRIS FOR SOC+", pdf.index("7.1 SOC+")) < pdf.index("7.2 KONSULENT TIMER")


def test_the_case_document_with_its_document_control_is_valid_html(case, client_for):
    draft = client_for(Role.ADMINISTRATOR).get(DRAFT).content.decode()
    assert html_errors({"draft": draft}) == []
