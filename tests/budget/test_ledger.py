"""The ledger import (budget.ledger): reading the extract, mapping by the rules and their
precedence, the check's reconciliation, saving, and importing the same file again."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from budget import demo
from budget.accounts import actual_changes
from budget.ledger import LedgerCheck, check_ledger, import_ledger
from budget.ledger_rules import ArtPattern, Mapping
from budget.models import BudgetLine, LedgerFormat, LedgerImport, LedgerRule, MonthlyActual
from budget.services import budget_lines_copy_to_next_year
from tests.budget.ledger_files import HEADER, ledger_csv, lines_with_rules, posting
from tests.factories import UserFactory

NBSP, NNBSP, MINUS = "\u00a0", "\u202f", "\u2212"


def check(data: bytes, name: str = "hovedbok.csv") -> LedgerCheck:
    return check_ledger(io.BytesIO(data), name)


def stored(year: int = 2024) -> dict[tuple[str, int], Decimal]:
    return {
        (name, month): amount
        for name, month, amount in MonthlyActual.objects.filter(line__year=year).values_list(
            "line__name", "month", "amount"
        )
    }


# Rules and their precedence ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "art", "matches"),
    [
        ("195", "195", True),
        ("195", "1950", False),
        ("100-199", "150", True),
        ("100 - 199", "199", True),
        ("100-199", "200", False),
        ("19*", "1951", True),
        ("19*", "2195", False),
    ],
)
def test_an_art_is_one_a_range_or_a_prefix(text, art, matches):
    assert ArtPattern.parse(text).matches(art) is matches


@pytest.mark.parametrize("text", ["19**", "abc", "199-100", "1,9", ""])
def test_an_art_pattern_that_is_none_is_refused(text):
    with pytest.raises(ValueError):
        ArtPattern.parse(text)


@pytest.mark.django_db
def test_a_rule_names_something_and_a_readable_art():
    line = BudgetLine.objects.create(year=2024, kind="operating", name="A", annual_budget=0)
    with pytest.raises(ValidationError, match="Oppgi minst én"):
        LedgerRule(line=line).full_clean()
    with pytest.raises(ValidationError, match="«12-x» er ingen art"):
        LedgerRule(line=line, art="12-x").full_clean()


@pytest.mark.django_db
def test_precedence_more_dimensions_then_single_range_prefix_then_a_tie_is_doubly_mapped():
    lines = [
        BudgetLine.objects.create(year=2024, kind="operating", name=n, annual_budget=0)
        for n in "ABCDEF"
    ]
    a, b, c, d, e, f = (line.pk for line in lines)
    LedgerRule.objects.create(line=lines[0], art="1*")
    LedgerRule.objects.create(line=lines[1], art="1000-1999")
    LedgerRule.objects.create(line=lines[2], art="1500")
    LedgerRule.objects.create(line=lines[3], art="1*", ansvar="7120")
    LedgerRule.objects.create(line=lines[4], art="15*")
    LedgerRule.objects.create(line=lines[5], art="1400-1450")
    mapping = Mapping.for_year(2024)

    assert mapping.lines("1500", "7100", "", "") == {c}  # one art beats range and prefix
    assert mapping.lines("1500", "7120", "", "") == {d}  # two dimensions beat one
    assert mapping.lines("1600", "7100", "", "") == {b}  # a range beats a prefix
    assert mapping.lines("1420", "7100", "", "") == {f}  # a narrower range beats a wider
    assert mapping.lines("1510", "7100", "", "") == {b}  # a range beats the longer prefix
    assert mapping.lines("1", "7100", "", "") == {a}
    assert mapping.lines("2000", "7100", "", "") == set()
    LedgerRule.objects.create(line=lines[4], art="1500")  # ties with C's
    assert Mapping.for_year(2024).lines("1500", "7100", "", "") == {c, e}
    assert e  # every line is used


# Reading ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_signed_amounts_with_spaces_and_minus_signs_to_the_ore():
    lines_with_rules()
    rows = [
        posting("10100", f"2{NBSP}911{NBSP}450,00", text="Fastlønn januar"),
        posting("10990", "-1 250,50", text="Tilbakeført"),
        posting("10990", f"{MINUS}1{NNBSP}000,25"),
        posting("10400", "38725,50"),
    ]
    result = check(ledger_csv(rows, encoding="utf-8-sig"))  # − and U+202F are no cp1252

    assert result.ok, result.errors
    assert result.year == 2024 and result.months == [1]
    lines = {line.name: line for line in result.lines}
    assert lines["Lønn"].file_sum == Decimal("2947924.75")
    assert result.file_total == Decimal("2947924.75")


@pytest.mark.django_db
def test_bad_cells_are_told_by_row_and_column_and_nothing_is_read():
    lines_with_rules()
    rows = [
        posting("10100", "1.250"),  # ambiguous, as on the actuals form
        posting("10100", "100", period="2024-01"),
        posting("1O100", "100"),
        posting("10100", ""),
    ]
    result = check(ledger_csv(rows))

    assert not result.ok
    assert result.errors == [
        "Rad 2, kolonne Beløp (I): «1.250» er tvetydig: skriv 1250 for tusen, "
        "eller komma foran ørene.",
        "Rad 3, kolonne Periode (A): «2024-01» er ingen periode; ventet ÅÅÅÅMM, for eksempel "
        "202401.",
        "Rad 4, kolonne Art (D): «1O100» er ingen art; en art er bare sifre.",
        "Rad 5, kolonne Beløp (I): tom; en verdi er påkrevd.",
    ]


@pytest.mark.django_db
def test_the_header_names_are_the_stored_formats():
    lines_with_rules()
    LedgerFormat.objects.create(art="Konto", amount="Beløp NOK")
    header = [{"Art": "KONTO", "Beløp": "beløp  nok"}.get(name, name) for name in HEADER]

    result = check(ledger_csv([posting("10100", "100")], header=header))
    assert result.ok and result.mapped_total == Decimal(100)

    result = check(ledger_csv([posting("10100", "100")]))  # the default names no longer do
    assert result.errors[0].startswith("Rad 1: kolonnen(e) Konto, Beløp NOK mangler")


@pytest.mark.django_db
def test_a_workbook_reads_as_the_csv_does():
    lines_with_rules()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append([202401, "1", "15.01.2024", "10100", "7100", "120", "", "Lønn", 4512300.5])
    sheet.append([202401, "2", "15.01.2024", "02000", "7190", "120", "71041", "Rack", "-1 250,50"])
    data = io.BytesIO()
    workbook.save(data)

    result = check(data.getvalue(), "hovedbok.xlsx")

    assert result.ok, result.errors
    lines = {line.name: line.file_sum for line in result.lines}
    assert lines["Lønn"] == Decimal("4512300.50")
    assert lines["Nettverk"] == Decimal("-1250.50")


@pytest.mark.django_db
def test_a_year_without_lines_points_to_copying_and_two_years_are_refused():
    BudgetLine.objects.create(year=2023, kind="operating", name="Lønn", annual_budget=0)

    result = check(ledger_csv([posting("10100", "1")]))
    assert result.errors == [
        "Det finnes ingen budsjettposter for 2024: kopier postene for 2023 med handlingen "
        "«Kopier valgte poster til neste år»."
    ]
    rows = [posting("10100", "1", period="202312"), posting("10100", "1")]
    assert check(ledger_csv(rows)).errors == [
        "Filen har posteringer fra 2023, 2024: importer ett år om gangen."
    ]


# The check --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_check_reconciles_unmapped_and_doubly_mapped_postings_counted_once():
    lines = lines_with_rules()
    LedgerRule.objects.create(line=lines["Lønn"], art="17900")
    LedgerRule.objects.create(line=lines["Lisenser"], art="17900")  # a tie: doubly mapped
    MonthlyActual.objects.create(line=lines["Lønn"], month=1, amount=Decimal("5"))
    MonthlyActual.objects.create(line=lines["Lønn"], month=12, amount=Decimal("7"))
    rows = [
        posting("10100", "1000,10"),
        posting("11951", "200,20"),
        posting("11951", "300,30", ansvar="7120"),
        posting("02000", "400,40", prosjekt="71041"),
        posting("14700", "-50,05", text="Overføring"),
        posting("17900", "60,06", text="Internfordeling"),
    ]
    result = check(ledger_csv(rows))

    assert result.mapped_total == Decimal("1901.00")
    assert [(p.art, p.amount) for p in result.unmapped] == [("14700", Decimal("-50.05"))]
    assert [(d.posting.amount, d.lines) for d in result.doubly_mapped] == [
        (Decimal("60.06"), ["Lisenser", "Lønn"])
    ]
    assert result.file_total == Decimal("1911.01")
    assert result.reconciled
    figures = {line.name: (line.file_sum, line.stored) for line in result.lines}
    assert figures == {
        "Nettverk": (Decimal("400.40"), None),
        "Lønn": (Decimal("1000.10"), Decimal("5")),
        "Lisenser": (Decimal("200.20"), None),
        "Skolelisenser": (Decimal("300.30"), None),
    }
    assert [(k.label, k.file_sum, k.budget_to_date) for k in result.kinds] == [
        ("Sum investering", Decimal("400.40"), Decimal("10000.00")),
        ("Sum drift", Decimal("1500.60"), Decimal("150000.00")),
    ]
    assert result.kept == 1  # December's, which the file does not hold
    assert result.not_mapped_text() == "Ikke fordelt: 2 posteringer, 10,01\u00a0kr"
    assert not MonthlyActual.objects.filter(month=1).exclude(amount=5).exists()  # nothing saved


@pytest.mark.django_db
def test_a_month_in_the_file_is_the_whole_month_a_line_without_postings_gets_0():
    lines = lines_with_rules()
    MonthlyActual.objects.create(line=lines["Lisenser"], month=1, amount=Decimal("99"))
    result = check(ledger_csv([posting("10100", "10")]))

    changes = {(c.name, c.month): (c.before, c.after) for c in result.changes}
    assert changes == {
        ("Lønn", 1): (None, Decimal(10)),
        ("Lisenser", 1): (Decimal(99), Decimal(0)),
        ("Skolelisenser", 1): (None, Decimal(0)),
        ("Nettverk", 1): (None, Decimal(0)),
    }


@pytest.mark.django_db
def test_the_check_survives_its_job_result():
    lines_with_rules()
    rows = [posting("10100", "-1 250,50"), posting("14700", "3"), posting("11951", "2")]
    result = check(ledger_csv(rows))

    assert LedgerCheck.from_json(result.as_json()) == result


# Saving -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_saves_each_month_names_the_file_in_the_history_and_twice_changes_nothing():
    lines = lines_with_rules()
    user = UserFactory()
    MonthlyActual.objects.create(line=lines["Lønn"], month=3, amount=Decimal("7"))
    rows = [
        posting("10100", "1 000,50"),
        posting("10100", "-250,25", period="202402"),
        posting("11951", "5", ansvar="7120", period="202402"),
        posting("14700", "9,99"),
    ]
    data = ledger_csv(rows)

    _result, record = import_ledger(io.BytesIO(data), "hovedbok-2024-02.csv", user=user)

    assert stored() == {
        ("Lønn", 1): Decimal("1000.50"),
        ("Lønn", 2): Decimal("-250.25"),
        ("Lønn", 3): Decimal("7"),  # a month the file does not hold is kept
        ("Lisenser", 1): Decimal("0"),
        ("Lisenser", 2): Decimal("0"),
        ("Skolelisenser", 1): Decimal("0"),
        ("Skolelisenser", 2): Decimal("5"),
        ("Nettverk", 1): Decimal("0"),
        ("Nettverk", 2): Decimal("0"),
    }
    assert record is not None
    assert (record.file_name, record.imported_by, record.months) == (
        "hovedbok-2024-02.csv",
        user,
        "januar 2024, februar 2024",
    )
    assert (record.postings, record.changed, record.unmapped, record.unmapped_amount) == (
        4,
        8,
        1,
        Decimal("9.99"),
    )
    (change, *_older) = actual_changes(lines["Lønn"].pk)
    assert (change.month, change.after, change.user, change.reason) == (
        2,
        Decimal("-250.25"),
        user,
        "Hovedbokfil hovedbok-2024-02.csv",
    )

    again, second = import_ledger(io.BytesIO(data), "hovedbok-2024-02.csv", user=user)
    assert second is None and again.changes == []
    assert again.counts_text() == (
        "Regnskapstallene har allerede det filen har: importen endrer ingenting."
    )
    assert LedgerImport.objects.count() == 1
    assert len(actual_changes(lines["Lønn"].pk)) == 3


@pytest.mark.django_db
def test_rules_are_copied_with_the_lines_so_next_year_maps_the_same():
    lines = lines_with_rules(2023)
    budget_lines_copy_to_next_year(lines=BudgetLine.objects.for_year(2023))

    assert LedgerRule.objects.filter(line__year=2024).count() == 4
    LedgerRule.objects.filter(line=lines["Lønn"]).update(art="99*")  # 2023's own, apart
    _result, _record = import_ledger(
        io.BytesIO(ledger_csv([posting("10100", "12"), posting("11951", "3", ansvar="7120")])),
        "hovedbok.csv",
    )
    assert stored() == {
        ("Lønn", 1): Decimal(12),
        ("Lisenser", 1): Decimal(0),
        ("Skolelisenser", 1): Decimal(3),
        ("Nettverk", 1): Decimal(0),
    }
    assert not MonthlyActual.objects.filter(line__year=2023).exists()


# The command and the demo -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_prints_the_check_and_ends_with_what_is_not_mapped(tmp_path):
    lines_with_rules()
    path = tmp_path / "hovedbok.csv"
    path.write_bytes(ledger_csv([posting("10100", "1 000"), posting("14700", "-1 250,50")]))
    out = io.StringIO()

    call_command("import_ledger", str(path), "--dry-run", stdout=out)

    printed = out.getvalue().splitlines()
    assert printed[0] == "2 posteringer for januar 2024; 4 regnskapstall endres."
    assert "Lønn, januar: – → 1\u00a0000,00" in printed
    assert "Ingenting er lagret (--dry-run)." in printed
    assert printed[-1] == "Ikke fordelt: 1 posteringer, \u22121\u00a0250,50\u00a0kr"
    assert not MonthlyActual.objects.exists()

    call_command("import_ledger", str(path), stdout=out)
    assert stored()[("Lønn", 1)] == Decimal(1000)
    out = io.StringIO()
    call_command("import_ledger", str(path), stdout=out)
    assert "importen endrer ingenting" in out.getvalue()


@pytest.mark.django_db
def test_the_demo_file_maps_through_the_demo_rules_to_januarys_actuals(settings):
    from tests.browser.typed_actuals import JANUARY

    demo.load()
    budget_lines_copy_to_next_year(
        lines=BudgetLine.objects.for_year(2023), percent_change=Decimal("2.5")
    )
    path = settings.BASE_DIR / "fixtures/hovedbok-2024-01.csv"
    raw = path.read_bytes()
    assert b"\r\n" in raw and "Beløp".encode("cp1252") in raw  # as Molde's ERP writes it

    with path.open("rb") as file:
        result, _record = import_ledger(file, path.name)

    assert stored() == {(name, 1): amount for name, (_text, _how, amount) in JANUARY.items()}
    assert result.reconciled and not result.doubly_mapped
    assert len(result.unmapped) == 2
    assert result.not_mapped_text() == "Ikke fordelt: 2 posteringer, 21\u00a0570,75\u00a0kr"


@pytest.mark.django_db
def test_there_is_one_format():
    LedgerFormat.objects.create()
    with pytest.raises(ValidationError, match="Formatet er satt allerede"):
        LedgerFormat().full_clean()
    assert LedgerFormat.current().amount == "Beløp"
