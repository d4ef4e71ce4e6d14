import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext

from reports.blocks import decisions
from reports.models import DecisionFollowUp
from reports.rendering import run_block
from ror_portal.blocks import KeyFigure, Period, get_block, to_csv
from ror_portal.roles import Role
from tests.factories import BoardMeetingFactory, CaseFactory, DecisionFollowUpFactory
from tests.html_validator import html_errors
from tests.reports.case_form import case_form

pytestmark = pytest.mark.django_db
D = datetime.date
Status = DecisionFollowUp.Status
# The February report, presented to the second meeting: it follows up the first meeting's decisions.
FEBRUARY_2024 = Period(D(2024, 2, 1), D(2024, 3, 1), D(2024, 3, 13))


@pytest.fixture
def first_meeting():
    return BoardMeetingFactory(number="2024/M1", date=D(2024, 2, 14))


@pytest.fixture
def decision(first_meeting):
    return CaseFactory(meeting=first_meeting, number="2024/M1-004", title="Sikkerhetspartner SOC+")


def shown(period=FEBRUARY_2024) -> dict[str, list]:
    """The block's rows by case number."""
    return {row[0]: row for row in decisions(period).rows}


def test_the_block_is_discovered():
    assert get_block("reports.decisions").function is decisions


# The model


def test_an_orientation_case_is_not_followed_up(first_meeting):
    orientation = CaseFactory(meeting=first_meeting, number="2024/M1-001", kind="orientation")
    follow_up = DecisionFollowUp(case=orientation, month=D(2024, 2, 1), status=Status.DONE)
    with pytest.raises(ValidationError) as raised:
        follow_up.full_clean()
    assert raised.value.messages == [
        gettext("Only decision cases are followed up; %(case)s is not a decision case.")
        % {"case": "2024/M1-001"}
    ]


def test_the_month_is_stored_as_its_first_day(decision):
    follow_up = DecisionFollowUp(case=decision, month=D(2024, 3, 20), status=Status.IN_PROGRESS)
    follow_up.full_clean()
    follow_up.save()
    assert DecisionFollowUp.objects.get().month == D(2024, 3, 1)


def test_a_follow_up_cannot_be_before_the_meeting_month(decision):
    follow_up = DecisionFollowUp(case=decision, month=D(2024, 1, 31), status=Status.IN_PROGRESS)
    with pytest.raises(ValidationError) as raised:
        follow_up.full_clean()
    assert raised.value.message_dict == {
        "month": [
            gettext("A follow-up cannot be before %(month)s, the month of meeting %(meeting)s.")
            % {"month": date_format(D(2024, 2, 1), "F Y"), "meeting": "2024/M1"}
        ]
    }
    # The meeting's own month is fine, whatever the day.
    DecisionFollowUp(case=decision, month=D(2024, 2, 1), status=Status.IN_PROGRESS).full_clean()


def test_one_follow_up_per_case_and_month(decision):
    DecisionFollowUpFactory(case=decision, month=D(2024, 3, 1))
    with pytest.raises(ValidationError) as raised:
        DecisionFollowUp(case=decision, month=D(2024, 3, 15), status=Status.DONE).full_clean()
    assert list(raised.value.message_dict) == ["__all__"]
    DecisionFollowUp(case=decision, month=D(2024, 4, 1), status=Status.DONE).full_clean()
    with pytest.raises(IntegrityError):
        DecisionFollowUpFactory(case=decision, month=D(2024, 3, 1))


def test_follow_ups_keep_an_audit_trail(decision):
    follow_up = DecisionFollowUpFactory(case=decision, status=Status.IN_PROGRESS)
    follow_up.status = Status.DONE
    follow_up.save()
    assert [h.status for h in follow_up.history.all()] == [Status.DONE, Status.IN_PROGRESS]


# The block's rows


def test_an_open_decision_is_listed_with_its_latest_follow_up(decision):
    DecisionFollowUpFactory(
        case=decision, month=D(2024, 2, 1), status=Status.IN_PROGRESS, comment="Under arbeid."
    )
    assert shown() == {
        "2024/M1-004": [
            "2024/M1-004",
            "Sikkerhetspartner SOC+",
            D(2024, 2, 14),
            str(Status.IN_PROGRESS.label),
            D(2024, 2, 1),
            "Under arbeid.",
            "",
            None,
        ]
    }


def test_a_decision_without_follow_up_is_not_started(decision):
    assert shown()["2024/M1-004"][3:] == [str(Status.NOT_STARTED.label), None, "", "", None]


def test_a_decision_done_in_an_earlier_month_is_not_listed(decision):
    DecisionFollowUpFactory(case=decision, month=D(2024, 2, 1), status=Status.DONE)
    march = Period(D(2024, 3, 1), D(2024, 4, 1), D(2024, 4, 10))
    assert shown(march) == {}


