"""A ledger file that changes the actuals behind a published report's accounts: its
check names the published figure, the import needs the confirmation (admin box, command
flag) and records it, as a ticket import does (ror_portal.restatements)."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from budget.ledger import check_ledger, import_ledger
from budget.models import MonthlyActual
from reports.models import Restatement
from reports.publishing import report_publish
from ror_portal.restatements import RestatementNotConfirmed
from ror_portal.roles import Role
from tests.budget.ledger_files import ledger_csv, lines_with_rules, posting
from tests.factories import MonthlyReportFactory, SectionFactory, UserFactory
from tests.html_validator import html_errors

JANUARY = ledger_csv([posting("10100", "1 000,50"), posting("11951", "200")])
CORRECTED = ledger_csv([posting("10100", "1 250,50"), posting("11951", "200")])


@pytest.fixture
def february_published(db):
    """January's ledger imported, then the February report (accounts through January)
    published with the operating result."""
    lines = lines_with_rules()
    import_ledger(io.BytesIO(JANUARY), "hovedbok-2024-01.csv")
    report = MonthlyReportFactory(month=datetime.date(2024, 2, 1), as_of=datetime.date(2024, 3, 1))
    SectionFactory(report=report, title="Driftsregnskap", block="budget.operating_result")
    report_publish(report=report, user=UserFactory(), notify=False)
    return lines


def salaries_january(lines) -> Decimal:
    return MonthlyActual.objects.get(line=lines["Lønn"], month=1).amount


def test_the_check_names_the_published_figures_the_file_changes_and_keeps_nothing(
    february_published,
):
    checked = check_ledger(io.BytesIO(CORRECTED), "hovedbok-2024-01-korrigert.csv")

    by_label = {figure.label: figure for figure in checked.restated_figures}
    salaries = by_label["Lønn – Regnskap"]
    assert (salaries.published, salaries.restated, salaries.unit) == (
        Decimal("1000.50"),
        Decimal("1250.50"),
        "kr",
    )
    assert salaries.month == datetime.date(2024, 2, 1)
    assert "i publisert rapport for februar 2024" in salaries.text
    assert "Lisenser – Regnskap" not in by_label  # its figure does not change
    assert salaries_january(february_published) == Decimal("1000.50")  # rolled back


def test_an_unconfirmed_import_saves_nothing_and_a_confirmed_one_is_recorded(
    february_published,
):
    with pytest.raises(RestatementNotConfirmed):
        import_ledger(io.BytesIO(CORRECTED), "korrigert.csv")
    assert salaries_january(february_published) == Decimal("1000.50")
    assert not Restatement.objects.exists()

    checked, record = import_ledger(io.BytesIO(CORRECTED), "korrigert.csv", confirmed=True)

    assert record is not None and salaries_january(february_published) == Decimal("1250.50")
    recorded = Restatement.objects.get(label="Lønn – Regnskap")
    assert (recorded.published, recorded.restated, recorded.source) == (
        "1000.50",
        "1250.50",
        "korrigert.csv",
    )
    # the line's figures and the operating sum's; the licences' stay as published
    assert sorted(f.label for f in checked.restated_figures) == [
        "Lønn – Avvik",
        "Lønn – Avvik %",
        "Lønn – Regnskap",
        "Sum – Avvik",
        "Sum – Avvik %",
        "Sum – Regnskap",
    ]
    assert checked.restated_text() == "6 tall i publiserte rapporter er endret og registrert."


def test_the_command_refuses_a_restating_file_without_the_flag(february_published, tmp_path):
    path = tmp_path / "korrigert.csv"
    path.write_bytes(CORRECTED)
    out = io.StringIO()

    with pytest.raises(CommandError, match="--confirm-restatement"):
        call_command("import_ledger", str(path), stdout=out)
    # as the report shows it, in whole kroner
    assert (
        "Lønn – Regnskap per 01.03.2024: 1\xa0001\xa0kr i publisert rapport for februar 2024"
        " → 1\xa0251\xa0kr" in out.getvalue()
    )
    assert salaries_january(february_published) == Decimal("1000.50")

    call_command("import_ledger", str(path), "--confirm-restatement", stdout=io.StringIO())
    assert salaries_january(february_published) == Decimal("1250.50")


def test_the_admin_shows_them_and_imports_only_with_the_box_ticked(february_published, client_for):
    client = client_for(Role.ADMINISTRATOR)
    response = client.post(
        reverse("admin:budget_ledgerimport_upload"),
        {"file": SimpleUploadedFile("korrigert.csv", CORRECTED)},
        follow=True,
    )
    html = response.content.decode()
    assert "Lønn – Regnskap per 01.03.2024: 1\xa0001\xa0kr i publisert rapport" in html
    assert 'name="restatement_confirmed"' in html
    assert html_errors({"check": html}) == []
    token = re.search(r'name="upload" value="([^"]+)"', html).group(1)
    confirm = reverse("admin:budget_ledgerimport_confirm")

    refused = client.post(confirm, {"upload": token}, follow=True)

    assert "Kryss av i boksen som bekrefter det" in refused.content.decode()
    assert salaries_january(february_published) == Decimal("1000.50")

    client.post(confirm, {"upload": token, "restatement_confirmed": "on"}, follow=True)

    assert salaries_january(february_published) == Decimal("1250.50")
    assert Restatement.objects.filter(source="korrigert.csv").count() == 6


@pytest.mark.django_db
def test_the_check_names_the_months_a_later_report_than_the_draft_shows():
    lines_with_rules()
    MonthlyReportFactory(month=datetime.date(2024, 2, 1), as_of=datetime.date(2024, 3, 1))
    data = ledger_csv([posting("10100", "100"), posting("10100", "50", period="202402")])

    checked = check_ledger(io.BytesIO(data), "hovedbok.csv")

    assert checked.later_months == [2]  # the February draft shows January's accounts
    assert checked.later_text() == (
        "februar 2024 kommer med i rapporten for mars 2024, ikke i utkastet for februar 2024."
    )
