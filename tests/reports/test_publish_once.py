"""Publishing happens once or not at all: a double-submit, a retry or two administrators
at once make one version; the notice goes out after the commit, and a mail server that is
down neither fails the publish nor makes a second version."""

import datetime
import email
import smtplib
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, OperationalError, close_old_connections, connection
from django.urls import reverse
from django.utils import timezone

from budget import demo as budget_demo
from jobs.models import Job
from reports.models import CaseDocumentVersion, ReportVersion
from reports.notifications import notice_subject, one_line
from reports.publishing import AlreadyPublished, case_document_publish, report_publish
from ror_portal.formatting import format_datetime
from ror_portal.roles import Role
from security import demo as security_demo
from tests.factories import (
    BoardMeetingFactory,
    CaseFactory,
    ReportVersionFactory,
    SectionFactory,
    TermFactory,
    correct_a_text,
)

MAIL_DOWN = "tests.reports.test_publish_once.MailServerDown"


class MailServerDown(BaseEmailBackend):
    """An SMTP server that does not answer; counts the tries."""

    tries = 0

    def send_messages(self, email_messages):
        type(self).tries += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def mail_down(settings):
    MailServerDown.tries = 0
    settings.EMAIL_BACKEND = MAIL_DOWN
    return settings


def publish_url(report) -> str:
    return f"/admin/reports/monthlyreport/{report.pk}/publiser/"


def content_url(report) -> str:
    return f"/admin/reports/monthlyreport/{report.pk}/innhold/"


def resend_url(report, number) -> str:
    return f"/admin/reports/monthlyreport/{report.pk}/versjon/{number}/send-varsel/"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def job_of(response) -> Job:
    """The publish job whose page a followed publish request ended on."""
    page, status = response.redirect_chain[-1]
    assert status == 302 and page == reverse("jobs:job", args=[response.context["job"].pk])
    return Job.objects.get(pk=response.context["job"].pk)


PUBLISHED_TO_ONE = (
    "Versjon 1 av Månedsrapport januar 2024 er publisert. Varselet sendes nå til 1 mottaker."
)
ALREADY_BEGUN = "Denne versjonen publiseres allerede (startet {when} av {who})."


@pytest.mark.django_db
def test_the_confirmation_carries_the_number_it_publishes(
    client, report_with_glossary, administrator
):
    ReportVersionFactory(report=report_with_glossary, number=1)
    client.force_login(administrator)
    html = client.get(publish_url(report_with_glossary)).content.decode()
    assert '<input type="hidden" name="next_version" value="2"' in html
    assert "Publiser versjon 2" in html


@pytest.mark.django_db
def test_a_double_submit_makes_one_version_and_one_notice(
    client, report_with_glossary, administrator, board_member, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    form = {"next_version": "1", "change_note": "Første versjon."}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(publish_url(report_with_glossary), form, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(publish_url(report_with_glossary), form, follow=True)

    assert [v.number for v in ReportVersion.objects.all()] == [1]
    assert len(mail.outbox) == 1
    job = job_of(first)
    assert (job.status, job.message) == ("done", PUBLISHED_TO_ONE)
    assert PUBLISHED_TO_ONE in first.content.decode()
    assert job_of(again) == job  # the second submit is shown the first one's job
    assert messages_of(again) == [
        ALREADY_BEGUN.format(when=format_datetime(job.started_at), who=administrator)
    ]
    assert Job.objects.count() == 1


@pytest.mark.django_db
def test_a_form_for_the_next_version_still_publishes_it(
    client, report_with_glossary, administrator
):
    client.force_login(administrator)
    client.post(publish_url(report_with_glossary), {"next_version": "1"})
    correct_a_text(report_with_glossary)
    client.post(publish_url(report_with_glossary), {"next_version": "2"})
    assert [v.number for v in ReportVersion.objects.all()] == [2, 1]


UNCHANGED = (
    "Ingenting er endret siden versjon 1 ble publisert {when}: tallene og tekstene er de "
    "samme, så det er ingen ny versjon å publisere."
)


@pytest.mark.django_db
def test_a_version_that_changes_nothing_is_refused_and_the_board_not_told_again(
    client, report_with_glossary, administrator, board_member, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(report_with_glossary), {"next_version": "1"})
    first = ReportVersion.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            publish_url(report_with_glossary),
            {"next_version": "2", "change_note": "Ny versjon."},
            follow=True,
        )
    job = job_of(again)
    assert job.status == "failed"
    assert job.message == UNCHANGED.format(when=format_datetime(first.published_at))
    assert job.message in again.content.decode()
    assert [v.number for v in ReportVersion.objects.all()] == [1]
    assert len(mail.outbox) == 1
    # a block's data changed (a new term in the glossary): version 2 is published
    TermFactory(term="SLA", definition="Service Level Agreement")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(report_with_glossary), {"next_version": "2"})
    assert [v.number for v in ReportVersion.objects.all()] == [2, 1]
    assert len(mail.outbox) == 2


