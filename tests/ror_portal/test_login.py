import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


def test_wrong_password_gets_a_clear_norwegian_message(client, board_member):
    response = client.post(reverse("login"), {"username": "styre", "password": "wrong"})
    assert response.status_code == 200
    assert "Feil brukernavn eller passord" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_leads_to_the_page_asked_for(client, board_member):
    response = client.post(
        reverse("login") + "?next=/passord/endre/",
        {"username": "styre", "password": PASSWORD, "next": "/passord/endre/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/passord/endre/"


def test_login_refuses_a_next_on_another_site(client, board_member):
    response = client.post(
        reverse("login"),
        {"username": "styre", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_logout_ends_the_session(client, board_member):
    client.force_login(board_member)
    response = client.post(reverse("logout"))
    assert "Du er logget ut" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_password_reset_sends_a_norwegian_link_by_email(client, board_member):
    response = client.post(reverse("password_reset"), {"email": board_member.email})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [board_member.email]
    assert "Tilbakestill" in message.subject or "passord" in message.subject.lower()
    assert "/passord/ny/" in message.body


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.no"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