def test_a_decision_done_in_the_month_is_listed_once_as_done(decision):
    DecisionFollowUpFactory(case=decision, month=D(2024, 2, 1), status=Status.DONE, comment="Ok.")
    assert shown()["2024/M1-004"][3:6] == [str(Status.DONE.label), D(2024, 2, 1), "Ok."]


def test_a_decision_reopened_after_done_is_listed_again(decision):
    DecisionFollowUpFactory(case=decision, month=D(2024, 2, 1), status=Status.DONE)
    DecisionFollowUpFactory(case=decision, month=D(2024, 3, 1), status=Status.IN_PROGRESS)
    march = Period(D(2024, 3, 1), D(2024, 4, 1), D(2024, 4, 10))
    assert shown(march)["2024/M1-004"][3] == str(Status.IN_PROGRESS.label)


def test_the_latest_follow_up_by_the_month_wins_over_a_later_one(decision):
    DecisionFollowUpFactory(case=decision, month=D(2024, 3, 1), status=Status.DONE, comment="Mars")
    DecisionFollowUpFactory(case=decision, month=D(2024, 2, 1), comment="Februar")
    assert shown()["2024/M1-004"][3:6] == [
        str(Status.IN_PROGRESS.label),
        D(2024, 2, 1),
        "Februar",
    ]


def test_cases_of_the_same_or_a_later_meeting_and_orientations_are_not_listed(
    decision, first_meeting
):
    CaseFactory(meeting=first_meeting, number="2024/M1-001", kind="orientation")
    second = BoardMeetingFactory(number="2024/M2", date=D(2024, 3, 13))
    CaseFactory(meeting=second, number="2024/M2-001")
    third = BoardMeetingFactory(number="2024/M3", date=D(2024, 4, 10))
    CaseFactory(meeting=third, number="2024/M3-001")
    assert list(shown()) == ["2024/M1-004"]


def test_rows_follow_the_meeting_date_then_the_case_number(decision):
    autumn = BoardMeetingFactory(number="2023/M5", date=D(2023, 11, 8))
    for number in ["2023/M5-012", "2023/M5-003"]:
        CaseFactory(meeting=autumn, number=number)
    CaseFactory(meeting=decision.meeting, number="2024/M1-002")
    assert list(shown()) == ["2023/M5-003", "2023/M5-012", "2024/M1-002", "2024/M1-004"]


@pytest.mark.parametrize("count", [1, 20])
def test_one_query_whatever_the_number_of_cases(count, first_meeting, django_assert_num_queries):
    for number in range(count):
        case = CaseFactory(meeting=first_meeting, number=f"2024/M1-{number + 1:03d}")
        for month, status in [(2, Status.IN_PROGRESS), (3, Status.DONE), (4, Status.DONE)]:
            DecisionFollowUpFactory(case=case, month=D(2024, month, 1), status=status)
    with django_assert_num_queries(1):
        data = decisions(FEBRUARY_2024)
    assert len(data.rows) == count


def test_the_key_figures_count_the_decisions_per_status(first_meeting):
    for number, status in enumerate([Status.IN_PROGRESS, Status.IN_PROGRESS, Status.DONE]):
        case = CaseFactory(meeting=first_meeting, number=f"2024/M1-00{number + 1}")
        DecisionFollowUpFactory(case=case, status=status)
    CaseFactory(meeting=first_meeting, number="2024/M1-009")
    data = decisions(FEBRUARY_2024)
    status = gettext("Status")
    figures = get_block("reports.decisions").key_figures(data.columns, data.rows)
    assert sorted(figures, key=lambda figure: figure.label) == sorted(
        [
            KeyFigure(f"{status}: {Status.IN_PROGRESS.label}", 2),
            KeyFigure(f"{status}: {Status.DONE.label}", 1),
            KeyFigure(f"{status}: {Status.NOT_STARTED.label}", 1),
        ],
        key=lambda figure: figure.label,
    )


def test_the_csv_writes_the_dates_the_norwegian_way(decision):
    DecisionFollowUpFactory(case=decision, status=Status.IN_PROGRESS, comment="Pågår.")
    label = Status.IN_PROGRESS.label
    assert f"2024/M1-004;Sikkerhetspartner SOC+;14.02.2024;{label};01.02.2024;Pågår.;;\r\n" in (
        to_csv(decisions(FEBRUARY_2024))
    )


# The rendered block