def test_a_version_whose_stored_file_was_changed_does_not_stop_the_next(
    report_with_glossary, administrator
):
    """Its file no longer what was published, it is refused to readers; publishing the
    same report again is then the remedy, not an error."""
    import reports.frozen

    first = report_publish(report=report_with_glossary, user=administrator, notify=False)
    with open(first.html.path, "wb") as stored:
        stored.write(b"<p>Endret etter publisering</p>")
    reports.frozen._stored.clear()  # as in another process, which has not read it yet
    second = report_publish(report=report_with_glossary, user=administrator, notify=False)
    assert second.number == 2


def test_a_case_document_that_changes_nothing_is_refused(case, administrator):
    first = case_document_publish(case=case, user=administrator, notify=False)
    with pytest.raises(ValidationError) as refused:
        case_document_publish(case=case, user=administrator, notify=False)
    assert refused.value.messages == [UNCHANGED.format(when=format_datetime(first.published_at))]
    assert [v.number for v in CaseDocumentVersion.objects.all()] == [1]
    assert case.attachments.count() == 1


def test_a_case_document_form_for_a_published_version_is_refused_before_rendering(
    case, administrator, monkeypatch
):
    """Both kinds take the one publishing path, which takes the number first: a
    double-submit of a case document runs none of its blocks, as a report's does not."""
    case_document_publish(case=case, user=administrator, notify=False)

    def rendered(**kwargs):
        raise AssertionError("the case document was rendered")

    monkeypatch.setattr("reports.publishing.case_document_content", rendered)
    with pytest.raises(AlreadyPublished, match="Versjon 1 er allerede publisert"):
        case_document_publish(case=case, user=administrator, notify=False, expected_number=1)
    assert [v.number for v in CaseDocumentVersion.objects.all()] == [1]
    assert case.attachments.count() == 1


def test_a_case_document_leaves_the_finance_pages_period_to_the_monthly_reports(
    case, administrator
):
    """Its period is its meeting's day (14.02.2024): the finance page opened on
    "januar 2024 … per 14.02.2024" instead of the January report's 2023."""
    from budget.models import PublishedPeriod

    case_document_publish(case=case, user=administrator, notify=False)
    assert not PublishedPeriod.objects.exists()
    january = ReportVersion.objects.get().report
    SectionFactory(report=january, title="Innledning", body="Ny tekst.")
    report_publish(report=january, user=administrator, notify=False)
    assert list(PublishedPeriod.objects.values_list("month", "as_of")) == [
        (january.month, january.as_of)
    ]


def test_the_migration_keeps_the_periods_of_published_reports_only(case, administrator):
    from importlib import import_module

    from django.apps import apps

    from budget.models import PublishedPeriod

    repair = import_module("budget.migrations.0005_published_periods_of_reports_only")
    published = ReportVersion.objects.get().report  # January 2024, as of its tall per
    at = timezone.now()
    PublishedPeriod.objects.create(month=published.month, as_of=case.meeting.date, published_at=at)
    PublishedPeriod.objects.create(
        month=case.period.month, as_of=case.period.as_of, published_at=at
    )

    repair.periods_of_published_reports_only(apps, None)

    assert list(PublishedPeriod.objects.values_list("month", "as_of")) == [
        (published.month, published.as_of)
    ]


@pytest.mark.django_db
def test_a_number_ahead_of_the_next_version_publishes_nothing(report_with_glossary, administrator):
    with pytest.raises(ValidationError, match="ikke den neste"):
        report_publish(report=report_with_glossary, user=administrator, expected_number=3)
    assert not ReportVersion.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "told"),
    [
        (IntegrityError("UNIQUE constraint failed"), "Versjon 1 er allerede publisert."),
        (
            OperationalError("database is locked"),
            "En annen administrator publiserer akkurat nå. Versjonen vises under "
            "Publiserte versjoner når den er ferdig.",
        ),
    ],
)
def test_a_colleague_publishing_at_the_same_time_on_sqlite_is_told_not_a_500(
    client, report_with_glossary, administrator, monkeypatch, error, told
):
    # SQLite does not wait on select_for_update: the loser of two publishes at once gets
    # the unique version number's IntegrityError or "database is locked".
    def at_the_same_time(*args, **kwargs):
        raise error

    monkeypatch.setattr("reports.jobs.publish", at_the_same_time)
    client.force_login(administrator)
    response = client.post(publish_url(report_with_glossary), {"next_version": "1"}, follow=True)
    job = job_of(response)
    assert (job.status, job.message, job.key) == ("failed", told, None)
    assert told in response.content.decode()


