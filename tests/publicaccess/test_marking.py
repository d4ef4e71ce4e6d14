"""Marking a part as withheld from public access, and the public edition it makes: the
marked part in no file of the public edition, the board's version untouched."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from publicaccess.models import LegalBasis, PublicEdition, Withholding
from reports.models import ReportVersion
from reports.publishing import NothingChanged, report_publish
from tests.factories import CaseFactory, SectionFactory, TermFactory

MARKER = "Blåbærsyltetøy"  # in nothing but what is withheld
BASIS = "offl. § 24 tredje ledd"


@pytest.fixture
def basis(db) -> LegalBasis:
    return LegalBasis.objects.get(label=BASIS)


@pytest.fixture
def marked_report(report_with_glossary, basis, administrator):
    """A report with a withheld paragraph, a withheld data block and a withheld section."""
    report = report_with_glossary
    TermFactory(term=MARKER, definition="Et ord i ordlisten.")
    intro = report.sections.get(title="Regnskap 2023")
    intro.body = f"Offentlig avsnitt.\n\nHemmelig avsnitt om {MARKER}.\n\nSiste avsnitt."
    intro.save()
    hidden = SectionFactory(report=report, title="Oppsett", body=f"Tekniske detaljer: {MARKER}.")
    glossary = report.sections.get(block="reports.glossary")
    for section, part, passage in (
        (intro, Withholding.Part.TEXT, f"Hemmelig avsnitt om {MARKER}."),
        (glossary, Withholding.Part.BLOCK, ""),
        (hidden, Withholding.Part.WHOLE, ""),
    ):
        Withholding.objects.create(
            section=section, part=part, passage=passage, basis=basis, more_access=False
        )
    return report


def edition_of(version) -> PublicEdition:
    return PublicEdition.objects.get(object_id=version.pk, kind=PublicEdition.Kind.REPORT)


def test_a_marking_is_saved_only_when_more_access_cannot_be_given(db, basis):
    case = CaseFactory()
    marking = Withholding(case=case, part=Withholding.Part.PROPOSAL, basis=basis)
    with pytest.raises(ValidationError) as unanswered:
        marking.full_clean()
    assert "more_access" in unanswered.value.message_dict
    marking.more_access = True
    with pytest.raises(ValidationError) as more_access:
        marking.full_clean()
    assert "more_access" in more_access.value.message_dict
    marking.more_access = False
    marking.full_clean()


def test_a_passage_must_be_one_the_text_has(db, basis):
    case = CaseFactory(proposed_decision="Samarbeidsrådet godkjenner saken.")
    marking = Withholding(
        case=case,
        part=Withholding.Part.PROPOSAL,
        passage="Et avsnitt saken ikke har.",
        basis=basis,
        more_access=False,
    )
    with pytest.raises(ValidationError) as error:
        marking.full_clean()
    assert "passage" in error.value.message_dict
    marking.passage = "godkjenner saken"
    marking.full_clean()


def test_the_public_edition_leaves_out_what_is_marked_and_the_board_keeps_it(
    marked_report, administrator
):
    version = report_publish(report=marked_report, user=administrator, notify=False)
    edition = edition_of(version)

    board = version.html.read().decode()
    public = edition.html.read().decode()
    assert board.count(MARKER) == 3
    assert MARKER not in public
    assert MARKER not in edition.text
    assert MARKER not in str(edition.figures)
    assert public.count(f"{BASIS}</p>") == 3  # a line for each part withheld
    assert "Offentlig avsnitt." in public and "Siste avsnitt." in public
    assert "Tekniske detaljer" not in public
    # The glossary's figures are the board's; its CSV is not the public's.
    glossary_number = next(
        n for n, f in version.block_data.items() if f["block"] == "reports.glossary"
    )
    assert glossary_number not in edition.figures
    assert [w["basis"] for w in edition.withheld] == [BASIS] * 3
    assert edition.pdf_sha256 != version.pdf_sha256  # made with the parts left out


def test_unmarking_and_republishing_makes_a_new_public_version_and_keeps_the_old(
    marked_report, administrator
):
    first = report_publish(report=marked_report, user=administrator, notify=False)
    old = edition_of(first)
    old_html = old.html.read()
    Withholding.objects.filter(part=Withholding.Part.TEXT).delete()

    # The board's edition is the same; the public one would not be.
    second = report_publish(report=marked_report, user=administrator, notify=False)

    assert second.number == 2
    assert f"Hemmelig avsnitt om {MARKER}." in edition_of(second).html.read().decode()
    old.refresh_from_db()
    assert old.html.read() == old_html and MARKER not in old_html.decode()
    with pytest.raises(NothingChanged):
        report_publish(report=marked_report, user=administrator, notify=False)


def test_a_text_changed_so_that_its_marked_passage_is_gone_is_not_published(
    marked_report, administrator
):
    intro = marked_report.sections.get(title="Regnskap 2023")
    intro.body = intro.body.replace("Hemmelig avsnitt", "Omskrevet avsnitt")
    intro.save()

    with pytest.raises(ValidationError, match="står ikke lenger i tekstene"):
        report_publish(report=marked_report, user=administrator, notify=False)
    assert not ReportVersion.objects.exists()
    assert not PublicEdition.objects.exists()


def test_a_report_without_markings_has_a_public_edition_with_the_boards_pdf(
    report_with_glossary, administrator
):
    version = report_publish(report=report_with_glossary, user=administrator, notify=False)
    edition = edition_of(version)

    assert edition.withheld == []
    assert edition.pdf_sha256 == version.pdf_sha256
    # Its figures link to the public CSVs, not to the members' portal.
    public = edition.html.read().decode()
    assert "/innsyn/report/2024-01/v1/tall/" in public
    assert "/rapporter/2024-01/" not in public


def test_the_publish_confirmation_lists_what_the_public_edition_leaves_out(
    marked_report, client, administrator
):
    client.force_login(administrator)
    page = client.get(reverse("admin:reports_monthlyreport_publish", args=[marked_report.pk]))

    listed = page.context["withheld_from_public"]
    assert [item.basis for item in listed] == [BASIS] * 3
    assert "Oppsett" in page.content.decode()


def test_a_marking_is_made_from_the_cases_page_and_records_who(client, administrator, basis):
    case = CaseFactory(proposed_decision="Forslag med pris 120 000 kr.")
    client.force_login(administrator)
    add = reverse("admin:publicaccess_withholding_add")
    form = {
        "case": case.pk,
        "part": Withholding.Part.PROPOSAL,
        "passage": "pris 120 000 kr",
        "basis": basis.pk,
        "reason": "Forhandlingsposisjon.",
    }

    refused = client.post(f"{add}?case={case.pk}", {**form, "more_access": "True"})
    assert refused.status_code == 200 and not Withholding.objects.exists()
    assert "more_access" in refused.context["adminform"].form.errors

    saved = client.post(f"{add}?case={case.pk}", {**form, "more_access": "False"})
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert saved["Location"] == reverse("admin:reports_case_change", args=[case.pk])
    marking = Withholding.objects.get()
    assert (marking.case, marking.decided_by, marking.key) == (
        case,
        administrator,
        f"case:{case.pk}:proposal",
    )
    page = client.get(reverse("admin:reports_case_change", args=[case.pk]))
    assert marking.what in page.content.decode()


def test_versions_published_before_have_their_public_edition_made_where_still_current(
    report_with_glossary, administrator
):
    first = report_publish(report=report_with_glossary, user=administrator, notify=False)
    PublicEdition.objects.all().delete()  # as published before the portal made them
    out = io.StringIO()

    call_command("public_editions", stdout=out)

    assert edition_of(first).html_sha256
    assert "1 public editions made, 0 not." in out.getvalue()
    # Once the data have changed, the version's public edition would not be what it showed.
    PublicEdition.objects.all().delete()
    TermFactory(term="Nytt begrep", definition="Etter publiseringen.")
    call_command("public_editions", stdout=out)
    assert not PublicEdition.objects.exists()
    assert "0 public editions made, 1 not." in out.getvalue()