def test_the_html_has_a_row_linking_to_the_case(decision):
    DecisionFollowUpFactory(case=decision, status=Status.IN_PROGRESS, comment="Linje 1\nLinje 2")
    result = run_block("reports.decisions", FEBRUARY_2024)
    assert result.error is None
    url = reverse("reports:case", args=["2024-M1-004"])
    assert (
        f'<th scope="row"><a href="{url}">2024/M1-004</a></th>\n'
        "          <td>Sikkerhetspartner SOC+</td>\n"
        "          <td>14.02.2024</td>\n"
        f"          <td>{Status.IN_PROGRESS.label}</td>\n"
        f"          <td>{date_format(D(2024, 2, 1), 'F Y')}</td>\n"
        "          <td>Linje 1<br>Linje 2</td>"
    ) in result.html
    assert "<caption>" in result.html
    assert result.html.count('<th scope="col">') == 8
    assert url not in str(decisions(FEBRUARY_2024).rows)


def test_the_responsible_and_deadline_the_minutes_recorded_are_shown(decision):
    decision.responsible, decision.deadline = "Kristin Alfarnes", D(2024, 6, 30)
    decision.save()
    assert shown()["2024/M1-004"][6:] == ["Kristin Alfarnes", D(2024, 6, 30)]
    html = run_block("reports.decisions", FEBRUARY_2024).html
    assert "<td>Kristin Alfarnes</td>\n          <td>30.06.2024</td>" in html


def test_a_decision_without_follow_up_shows_a_dash_for_the_month(decision):
    html = run_block("reports.decisions", FEBRUARY_2024).html
    assert f"<td>{Status.NOT_STARTED.label}</td>\n          <td>–</td>" in html


def test_the_comment_and_title_are_escaped(first_meeting):
    case = CaseFactory(meeting=first_meeting, title="<b>Tittel</b>")
    DecisionFollowUpFactory(case=case, comment="<script>alert('x')</script> & mer")
    html = run_block("reports.decisions", FEBRUARY_2024).html
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; mer" in html
    assert "&lt;b&gt;Tittel&lt;/b&gt;" in html


def test_no_open_decisions_gives_a_sentence_not_an_empty_table(decision):
    DecisionFollowUpFactory(case=decision, month=D(2024, 1, 1), status=Status.DONE)
    result = run_block("reports.decisions", FEBRUARY_2024)
    assert "<table" not in result.html
    assert gettext("No open decisions from earlier meetings.") in result.html


# The admin


def test_the_admin_keeps_follow_ups_on_the_case_newest_first(client_for, decision):
    admin = client_for(Role.ADMINISTRATOR)
    url = reverse("admin:reports_case_change", args=[decision.pk])
    response = admin.post(
        url,
        case_form(
            decision,
            [
                {"month": "14.02.2024", "status": "in_progress", "comment": "Signert."},
                {"month": "15.03.2024", "status": "done", "comment": "I drift."},
            ],
        ),
    )
    assert response.status_code == 302
    assert list(decision.follow_ups.values_list("month", "status")) == [
        (D(2024, 3, 1), "done"),
        (D(2024, 2, 1), "in_progress"),
    ]
    html = admin.get(url).content.decode()
    assert html.index("I drift.") < html.index("Signert.")


def test_the_admin_refuses_two_follow_ups_of_one_month(client_for, decision):
    admin = client_for(Role.ADMINISTRATOR)
    response = admin.post(
        reverse("admin:reports_case_change", args=[decision.pk]),
        case_form(
            decision,
            [
                {"month": "01.03.2024", "status": "in_progress", "comment": ""},
                {"month": "15.03.2024", "status": "done", "comment": ""},
            ],
        ),
    )
    assert response.status_code == 200
    assert not DecisionFollowUp.objects.exists()


def test_the_admin_refuses_follow_ups_of_an_orientation(client_for, first_meeting):
    orientation = CaseFactory(meeting=first_meeting, number="2024/M1-001", kind="orientation")
    admin = client_for(Role.ADMINISTRATOR)
    response = admin.post(
        reverse("admin:reports_case_change", args=[orientation.pk]),
        case_form(orientation, [{"month": "01.02.2024", "status": "done", "comment": ""}]),
    )
    message = gettext("Only decision cases are followed up; %(case)s is not a decision case.")
    assert message % {"case": "2024/M1-001"} in response.content.decode()
    assert not DecisionFollowUp.objects.exists()


def test_the_block_and_the_case_admin_are_valid_html(client_for, decision):
    DecisionFollowUpFactory(case=decision, comment="Linje 1\nLinje 2")
    CaseFactory(meeting=decision.meeting, number="2024/M1-005")
    admin = client_for(Role.ADMINISTRATOR)
    block = run_block("reports.decisions", FEBRUARY_2024).html
    empty = run_block("reports.decisions", Period(D(2024, 1, 1), D(2024, 2, 1), D(2024, 2, 14)))
    pages = {
        "block": f"<!DOCTYPE html><html lang='nb'><head><title>T</title></head><body>{block}",
        "empty": f"<!DOCTYPE html><html lang='nb'><head><title>T</title></head><body>{empty.html}",
        "case": admin.get(
            reverse("admin:reports_case_change", args=[decision.pk])
        ).content.decode(),
    }
    assert html_errors(pages) == []