@pytest.mark.django_db
def test_another_operational_error_is_not_taken_for_a_colleague(
    client, report_with_glossary, administrator, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise OperationalError("no such table: reports_reportversion")

    monkeypatch.setattr("reports.jobs.publish", broken)
    client.force_login(administrator)
    response = client.post(publish_url(report_with_glossary), {"next_version": "1"}, follow=True)
    job = job_of(response)
    assert (job.status, job.message) == (
        "failed",
        "Noe gikk galt, og ingenting ble lagret. Feilen er logget.",
    )
    [logged] = [r for r in caplog.records if r.name == "jobs.progress"]
    assert logged.exc_info[0] is OperationalError


@pytest.mark.django_db
def test_mail_server_down_publishes_once_records_the_failure_and_sends_again(
    client,
    report_with_glossary,
    administrator,
    board_member,
    mail_down,
    caplog,
    django_capture_on_commit_callbacks,
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(publish_url(report_with_glossary), {"next_version": "1"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job", args=[job.pk])
    assert (job.status, job.message) == ("done", PUBLISHED_TO_ONE)

    version = ReportVersion.objects.get()
    assert version.number == 1
    assert MailServerDown.tries == 3
    assert version.notice_sent_at is None
    assert version.notice_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    [logged] = [r for r in caplog.records if r.name == "reports.tasks"]
    assert logged.levelname == "ERROR" and "after 3 tries" in logged.getMessage()

    page = client.get(content_url(report_with_glossary))
    html = page.content.decode()
    assert "Varselet om versjon 1 ble ikke sendt: SMTPServerDisconnected" in html
    assert "Send varselet på nytt" in html

    # The administrator's retry of the publish makes no second version.
    retry = client.post(publish_url(report_with_glossary), {"next_version": "1"}, follow=True)
    assert job_of(retry) == job
    assert messages_of(retry) == [
        ALREADY_BEGUN.format(when=format_datetime(job.started_at), who=administrator)
    ]
    assert ReportVersion.objects.count() == 1

    mail_down.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert client.get(resend_url(report_with_glossary, 1)).status_code == 302
    assert mail.outbox == []  # only a POST sends
    response = client.post(resend_url(report_with_glossary, 1), follow=True)
    [message] = mail.outbox
    assert message.bcc == [board_member.email]
    assert messages_of(response) == ["Varselet om versjon 1 sendes på nytt."]
    version.refresh_from_db()
    assert version.notice_error == "" and version.notice_sent_at is not None
    html = response.content.decode()
    assert "Send varselet på nytt" not in html
    assert f"varsel sendt {timezone.localtime(version.notice_sent_at):%d.%m.%Y %H:%M}" in html

    client.post(resend_url(report_with_glossary, 1))
    assert len(mail.outbox) == 1  # a sent notice is never sent twice


@pytest.mark.django_db
def test_only_administrators_send_a_notice_again(
    client_for, report_with_glossary, administrator, board_member, mail_down
):
    version = report_publish(report=report_with_glossary, user=administrator, notify=False)
    version.notice_error = "SMTPServerDisconnected: down"
    version.save()
    mail_down.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for role in (None, Role.BOARD_MEMBER, Role.FINANCE):
        response = client_for(role).post(resend_url(report_with_glossary, 1))
        # Anonymous to the login; a signed-in reader is refused.
        assert (response.status_code, response.get("Location", "")[:13]) in [
            (302, "/admin/login/"),
            (403, ""),
        ]
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_failed_retry_waits_a_minute_in_the_database_queue(
    report_with_glossary, administrator, board_member, mail_down, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    mail_down.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        version = report_publish(report=report_with_glossary, user=administrator)
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "reports.tasks.send_version_notice"
    assert queued.args_kwargs["args"] == ["reports.reportversion", version.pk]

    from reports.tasks import send_version_notice

    send_version_notice.call("reports.reportversion", version.pk)  # as the worker would
    retry = DBTaskResult.objects.exclude(pk=queued.pk).get()
    assert retry.args_kwargs["args"] == ["reports.reportversion", version.pk, 2]
    wait = retry.run_after - timezone.now()
    assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(minutes=1)
    version.refresh_from_db()
    assert version.notice_error == ""  # not failed yet: two tries left


@pytest.mark.django_db
def test_the_notice_waits_for_the_commit(
    report_with_glossary, administrator, board_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report_publish(report=report_with_glossary, user=administrator)
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("title", "subject"),
    [
        (
            "Sikkerhetspartner\nBcc: angriper@example.com",
            "Sikkerhetspartner Bcc: angriper@example.com",
        ),
        ("To\r\n\r\nlinjer", "To linjer"),
        ("Null\x00tegn\tog\x1b escape", "Null tegn og escape"),
        ("Avsnitt\u2028skille\u2029her ", "Avsnitt skille her"),
    ],
)
def test_a_title_is_one_line_in_the_subject(title, subject):
    assert one_line(title) == subject
    assert notice_subject(title) == f"Publisert i ROR Portal: {subject}"


@pytest.fixture
def case(db):
    budget_demo.load()
    security_demo.load()
    meeting = BoardMeetingFactory()
    ReportVersionFactory(report__meeting=meeting)  # the meeting is published
    return CaseFactory(
        meeting=meeting,
        number="2024/M1-004",
        title="Sikkerhetspartner\r\nBcc: angriper@example.com",
        document_block="security.case_document",
    )


def case_publish_url(case) -> str:
    return f"/admin/reports/case/{case.pk}/publiser/"


def test_a_case_title_with_a_line_break_cannot_break_the_notice(
    client, case, administrator, board_member, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(case_publish_url(case), {"next_version": "1"}, follow=True)
    assert job_of(response).message == (
        "Versjon 1 av saksframlegget er publisert og lagt ved saken. "
        "Varselet sendes nå til 1 mottaker."
    )
    [message] = mail.outbox
    assert message.subject == (
        "Publisert i ROR Portal: 2024/M1-004 Sikkerhetspartner Bcc: angriper@example.com"
    )
    # As the SMTP server reads it: one Subject (folded as RFC 5322 folds long ones),
    # no header smuggled in through the title.
    sent = email.message_from_bytes(message.message().as_bytes())
    [subject] = sent.get_all("Subject")
    assert subject.replace("\n", "") == message.subject
    assert sent.get_all("Bcc") is None and message.bcc == [board_member.email]
    assert CaseDocumentVersion.objects.get().notice_sent_at is not None


def test_a_case_document_double_submit_makes_one_version(
    client, case, administrator, board_member, mail_down, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    html = client.get(case_publish_url(case)).content.decode()
    assert '<input type="hidden" name="next_version" value="1">' in html
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(case_publish_url(case), {"next_version": "1"}, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(case_publish_url(case), {"next_version": "1"}, follow=True)
    assert [v.number for v in CaseDocumentVersion.objects.all()] == [1]
    assert case.attachments.count() == 1
    job = job_of(first)
    assert job.message.startswith("Versjon 1 av saksframlegget er publisert og lagt ved saken.")
    assert job_of(again) == job
    assert messages_of(again) == [
        ALREADY_BEGUN.format(when=format_datetime(job.started_at), who=administrator)
    ]
    # The mail server was down: the case page says so, with the button.
    html = client.get(f"/admin/reports/case/{case.pk}/change/").content.decode()
    assert "Varselet om versjon 1 ble ikke sendt: SMTPServerDisconnected" in html
    assert f'action="/admin/reports/case/{case.pk}/versjon/1/send-varsel/"' in html


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite does not wait on select_for_update"
)
@pytest.mark.django_db(transaction=True)
def test_two_administrators_publishing_at_once_make_one_version(
    migration_data, report_with_glossary, administrator
):
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def publish():
        try:
            start.wait()
            report_publish(report=report_with_glossary, user=administrator, expected_number=1)
            outcomes.append("published")
        except AlreadyPublished as error:
            outcomes.append(error.messages[0])
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["Versjon 1 er allerede publisert.", "published"]
    assert [v.number for v in ReportVersion.objects.all()] == [1]


def test_the_pages_with_a_failed_notice_are_valid_html(client, case, administrator):
    from tests.html_validator import html_errors

    report_version = ReportVersion.objects.get()  # the case's meeting's, made by the fixture
    case.title = "Sikkerhetspartner"  # a line break is not allowed in the form's input value
    case.save()
    case_version = case_document_publish(case=case, user=administrator, notify=False)
    for version in (report_version, case_version):
        version.notice_error = "SMTPServerDisconnected: <down> & out"
        version.save()
    client.force_login(administrator)
    pages = {
        "contents": client.get(content_url(report_version.report)),
        "case": client.get(f"/admin/reports/case/{case.pk}/change/"),
        "case publish": client.get(case_publish_url(case)),
    }
    html = {name: response.content.decode() for name, response in pages.items()}
    for name, page in html.items():
        assert "SMTPServerDisconnected: &lt;down&gt; &amp; out" in page, name
        assert 'aria-label="Send varselet på nytt: versjon 1"' in page, name
    assert html_errors(html) == []
