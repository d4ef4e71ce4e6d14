import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from reports.publishing import report_publish
from ror_portal.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_board_members_and_finance_get_a_notice_with_a_link_but_not_the_content(
    report_with_glossary,
    administrator,
    board_member,
    finance_user,
    django_capture_on_commit_callbacks,
):
    UserFactory(username="uten-epost", email="", role=Role.BOARD_MEMBER)
    UserFactory(username="sluttet", is_active=False, role=Role.BOARD_MEMBER)
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(report=report_with_glossary, user=administrator)

    [message] = mail.outbox
    assert sorted(message.bcc) == sorted([board_member.email, finance_user.email])
    assert message.to == ["ROR Portal <portal@ror-ikt.no>"]
    assert message.subject == "Publisert i ROR Portal: Månedsrapport januar 2024"
    assert "http://127.0.0.1:8000/rapporter/2024-01/" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and 'href="http://127.0.0.1:8000/rapporter/2024-01/"' in html
    assert "1,938" not in message.body and "1,938" not in html  # the content stays in the portal


def test_no_notice_when_publishing_fails(
    report_with_glossary, administrator, board_member, django_capture_on_commit_callbacks
):
    report_with_glossary.sections.all().delete()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        report_publish(report=report_with_glossary, user=administrator)
    assert mail.outbox == []
