"""Password reset: a few mails an hour per account and per client address, and the same
answer, with the same work in the request, for known and unknown addresses."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks import default_task_backend

from ror_portal.accounts.models import PasswordResetRequest
from ror_portal.accounts.password_reset import send_password_reset_mail
from tests.factories import UserFactory
from tests.ror_portal.client_addresses import CLIENT_A, CLIENT_B


def ask_for_reset(client, email, forwarded_for=CLIENT_A):
    response = client.post(
        reverse("password_reset"), {"email": email}, headers={"X-Forwarded-For": forwarded_for}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")


def an_hour_passes():
    PasswordResetRequest.objects.update(
        requested_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1, seconds=1)
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_proxy")
def test_at_most_three_mails_an_hour_go_to_one_account(settings, client, board_member, caplog):
    assert settings.PASSWORD_RESET_MAILS_PER_ACCOUNT == 3
    # from a new client address each time, and however the address is written
    for number, email in enumerate([board_member.email, board_member.email.upper()] * 2):
        ask_for_reset(client, email, forwarded_for=f"10.0.0.{number}")
    assert len(mail.outbox) == 3
    assert {tuple(message.to) for message in mail.outbox} == {(board_member.email,)}
    assert f"No password-reset mail sent to {board_member.email}" in caplog.text

    an_hour_passes()
    ask_for_reset(client, board_member.email)
    assert len(mail.outbox) == 4


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_proxy")
def test_at_most_ten_mails_an_hour_are_asked_for_from_one_client(settings, client, caplog):
    assert settings.PASSWORD_RESET_MAILS_PER_CLIENT == 10
    # Probing addresses that have no user counts as well.
    for number in range(10):
        ask_for_reset(client, f"ukjent{number}@example.no", forwarded_for=CLIENT_A)
    user = UserFactory()
    ask_for_reset(client, user.email, forwarded_for=CLIENT_A)
    assert mail.outbox == []
    assert f"asked for from {CLIENT_A}: over the hourly limit" in caplog.text

    ask_for_reset(client, user.email, forwarded_for=CLIENT_B)
    assert [message.to for message in mail.outbox] == [[user.email]]


@pytest.mark.django_db
def test_the_request_queues_the_mail_and_sends_none_itself(settings, client, board_member):
    """A known and an unknown address: the same page and the same queued task, so the
    request does no lookup of the user and no SMTP for either."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ask_for_reset(client, board_member.email)
    ask_for_reset(client, "nobody@example.no")
    assert mail.outbox == []
    queued = default_task_backend.results
    assert [result.task.func for result in queued] == [send_password_reset_mail.func] * 2
    assert [result.kwargs for result in queued] == [
        {"email": board_member.email, "domain": "testserver", "use_https": False},
        {"email": "nobody@example.no", "domain": "testserver", "use_https": False},
    ]

    for result in queued:
        result.task.call(**result.kwargs)
    [message] = mail.outbox
    assert message.to == [board_member.email]
    assert "/passord/ny/" in message.body
