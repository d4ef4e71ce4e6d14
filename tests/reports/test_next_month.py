"""Starting the next month: the report, its meeting, its dates and the copied texts."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reports.models import BoardMeeting, MonthlyReport, Section
from reports.next_month import (
    report_copy_to_next_month,
    report_start_next_month,
    suggested_meeting_number,
)
from reports.review import section_confirm
from tests.factories import BoardMeetingFactory, MonthlyReportFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_the_suggested_meeting_number_follows_the_last_of_its_year():
    BoardMeetingFactory(number="2024/M1", date=datetime.date(2024, 2, 14))
    assert suggested_meeting_number(datetime.date(2024, 2, 1)) == "2024/M2"
    BoardMeetingFactory(number="2024/M10", date=datetime.date(2024, 11, 13))
    BoardMeetingFactory(number="2024/M9", date=datetime.date(2024, 10, 9))
    assert suggested_meeting_number(datetime.date(2024, 11, 1)) == "2024/M11"
    # December's report goes to a meeting in January: the first of 2025.
    assert suggested_meeting_number(datetime.date(2024, 12, 1)) == "2025/M1"


def test_december_starts_january_of_the_next_year_with_a_new_meeting():
    december = MonthlyReportFactory(
        month=datetime.date(2024, 12, 1),
        as_of=datetime.date(2025, 1, 1),
        meeting=BoardMeetingFactory(number="2024/M11", date=datetime.date(2025, 1, 8)),
    )
    SectionFactory(report=december, title="Regnskap", body="140 åpne feilmeldinger.")
    meeting = BoardMeeting(number="2025/M1", date=datetime.date(2025, 2, 12), place="Molde")

    january = report_start_next_month(meeting=meeting, as_of=datetime.date(2025, 2, 1))

    assert january.month == datetime.date(2025, 1, 1)
    assert january.as_of == datetime.date(2025, 2, 1)
    assert january.meeting.number == "2025/M1" and january.meeting.pk is not None
    [section] = january.sections.all()
    assert (section.title, section.body, section.unchanged_since_copy) == (
        "Regnskap",
        "140 åpne feilmeldinger.",
        True,
    )


def test_a_second_report_for_a_month_is_refused(report_with_glossary, next_meeting):
    report_copy_to_next_month(report=report_with_glossary, meeting=next_meeting)
    with pytest.raises(ValidationError, match="allerede en rapport for februar 2024"):
        report_copy_to_next_month(report=report_with_glossary, meeting=next_meeting)
    assert MonthlyReport.objects.filter(month=datetime.date(2024, 2, 1)).count() == 1


def test_a_refused_start_saves_no_meeting(report_with_glossary, next_meeting):
    """All or nothing: the new meeting is not kept when the report cannot be made."""
    report_copy_to_next_month(report=report_with_glossary, meeting=next_meeting)
    new_meeting = BoardMeeting(number="2024/M3", date=datetime.date(2024, 4, 10))
    with pytest.raises(ValidationError):
        report_start_next_month(
            report=report_with_glossary, meeting=new_meeting, as_of=datetime.date(2024, 3, 1)
        )
    assert not BoardMeeting.objects.filter(number="2024/M3").exists()


def test_a_meeting_before_the_month_is_refused(report_with_glossary):
    early = BoardMeeting(number="2024/M2", date=datetime.date(2024, 1, 31))
    with pytest.raises(ValidationError, match="Møtet er før måneden"):
        report_start_next_month(
            report=report_with_glossary, meeting=early, as_of=datetime.date(2024, 3, 1)
        )
    assert not BoardMeeting.objects.filter(number="2024/M2").exists()
    assert MonthlyReport.objects.count() == 1


def test_the_copy_keeps_tree_texts_and_flags_only_sections_with_text(
    report_with_glossary, next_meeting
):
    report_with_glossary.sections.filter(block="reports.glossary").update(body="")
    february = report_copy_to_next_month(
        report=report_with_glossary, meeting=next_meeting, as_of=datetime.date(2024, 3, 4)
    )
    assert february.as_of == datetime.date(2024, 3, 4)
    flags = {
        (s.title, s.parent.title if s.parent else None, s.body, s.unchanged_since_copy)
        for s in february.sections.select_related("parent")
    }
    assert flags == {
        ("Regnskap 2023", None, "Innledning.", True),
        ("Driftsresultat", "Regnskap 2023", "Merforbruk på **1,938 mill. kr**.", True),
        # only a block, no text of its own: nothing to check
        ("Definisjoner og begreper", None, "", False),
    }
    assert not report_with_glossary.sections.filter(unchanged_since_copy=True).exists()


def test_confirming_clears_the_flag_and_is_in_the_history(report_with_glossary, next_meeting):
    february = report_copy_to_next_month(report=report_with_glossary, meeting=next_meeting)
    section = february.sections.get(title="Driftsresultat")
    section_confirm(section=section)
    section.refresh_from_db()
    assert section.unchanged_since_copy is False
    history = list(section.history.order_by("history_date").values_list("unchanged_since_copy"))
    assert history == [(True,), (False,)]


def test_editing_the_text_clears_the_flag_but_a_new_title_does_not():
    section = Section(body="Gammel", unchanged_since_copy=True)
    section.note_edited(["title"])
    assert section.unchanged_since_copy is True
    section.note_edited(["title", "body_after_block"])
    assert section.unchanged_since_copy is False


def test_a_title_naming_a_year_or_month_is_flagged_even_without_text(next_meeting):
    january = MonthlyReportFactory(month=datetime.date(2024, 1, 1))
    SectionFactory(report=january, title="Regnskap 2023", body="", block="budget.operating_result")
    SectionFactory(report=january, title="Status i mars", body="")
    SectionFactory(report=january, title="Ordliste", body="", block="reports.glossary")

    february = report_copy_to_next_month(report=january, meeting=next_meeting)

    flagged = dict(february.sections.values_list("title", "unchanged_since_copy"))
    assert flagged == {"Regnskap 2023": True, "Status i mars": True, "Ordliste": False}


def test_without_text_a_new_title_clears_the_flag():
    section = Section(title="Regnskap 2023", unchanged_since_copy=True)
    section.title = "Regnskap 2024"
    section.note_edited(["title"])
    assert section.unchanged_since_copy is False
